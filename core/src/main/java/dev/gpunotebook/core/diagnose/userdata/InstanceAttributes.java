package dev.gpunotebook.core.diagnose.userdata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpunotebook.core.Json;
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
        JsonNode parsed;
        try {
            parsed = Json.read(json);
        } catch (IllegalArgumentException e) {
            return failed("not valid JSON: " + e.getMessage());
        }
        if (!parsed.isObject()) {
            return failed("not a JSON object");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : parsed.properties()) {
            if (!entry.getValue().isTextual()) {
                return failed("the value of \"" + entry.getKey() + "\" is not a string");
            }
            attributes.put(entry.getKey(), entry.getValue().textValue());
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
