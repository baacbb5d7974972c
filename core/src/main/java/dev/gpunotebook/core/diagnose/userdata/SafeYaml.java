package dev.gpunotebook.core.diagnose.userdata;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * One YAML document, such as a cloud-config, read with SnakeYAML Engine (YAML 1.2, core schema)
 * within bounds that hostile user data cannot get past.
 *
 * <pre>{@code
 * Object document = SafeYaml.load("runcmd:\n  - [ sh, -c, 'echo hi' ]\n");
 * // {runcmd=[[sh, -c, echo hi]]}: Map, List, String, Integer/Long/BigInteger, Double, Boolean,
 * // byte[] (!!binary) or null; IllegalArgumentException when it is not one readable document
 * }</pre>
 *
 * <p>Only YAML's standard tags construct values (no Java objects, whatever the document says).
 * Merge keys ({@code <<: *defaults}) are honoured, and a key given twice keeps its later value, as
 * in PyYAML, which cloud-init uses. The bounds: {@link #MAX_CODE_POINTS} of text, aliases of
 * collections at most {@link #MAX_COLLECTION_ALIASES} times (a "billion laughs" document is refused
 * before it grows), nesting at most {@link #MAX_DEPTH} deep (SnakeYAML composes recursively: a deeper
 * document would overflow the stack).
 */
final class SafeYaml {
    /** EC2 user data is at most 16 KB; unpacked from gzip it is more, but no cloud-config is this long. */
    static final int MAX_CODE_POINTS = 256 * 1024;
    /**
     * SnakeYAML's reader copies what it holds each time it reads another buffer's worth, so with its
     * default 1 KiB one long scalar costs time quadratic in its length (seconds for 1 MiB, measured);
     * with 64 KiB the bounded document is read in a few passes.
     */
    private static final int READ_BUFFER = 64 * 1024;
    /** Cloud-configs anchor a handful of blocks; twenty aliases of them leave room and stop exponential growth. */
    static final int MAX_COLLECTION_ALIASES = 20;
    static final int MAX_DEPTH = 64;

    private static final LoadSettings SETTINGS = LoadSettings.builder()
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(true)
            .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
            .setCodePointLimit(MAX_CODE_POINTS)
            .setBufferSize(READ_BUFFER)
            .build();

    private SafeYaml() {
    }

    /**
     * The one document in {@code text} (null for an empty one); an {@link IllegalArgumentException}
     * whose message says, on one line, what is wrong and where when it cannot be read.
     */
    static Object load(String text) {
        try {
            refuseDeepNesting(text);
            return new Load(SETTINGS).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            String context = e.getContext() == null || e.getContext().isBlank() ? ""
                    : e.getContext() + at(e.getContextMark()) + ": ";
            throw new IllegalArgumentException(oneLine(context + e.getProblem() + at(e.getProblemMark())), e);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    /** The parser works without recursion, so it measures the depth before the composer recurses into it. */
    private static void refuseDeepNesting(String text) {
        int depth = 0;
        for (Event event : new Parse(SETTINGS).parseString(text)) {
            if (event instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
                throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels"
                        + at(event.getStartMark()));
            } else if (event instanceof CollectionEndEvent) {
                depth--;
            }
        }
    }

    private static String at(Optional<Mark> mark) {
        return mark.map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
