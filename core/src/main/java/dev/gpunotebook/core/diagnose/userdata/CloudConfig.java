package dev.gpunotebook.core.diagnose.userdata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a {@code #cloud-config} document that can touch ecs.config: {@code write_files}
 * (with {@code encoding: b64}, {@code gzip}, {@code gz+b64}, {@code !!binary} content and
 * {@code append}), {@code bootcmd} and {@code runcmd} (strings run by a shell, or argument lists).
 *
 * <p>cloud-init reads YAML 1.1 (PyYAML), {@link SafeYaml} reads YAML 1.2; for these keys the
 * reading follows what cloud-init does with either: {@code append: yes} and {@code on} are booleans
 * in 1.1 but strings in 1.2, and cloud-init takes a boolean true or any of "true", "yes", "on", "1"
 * (any case) as true; {@code <<} merge keys and {@code !!binary}, YAML 1.1 types, are read as
 * cloud-init reads them. A YAML problem is a note, never an exception.
 *
 * <pre>{@code
 * List<String> notes = new ArrayList<>();
 * CloudConfig config = CloudConfig.parse("#cloud-config\nruncmd:\n  - echo hi\n", "user data", notes);
 * config.runcmd();  // ["echo hi"]
 * }</pre>
 */
record CloudConfig(List<WriteFile> writeFiles, List<String> bootcmd, List<String> runcmd) {
    private static final CloudConfig NOTHING = new CloudConfig(List.of(), List.of(), List.of());
    /** cloud-init's util.TRUE_STRINGS, compared after lower-casing and stripping. */
    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "on", "1");

    record WriteFile(String path, String content, boolean append, String origin) {
    }

    static CloudConfig parse(String text, String label, List<String> notes) {
        Object document;
        try {
            document = SafeYaml.load(text);
        } catch (RuntimeException e) {
            notes.add(label + ": cloud-config that cannot be read (" + e.getMessage() + ")");
            return NOTHING;
        }
        if (!(document instanceof Map<?, ?> root)) {
            return NOTHING;
        }
        Reading reading = new Reading(label, notes);
        List<WriteFile> files = reading.writeFiles(root.get("write_files"));
        return new CloudConfig(files, reading.commands("bootcmd", root.get("bootcmd")),
                reading.commands("runcmd", root.get("runcmd")));
    }

    /**
     * One document's reading: where its notes go, and how much text is left. Aliases can repeat one
     * long scalar without limit, so the text handed on is bounded like the document itself.
     */
    private static final class Reading {
        private final String label;
        private final List<String> notes;
        private int textLeft = SafeYaml.MAX_CODE_POINTS;

        Reading(String label, List<String> notes) {
            this.label = label;
            this.notes = notes;
        }

        List<WriteFile> writeFiles(Object value) {
            List<WriteFile> files = new ArrayList<>();
            if (!(value instanceof List<?> entries)) {
                return files;
            }
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i) instanceof Map<?, ?> entry && entry.get("path") instanceof String path) {
                    String origin = label + " write_files[" + i + "] " + path;
                    String content = content(entry.get("content"), entry.get("encoding"), origin);
                    if (content != null && spend(content, origin)) {
                        files.add(new WriteFile(path.strip(), content, isTrue(entry.get("append")), origin));
                    }
                }
            }
            return files;
        }

        private String content(Object content, Object encoding, String origin) {
            if (content instanceof Map || content instanceof List) {
                notes.add(origin + ": content that is a YAML " + kind(content) + ", not text; cloud-init cannot"
                        + " write it");
                return null;
            }
            byte[] binary = content instanceof byte[] bytes ? bytes : null;
            String text = binary != null ? new String(binary, StandardCharsets.ISO_8859_1)
                    : content == null ? "" : String.valueOf(content);
            String how = encoding == null ? "text/plain" : String.valueOf(encoding).toLowerCase(Locale.ROOT);
            try {
                byte[] bytes = switch (how) {
                    case "b64", "base64" -> Base64.getMimeDecoder().decode(text.strip());
                    case "gz", "gzip" -> UserDataParts.gunzipOrSame(text.getBytes(StandardCharsets.ISO_8859_1));
                    case "gz+b64", "gz+base64", "gzip+b64", "gzip+base64" ->
                            UserDataParts.gunzipOrSame(Base64.getMimeDecoder().decode(text.strip()));
                    default -> binary != null ? binary : text.getBytes(StandardCharsets.UTF_8);
                };
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException | IOException e) {
                notes.add(origin + ": content with encoding " + how + " that cannot be decoded");
                return null;
            }
        }

        /**
         * runcmd/bootcmd as cloud-init's shellify makes a script of them: a string is a shell line, a
         * list an argv (quoted here for the shell reader), a null (a lone comment) nothing; anything
         * else fails the whole key, so none of its commands run.
         */
        List<String> commands(String key, Object value) {
            if (!(value instanceof List<?> items)) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Object item = items.get(i);
                String origin = label + " " + key + "[" + i + "]";
                String line = item instanceof List<?> argv ? argv(argv, origin) : item instanceof String s ? s : null;
                if (item != null && line == null) {
                    notes.add(origin + " is a YAML " + kind(item) + ", neither a command line nor a list of"
                            + " arguments: cloud-init runs none of " + key);
                    return List.of();
                }
                if (line != null && spend(line, origin)) {
                    lines.add(line);
                }
            }
            return lines;
        }

        private String argv(List<?> argv, String origin) {
            List<String> words = new ArrayList<>();
            for (Object word : argv) {
                if (word instanceof Map || word instanceof List) {
                    // cloud-init would pass Python's text of the collection: never a command that writes ecs.config.
                    notes.add(origin + " has an argument that is a YAML collection; the command is not read");
                    return "";
                }
                words.add("'" + String.valueOf(word).replace("'", "'\\''") + "'");
            }
            return String.join(" ", words);
        }

        private boolean spend(String text, String origin) {
            if (textLeft < 0) {
                return false;
            }
            textLeft -= text.length();
            if (textLeft < 0) {
                notes.add(origin + ": more text than the " + SafeYaml.MAX_CODE_POINTS + " characters a cloud-config"
                        + " holds (aliases repeat it); it and what follows are not read");
                return false;
            }
            return true;
        }
    }

    private static String kind(Object value) {
        return value instanceof Map ? "mapping" : value instanceof List ? "sequence" : value instanceof Boolean
                ? "boolean" : value instanceof Number ? "number" : value instanceof byte[] ? "binary value" : "value";
    }

    private static boolean isTrue(Object value) {
        return value instanceof Boolean b ? b
                : value != null && TRUE_WORDS.contains(String.valueOf(value).strip().toLowerCase(Locale.ROOT));
    }
}
