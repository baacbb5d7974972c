package dev.gpunotebook.bot.command;

/**
 * Where a command line comes from. Chat refuses the verbs that start a front-end, and {@code completion}:
 * a shell script is no answer in a chat.
 */
public enum FrontEnd {
    /** {@code java -jar gpu-notebook.jar <command>}: every verb. */
    COMMAND_LINE("java -jar gpu-notebook.jar"),
    /** Slack or the console chat ({@code /notebook <command>}): no {@code console}, {@code slack} or {@code completion}. */
    CHAT("/notebook");

    private final String prefix;

    FrontEnd(String prefix) {
        this.prefix = prefix;
    }

    /** @return what precedes a command in usage text */
    public String prefix() {
        return prefix;
    }

    /** @return whether this front-end runs the verb */
    public boolean accepts(Verb verb) {
        return this == COMMAND_LINE || !verb.commandLineOnly() && verb != Verb.COMPLETION;
    }
}
