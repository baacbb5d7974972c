package dev.gpunotebook.core.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags every gpu-notebook resource carries. State lives in AWS: list, status, stop and delete
 * find resources by these tags, so a restarted bot knows everything.
 */
public final class Tags {

    public static final String ENV = "gpu-notebook:env";
    public static final String NOTEBOOK = "gpu-notebook:notebook";
    public static final String OWNER = "gpu-notebook:owner";
    public static final String IDLE_MINUTES = "gpu-notebook:idle-minutes";
    public static final String NAME = "Name";

    private Tags() {
    }

    /** Tags of a shared resource of an environment. */
    public static Map<String, String> shared(EnvironmentName env, String displayName) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(ENV, env.value());
        tags.put(NAME, displayName);
        return Map.copyOf(tags);
    }

    /** Tags of a resource that belongs to one notebook. */
    public static Map<String, String> notebook(EnvironmentName env, NotebookSpec spec) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(ENV, env.value());
        tags.put(NOTEBOOK, spec.name().value());
        tags.put(OWNER, spec.owner());
        tags.put(IDLE_MINUTES, Integer.toString(spec.idleMinutes()));
        tags.put(NAME, "gpu-notebook-" + env.value() + "-" + spec.name().value());
        return Map.copyOf(tags);
    }

    /** The tags that identify one notebook's resources, whatever their owner. */
    public static Map<String, String> selector(EnvironmentName env, NotebookName name) {
        return Map.of(ENV, env.value(), NOTEBOOK, name.value());
    }
}
