package dev.gpunotebook.core.diagnose.snapshot;

/** EC2 DescribeNatGateways: state (pending, available, failed, deleting, deleted), public/private. */
public record NatGatewayFacts(String natGatewayId, String subnetId, String state, String connectivityType) {
    public NatGatewayFacts {
        Validate.nonBlank(natGatewayId, "natGatewayId");
        Validate.nonBlank(state, "state");
        connectivityType = connectivityType == null || connectivityType.isBlank() ? "public" : connectivityType;
    }
}
