package dev.gpunotebook.bot.command;

/** What {@link CommandParser} returns: a {@link ParsedCommand} or a {@link UsageError}, never an exception. */
public sealed interface ParseResult permits ParsedCommand, UsageError {
}
