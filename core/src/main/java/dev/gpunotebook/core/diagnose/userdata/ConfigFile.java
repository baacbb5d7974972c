package dev.gpunotebook.core.diagnose.userdata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The content of {@code /etc/ecs/ecs.config} as the user data writes it, write by write, so that
 * a truncating write ({@code >}, {@code tee} without {@code -a}) drops what came before and an
 * append adds to it; {@code echo -n} pieces join into one line as they would on disk.
 */
final class ConfigFile {
    static final String PATH = "/etc/ecs/ecs.config";
    private static final Pattern LINE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=(.*)");

    private record Chunk(String text, String origin) {
    }

    private final List<Chunk> chunks = new ArrayList<>();
    private final List<String> opaqueWrites = new ArrayList<>();

    void write(boolean append, String text, String origin) {
        if (!append) {
            chunks.clear();
            opaqueWrites.clear();
        }
        chunks.add(new Chunk(text, origin));
    }

    /** A write whose content cannot be known here. */
    void writeOpaque(boolean append, String origin) {
        if (!append) {
            chunks.clear();
            opaqueWrites.clear();
        }
        opaqueWrites.add(origin);
    }

    List<String> opaqueWrites() {
        return List.copyOf(opaqueWrites);
    }

    /**
     * The settings, parsed the way systemd reads an EnvironmentFile (ecs-init loads ecs.config
     * so): blank lines and {@code #} comments skipped, surrounding quotes removed, the last
     * assignment of a key wins.
     */
    Map<String, EcsSetting> settings() {
        Map<String, EcsSetting> settings = new LinkedHashMap<>();
        StringBuilder content = new StringBuilder();
        List<Integer> chunkEnds = new ArrayList<>();
        for (Chunk chunk : chunks) {
            content.append(chunk.text());
            chunkEnds.add(content.length());
        }
        int lineStart = 0;
        for (String line : content.toString().split("\n", -1)) {
            String origin = chunks.isEmpty() ? "" : chunks.get(chunkIndex(chunkEnds, lineStart)).origin();
            lineStart += line.length() + 1;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(trimmed);
            if (m.matches()) {
                String key = m.group(1);
                settings.remove(key);
                settings.put(key, new EcsSetting(key, unquote(m.group(2).strip()), origin));
            }
        }
        return settings;
    }

    private static int chunkIndex(List<Integer> chunkEnds, int offset) {
        for (int i = 0; i < chunkEnds.size(); i++) {
            if (offset < chunkEnds.get(i)) {
                return i;
            }
        }
        return chunkEnds.size() - 1;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
