package dev.gpunotebook.core.provision.setup;

import dev.gpunotebook.core.cloud.Ec2Gateway.ResourceKind;
import dev.gpunotebook.core.cloud.IngressRule;
import dev.gpunotebook.core.cloud.LoadBalancerInfo;
import dev.gpunotebook.core.cloud.SecurityGroupInfo;
import java.util.Optional;

/**
 * The load balancer's security group: clients reach the listener port only from the configured
 * CIDRs. An adopted load balancer keeps its own first security group.
 */
final class AlbSecurityGroupStep extends SetupStep {

    AlbSecurityGroupStep() {
        super("alb-security-group", "vpc");
    }

    @Override
    Optional<String> find(SetupContext c) {
        if (!c.config.loadBalancerArn().isEmpty()) {
            Optional<LoadBalancerInfo> alb = c.cloud.elb().findLoadBalancer(c.config.loadBalancerArn());
            if (alb.isPresent() && !alb.get().securityGroupIds().isEmpty()) {
                c.albSecurityGroupId = alb.get().securityGroupIds().get(0);
                return Optional.of("adopted " + c.albSecurityGroupId + " of the configured load balancer");
            }
        }
        if (c.vpcId == null) {
            return Optional.empty();
        }
        Optional<SecurityGroupInfo> group = c.cloud.ec2().findSecurityGroup(c.vpcId, c.names.albSecurityGroup());
        group.ifPresent(g -> c.albSecurityGroupId = g.id());
        if (group.isPresent() && !c.lookupOnly) {
            allowClients(c, group.get().id());
        }
        return group.map(SecurityGroupInfo::id);
    }

    @Override
    String create(SetupContext c) {
        c.albSecurityGroupId = c.cloud.ec2().createSecurityGroup(c.vpcId, c.names.albSecurityGroup(),
                "gpu-notebook " + c.config.env() + ": clients to the load balancer", c.tags(c.names.albSecurityGroup()));
        allowClients(c, c.albSecurityGroupId);
        return c.albSecurityGroupId + " (tcp " + c.listenerPort() + " from " + c.config.allowedCidrs() + ")";
    }

    private static void allowClients(SetupContext c, String groupId) {
        for (String cidr : c.config.allowedCidrs()) {
            c.cloud.ec2().allowIngress(groupId, IngressRule.fromCidr(c.listenerPort(), cidr, "notebook clients"));
        }
    }

    /** The group exists once it has an id; a rule for the clients failed after that. */
    @Override
    void removePartial(SetupContext c) {
        if (c.albSecurityGroupId != null) {
            rollback(c);
        }
    }

    @Override
    public void rollback(SetupContext c) {
        c.cloud.ec2().delete(ResourceKind.SECURITY_GROUP, c.albSecurityGroupId);
    }
}
