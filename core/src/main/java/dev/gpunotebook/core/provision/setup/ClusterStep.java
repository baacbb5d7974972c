package dev.gpunotebook.core.provision.setup;

import dev.gpunotebook.core.GpuNotebookException;
import java.util.Optional;

/** The ECS cluster the notebook instances join: the configured one, else {@code gpu-notebook-<env>}. */
final class ClusterStep extends SetupStep {

    ClusterStep() {
        super("cluster");
    }

    @Override
    Optional<String> find(SetupContext c) {
        boolean adopted = !c.config.clusterName().isEmpty();
        String name = adopted ? c.config.clusterName() : c.names.cluster();
        Optional<String> arn = c.cloud.ecs().findCluster(name);
        if (arn.isEmpty() && adopted) {
            throw GpuNotebookException.of(GpuNotebookException.Reason.NOT_FOUND, "The configured ECS cluster '" + name
                    + "' does not exist or is not ACTIVE in " + c.cloud.region() + ". Check the cluster name and region.");
        }
        arn.ifPresent(a -> c.clusterName = name);
        return arn;
    }

    @Override
    String create(SetupContext c) {
        String arn = c.cloud.ecs().createCluster(c.names.cluster(), c.tags(c.names.cluster()));
        c.clusterName = c.names.cluster();
        return arn;
    }

    @Override
    public void rollback(SetupContext c) {
        c.cloud.ecs().deleteCluster(c.names.cluster());
    }
}
