package dev.gpunotebook.bot.command;

/** {@code slack}: Starts the Slack bot; only from the command line. */
public record SlackCommand() implements Command {

    @Override
    public Verb verb() {
        return Verb.SLACK;
    }
}
