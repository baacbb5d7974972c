package dev.gpunotebook.core.provision.setup;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.cloud.LoadBalancerInfo;
import dev.gpunotebook.core.model.Environment;
import java.util.Optional;

/** The internet-facing Application Load Balancer in the public subnets: configured, or created. */
final class LoadBalancerStep extends SetupStep {

    LoadBalancerStep() {
        super("load-balancer", "subnets", "alb-security-group", "internet-route");
    }

    @Override
    Optional<String> find(SetupContext c) {
        boolean adopted = !c.config.loadBalancerArn().isEmpty();
        Optional<LoadBalancerInfo> alb = c.cloud.elb().findLoadBalancer(
                adopted ? c.config.loadBalancerArn() : c.names.loadBalancer());
        if (alb.isEmpty() && adopted) {
            throw GpuNotebookException.of(GpuNotebookException.Reason.NOT_FOUND, "The configured load balancer "
                    + c.config.loadBalancerArn() + " does not exist in " + c.cloud.region() + ".");
        }
        alb.ifPresent(lb -> {
            c.loadBalancerArn = lb.arn();
            c.loadBalancerDns = lb.dnsName();
        });
        return alb.map(lb -> lb.arn() + " (" + lb.dnsName() + ")");
    }

    @Override
    String create(SetupContext c) {
        LoadBalancerInfo alb = c.cloud.elb().createLoadBalancer(c.names.loadBalancer(),
                c.subnets.stream().map(Environment.Subnet::id).toList(), c.albSecurityGroupId,
                c.tags(c.names.loadBalancer()));
        c.loadBalancerArn = alb.arn();
        c.loadBalancerDns = alb.dnsName();
        return alb.arn() + " (" + alb.dnsName() + ")";
    }

    @Override
    public void rollback(SetupContext c) {
        c.cloud.elb().deleteLoadBalancer(c.loadBalancerArn);
    }
}
