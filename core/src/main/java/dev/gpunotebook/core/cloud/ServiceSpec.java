package dev.gpunotebook.core.cloud;

import java.util.Map;

/**
 * One notebook's ECS service: one task, behind the target group (ECS registers the dynamic host
 * port itself), pinned to its instance by {@code placementExpression}.
 */
public record ServiceSpec(String clusterName, String serviceName, String taskDefinitionArn, String targetGroupArn,
        String containerName, int containerPort, String placementExpression, int healthCheckGraceSeconds,
        Map<String, String> tags) {
    public ServiceSpec {
        tags = Map.copyOf(tags);
    }
}
