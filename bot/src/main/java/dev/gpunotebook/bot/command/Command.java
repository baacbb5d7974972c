package dev.gpunotebook.bot.command;

/**
 * A command as parsed from any front-end. Records hold validated values; a null component means
 * "not given" (the caller applies its default).
 */
public sealed interface Command
        permits SetupCommand, StartCommand, StopCommand, DeleteCommand, ListCommand, StatusCommand,
                DiagnoseCommand, HelpCommand, VersionCommand, ConsoleCommand, SlackCommand, CompletionCommand {

    /** @return the verb that names this command */
    Verb verb();
}
