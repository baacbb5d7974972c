package dev.gpunotebook.core;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The project's one JSON configuration (Jackson), shared by core and the front-ends, so that every
 * JSON document gpu-notebook writes looks alike and every one it reads is read the same way.
 *
 * <pre>{@code
 * JsonNode probe = Json.read("{\"status\": \"usable\"}");  // IllegalArgumentException when not JSON
 * String status = probe.path("status").asText();          // "usable"
 * Json.write(Map.of("__type", "ThrottlingException"));    // {"__type":"ThrottlingException"}
 * Json.pretty(document);                                   // two-space indent, "key": value
 * }</pre>
 *
 * <p>Written JSON keeps null values (scripts rely on every key being there), keeps the order of maps
 * and of {@code @JsonPropertyOrder}, leaves {@code < > &} alone (it is not embedded in HTML), and
 * escapes U+2028/U+2029 so that it is a valid JavaScript literal too. Reading refuses text after the
 * value, and Jackson's stream limits (nesting depth, string and number lengths) bound what it reads.
 */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
                    .characterEscapes(new ScriptSafeEscapes()).build())
            .build();
    private static final ObjectWriter PRETTY = MAPPER.writer(prettyPrinter());

    private Json() {
    }

    /**
     * One JSON value; an {@link IllegalArgumentException} whose message says, on one line, what is
     * wrong and where (line and column) when {@code text} is not exactly one JSON value.
     */
    public static JsonNode read(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no JSON value: the text is empty");
        }
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonNode value = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                // Jackson's own FAIL_ON_TRAILING_TOKENS names its internals; people need the place.
                throw new IllegalArgumentException("unexpected text after the JSON value"
                        + at(parser.currentTokenLocation()));
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(String.valueOf(e.getOriginalMessage())
                    .replaceAll("\\s*\\R\\s*", " ").strip() + at(e.getLocation()), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from a string failed: " + e.getMessage(), e);
        }
    }

    /** {@code value} (a map, list, record, string, number...) as compact JSON, on one line. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw cannotWrite(value, e);
        }
    }

    /** {@code value} as indented JSON for people: two spaces, {@code "key": value}, one value a line. */
    public static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw cannotWrite(value, e);
        }
    }

    private static IllegalArgumentException cannotWrite(Object value, JsonProcessingException e) {
        return new IllegalArgumentException("a " + value.getClass().getName() + " cannot be written as JSON ("
                + e.getOriginalMessage() + "); give Json maps, lists, records and plain values", e);
    }

    /** Where in the text, as people count: Jackson's location without its multi-line source block. */
    private static String at(JsonLocation where) {
        return where == null || where.getLineNr() < 1 ? ""
                : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    }

    /** The look of Gson's pretty printing, which the front-ends used before: nothing changes for readers. */
    private static DefaultPrettyPrinter prettyPrinter() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter newLines = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(newLines).withArrayIndenter(newLines);
    }

    /** JSON's own escapes, plus the two line terminators that JSON allows raw but JavaScript does not. */
    private static final class ScriptSafeEscapes extends CharacterEscapes {
        private static final SerializableString LINE_SEPARATOR = new SerializedString("\\u2028");
        private static final SerializableString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == '\u2028' ? LINE_SEPARATOR : ch == '\u2029' ? PARAGRAPH_SEPARATOR : null;
        }
    }
}
