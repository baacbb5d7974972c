package dev.gpunotebook.core.provision.setup;

import dev.gpunotebook.core.cloud.Ec2Gateway.ResourceKind;
import dev.gpunotebook.core.model.Environment;
import java.util.Optional;

/**
 * The way out: an internet gateway and a route table sending 0.0.0.0/0 to it, associated with the
 * public subnets. Container instances need it to reach the ECS endpoints and pull images; the ALB
 * needs it to be reached. An adopted VPC's routing is left as it is (diagnose checks it).
 */
final class InternetRouteStep extends SetupStep {

    private volatile String createdGateway;
    private volatile String createdRouteTable;

    InternetRouteStep() {
        super("internet-route", "subnets");
    }

    @Override
    Optional<String> find(SetupContext c) {
        if (c.vpcAdopted) {
            return Optional.of("adopted VPC: routing left as configured");
        }
        if (c.vpcId == null) {
            return Optional.empty();
        }
        Optional<String> gateway = c.cloud.ec2().findInternetGateway(c.vpcId);
        Optional<String> table = c.cloud.ec2().findRouteTable(c.vpcId, c.tags(c.names.vpc() + "-public"));
        if (gateway.isPresent() && table.isPresent()) {
            return Optional.of(gateway.get() + ", " + table.get());
        }
        return Optional.empty();
    }

    @Override
    String create(SetupContext c) {
        String gateway = c.cloud.ec2().findInternetGateway(c.vpcId).orElseGet(() -> {
            createdGateway = c.cloud.ec2().createInternetGateway(c.vpcId, c.tags(c.names.vpc()));
            return createdGateway;
        });
        createdRouteTable = c.cloud.ec2().createPublicRouteTable(c.vpcId, gateway,
                c.subnets.stream().map(Environment.Subnet::id).toList(), c.tags(c.names.vpc() + "-public"));
        return gateway + ", " + createdRouteTable + " (0.0.0.0/0 -> " + gateway + ")";
    }

    @Override
    void removePartial(SetupContext c) {
        rollback(c);
    }

    @Override
    public void rollback(SetupContext c) {
        if (createdRouteTable != null) {
            c.cloud.ec2().delete(ResourceKind.ROUTE_TABLE, createdRouteTable);
        }
        if (createdGateway != null) {
            c.cloud.ec2().delete(ResourceKind.INTERNET_GATEWAY, createdGateway);
        }
    }
}
