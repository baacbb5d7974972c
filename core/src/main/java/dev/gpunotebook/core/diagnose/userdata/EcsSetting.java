package dev.gpunotebook.core.diagnose.userdata;

import dev.gpunotebook.core.diagnose.snapshot.Validate;

/**
 * One {@code KEY=value} line of {@code /etc/ecs/ecs.config} as the user data leaves it, with where
 * it was written ({@code origin}, for evidence).
 */
public record EcsSetting(String key, String value, String origin) {
    public EcsSetting {
        Validate.nonBlank(key, "key");
        Validate.nonNull(value, "value");
        Validate.nonBlank(origin, "origin");
    }

    /**
     * False when the value still holds shell that only the instance can evaluate
     * ({@code $VAR} never assigned in the script, {@code $(...)}, backticks).
     */
    public boolean isResolved() {
        return !value.contains("$") && !value.contains("`");
    }

    @Override
    public String toString() {
        return key + "=" + value + " (" + origin + ")";
    }
}
