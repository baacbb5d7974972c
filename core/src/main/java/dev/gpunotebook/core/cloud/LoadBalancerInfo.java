package dev.gpunotebook.core.cloud;

import java.util.List;

/** An Application Load Balancer. */
public record LoadBalancerInfo(String arn, String name, String dnsName, String vpcId, List<String> securityGroupIds) {
    public LoadBalancerInfo {
        securityGroupIds = List.copyOf(securityGroupIds);
    }
}
