package dev.gpunotebook.core.diagnose.snapshot;

import java.util.List;

/**
 * ELBv2 DescribeLoadBalancers: the load balancer of the service's target group (its
 * LoadBalancerArns). State code active, provisioning, active_impaired or failed.
 */
public record LoadBalancerFacts(String arn, String name, String dnsName, String scheme, String type, String state,
        String stateReason, List<ZoneSubnet> availabilityZones, List<String> securityGroupIds) {
    public LoadBalancerFacts {
        Validate.nonBlank(arn, "arn");
        Validate.nonBlank(dnsName, "dnsName");
        Validate.nonBlank(state, "state");
        name = name == null ? arn.replaceAll(".*loadbalancer/(app|net)/([^/]+)/.*", "$2") : name;
        scheme = scheme == null ? "internet-facing" : scheme;
        type = type == null ? "application" : type;
        stateReason = stateReason == null ? "" : stateReason;
        availabilityZones = Validate.list(availabilityZones);
        securityGroupIds = Validate.list(securityGroupIds);
    }

    public record ZoneSubnet(String zoneName, String subnetId) {
        public ZoneSubnet {
            Validate.nonBlank(zoneName, "zoneName");
        }
    }
}
