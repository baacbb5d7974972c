package dev.gpunotebook.bot.command;

import java.util.Locale;
import java.util.Optional;

/** The first word of a command line, e.g. {@code start} in {@code /notebook start foo}. */
public enum Verb {
    SETUP, START, STOP, DELETE, LIST, STATUS, DIAGNOSE, HELP,
    /** Prints the version; {@code --version} anywhere on a line asks for it too. */
    VERSION,
    /** Starts the console chat; only from the command line. */
    CONSOLE,
    /** Starts the Slack bot; only from the command line. */
    SLACK,
    /** Prints a shell completion script; only from the command line. */
    COMPLETION;

    /** @return the word as typed, e.g. {@code diagnose} */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return true for the verbs that start a front-end ({@code console}, {@code slack}) */
    public boolean commandLineOnly() {
        return this == CONSOLE || this == SLACK;
    }

    /** @return true for {@code version} and {@code completion}: listed apart from the commands that act on notebooks */
    public boolean utility() {
        return this == VERSION || this == COMPLETION;
    }

    /** @return false for the verbs answered without AWS: {@code help}, {@code version}, {@code completion} */
    public boolean needsAws() {
        return !(this == HELP || this == VERSION || this == COMPLETION);
    }

    /**
     * @param word a word as typed; case is ignored
     * @return the verb with that word, or empty
     */
    public static Optional<Verb> fromWord(String word) {
        if (word == null) {
            return Optional.empty();
        }
        for (Verb verb : values()) {
            if (verb.word().equalsIgnoreCase(word)) {
                return Optional.of(verb);
            }
        }
        return Optional.empty();
    }
}
