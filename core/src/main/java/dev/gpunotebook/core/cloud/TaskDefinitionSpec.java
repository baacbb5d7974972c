package dev.gpunotebook.core.cloud;

import java.util.List;
import java.util.Map;

/**
 * One notebook's task definition: a single GPU container on the EC2 launch type with bridge
 * networking and a dynamic host port. {@code secrets} maps environment variable names to SSM
 * parameter ARNs; secret values never appear here.
 */
public record TaskDefinitionSpec(
        String family,
        String containerName,
        String image,
        int memoryMib,
        int gpus,
        int containerPort,
        List<String> command,
        Map<String, String> environment,
        Map<String, String> secrets,
        String executionRoleArn,
        String logGroup,
        String logRegion,
        String logStreamPrefix,
        String volumeName,
        String hostPath,
        String containerPath,
        Map<String, String> tags) {

    public TaskDefinitionSpec {
        if (memoryMib < 128) {
            throw new IllegalArgumentException("memory must be at least 128 MiB, was " + memoryMib);
        }
        if (gpus < 1) {
            throw new IllegalArgumentException("a notebook task needs at least one GPU");
        }
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        secrets = Map.copyOf(secrets);
        tags = Map.copyOf(tags);
    }
}
