package dev.gpunotebook.core.diagnose.snapshot;

import java.time.Instant;
import java.util.List;

/**
 * EC2 DescribeInstances, one instance. {@code state} is the state name as AWS writes it
 * ({@code pending}, {@code running}, {@code stopping}, {@code stopped}, {@code shutting-down},
 * {@code terminated}). Nullable: stateReason, launchTime, publicIp, privateIp,
 * instanceProfileArn (no profile attached). The user data is a separate fact in the
 * {@link Snapshot} because it comes from another call with its own IAM action.
 */
public record InstanceFacts(
        String instanceId,
        String instanceType,
        String state,
        StateReason stateReason,
        Instant launchTime,
        String availabilityZone,
        String subnetId,
        String vpcId,
        String publicIp,
        String privateIp,
        String imageId,
        List<String> securityGroupIds,
        String instanceProfileArn) {

    public InstanceFacts {
        Validate.nonBlank(instanceId, "instanceId");
        Validate.nonBlank(instanceType, "instanceType");
        Validate.nonBlank(state, "state");
        securityGroupIds = Validate.list(securityGroupIds);
    }

    public boolean isRunning() {
        return "running".equals(state);
    }

    /** StateReason of DescribeInstances, e.g. {@code Client.UserInitiatedShutdown}. */
    public record StateReason(String code, String message) {
        public StateReason {
            Validate.nonBlank(code, "code");
            message = message == null ? "" : message;
        }

        @Override
        public String toString() {
            return message.isBlank() || message.equals(code) ? code : code + ": " + message;
        }
    }
}
