package dev.gpunotebook.core.idle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpunotebook.core.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What Jupyter Server's {@code GET {base_url}api/status} reports: open kernels, open client
 * connections, and when it last saw activity (kernel messages, API and terminal use).
 *
 * <pre>{@code
 * JupyterStatus status = JupyterStatus.parse(
 *     "{\"connections\": 0, \"kernels\": 1, \"last_activity\": \"2026-01-05T10:00:00.000000Z\", \"started\": \"...\"}");
 * }</pre>
 */
public record JupyterStatus(int kernels, int connections, Instant lastActivity, Instant started) {

    public JupyterStatus {
        if (kernels < 0 || connections < 0) {
            throw new IllegalArgumentException("kernels and connections cannot be negative");
        }
        if (lastActivity == null) {
            throw new IllegalArgumentException("lastActivity is required");
        }
    }

    /** The last moment Jupyter was in use, never before it started. */
    public Instant activeUntil() {
        return started != null && started.isAfter(lastActivity) ? started : lastActivity;
    }

    /**
     * Reads the JSON object Jupyter returns; other members than these four are ignored. A missing or
     * unreadable member is an {@link IllegalArgumentException} naming the problem (never the input,
     * which is small and holds no secret, but is not ours to echo).
     */
    public static JupyterStatus parse(String json) {
        JsonNode fields;
        try {
            fields = Json.read(json);
        } catch (IllegalArgumentException e) {
            // Json's message quotes the text it stumbled on; say only that it is not JSON.
            throw new IllegalArgumentException("Jupyter's status is not JSON");
        }
        if (!fields.isObject()) {
            throw new IllegalArgumentException("Jupyter's status is not a JSON object");
        }
        int kernels = integer(fields, "kernels");
        int connections = integer(fields, "connections");
        Instant lastActivity = instant(fields, "last_activity").orElseThrow(() ->
                new IllegalArgumentException("Jupyter's status has no last_activity"));
        return new JupyterStatus(kernels, connections, lastActivity, instant(fields, "started").orElse(null));
    }

    private static int integer(JsonNode fields, String name) {
        JsonNode value = fields.path(name);
        if (value.isMissingNode() || value.isNull()) {
            throw new IllegalArgumentException("Jupyter's status has no " + name);
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("Jupyter's status has a non-integer " + name);
        }
        return value.intValue();
    }

    private static Optional<Instant> instant(JsonNode fields, String name) {
        JsonNode value = fields.path(name);
        if (value.isMissingNode() || value.isNull() || value.isTextual() && value.textValue().isEmpty()) {
            return Optional.empty();
        }
        try {
            // Jupyter writes ISO 8601 with microseconds and "Z" (or +00:00).
            return Optional.of(OffsetDateTime.parse(value.asText()).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Jupyter's status has an unreadable " + name);
        }
    }
}
