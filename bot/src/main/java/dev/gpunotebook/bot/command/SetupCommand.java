package dev.gpunotebook.bot.command;

/** {@code setup}: Creates or adopts the shared stack of an environment. */
public record SetupCommand() implements Command {

    @Override
    public Verb verb() {
        return Verb.SETUP;
    }
}
