package dev.gpunotebook.bot.command;

/** {@code console}: Starts the console chat; only from the command line. */
public record ConsoleCommand() implements Command {

    @Override
    public Verb verb() {
        return Verb.CONSOLE;
    }
}
