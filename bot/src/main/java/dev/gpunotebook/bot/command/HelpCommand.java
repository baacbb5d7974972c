package dev.gpunotebook.bot.command;

import java.util.Optional;

/**
 * {@code help [COMMAND]}, or {@code --help}/{@code -h} anywhere on a line.
 *
 * @param topic the command to explain, or null for the general usage
 */
public record HelpCommand(Verb topic) implements Command {

    /** @return the general help */
    public static HelpCommand general() {
        return new HelpCommand(null);
    }

    /** @return the command to explain, empty for the general usage */
    public Optional<Verb> optionalTopic() {
        return Optional.ofNullable(topic);
    }

    @Override
    public Verb verb() {
        return Verb.HELP;
    }
}
