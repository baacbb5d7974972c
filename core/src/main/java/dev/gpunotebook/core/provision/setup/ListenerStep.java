package dev.gpunotebook.core.provision.setup;

import java.util.Optional;

/**
 * The load balancer's one listener: HTTPS on 443 when a certificate is configured, else HTTP on 80.
 * Its default action answers 404; each notebook adds a path rule.
 */
final class ListenerStep extends SetupStep {

    ListenerStep() {
        super("listener", "load-balancer");
    }

    @Override
    Optional<String> find(SetupContext c) {
        if (c.loadBalancerArn == null) {
            return Optional.empty();
        }
        Optional<String> arn = c.cloud.elb().findListener(c.loadBalancerArn, c.listenerPort());
        arn.ifPresent(a -> c.listenerArn = a);
        return arn;
    }

    @Override
    String create(SetupContext c) {
        c.listenerArn = c.cloud.elb().createListener(c.loadBalancerArn, c.listenerPort(), c.config.certificateArn(),
                c.tags(c.names.loadBalancer()));
        return c.listenerArn + (c.config.https() ? " (HTTPS 443)" : " (HTTP 80)");
    }

    @Override
    public void rollback(SetupContext c) {
        c.cloud.elb().deleteListener(c.listenerArn);
    }
}
