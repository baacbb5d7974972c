package dev.gpunotebook.core.idle;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
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
     * Parses the flat JSON object Jupyter returns. Only numbers and strings are expected at the top
     * level; anything else is an {@link IllegalArgumentException} naming the problem (never the input,
     * which is small and holds no secret, but is not ours to echo).
     */
    public static JupyterStatus parse(String json) {
        Map<String, String> fields = FlatJson.parse(json);
        int kernels = integer(fields, "kernels");
        int connections = integer(fields, "connections");
        Instant lastActivity = instant(fields, "last_activity").orElseThrow(() ->
                new IllegalArgumentException("Jupyter's status has no last_activity"));
        return new JupyterStatus(kernels, connections, lastActivity, instant(fields, "started").orElse(null));
    }

    private static int integer(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Jupyter's status has no " + name);
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Jupyter's status has a non-integer " + name);
        }
    }

    private static Optional<Instant> instant(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            // Jupyter writes ISO 8601 with microseconds and "Z" (or +00:00).
            return Optional.of(java.time.OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Jupyter's status has an unreadable " + name);
        }
    }

    /** The smallest JSON reader that reads a flat object of strings, numbers, booleans and nulls. */
    static final class FlatJson {

        private final String s;
        private int i;

        private FlatJson(String s) {
            this.s = s;
        }

        static Map<String, String> parse(String json) {
            if (json == null) {
                throw new IllegalArgumentException("no JSON");
            }
            return new FlatJson(json).object();
        }

        private Map<String, String> object() {
            Map<String, String> fields = new HashMap<>();
            skip();
            expect('{');
            skip();
            if (peek() == '}') {
                i++;
                return end(fields);
            }
            while (true) {
                skip();
                String key = string();
                skip();
                expect(':');
                skip();
                fields.put(key, value());
                skip();
                char c = next();
                if (c == '}') {
                    return end(fields);
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or } at " + (i - 1));
                }
            }
        }

        private Map<String, String> end(Map<String, String> fields) {
            skip();
            if (i != s.length()) {
                throw new IllegalArgumentException("unexpected text after the JSON object at " + i);
            }
            return fields;
        }

        private String value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            int from = i;
            while (i < s.length() && "-+.0123456789eEtruefalsn".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (from == i) {
                throw new IllegalArgumentException("expected a string, number, boolean or null at " + from);
            }
            String literal = s.substring(from, i);
            return literal.equals("null") ? "" : literal;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    char e = next();
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            if (i + 4 > s.length()) {
                                throw new IllegalArgumentException("bad \\u escape at " + i);
                            }
                            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("the JSON ends too early");
            }
            return s.charAt(i);
        }

        private char next() {
            char c = peek();
            i++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
            }
        }
    }
}
