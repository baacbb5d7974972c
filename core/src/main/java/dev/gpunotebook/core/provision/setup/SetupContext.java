package dev.gpunotebook.core.provision.setup;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.cloud.Cloud;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.ResourceNames;
import dev.gpunotebook.core.model.Tags;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * What the setup steps share. Each step writes only its own fields; the runner's ordering makes
 * them visible to the steps that depend on it.
 */
final class SetupContext {

    final Cloud cloud;
    final EnvironmentConfig config;
    final ResourceNames names;
    /** When true the steps only look: a missing resource is recorded instead of created. */
    final boolean lookupOnly;
    final Set<String> missing = new ConcurrentSkipListSet<>();

    volatile String vpcId;
    volatile boolean vpcAdopted;
    volatile List<Environment.Subnet> subnets = List.of();
    volatile String albSecurityGroupId;
    volatile String instanceSecurityGroupId;
    volatile String clusterName;
    volatile String instanceProfileName;
    volatile String executionRoleArn;
    volatile String logGroupName;
    volatile String loadBalancerArn;
    volatile String loadBalancerDns;
    volatile String listenerArn;

    SetupContext(Cloud cloud, EnvironmentConfig config, boolean lookupOnly) {
        this.cloud = cloud;
        this.config = config;
        this.names = config.names();
        this.lookupOnly = lookupOnly;
    }

    Map<String, String> tags(String displayName) {
        return Tags.shared(config.env(), displayName);
    }

    int listenerPort() {
        return config.https() ? 443 : 80;
    }

    Environment toEnvironment() {
        if (!missing.isEmpty()) {
            throw GpuNotebookException.of(GpuNotebookException.Reason.NOT_FOUND, "The environment '" + config.env()
                    + "' is not set up in " + cloud.region() + " (missing: " + String.join(", ", missing)
                    + "). Run `gpu-notebook setup` first.");
        }
        return new Environment(config, vpcId, subnets, clusterName, loadBalancerArn, loadBalancerDns,
                albSecurityGroupId, instanceSecurityGroupId, listenerArn, instanceProfileName, executionRoleArn,
                logGroupName);
    }
}
