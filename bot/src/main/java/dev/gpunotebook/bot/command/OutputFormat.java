package dev.gpunotebook.bot.command;

import java.util.Locale;
import java.util.Optional;

/** {@code --output text|json}. */
public enum OutputFormat {
    TEXT, JSON;

    /** @return the word as typed: {@code text} or {@code json} */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the format with exactly that word, or empty */
    public static Optional<OutputFormat> fromWord(String word) {
        for (OutputFormat format : values()) {
            if (format.word().equals(word)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
