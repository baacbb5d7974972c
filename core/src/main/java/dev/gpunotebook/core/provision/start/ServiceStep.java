package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.cloud.ServiceInfo;
import dev.gpunotebook.core.cloud.ServiceSpec;
import dev.gpunotebook.core.model.ResourceNames;
import dev.gpunotebook.core.provision.StepOutcome;
import java.util.Optional;

/**
 * The notebook's ECS service: one task behind the target group, pinned to the notebook's own
 * instance by the placement constraint {@code attribute:gpu-notebook == <name>}.
 */
final class ServiceStep extends StartStep {

    static final String NAME = "service";
    /** Image pulls of multi-GB CUDA images and Jupyter's start take minutes on a fresh instance. */
    static final int HEALTH_CHECK_GRACE_SECONDS = 600;

    ServiceStep() {
        super(NAME, afterPreflight(TaskDefinitionStep.NAME, ListenerRuleStep.NAME, InstanceStep.NAME));
    }

    static String placementExpression(StartContext c) {
        return "attribute:" + ResourceNames.INSTANCE_ATTRIBUTE + " == " + c.spec.name();
    }

    @Override
    public StepOutcome apply(StartContext c) {
        String name = c.names.service(c.spec.name());
        Optional<ServiceInfo> existing = c.cloud.ecs().findService(c.env.clusterName(), name);
        if (existing.isPresent()) {
            c.serviceArn = existing.get().arn();
            return StepOutcome.found(c.serviceArn);
        }
        ServiceInfo created = c.cloud.ecs().createService(new ServiceSpec(c.env.clusterName(), name,
                c.taskDefinitionArn, c.targetGroupArn, TaskDefinitionStep.CONTAINER, TaskDefinitionStep.JUPYTER_PORT,
                placementExpression(c), HEALTH_CHECK_GRACE_SECONDS, c.tags()));
        c.serviceArn = created.arn();
        return StepOutcome.created(created.arn());
    }

    @Override
    public void rollback(StartContext c) {
        c.cloud.ecs().deleteService(c.env.clusterName(), c.names.service(c.spec.name()));
    }
}
