package dev.gpunotebook.core.model;

import java.util.List;

/**
 * The shared resources of an environment as they exist in AWS, found or created by setup.
 * Everything start needs to place a notebook.
 */
public record Environment(
        EnvironmentConfig config,
        String vpcId,
        List<Subnet> subnets,
        String clusterName,
        String loadBalancerArn,
        String loadBalancerDns,
        String albSecurityGroupId,
        String instanceSecurityGroupId,
        String listenerArn,
        String instanceProfileName,
        String executionRoleArn,
        String logGroupName) {

    /** A subnet the notebooks may use, with its Availability Zone. */
    public record Subnet(String id, String availabilityZone) {
        public Subnet {
            if (id == null || id.isBlank() || availabilityZone == null || availabilityZone.isBlank()) {
                throw new IllegalArgumentException("a subnet needs an id and an Availability Zone");
            }
        }
    }

    public Environment {
        if (config == null) {
            throw new IllegalArgumentException("config is required");
        }
        subnets = List.copyOf(subnets);
    }

    public EnvironmentName env() {
        return config.env();
    }

    public ResourceNames names() {
        return config.names();
    }

    /** The notebook's address without any token: safe to show in a channel. */
    public String notebookUrl(NotebookName name) {
        return (config.https() ? "https://" : "http://") + loadBalancerDns + ResourceNames.baseUrl(name);
    }
}
