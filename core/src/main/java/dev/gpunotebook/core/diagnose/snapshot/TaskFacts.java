package dev.gpunotebook.core.diagnose.snapshot;

import java.time.Instant;
import java.util.List;

/**
 * ECS ListTasks (service, desired status RUNNING and STOPPED; ECS keeps stopped tasks about an
 * hour) + DescribeTasks. Per container: last status, exit code, reason, network bindings
 * (containerPort to the host port ECS picked) and the GPU ids ECS assigned.
 */
public record TaskFacts(String taskArn, String taskDefinitionArn, String lastStatus, String desiredStatus,
        String containerInstanceArn, String stoppedReason, String stopCode, Instant stoppedAt,
        List<ContainerState> containers) {
    public TaskFacts {
        Validate.nonBlank(taskArn, "taskArn");
        Validate.nonBlank(lastStatus, "lastStatus");
        desiredStatus = desiredStatus == null ? "" : desiredStatus;
        stoppedReason = stoppedReason == null ? "" : stoppedReason;
        stopCode = stopCode == null ? "" : stopCode;
        containers = Validate.list(containers);
    }

    public boolean isStopped() {
        return "STOPPED".equals(lastStatus);
    }

    public boolean isRunning() {
        return "RUNNING".equals(lastStatus);
    }

    /** The task id, the last part of its ARN. */
    public String id() {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }

    public record ContainerState(String name, String lastStatus, Integer exitCode, String reason,
            List<NetworkBinding> networkBindings, List<String> gpuIds) {
        public ContainerState {
            Validate.nonBlank(name, "name");
            lastStatus = lastStatus == null ? "" : lastStatus;
            reason = reason == null ? "" : reason;
            networkBindings = Validate.list(networkBindings);
            gpuIds = Validate.list(gpuIds);
        }
    }

    public record NetworkBinding(int containerPort, int hostPort) {
        public NetworkBinding {
            Validate.port(containerPort, "containerPort");
            Validate.port(hostPort, "hostPort");
        }
    }
}
