package dev.gpunotebook.bot.command;

import java.util.Locale;
import java.util.Optional;

/** The first word of a command line, e.g. {@code start} in {@code /notebook start foo}. */
public enum Verb {
    SETUP, START, STOP, DELETE, LIST, STATUS, DIAGNOSE, HELP,
    /** Starts the console chat; only from the command line. */
    CONSOLE,
    /** Starts the Slack bot; only from the command line. */
    SLACK;

    /** @return the word as typed, e.g. {@code diagnose} */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return true for the verbs that start a front-end ({@code console}, {@code slack}) */
    public boolean commandLineOnly() {
        return this == CONSOLE || this == SLACK;
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
