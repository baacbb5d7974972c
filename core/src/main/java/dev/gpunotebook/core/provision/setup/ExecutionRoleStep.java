package dev.gpunotebook.core.provision.setup;

import java.util.List;
import java.util.Optional;

/**
 * The task execution role: pulls images, writes logs, and reads only this environment's SSM
 * parameters, which is how the Jupyter token reaches the container as a secret.
 */
final class ExecutionRoleStep extends SetupStep {

    static final String TASK_EXECUTION_POLICY =
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

    ExecutionRoleStep() {
        super("execution-role");
    }

    @Override
    Optional<String> find(SetupContext c) {
        Optional<String> arn = c.cloud.iam().findRole(c.names.executionRole());
        arn.ifPresent(a -> c.executionRoleArn = a);
        return arn;
    }

    @Override
    String create(SetupContext c) {
        String name = c.names.executionRole();
        c.executionRoleArn = c.cloud.iam().createRole(name, "ecs-tasks.amazonaws.com", List.of(TASK_EXECUTION_POLICY),
                "read-notebook-tokens", tokenPolicy(c), c.tags(name));
        return c.executionRoleArn;
    }

    private static String tokenPolicy(SetupContext c) {
        String parameters = "arn:aws:ssm:*:*:parameter" + c.names.parameterPrefix() + "*";
        return """
                {"Version":"2012-10-17","Statement":[\
                {"Effect":"Allow","Action":["ssm:GetParameters"],"Resource":"%s"},\
                {"Effect":"Allow","Action":["kms:Decrypt"],"Resource":"*",\
                "Condition":{"StringEquals":{"kms:ViaService":"ssm.%s.amazonaws.com"}}}]}"""
                .formatted(parameters, c.cloud.region());
    }

    @Override
    public void rollback(SetupContext c) {
        c.cloud.iam().deleteRole(c.names.executionRole());
    }
}
