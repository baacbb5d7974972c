package dev.gpunotebook.bot.command;

/** {@code version}, or {@code --version} anywhere on a line: prints the version of gpu-notebook. */
public record VersionCommand() implements Command {

    @Override
    public Verb verb() {
        return Verb.VERSION;
    }
}
