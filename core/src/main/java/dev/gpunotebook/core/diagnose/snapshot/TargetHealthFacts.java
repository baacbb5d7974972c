package dev.gpunotebook.core.diagnose.snapshot;

/**
 * ELBv2 DescribeTargetHealth, one target: id (instance id or IP), port, state (initial,
 * healthy, unhealthy, unused, draining, unavailable), reason code (e.g.
 * {@code Target.ResponseCodeMismatch}) and description.
 */
public record TargetHealthFacts(String targetId, Integer port, String availabilityZone, String state, String reason,
        String description) {
    public TargetHealthFacts {
        Validate.nonBlank(targetId, "targetId");
        Validate.nonBlank(state, "state");
        reason = reason == null ? "" : reason;
        description = description == null ? "" : description;
    }

    @Override
    public String toString() {
        return targetId + (port == null ? "" : ":" + port) + " " + state
                + (reason.isBlank() ? "" : " (" + reason + (description.isBlank() ? "" : ": " + description) + ")");
    }
}
