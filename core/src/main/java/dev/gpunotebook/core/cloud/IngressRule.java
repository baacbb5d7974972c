package dev.gpunotebook.core.cloud;

/**
 * A TCP ingress rule: from a CIDR block or from another security group, on a port range.
 * Exactly one source is set.
 */
public record IngressRule(int fromPort, int toPort, String cidr, String sourceGroupId, String description) {

    public IngressRule {
        if (fromPort < 0 || toPort > 65535 || fromPort > toPort) {
            throw new IllegalArgumentException("invalid port range " + fromPort + "-" + toPort);
        }
        cidr = cidr == null ? "" : cidr;
        sourceGroupId = sourceGroupId == null ? "" : sourceGroupId;
        if (cidr.isEmpty() == sourceGroupId.isEmpty()) {
            throw new IllegalArgumentException("an ingress rule needs exactly one of a CIDR or a source group");
        }
        description = description == null ? "" : description;
    }

    public static IngressRule fromCidr(int port, String cidr, String description) {
        return new IngressRule(port, port, cidr, "", description);
    }

    public static IngressRule fromGroup(int fromPort, int toPort, String groupId, String description) {
        return new IngressRule(fromPort, toPort, "", groupId, description);
    }

    /** Same ports and source; descriptions do not matter for idempotency. */
    public boolean sameAs(IngressRule other) {
        return fromPort == other.fromPort && toPort == other.toPort && cidr.equals(other.cidr)
                && sourceGroupId.equals(other.sourceGroupId);
    }
}
