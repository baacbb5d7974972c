package dev.gpunotebook.core.provision.setup;

import dev.gpunotebook.core.cloud.Ec2Gateway.ResourceKind;
import java.util.Optional;

/** The environment's VPC: the configured one, else the one tagged for this environment, else a new one. */
final class VpcStep extends SetupStep {

    VpcStep() {
        super("vpc");
    }

    @Override
    Optional<String> find(SetupContext c) {
        if (!c.config.vpcId().isEmpty()) {
            c.vpcId = c.config.vpcId();
            c.vpcAdopted = true;
            return Optional.of("adopted " + c.vpcId);
        }
        Optional<String> vpc = c.cloud.ec2().findVpc(c.tags(c.names.vpc()));
        vpc.ifPresent(id -> c.vpcId = id);
        return vpc;
    }

    @Override
    String create(SetupContext c) {
        c.vpcId = c.cloud.ec2().createVpc(c.config.vpcCidr(), c.tags(c.names.vpc()));
        return c.vpcId + " (" + c.config.vpcCidr() + ")";
    }

    @Override
    public void rollback(SetupContext c) {
        c.cloud.ec2().delete(ResourceKind.VPC, c.vpcId);
    }
}
