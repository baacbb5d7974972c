package dev.gpunotebook.core.cloud;

import java.util.List;

/** A security group with its ingress rules. */
public record SecurityGroupInfo(String id, String name, String vpcId, List<IngressRule> ingress) {
    public SecurityGroupInfo {
        ingress = List.copyOf(ingress);
    }
}
