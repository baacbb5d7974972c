package dev.gpunotebook.core.diagnose.userdata;

import dev.gpunotebook.core.diagnose.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The value of {@code ECS_INSTANCE_ATTRIBUTES}: a JSON object of attribute name to string value,
 * e.g. {@code {"gpu-notebook": "alice"}}. The agent refuses to start on a malformed value, so
 * {@link #error()} matters as much as the attributes.
 */
public record InstanceAttributes(Map<String, String> attributes, Optional<String> error) {
    public static final InstanceAttributes NONE = new InstanceAttributes(Map.of(), Optional.empty());

    public InstanceAttributes {
        attributes = dev.gpunotebook.core.diagnose.snapshot.Validate.map(attributes);
    }

    public static InstanceAttributes parse(String json) {
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (IllegalArgumentException e) {
            return failed("not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            return failed("not a JSON object");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getValue() instanceof String value)) {
                return failed("the value of \"" + entry.getKey() + "\" is not a string");
            }
            attributes.put((String) entry.getKey(), value);
        }
        return new InstanceAttributes(attributes, Optional.empty());
    }

    private static InstanceAttributes failed(String why) {
        return new InstanceAttributes(Map.of(), Optional.of(why));
    }

    public boolean isValid() {
        return error.isEmpty();
    }
}
