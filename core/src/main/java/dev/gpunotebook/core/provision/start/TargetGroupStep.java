package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.cloud.TargetGroupInfo;
import dev.gpunotebook.core.cloud.TargetGroupSpec;
import dev.gpunotebook.core.model.ResourceNames;
import dev.gpunotebook.core.model.Tags;
import dev.gpunotebook.core.provision.StepOutcome;
import java.util.Optional;

/**
 * The notebook's target group. ECS registers the task's dynamic host port in it; the health check
 * asks Jupyter's {@code /api} under its base_url, which answers 200 without a token.
 */
final class TargetGroupStep extends StartStep {

    static final String NAME = "target-group";

    TargetGroupStep() {
        super(NAME, afterPreflight());
    }

    @Override
    public StepOutcome apply(StartContext c) {
        String name = c.names.targetGroup(c.spec.name());
        Optional<TargetGroupInfo> existing = c.cloud.elb().findTargetGroup(name);
        if (existing.isPresent()) {
            String notebook = existing.get().tags().get(Tags.NOTEBOOK);
            if (!c.spec.name().value().equals(notebook)) {
                throw GpuNotebookException.of(GpuNotebookException.Reason.CONFLICT, "A target group named " + name
                        + " exists but is not tagged as notebook " + c.spec.name() + "'s. Delete or rename it.");
            }
            c.targetGroupArn = existing.get().arn();
            return StepOutcome.found(c.targetGroupArn);
        }
        TargetGroupInfo created = c.cloud.elb().createTargetGroup(new TargetGroupSpec(name, c.env.vpcId(),
                TaskDefinitionStep.JUPYTER_PORT, ResourceNames.healthCheckPath(c.spec.name()), c.tags()));
        c.targetGroupArn = created.arn();
        return StepOutcome.created(created.arn() + " (health check " + created.healthCheckPath() + ")");
    }

    @Override
    public void rollback(StartContext c) {
        c.cloud.elb().deleteTargetGroup(c.targetGroupArn);
    }
}
