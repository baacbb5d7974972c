package dev.gpunotebook.core.diagnose.snapshot;

import java.time.Instant;
import java.util.List;

/**
 * ECS DescribeServices, the diagnosed service: counts, launch type (null when a capacity
 * provider strategy is used; the providers are listed), loadBalancers, the latest events
 * (newest first, as ECS returns them), deploymentConfiguration, deployments (rolloutState),
 * placementConstraints, and the awsvpc security groups when the network mode is awsvpc.
 */
public record ServiceFacts(
        String arn,
        String name,
        String status,
        int desiredCount,
        int runningCount,
        int pendingCount,
        String launchType,
        List<String> capacityProviders,
        String taskDefinitionArn,
        List<ServiceLoadBalancer> loadBalancers,
        List<ServiceEvent> events,
        DeploymentConfig deploymentConfiguration,
        List<Deployment> deployments,
        List<PlacementConstraint> placementConstraints,
        List<String> awsvpcSecurityGroupIds) {

    public ServiceFacts {
        Validate.nonBlank(arn, "arn");
        Validate.nonBlank(name, "name");
        Validate.nonBlank(status, "status");
        Validate.nonNegative(desiredCount, "desiredCount");
        Validate.nonNegative(runningCount, "runningCount");
        Validate.nonNegative(pendingCount, "pendingCount");
        capacityProviders = Validate.list(capacityProviders);
        loadBalancers = Validate.list(loadBalancers);
        events = Validate.list(events).stream()
                .sorted(java.util.Comparator.comparing(ServiceEvent::createdAt).reversed()).toList();
        deploymentConfiguration = deploymentConfiguration == null ? DeploymentConfig.DEFAULT : deploymentConfiguration;
        deployments = Validate.list(deployments);
        placementConstraints = Validate.list(placementConstraints);
        awsvpcSecurityGroupIds = Validate.list(awsvpcSecurityGroupIds);
    }

    public record ServiceLoadBalancer(String targetGroupArn, String containerName, int containerPort) {
        public ServiceLoadBalancer {
            Validate.nonBlank(targetGroupArn, "targetGroupArn");
            Validate.nonBlank(containerName, "containerName");
            Validate.port(containerPort, "containerPort");
        }
    }

    public record ServiceEvent(Instant createdAt, String message) {
        public ServiceEvent {
            Validate.nonNull(createdAt, "createdAt");
            Validate.nonBlank(message, "message");
        }

        @Override
        public String toString() {
            return createdAt + " " + message;
        }
    }

    /** ECS defaults for a service: minimumHealthyPercent 100, maximumPercent 200. */
    public record DeploymentConfig(int minimumHealthyPercent, int maximumPercent) {
        public static final DeploymentConfig DEFAULT = new DeploymentConfig(100, 200);

        public DeploymentConfig {
            Validate.nonNegative(minimumHealthyPercent, "minimumHealthyPercent");
            Validate.nonNegative(maximumPercent, "maximumPercent");
        }
    }

    /** status PRIMARY/ACTIVE; rolloutState IN_PROGRESS, COMPLETED or FAILED (circuit breaker). */
    public record Deployment(String status, String rolloutState, String rolloutStateReason, String taskDefinitionArn) {
        public Deployment {
            Validate.nonBlank(status, "status");
            rolloutState = rolloutState == null ? "" : rolloutState;
            rolloutStateReason = rolloutStateReason == null ? "" : rolloutStateReason;
        }
    }

    /** type memberOf or distinctInstance; expression e.g. {@code attribute:gpu-notebook == alice}. */
    public record PlacementConstraint(String type, String expression) {
        public PlacementConstraint {
            Validate.nonBlank(type, "type");
            expression = expression == null ? "" : expression;
        }

        @Override
        public String toString() {
            return expression.isBlank() ? type : type + "(" + expression + ")";
        }
    }
}
