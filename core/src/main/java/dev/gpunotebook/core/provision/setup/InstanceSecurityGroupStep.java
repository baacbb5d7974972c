package dev.gpunotebook.core.provision.setup;

import dev.gpunotebook.core.cloud.Ec2Gateway.ResourceKind;
import dev.gpunotebook.core.cloud.IngressRule;
import dev.gpunotebook.core.cloud.SecurityGroupInfo;
import java.util.Optional;

/**
 * The container instances' security group: only the load balancer's security group may connect,
 * and only on the ECS dynamic host-port range, because each notebook task gets a random host port.
 */
final class InstanceSecurityGroupStep extends SetupStep {

    /** ECS's default dynamic host-port range (the agent's ECS_DYNAMIC_HOST_PORT_RANGE default). */
    static final int DYNAMIC_PORT_FROM = 32768;
    static final int DYNAMIC_PORT_TO = 65535;

    InstanceSecurityGroupStep() {
        super("instance-security-group", "alb-security-group");
    }

    @Override
    Optional<String> find(SetupContext c) {
        if (c.vpcId == null) {
            return Optional.empty();
        }
        Optional<SecurityGroupInfo> group = c.cloud.ec2().findSecurityGroup(c.vpcId, c.names.instanceSecurityGroup());
        group.ifPresent(g -> c.instanceSecurityGroupId = g.id());
        if (group.isPresent() && !c.lookupOnly && c.albSecurityGroupId != null) {
            c.cloud.ec2().allowIngress(group.get().id(), rule(c));
        }
        return group.map(SecurityGroupInfo::id);
    }

    @Override
    String create(SetupContext c) {
        c.instanceSecurityGroupId = c.cloud.ec2().createSecurityGroup(c.vpcId, c.names.instanceSecurityGroup(),
                "gpu-notebook " + c.config.env() + ": load balancer to notebook containers",
                c.tags(c.names.instanceSecurityGroup()));
        c.cloud.ec2().allowIngress(c.instanceSecurityGroupId, rule(c));
        return c.instanceSecurityGroupId + " (tcp " + DYNAMIC_PORT_FROM + "-" + DYNAMIC_PORT_TO + " from "
                + c.albSecurityGroupId + ")";
    }

    private static IngressRule rule(SetupContext c) {
        return IngressRule.fromGroup(DYNAMIC_PORT_FROM, DYNAMIC_PORT_TO, c.albSecurityGroupId,
                "load balancer to ECS dynamic host ports");
    }

    /** The group exists once it has an id; the rule for the load balancer failed after that. */
    @Override
    void removePartial(SetupContext c) {
        if (c.instanceSecurityGroupId != null) {
            rollback(c);
        }
    }

    @Override
    public void rollback(SetupContext c) {
        c.cloud.ec2().delete(ResourceKind.SECURITY_GROUP, c.instanceSecurityGroupId);
    }
}
