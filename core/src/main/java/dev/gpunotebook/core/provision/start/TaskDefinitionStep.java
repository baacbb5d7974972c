package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.cloud.TaskDefinitionSpec;
import dev.gpunotebook.core.model.ResourceNames;
import dev.gpunotebook.core.provision.StepOutcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The notebook's task definition: one Jupyter container with its GPUs, a dynamic host port, memory
 * that fits the instance, the token as a secret, awslogs, and the work folder as a host volume.
 */
final class TaskDefinitionStep extends StartStep {

    static final String NAME = "task-definition";
    static final String CONTAINER = "jupyter";
    static final int JUPYTER_PORT = 8888;
    static final String WORK_DIR = "/home/jovyan/work";

    TaskDefinitionStep() {
        super(NAME, afterPreflight(TokenStep.NAME));
    }

    @Override
    public StepOutcome apply(StartContext c) {
        String family = c.names.taskFamily(c.spec.name());
        Optional<String> existing = c.cloud.ecs().findTaskDefinition(family);
        if (existing.isPresent()) {
            c.taskDefinitionArn = existing.get();
            return StepOutcome.found(c.taskDefinitionArn);
        }
        c.taskDefinitionArn = c.cloud.ecs().registerTaskDefinition(spec(c));
        return StepOutcome.created(c.taskDefinitionArn);
    }

    static TaskDefinitionSpec spec(StartContext c) {
        String baseUrl = ResourceNames.baseUrl(c.spec.name());
        // The token is not on the command line: Jupyter Server reads JUPYTER_TOKEN from its environment.
        List<String> command = List.of("start-notebook.py", "--ServerApp.base_url=" + baseUrl,
                "--ServerApp.root_dir=" + WORK_DIR, "--ServerApp.ip=0.0.0.0", "--ServerApp.port=" + JUPYTER_PORT);
        return new TaskDefinitionSpec(c.names.taskFamily(c.spec.name()), CONTAINER, c.spec.image(),
                TaskSizing.memoryMib(c.instanceType), c.spec.gpus(), JUPYTER_PORT, command,
                Map.of("JUPYTER_BASE_URL", baseUrl, "NVIDIA_DRIVER_CAPABILITIES", "compute,utility"),
                Map.of("JUPYTER_TOKEN", tokenValueFrom(c)), c.env.executionRoleArn(), c.env.logGroupName(),
                c.cloud.region(), c.spec.name().value(), "work", UserData.workFolder(c.spec.name()), WORK_DIR, c.tags());
    }

    /**
     * The token's {@code secrets.valueFrom}: the parameter's name. ECS accepts the name of an SSM
     * parameter in the task's own region (a parameter in another region needs its full ARN), and
     * {@link TokenStep} creates it with the same client, so in the same account and region. The
     * execution role's policy is matched against the parameter's ARN whichever form is given.
     */
    static String tokenValueFrom(StartContext c) {
        return c.names.tokenParameter(c.spec.name());
    }

    @Override
    public void rollback(StartContext c) {
        c.cloud.ecs().deregisterTaskDefinitions(c.names.taskFamily(c.spec.name()));
    }
}
