package dev.gpunotebook.core.diagnose.userdata;

import dev.gpunotebook.core.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Bottlerocket has no ecs.config: its user data is TOML, and {@code [settings.ecs]} holds the
 * same agent settings under kebab-case names ({@code cluster}, {@code reserved-memory},
 * {@code instance-attributes}...). They are mapped onto the ECS_* names so the checks need not
 * care which OS the instance runs.
 */
final class BottlerocketSettings {
    private BottlerocketSettings() {
    }

    static Map<String, EcsSetting> read(String toml, String label) {
        Map<String, EcsSetting> settings = new LinkedHashMap<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        String table = "";
        String[] lines = toml.replace("\r\n", "\n").split("\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                table = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = (table.isEmpty() ? "" : table + ".") + unquote(line.substring(0, eq).strip());
            String value = unquote(stripComment(line.substring(eq + 1).strip()));
            String origin = label + " line " + (n + 1);
            if (key.startsWith("settings.ecs.instance-attributes.")) {
                attributes.put(key.substring("settings.ecs.instance-attributes.".length()), value);
            } else if (key.startsWith("settings.ecs.") && key.indexOf('.', "settings.ecs.".length()) < 0) {
                String name = "ECS_" + key.substring("settings.ecs.".length()).toUpperCase(Locale.ROOT).replace('-', '_');
                settings.put(name, new EcsSetting(name, value, origin));
            }
        }
        if (!attributes.isEmpty()) {
            String name = EcsAgentConfig.INSTANCE_ATTRIBUTES;
            settings.put(name, new EcsSetting(name, Json.write(attributes), label + " [settings.ecs.instance-attributes]"));
        }
        return settings;
    }

    private static String stripComment(String value) {
        if (value.startsWith("\"") || value.startsWith("'")) {
            return value;
        }
        int hash = value.indexOf('#');
        return hash < 0 ? value : value.substring(0, hash).strip();
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
