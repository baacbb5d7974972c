package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.TASK_DEFINITION_ARN;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.instanceType;
import static dev.gpunotebook.core.diagnose.Snapshots.jupyter;
import static dev.gpunotebook.core.diagnose.Snapshots.jupyterReserving;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static dev.gpunotebook.core.diagnose.Snapshots.registeredWith;
import static dev.gpunotebook.core.diagnose.Snapshots.service;
import static dev.gpunotebook.core.diagnose.Snapshots.taskDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Snapshots;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts.DeploymentConfig;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts.ContainerDefinitionFacts;
import dev.gpunotebook.core.diagnose.snapshot.UserData;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TaskResourcesCheckTest {
    private final TaskResourcesCheck check = new TaskResourcesCheck();

    private static Snapshot.Builder withTask(Integer memory, Integer reservation, int gpus) {
        return healthy().taskDefinition(known(taskDefinition("bridge", jupyter(memory, reservation, gpus, 0))));
    }

    @Nested
    @DisplayName("against what the instance registered")
    class AgainstWhatTheInstanceRegistered {
        @Test
        void run_whenTaskFits_passesQuotingBothSides() {
            CheckResult result = check.run(healthy().build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).contains("12288 MiB", "15751 MiB");
            assertThat(result.evidence()).contains("the task reserves 1 GPU(s), 2048 CPU units, 12288 MiB",
                    "0f1e2d3c4b5a69788796a5b4c3d2e1f0 registers 1 GPU(s), 4096 CPU units, 15751 MiB");
        }

        @Test
        void run_whenTheTaskTakesExactlyWhatTheInstanceRegisters_passes() {
            // ECS places a task that uses every registered CPU unit and MiB: equal is a fit, not a shortage.
            CheckResult result = check.run(healthy().taskDefinition(known(taskDefinition("bridge",
                    jupyterReserving(4096, 15751, 1)))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).contains("4096 CPU units, 15751 MiB) fits");
        }

        @Test
        void run_whenTheInstanceRegisteredFewerGpusThanItsTypeHas_failsAgainstTheRegisteredCount() {
            // ECS places on what the agent registered, not on the type's nominal GPUs.
            CheckResult result = check.run(withTask(12288, null, 3)
                    .instanceType(known(instanceType("g5.12xlarge", 48, 196608, 4)))
                    .containerInstance(known(registeredWith(49152, 191000, 2))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).isEqualTo("The task requires 3 GPU(s); g5.12xlarge has 2.");
            assertThat(result.remediation()).contains("resourceRequirements to 2");
        }

        @Test
        void run_whenTheInstanceRegisteredNoGpu_judgesTheTypesGpusAndLeavesThatFaultToAgentRegistration() {
            // agent.registration FAILs an instance that registered no GPU; one root cause, one FAIL.
            CheckResult result = check.run(healthy().containerInstance(known(registeredWith(4096, 15751, 0))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence()).anySatisfy(e -> assertThat(e).endsWith("registers 1 GPU(s), 4096 CPU units, "
                    + "15751 MiB"));
        }

        @Test
        void run_whenTheRegistrationCarriesNoFigures_judgesAgainstTheType() {
            // A container instance that reports no registered memory (an emulator's) tells nothing to compare with.
            CheckResult result = check.run(healthy().containerInstance(known(registeredWith(0, 0, 1))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence().get(1)).startsWith("g5.xlarge offers about (estimated: 16384 MiB less 820 MiB")
                    .endsWith("1 GPU(s), 4096 CPU units, 15564 MiB");
        }

        @Test
        void run_whenTaskWantsMoreGpus_fails() {
            CheckResult result = check.run(withTask(12288, null, 2).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("requires 2 GPU(s)", "has 1");
        }

        @Test
        void run_whenTaskWantsMoreCpu_fails() {
            CheckResult result = check.run(healthy().taskDefinition(known(new TaskDefinitionFacts(TASK_DEFINITION_ARN,
                    "bridge", 8192, null, null, List.of(jupyter(12288, null, 1, 0))))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("8192 CPU units", "4096");
        }

        @Test
        void run_whenMemoryIsTheNominalSizeOfTheType_failsAgainstTheRegisteredFigure() {
            CheckResult result = check.run(withTask(16384, null, 1).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("16384 MiB", "registers 15751 MiB");
            assertThat(result.remediation()).contains("at most 15751 MiB", "update-service");
        }

        @Test
        void run_whenOnlyTheSoftLimitIsSet_usesIt() {
            CheckResult result = check.run(withTask(30000, 8192, 1).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).contains("8192 MiB");
        }
    }

    @Nested
    @DisplayName("against the instance type when nothing registered")
    class AgainstTheInstanceType {
        private Snapshot.Builder unregistered(Integer memory) {
            return withTask(memory, null, 1).containerInstance(Fact.missing("container instance"));
        }

        @Test
        void run_whenWellInsideTheEstimate_passes() {
            CheckResult result = check.run(unregistered(12288).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence().get(1)).contains("estimated", "820 MiB");
        }

        @Test
        void run_whenInsideTheReserve_warnsRatherThanFails() {
            CheckResult result = check.run(unregistered(16000).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("offers about 15564 MiB");
        }

        @Test
        void run_whenLargerThanTheWholeType_fails() {
            CheckResult result = check.run(unregistered(20000).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
        }

        @Test
        void run_whenUserDataReservesMemory_subtractsIt() {
            CheckResult result = check.run(unregistered(15000).userData(known(UserData.ofText(Snapshots.USER_DATA
                    + "echo ECS_RESERVED_MEMORY=1024 >> /etc/ecs/ecs.config\n"))).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("14540 MiB");
            assertThat(result.evidence().get(1)).contains("820 MiB for the OS and ECS_RESERVED_MEMORY 1024");
        }

        @Test
        void run_whenEcsReservedMemoryIsNotANumberOfMiB_leavesItOut() {
            CheckResult result = check.run(unregistered(12288).userData(known(UserData.ofText(Snapshots.USER_DATA
                    + "echo ECS_RESERVED_MEMORY=1G >> /etc/ecs/ecs.config\n"))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence().get(1)).doesNotContain("ECS_RESERVED_MEMORY").endsWith("15564 MiB");
        }

        @Test
        void run_whenTheTaskAsksForTheTypesWholeMemory_warnsBecauseTheFigureIsAnEstimate() {
            // Only a task larger than the whole type is certain never to fit; what the OS keeps varies.
            CheckResult result = check.run(unregistered(16384).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("exact figure is known once the instance registers");
        }

        @Test
        void estimatedReserveMiB_forSmallAndLargeTypes_isFivePercentWithAFloor() {
            assertThat(TaskResourcesCheck.estimatedReserveMiB(4096)).isEqualTo(256);
            assertThat(TaskResourcesCheck.estimatedReserveMiB(16384)).isEqualTo(820);
        }
    }

    @Nested
    @DisplayName("changed by hand")
    class ChangedByHand {
        @Test
        void run_whenANewRevisionDroppedTheGpuRequirement_warnsThatTheContainerGetsNoGpu() {
            CheckResult result = check.run(withTask(12288, null, 0).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("reserves no GPU", "none of the instance's 1 GPU(s)");
            assertThat(result.evidence()).contains("the task reserves 0 GPU(s), 2048 CPU units, 12288 MiB");
            assertThat(result.remediation()).contains("\"type\": \"GPU\"", "update-service");
        }

        @Test
        void run_whenNeitherTaskNorInstanceHasAGpu_passes() {
            CheckResult result = check.run(withTask(12288, null, 0)
                    .instanceType(known(Snapshots.instanceType("m5.xlarge", 4, 16384, 0)))
                    .containerInstance(known(Snapshots.containerInstance(Snapshots.CLUSTER, "ACTIVE", true, List.of())))
                    .build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }

        @Test
        void run_whenTheDesiredCountIsTwoOnAOneGpuInstance_warnsThatTheSecondNeverPlaces() {
            CheckResult result = check.run(healthy().service(known(service(2, 1, 0, List.of()))).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("asks for 2 copies", "the instance holds 1", "the other 1 never place");
            assertThat(result.evidence()).contains("service " + Snapshots.SERVICE + ": desired count 2");
            assertThat(result.remediation()).endsWith("--desired-count 1");
        }

        @Test
        void run_whenTwoCopiesFitTheInstance_stillWarnsThatTheyAreSeparateJupyterServers() {
            CheckResult result = check.run(withTask(4096, null, 1)
                    .instanceType(known(Snapshots.instanceType("g4dn.12xlarge", 48, 196608, 4)))
                    .containerInstance(known(Snapshots.containerInstance(Snapshots.CLUSTER, "ACTIVE", true,
                            List.of("GPU-a", "GPU-b", "GPU-c", "GPU-d"))))
                    .service(known(service(2, 2, 0, List.of()))).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("asks for 2 copies", "separate Jupyter server")
                    .doesNotContain("never place");
        }
    }

    @Nested
    @DisplayName("deployments")
    class Deployments {
        @Test
        void run_whenTheReplacementCannotStartBesideTheOldTask_warns() {
            CheckResult result = check.run(healthy().service(known(service(1, 1, 0, List.of(), DeploymentConfig.DEFAULT,
                    "EC2", Snapshots.service(1, 1, 0, List.of()).loadBalancers()))).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("updates stall");
            assertThat(result.evidence()).contains("deployment configuration: minimumHealthyPercent 100");
            assertThat(result.remediation()).contains("minimumHealthyPercent=0");
        }

        @Test
        void run_whenTheInstanceTypeDoesNotExist_skipsNamingInstanceType() {
            CheckResult result = check.run(healthy().instanceType(Fact.missing("instance type")).build());

            assertThat(result.status()).isEqualTo(Status.SKIP);
            assertThat(result.summary()).contains("instance.type");
        }

        @Test
        void run_whenTaskDefinitionIsDenied_isUnknown() {
            CheckResult result = check.run(healthy().taskDefinition(Fact.denied("ecs:DescribeTaskDefinition", "")).build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("ecs:DescribeTaskDefinition");
        }
    }

    @Nested
    @DisplayName("how many copies of the notebook the instance holds")
    class HowManyCopiesTheInstanceHolds {
        private CheckResult runCopies(int desired, int registeredCpu, int registeredMiB, int registeredGpus,
                ContainerDefinitionFacts jupyter) {
            return check.run(healthy().taskDefinition(known(taskDefinition("bridge", jupyter)))
                    .instanceType(known(instanceType("g4dn.12xlarge", 48, 196608, 4)))
                    .containerInstance(known(registeredWith(registeredCpu, registeredMiB, registeredGpus)))
                    .service(known(service(desired, 1, 0, List.of()))).build());
        }

        @Test
        void run_whenGpusRunOutFirst_countsTheCopiesByGpus() {
            CheckResult result = runCopies(3, 49152, 191000, 4, jupyterReserving(2048, 4096, 2));

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("asks for 3 copies", "the instance holds 2: the other 1 never place");
        }

        @Test
        void run_whenMemoryRunsOutFirst_countsTheCopiesByMemory() {
            CheckResult result = runCopies(4, 49152, 16000, 4, jupyterReserving(2048, 6000, 1));

            assertThat(result.summary()).contains("the instance holds 2: the other 2 never place");
        }

        @Test
        void run_whenCpuRunsOutFirst_countsTheCopiesByCpu() {
            CheckResult result = runCopies(4, 4096, 191000, 4, jupyterReserving(2048, 4096, 1));

            assertThat(result.summary()).contains("the instance holds 2: the other 2 never place");
        }

        @Test
        void run_whenTheTaskReservesNoCpuUnits_countsTheCopiesByTheRest() {
            // A container without cpu is allowed on EC2 and takes no CPU units from the instance.
            CheckResult result = runCopies(5, 4096, 191000, 4, jupyterReserving(null, 4096, 1));

            assertThat(result.evidence()).contains("the task reserves 1 GPU(s), 0 CPU units, 4096 MiB");
            assertThat(result.summary()).contains("the instance holds 4: the other 1 never place");
        }

        @Test
        void run_whenNeitherTaskNorInstanceHasAGpu_countsTheCopiesWithoutGpus() {
            CheckResult result = check.run(healthy().taskDefinition(known(taskDefinition("bridge",
                            jupyterReserving(1024, 4096, 0))))
                    .instanceType(known(instanceType("m5.xlarge", 4, 16384, 0)))
                    .containerInstance(known(registeredWith(4096, 15751, 0)))
                    .service(known(service(4, 1, 0, List.of()))).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("asks for 4 copies", "the instance holds 3: the other 1 never place");
        }
    }

    @Nested
    @DisplayName("a deployment that starts the new task beside the old one")
    class ADeploymentThatStartsTheNewTaskBesideTheOldOne {
        private CheckResult runRolling(int desired, int registeredCpu, int registeredMiB, int registeredGpus,
                ContainerDefinitionFacts jupyter) {
            return check.run(healthy().taskDefinition(known(taskDefinition("bridge", jupyter)))
                    .instanceType(known(instanceType("g4dn.12xlarge", 48, 196608, 4)))
                    .containerInstance(known(registeredWith(registeredCpu, registeredMiB, registeredGpus)))
                    .service(known(service(desired, desired, 0, List.of(), DeploymentConfig.DEFAULT, "EC2",
                            service(1, 1, 0, List.of()).loadBalancers()))).build());
        }

        @Test
        void run_whenTheGpusFitTwiceButTheMemoryDoesNot_warns() {
            CheckResult result = runRolling(1, 49152, 15751, 4, jupyterReserving(2048, 12288, 1));

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("not twice");
        }

        @Test
        void run_whenTheMemoryFitsTwiceButTheGpusDoNot_warns() {
            CheckResult result = runRolling(1, 49152, 191000, 2, jupyterReserving(2048, 4096, 2));

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("not twice");
        }

        @Test
        void run_whenTheCpuUnitsDoNotFitTwice_warns() {
            // The replacement needs its CPU units beside the old task's as much as its GPUs and memory.
            CheckResult result = runRolling(1, 4096, 191000, 4, jupyterReserving(3072, 4096, 1));

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("not twice");
        }

        @Test
        void run_whenTheTaskFitsExactlyTwice_passes() {
            CheckResult result = runRolling(1, 4096, 16000, 2, jupyterReserving(2048, 8000, 1));

            assertThat(result.status()).isEqualTo(Status.PASS);
        }

        @Test
        void run_whenTheServiceIsScaledToZero_hasNoRunningTaskToStartBeside() {
            CheckResult result = runRolling(0, 4096, 15751, 1, jupyterReserving(2048, 12288, 1));

            assertThat(result.status()).isEqualTo(Status.PASS);
        }
    }
}
