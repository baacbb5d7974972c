package dev.gpunotebook.core.cloud;

import java.util.Map;

/**
 * An instance target group for one notebook. Its own port is only a default: with dynamic host
 * ports ECS registers each target with its host port, so the health check uses {@code traffic-port}.
 */
public record TargetGroupSpec(String name, String vpcId, int port, String healthCheckPath, Map<String, String> tags) {
    public TargetGroupSpec {
        if (name == null || name.length() > 32) {
            throw new IllegalArgumentException("target group names have at most 32 characters: " + name);
        }
        tags = Map.copyOf(tags);
    }
}
