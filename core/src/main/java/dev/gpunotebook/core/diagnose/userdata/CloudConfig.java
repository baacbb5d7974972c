package dev.gpunotebook.core.diagnose.userdata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of a {@code #cloud-config} document that can touch ecs.config: {@code write_files}
 * (with {@code encoding: b64}, {@code gzip}, {@code gz+b64} and {@code append}), {@code bootcmd}
 * and {@code runcmd} (strings run by a shell, or argument lists).
 */
record CloudConfig(List<WriteFile> writeFiles, List<String> bootcmd, List<String> runcmd) {

    record WriteFile(String path, String content, boolean append, String origin) {
    }

    static CloudConfig parse(String text, String label, List<String> notes) {
        Object document;
        try {
            document = MiniYaml.parse(text);
        } catch (RuntimeException e) {
            notes.add(label + ": cloud-config that cannot be read (" + e.getMessage() + ")");
            return new CloudConfig(List.of(), List.of(), List.of());
        }
        if (!(document instanceof Map<?, ?> root)) {
            return new CloudConfig(List.of(), List.of(), List.of());
        }
        List<WriteFile> files = new java.util.ArrayList<>();
        if (root.get("write_files") instanceof List<?> entries) {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i) instanceof Map<?, ?> entry && entry.get("path") instanceof String path) {
                    String origin = label + " write_files[" + i + "] " + path;
                    String content = decode(entry.get("content"), entry.get("encoding"), origin, notes);
                    boolean append = "true".equalsIgnoreCase(String.valueOf(entry.get("append")));
                    if (content != null) {
                        files.add(new WriteFile(path.strip(), content, append, origin));
                    }
                }
            }
        }
        return new CloudConfig(files, commands(root.get("bootcmd")), commands(root.get("runcmd")));
    }

    private static String decode(Object content, Object encoding, String origin, List<String> notes) {
        String text = content == null ? "" : String.valueOf(content);
        String how = encoding == null ? "text/plain" : String.valueOf(encoding).toLowerCase(Locale.ROOT);
        try {
            byte[] bytes = switch (how) {
                case "b64", "base64" -> Base64.getMimeDecoder().decode(text.strip());
                case "gz", "gzip" -> UserDataParts.gunzipOrSame(text.getBytes(StandardCharsets.ISO_8859_1));
                case "gz+b64", "gz+base64", "gzip+b64", "gzip+base64" ->
                        UserDataParts.gunzipOrSame(Base64.getMimeDecoder().decode(text.strip()));
                default -> text.getBytes(StandardCharsets.UTF_8);
            };
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | IOException e) {
            notes.add(origin + ": content with encoding " + how + " that cannot be decoded");
            return null;
        }
    }

    /** runcmd/bootcmd items: a string is a shell line; a list is an argv, quoted here for the shell reader. */
    private static List<String> commands(Object value) {
        if (!(value instanceof List<?> items)) {
            return List.of();
        }
        return items.stream().map(item -> {
            if (item instanceof List<?> argv) {
                return String.join(" ", argv.stream().map(a -> "'" + String.valueOf(a).replace("'", "'\\''") + "'")
                        .toList());
            }
            return item == null ? "" : String.valueOf(item);
        }).toList();
    }
}
