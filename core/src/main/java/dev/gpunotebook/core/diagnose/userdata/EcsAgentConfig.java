package dev.gpunotebook.core.diagnose.userdata;

import dev.gpunotebook.core.diagnose.snapshot.Validate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the user data leaves in {@code /etc/ecs/ecs.config} once cloud-init has run it.
 *
 * <p>{@link #setting} tells "not set" (empty) from "set to another value". When
 * {@link #opaqueWrites()} is not empty, the user data also wrote the file in a way that cannot be
 * read from here (copied from S3, downloaded, edited with sed...): a setting missing from
 * {@link #settings()} may then still be set. {@link #strayAssignments()} are {@code ECS_*}
 * assignments that never reach the file (a shell variable, or a user data cloud-init does not
 * run), a classic reason for an agent that registers into {@code default}.
 */
public record EcsAgentConfig(Map<String, EcsSetting> settings, List<String> opaqueWrites,
        List<EcsSetting> strayAssignments, List<String> notes, boolean bottlerocket) {

    public static final String CLUSTER = "ECS_CLUSTER";
    public static final String ENABLE_GPU_SUPPORT = "ECS_ENABLE_GPU_SUPPORT";
    public static final String INSTANCE_ATTRIBUTES = "ECS_INSTANCE_ATTRIBUTES";
    public static final String DYNAMIC_HOST_PORT_RANGE = "ECS_DYNAMIC_HOST_PORT_RANGE";
    public static final String RESERVED_MEMORY = "ECS_RESERVED_MEMORY";

    public EcsAgentConfig {
        settings = Validate.map(settings);
        opaqueWrites = Validate.list(opaqueWrites);
        strayAssignments = Validate.list(strayAssignments);
        notes = Validate.list(notes);
    }

    public Optional<EcsSetting> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    public Optional<String> value(String key) {
        return setting(key).map(EcsSetting::value);
    }

    /** Whether a missing setting may still be set by a write this parser cannot read. */
    public boolean hasOpaqueWrites() {
        return !opaqueWrites.isEmpty();
    }

    /** ECS_INSTANCE_ATTRIBUTES parsed; empty attributes when not set. */
    public InstanceAttributes instanceAttributes() {
        return value(INSTANCE_ATTRIBUTES).map(InstanceAttributes::parse).orElse(InstanceAttributes.NONE);
    }
}
