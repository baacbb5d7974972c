package dev.gpunotebook.bot.slack;

import java.util.Objects;

/**
 * A credential (a Slack token) that never shows itself: {@link #toString()} is redacted, so a
 * token cannot reach a log line, a message or an exception by accident. Only {@link #reveal()}
 * gives the value, to hand it to the Slack client.
 */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be blank");
        }
    }

    /** @return the value itself; pass it to the Slack client only */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "[redacted]";
    }
}
