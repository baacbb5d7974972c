package dev.gpunotebook.core.diagnose.snapshot;

import java.util.List;

/**
 * EC2 DescribeVpcEndpoints (filter vpc-id): service name such as
 * {@code com.amazonaws.eu-west-1.ecs-agent}, type Interface or Gateway, state (lower case as the
 * API writes it, e.g. {@code available}), the subnets of an interface endpoint, the route tables
 * of a gateway endpoint, and whether private DNS is on (interface endpoints only work for the
 * agent with private DNS).
 */
public record VpcEndpointFacts(String vpcEndpointId, String serviceName, String type, String state,
        List<String> subnetIds, List<String> routeTableIds, boolean privateDnsEnabled) {
    public VpcEndpointFacts {
        Validate.nonBlank(vpcEndpointId, "vpcEndpointId");
        Validate.nonBlank(serviceName, "serviceName");
        Validate.nonBlank(type, "type");
        Validate.nonBlank(state, "state");
        subnetIds = Validate.list(subnetIds);
        routeTableIds = Validate.list(routeTableIds);
    }

    public boolean isAvailable() {
        return "available".equalsIgnoreCase(state);
    }
}
