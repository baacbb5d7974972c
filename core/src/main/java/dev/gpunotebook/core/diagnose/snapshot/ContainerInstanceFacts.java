package dev.gpunotebook.core.diagnose.snapshot;

import java.util.List;
import java.util.Map;

/**
 * ECS DescribeContainerInstances, the container instance backed by the diagnosed EC2 instance.
 * {@code cluster} is the name of the cluster it is registered in, which may differ from the
 * diagnosed cluster (the agent registers into {@code default} without ECS_CLUSTER): the collector
 * looks for the instance in every cluster (ListClusters, ListContainerInstances with filter
 * {@code ec2InstanceId == i-...}). {@code status} is ACTIVE, DRAINING, REGISTERING, INACTIVE...
 * {@code attributes} are name to value (value empty for valueless attributes).
 */
public record ContainerInstanceFacts(
        String arn,
        String ec2InstanceId,
        String cluster,
        String status,
        String statusReason,
        boolean agentConnected,
        String agentVersion,
        Resources registered,
        Resources remaining,
        Map<String, String> attributes,
        int runningTasksCount,
        int pendingTasksCount) {

    public ContainerInstanceFacts {
        Validate.nonBlank(arn, "arn");
        Validate.nonBlank(ec2InstanceId, "ec2InstanceId");
        Validate.nonBlank(cluster, "cluster");
        Validate.nonBlank(status, "status");
        Validate.nonNull(registered, "registered");
        Validate.nonNull(remaining, "remaining");
        attributes = Validate.map(attributes);
        Validate.nonNegative(runningTasksCount, "runningTasksCount");
        Validate.nonNegative(pendingTasksCount, "pendingTasksCount");
    }

    /**
     * registeredResources / remainingResources: CPU (units, 1024 per vCPU), MEMORY (MiB), GPU
     * (the GPU ids, as {@code nvidia-smi -L} UUIDs), PORTS (TCP ports the agent reserves).
     */
    public record Resources(int cpu, int memoryMiB, List<String> gpuIds, List<Integer> reservedTcpPorts) {
        public Resources {
            Validate.nonNegative(cpu, "cpu");
            Validate.nonNegative(memoryMiB, "memoryMiB");
            gpuIds = Validate.list(gpuIds);
            reservedTcpPorts = Validate.list(reservedTcpPorts);
        }
    }
}
