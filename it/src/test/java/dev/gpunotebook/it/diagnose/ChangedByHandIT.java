package dev.gpunotebook.it.diagnose;

import static dev.gpunotebook.it.diagnose.DiagnosedStack.check;
import static dev.gpunotebook.it.diagnose.DiagnosedStack.describe;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.it.cli.EmulatorCredentials;
import dev.gpunotebook.it.cli.InProcessCli;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.FaultInjector;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionPlacementConstraint;

/**
 * Stacks that start built and a person then changed by hand, diagnosed by name as {@code diagnose NAME}.
 *
 * <p>What moto does not model: it runs no task (the service stays at 0 running, 1 pending) and registers
 * no GPU ({@link EcsAgentSimulator} injects AWS's DescribeContainerInstances answer). moto's UpdateService
 * with a desired count also sets the running count to it without starting a task, so a service scaled
 * by hand claims running tasks that registered no target: target.health's FAIL there is the emulator's.
 */
@WithAwsEmulator
@ExtendWith(EmulatorCredentials.class)
class ChangedByHandIT {

    private AwsEmulator emulator;
    private DiagnosedStack stack;

    @BeforeEach
    void setUp(AwsEmulator emulator, FaultInjector faults) {
        this.emulator = emulator;
        stack = new DiagnosedStack(emulator, faults);
        stack.start("alice");
    }

    @AfterEach
    void tearDown() {
        stack.close();
    }

    /** Registers a new revision of the service's task definition with its container edited, and deploys it. */
    private void deployNewRevision(UnaryOperator<ContainerDefinition> edit, Integer desiredCount) {
        String cluster = stack.env.clusterName();
        String service = stack.env.names().service(dev.gpunotebook.core.model.NotebookName.of("alice"));
        try (EcsClient ecs = emulator.client(EcsClient.builder())) {
            String current = ecs.describeServices(r -> r.cluster(cluster).services(service)).services().get(0)
                    .taskDefinition();
            TaskDefinition td = ecs.describeTaskDefinition(r -> r.taskDefinition(current)).taskDefinition();
            ContainerDefinition container = edit.apply(td.containerDefinitions().get(0));
            String arn = ecs.registerTaskDefinition(r -> r.family(td.family()).networkMode(td.networkMode())
                    .executionRoleArn(td.executionRoleArn()).volumes(td.volumes()).containerDefinitions(container)
                    .placementConstraints(td.placementConstraints().stream().map(p -> TaskDefinitionPlacementConstraint
                            .builder().type(p.type()).expression(p.expression()).build()).toList()))
                    .taskDefinition().taskDefinitionArn();
            ecs.updateService(r -> r.cluster(cluster).service(service).taskDefinition(arn).desiredCount(desiredCount));
        }
    }

    private static List<String> failures(Diagnosis diagnosis) {
        return diagnosis.checks().stream().filter(c -> c.status() == Status.FAIL).map(CheckResult::id).toList();
    }

    @Nested
    class WhenTheTaskDefinitionChanged {

        @Test
        void diagnose_whenANewRevisionDropsTheGpuRequirement_warnsOnceThatTheNotebookGetsNoGpu() {
            deployNewRevision(c -> c.toBuilder().resourceRequirements(List.of()).build(), null);

            Diagnosis diagnosis = stack.diagnose("alice");

            assertThat(failures(diagnosis)).as(describe(diagnosis)).isEmpty();
            CheckResult resources = check(diagnosis, "task.resources");
            assertThat(resources.status()).as(describe(diagnosis)).isEqualTo(Status.WARN);
            assertThat(resources.summary()).contains("reserves no GPU", "1 GPU(s)");
            assertThat(resources.evidence()).anyMatch(e -> e.startsWith("the task reserves 0 GPU(s)"));
            assertThat(resources.remediation()).contains("\"type\": \"GPU\"", "--service notebook-alice");
            assertThat(diagnosis.checks()).filteredOn(c -> c.summary().contains("reserves no GPU")).hasSize(1);
        }

        @Test
        void diagnoseJson_whenANewRevisionDropsTheGpuRequirement_exitsZeroWithTheWarningInJson() {
            deployNewRevision(c -> c.toBuilder().resourceRequirements(List.of()).build(), null);
            stack.agent.injectDescribeContainerInstances(stack.faults);

            InProcessCli.Run run = InProcessCli.run(List.of("diagnose", "alice", "--output", "json", "--endpoint-url",
                    stack.faults.endpoint().toString(), "--region", AwsEmulator.REGION));

            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(run.err()).doesNotContain("\tat ");
            JsonObject resources = JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonArray("checks").asList()
                    .stream().map(e -> e.getAsJsonObject()).filter(c -> c.get("id").getAsString().equals("task.resources"))
                    .findFirst().orElseThrow();
            assertThat(resources.get("status").getAsString()).isEqualTo("WARN");
            assertThat(resources.get("summary").getAsString()).contains("reserves no GPU");
        }
    }

    @Nested
    class WhenTheServiceWasScaled {

        @Test
        void diagnose_whenTheDesiredCountIsTwo_warnsThatTheOneGpuInstanceHoldsOneCopy() {
            deployNewRevision(c -> c, 2);

            Diagnosis diagnosis = stack.diagnose("alice");

            CheckResult resources = check(diagnosis, "task.resources");
            assertThat(resources.status()).as(describe(diagnosis)).isEqualTo(Status.WARN);
            assertThat(resources.summary()).contains("asks for 2 copies", "the instance holds 1", "the other 1 never place");
            assertThat(resources.evidence()).contains("service notebook-alice: desired count 2");
            assertThat(resources.remediation()).endsWith("--service notebook-alice --desired-count 1");
            // moto claims both copies run (see the class comment): no other check may FAIL.
            assertThat(failures(diagnosis)).as(describe(diagnosis)).isSubsetOf("target.health");
        }
    }
}
