package dev.gpunotebook.core.diagnose.snapshot;

import java.util.List;

/**
 * ECS DescribeTaskDefinition of the service's task definition. Task-level cpu (units) and
 * memory (MiB) are null when not set. {@code networkMode} is bridge (also when AWS returns
 * none on EC2), host, awsvpc or none. Per container: cpu, memory (hard limit) and
 * memoryReservation (soft) as set, port mappings (hostPort null or 0 = dynamic), the GPU
 * count from resourceRequirements type GPU, the names (never the values) of secrets and
 * environment variables, entryPoint and command.
 */
public record TaskDefinitionFacts(String arn, String networkMode, Integer cpu, Integer memoryMiB,
        String executionRoleArn, List<ContainerDefinitionFacts> containers) {
    public TaskDefinitionFacts {
        Validate.nonBlank(arn, "arn");
        networkMode = networkMode == null || networkMode.isBlank() ? "bridge" : networkMode;
        containers = Validate.list(containers);
    }

    public int gpuCount() {
        return containers.stream().mapToInt(ContainerDefinitionFacts::gpuCount).sum();
    }

    public java.util.Optional<ContainerDefinitionFacts> container(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public record ContainerDefinitionFacts(String name, String image, Integer cpu, Integer memoryMiB,
            Integer memoryReservationMiB, boolean essential, List<PortMapping> portMappings, int gpuCount,
            List<String> secretNames, List<String> environmentNames, List<String> entryPoint,
            List<String> command) {
        public ContainerDefinitionFacts {
            Validate.nonBlank(name, "name");
            image = image == null ? "" : image;
            portMappings = Validate.list(portMappings);
            Validate.nonNegative(gpuCount, "gpuCount");
            secretNames = Validate.list(secretNames);
            environmentNames = Validate.list(environmentNames);
            entryPoint = Validate.list(entryPoint);
            command = Validate.list(command);
        }

        /** entryPoint then command, the way Docker joins them. */
        public List<String> commandLine() {
            return java.util.stream.Stream.concat(entryPoint.stream(), command.stream()).toList();
        }
    }

    public record PortMapping(int containerPort, Integer hostPort, String protocol) {
        public PortMapping {
            Validate.port(containerPort, "containerPort");
            Validate.port(hostPort, "hostPort");
            protocol = protocol == null || protocol.isBlank() ? "tcp" : protocol;
        }

        /** hostPort 0 or absent: ECS picks a port from the dynamic range. */
        public boolean isDynamic() {
            return hostPort == null || hostPort == 0;
        }
    }
}
