package dev.gpunotebook.bot.command;

/**
 * A line that does not parse.
 *
 * @param message one line saying what is wrong, e.g. {@code --gpus must be a whole number from 1 to 8, got '9'}
 * @param usage the usage text of the command concerned, or the general usage
 */
public record UsageError(String message, String usage) implements ParseResult {

    public UsageError {
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("a usage error needs a message");
        }
        if (message.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a usage error message is one line without control characters");
        }
        if (usage == null || usage.isBlank()) {
            throw new IllegalArgumentException("a usage error needs the usage text");
        }
    }
}
