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
            ServiceInfo service = existing.get();
            c.serviceArn = service.arn();
            if (service.desiredCount() == 0) {
                // Resuming: one task again; it reads the token from SSM as it starts.
                c.cloud.ecs().scaleService(c.env.clusterName(), name, 1, c.tokenRotated);
                c.previousDesiredCount = 0;
                return StepOutcome.updated(c.serviceArn + " (desired count 0 -> 1)");
            }
            if (c.tokenRotated) {
                // A running task keeps the token it read at start: replace it so the new token applies.
                c.cloud.ecs().scaleService(c.env.clusterName(), name, service.desiredCount(), true);
                c.previousDesiredCount = service.desiredCount();
                return StepOutcome.updated(c.serviceArn + " (new deployment: the task restarts with the new token)");
            }
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
        String name = c.names.service(c.spec.name());
        if (c.previousDesiredCount >= 0) {
            c.cloud.ecs().scaleService(c.env.clusterName(), name, c.previousDesiredCount, c.tokenRotated);
        } else {
            c.cloud.ecs().deleteService(c.env.clusterName(), name);
        }
    }
}
