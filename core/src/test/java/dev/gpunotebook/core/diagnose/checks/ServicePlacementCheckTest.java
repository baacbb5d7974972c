package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.CLUSTER;
import static dev.gpunotebook.core.diagnose.Snapshots.GPU_UUID;
import static dev.gpunotebook.core.diagnose.Snapshots.INSTANCE_TYPE;
import static dev.gpunotebook.core.diagnose.Snapshots.LAUNCHED;
import static dev.gpunotebook.core.diagnose.Snapshots.containerInstance;
import static dev.gpunotebook.core.diagnose.Snapshots.event;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static dev.gpunotebook.core.diagnose.Snapshots.service;
import static dev.gpunotebook.core.diagnose.Snapshots.serviceConstrainedBy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Snapshots;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts.Resources;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts.DeploymentConfig;
import dev.gpunotebook.core.diagnose.snapshot.UserData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServicePlacementCheckTest {
    private final ServicePlacementCheck check = new ServicePlacementCheck();
    private static final String UNABLE = "(service gpu-notebook-alice) was unable to place a task because no container "
            + "instance met all of its requirements. ";

    private CheckResult runWithEvents(int running, int pending, String... messages) {
        List<ServiceFacts.ServiceEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            events.add(event(LAUNCHED.plusSeconds(1000 - i), messages[i]));
        }
        return check.run(healthy().service(known(service(1, running, pending, events))).build());
    }

    @Test
    void run_whenRunningAsManyAsDesired_passes() {
        CheckResult result = check.run(healthy().build());

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.evidence()).anySatisfy(e -> assertThat(e).contains("has reached a steady state"));
    }

    @Nested
    @DisplayName("tasks that cannot be placed")
    class TasksThatCannotBePlaced {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "The closest matching (container-instance 0f1e2d3c) has insufficient memory available.|less free memory",
            "The closest matching (container-instance 0f1e2d3c) has insufficient GPU available.|no free GPU",
            "The closest matching (container-instance 0f1e2d3c) has insufficient CPU units available.|fewer free CPU units",
            "The closest matching (container-instance 0f1e2d3c) is already using a port required by your task.|hostPort is already taken",
            "Reason: No Container Instances were found in your cluster.|no registered container instance",
            "The closest matching (container-instance 0f1e2d3c) is missing an attribute required by your task.|lacks an attribute",
            "The closest matching (container-instance 0f1e2d3c) encountered error \"AGENT\".|disconnected"
        })
        void run_whenLatestEventExplainsIt_failsWithTheReason(String reason, String explained) {
            CheckResult result = runWithEvents(0, 0, UNABLE + reason, "(service gpu-notebook-alice) has started 1 tasks");

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).startsWith("Service gpu-notebook-alice runs 0 of 1 task(s)").contains(explained);
            assertThat(result.evidence()).anySatisfy(e -> assertThat(e).contains(reason));
        }

        @Test
        void run_whenTheEventGivesNoClosestMatch_failsOnTheRequirementsInGeneral() {
            CheckResult result = runWithEvents(0, 0, UNABLE.strip());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).endsWith(": no container instance met all of the task's requirements.");
            assertThat(result.remediation()).contains("task.resources", "agent.registration");
        }

        @Test
        void run_whenANewerEventSaysNothing_explainsByTheLatestTellingOne() {
            CheckResult result = runWithEvents(0, 0, "(service gpu-notebook-alice) has started 1 tasks: (task 4e1ba5e2).",
                    UNABLE + "The closest matching (container-instance 0f1e2d3c) has insufficient memory available.");

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("less free memory");
        }

        @Test
        void run_whenNoEventSaysWhy_warnsPointingAtStoppedTasks() {
            CheckResult result = runWithEvents(0, 0);

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).isEqualTo("Service gpu-notebook-alice runs 0 of 1 task(s), and no service event "
                    + "says why yet.");
            assertThat(result.remediation()).contains("task.stopped");
        }

        @Test
        void run_whenNoEventButATaskIsPending_warnsCountingIt() {
            CheckResult result = runWithEvents(0, 1);

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("1 pending");
        }
    }

    @Nested
    @DisplayName("faults other checks own")
    class FaultsOtherChecksOwn {
        @Test
        void run_whenTasksAreReplacedForFailingHealthChecks_warnsPointingAtTargetHealth() {
            CheckResult result = runWithEvents(0, 1, "(service gpu-notebook-alice) (instance i-0abc) (port 32768) is "
                    + "unhealthy in (target-group arn:...:targetgroup/gpu-notebook-alice/73e2d6bc24d8a067) due to (reason "
                    + "Health checks failed with these codes: [404]).");

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.remediation()).contains("target.health");
        }

        @Test
        void run_whenTasksKeepStopping_warnsPointingAtTaskStopped() {
            CheckResult result = runWithEvents(0, 0, "(service gpu-notebook-alice) is unable to consistently start tasks "
                    + "successfully.");

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.remediation()).contains("task.stopped");
        }

        @Test
        void run_whenAllRunButTheLatestEventIsAHealthReplacement_warns() {
            CheckResult result = runWithEvents(1, 0, "(service gpu-notebook-alice) (port 32768) is unhealthy in "
                    + "(target-group x) due to (reason Request timed out).");

            assertThat(result.status()).isEqualTo(Status.WARN);
        }
    }

    @Nested
    @DisplayName("service settings")
    class ServiceSettings {
        @Test
        void run_whenScaledToZero_warnsWithTheScaleCommand() {
            CheckResult result = check.run(healthy().service(known(service(0, 0, 0, List.of()))).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.remediation()).contains("--desired-count 1");
        }

        @Test
        void run_whenFargate_fails() {
            CheckResult result = check.run(healthy().service(known(service(1, 0, 0, List.of(), new DeploymentConfig(0, 100),
                    "FARGATE", List.of()))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("Fargate");
        }

        @Test
        void run_whenPlacementConstraintDoesNotMatchTheInstance_failsQuotingBothSides() {
            CheckResult result = check.run(healthy().containerInstance(known(containerInstance(CLUSTER, "ACTIVE", true,
                    new Resources(4096, 15751, List.of(GPU_UUID), List.of()), Map.of("gpu-notebook", "bob",
                            "ecs.instance-type", INSTANCE_TYPE)))).service(known(service(1, 0, 0, List.of()))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("attribute:gpu-notebook == alice", "has gpu-notebook=bob");
            assertThat(result.remediation()).contains("put-attributes");
        }

        @Test
        void run_whenNotRegisteredYetTheUserDataGivesTheAttribute_acceptsTheConstraint() {
            CheckResult result = check.run(healthy().containerInstance(Fact.missing("container instance")).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }

        @Test
        void run_whenUserDataLacksTheAttribute_failsOnTheConstraint() {
            CheckResult result = check.run(healthy().containerInstance(Fact.missing("container instance"))
                    .userData(known(dev.gpunotebook.core.diagnose.snapshot.UserData.ofText(
                            "#!/bin/bash\necho ECS_CLUSTER=gpu-notebook-dev >> /etc/ecs/ecs.config\n"))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("has no attribute gpu-notebook");
        }

        @Test
        void run_whenServiceDoesNotExist_fails() {
            CheckResult result = check.run(healthy().service(Fact.missing("service gpu-notebook-alice")).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.remediation()).contains("aws ecs list-services --cluster gpu-notebook-dev")
                    .endsWith("; or start the notebook: gpu-notebook start alice");
        }

        @Test
        void run_whenServiceIsBeingDeleted_fails() {
            ServiceFacts draining = new ServiceFacts(Snapshots.SERVICE_ARN, Snapshots.SERVICE, "DRAINING", 0, 0, 0, "EC2",
                    List.of(), Snapshots.TASK_DEFINITION_ARN, List.of(), List.of(), null, List.of(), List.of(), List.of());

            CheckResult result = check.run(healthy().service(known(draining)).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
        }

        @Test
        void run_whenDescribeServicesIsDenied_isUnknown() {
            CheckResult result = check.run(healthy().service(Fact.denied("ecs:DescribeServices", "")).build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("ecs:DescribeServices");
        }
    }

    @Nested
    @DisplayName("attribute placement constraints")
    class AttributePlacementConstraints {
        @Test
        void run_whenAnInequalityExcludesTheInstance_failsQuotingItsAttribute() {
            CheckResult result = check.run(healthy().service(known(serviceConstrainedBy("attribute:gpu-notebook != alice")))
                    .build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).isEqualTo("Placement constraint \"attribute:gpu-notebook != alice\" matches no "
                    + "instance: i-0abc1234def567890 has gpu-notebook=alice.");
        }

        @Test
        void run_whenAnInequalityLeavesTheInstanceIn_passes() {
            CheckResult result = check.run(healthy().service(known(serviceConstrainedBy(
                    "attribute:ecs.instance-type != t3.micro"))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence()).contains("placement constraint memberOf(attribute:ecs.instance-type != t3.micro)");
        }

        @Test
        void run_whenTheUserDataAttributesAreNotJson_leavesThatFaultToAgentConfig() {
            // agent.config FAILs attributes the agent cannot parse; judging the constraint on them would FAIL twice.
            CheckResult result = check.run(healthy().containerInstance(Fact.missing("container instance"))
                    .userData(known(UserData.ofText("#!/bin/bash\ncat <<'EOF' >> /etc/ecs/ecs.config\n"
                            + "ECS_CLUSTER=gpu-notebook-dev\nECS_INSTANCE_ATTRIBUTES={gpu-notebook: alice}\nEOF\n")))
                    .build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }
    }
}
