package dev.gpunotebook.bot.command;

import java.util.List;

/**
 * A line that does not parse.
 *
 * @param message one line saying what is wrong, e.g. {@code --gpus must be a whole number from 1 to 8, got '9'}
 * @param usage the usage text of the command concerned, or the general usage
 * @param suggestions for a mistyped command or option, what was probably meant (picocli's "did you mean");
 *     often empty
 */
public record UsageError(String message, String usage, List<String> suggestions) implements ParseResult {

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
        suggestions = List.copyOf(suggestions);
    }

    /** A usage error with nothing to suggest. */
    public UsageError(String message, String usage) {
        this(message, usage, List.of());
    }

    /** @return {@code Did you mean: status or start?} for the suggestions, or an empty string when there are none */
    public String didYouMean() {
        if (suggestions.isEmpty()) {
            return "";
        }
        int last = suggestions.size() - 1;
        String choices = last == 0 ? suggestions.get(0)
                : String.join(", ", suggestions.subList(0, last)) + " or " + suggestions.get(last);
        return "Did you mean: " + choices + "?";
    }
}
