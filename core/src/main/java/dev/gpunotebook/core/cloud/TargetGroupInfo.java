package dev.gpunotebook.core.cloud;

import java.util.Map;

/** A target group with its health check. */
public record TargetGroupInfo(String arn, String name, int port, String healthCheckPath, String healthCheckPort,
        Map<String, String> tags) {
    public TargetGroupInfo {
        tags = Map.copyOf(tags);
    }
}
