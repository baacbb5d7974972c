package dev.gpunotebook.bot.command;

import java.util.Objects;

/**
 * A valid line: the command and the global options given with it.
 *
 * @param command what to do
 * @param options where and how to do it
 */
public record ParsedCommand(Command command, GlobalOptions options) implements ParseResult {

    public ParsedCommand {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(options, "options");
    }
}
