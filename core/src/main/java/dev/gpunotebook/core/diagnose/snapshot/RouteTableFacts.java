package dev.gpunotebook.core.diagnose.snapshot;

import java.util.List;

/**
 * EC2 DescribeRouteTables: the route table that applies to a subnet (the one associated with it
 * through filter {@code association.subnet-id}, else the VPC's main table; {@code main} says
 * which). Each route has a destination (IPv4/IPv6 CIDR or prefix list id), a target (the first
 * non-null of GatewayId, NatGatewayId, TransitGatewayId, VpcPeeringConnectionId,
 * NetworkInterfaceId, InstanceId, EgressOnlyInternetGatewayId; {@code local} for the VPC) and
 * a state ({@code active} or {@code blackhole}).
 */
public record RouteTableFacts(String routeTableId, boolean main, List<String> subnetIds, List<Route> routes) {
    public RouteTableFacts {
        Validate.nonBlank(routeTableId, "routeTableId");
        subnetIds = Validate.list(subnetIds);
        routes = Validate.list(routes);
    }

    public record Route(String destination, String target, String state) {
        public Route {
            Validate.nonBlank(destination, "destination");
            Validate.nonBlank(target, "target");
            state = state == null || state.isBlank() ? "active" : state;
        }

        public boolean isActive() {
            return "active".equals(state);
        }

        @Override
        public String toString() {
            return destination + " -> " + target + ("active".equals(state) ? "" : " (" + state + ")");
        }
    }
}
