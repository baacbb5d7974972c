package dev.gpunotebook.bot.command;

/** {@code list}: Lists the notebooks of an environment. */
public record ListCommand() implements Command {

    @Override
    public Verb verb() {
        return Verb.LIST;
    }
}
