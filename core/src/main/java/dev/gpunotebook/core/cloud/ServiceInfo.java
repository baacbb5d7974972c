package dev.gpunotebook.core.cloud;

import java.util.Map;

/** An ECS service as DescribeServices returns it. */
public record ServiceInfo(String arn, String name, String status, int desiredCount, int runningCount,
        int pendingCount, String taskDefinitionArn, Map<String, String> tags) {
    public ServiceInfo {
        tags = Map.copyOf(tags);
    }
}
