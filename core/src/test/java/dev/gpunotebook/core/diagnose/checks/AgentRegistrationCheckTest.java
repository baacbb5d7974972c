package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.CLUSTER;
import static dev.gpunotebook.core.diagnose.Snapshots.GPU_UUID;
import static dev.gpunotebook.core.diagnose.Snapshots.LAUNCHED;
import static dev.gpunotebook.core.diagnose.Snapshots.containerInstance;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.instanceType;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.UserData;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AgentRegistrationCheckTest {
    private final AgentRegistrationCheck check = new AgentRegistrationCheck(
            Clock.fixed(LAUNCHED.plusSeconds(3600), ZoneOffset.UTC));

    @Test
    void run_whenActiveConnectedWithGpus_passes() {
        CheckResult result = check.run(healthy().build());

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.summary()).contains("1 GPU(s) registered");
    }

    @Nested
    @DisplayName("when the instance is in no cluster")
    class WhenTheInstanceIsInNoCluster {
        @Test
        void run_whenLongSinceLaunch_failsPointingAtTheAgentLogs() {
            CheckResult result = check.run(healthy().containerInstance(Fact.missing("container instance of i-0abc"))
                    .build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("not registered as a container instance in any cluster");
            assertThat(result.remediation()).contains("/var/log/ecs/ecs-agent.log", "systemctl enable --now --no-block ecs");
        }

        @Test
        void run_whenJustLaunched_warnsThatRegistrationTakesMinutes() {
            AgentRegistrationCheck early = new AgentRegistrationCheck(Clock.fixed(LAUNCHED.plusSeconds(120), ZoneOffset.UTC));

            CheckResult result = early.run(healthy().containerInstance(Fact.missing("container instance")).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("2 min ago");
        }

        @Test
        void run_whenListingIsDenied_isUnknown() {
            CheckResult result = check.run(healthy().containerInstance(Fact.denied("ecs:ListContainerInstances", ""))
                    .build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("ecs:ListContainerInstances");
        }
    }

    @Nested
    @DisplayName("when the instance registered into another cluster")
    class WhenTheInstanceRegisteredIntoAnotherCluster {
        @Test
        void run_whenUserDataLacksEcsCluster_saysItWentToDefault() {
            CheckResult result = check.run(healthy().userData(known(UserData.ofText("#!/bin/bash\n")))
                    .containerInstance(known(containerInstance("default", "ACTIVE", true, List.of(GPU_UUID)))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("into cluster \"default\" instead of \"gpu-notebook-dev\"",
                    "does not set ECS_CLUSTER");
            assertThat(result.remediation()).contains("deregister-container-instance --cluster default",
                    "/var/lib/ecs/data");
        }

        @Test
        void run_whenUserDataNamesThisClusterYetItIsElsewhere_blamesAChangeAfterFirstBoot() {
            CheckResult result = check.run(healthy()
                    .containerInstance(known(containerInstance("old-cluster", "ACTIVE", true, List.of(GPU_UUID)))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("only at first boot");
        }
    }

    @Nested
    @DisplayName("when the instance is in this cluster but unusable")
    class WhenUnusable {
        @Test
        void run_whenDraining_failsWithTheActivateCommand() {
            CheckResult result = check.run(healthy().containerInstance(known(containerInstance(CLUSTER, "DRAINING", true,
                    List.of(GPU_UUID)))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.remediation()).contains("update-container-instances-state", "--status ACTIVE");
        }

        @Test
        void run_whenDeregistered_fails() {
            CheckResult result = check.run(healthy().containerInstance(known(containerInstance(CLUSTER, "INACTIVE", false,
                    List.of(GPU_UUID)))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("INACTIVE");
        }

        @Test
        void run_whenAgentDisconnected_fails() {
            CheckResult result = check.run(healthy().containerInstance(known(containerInstance(CLUSTER, "ACTIVE", false,
                    List.of(GPU_UUID)))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("disconnected");
        }

        @Test
        void run_whenGpuTypeRegisteredNoGpu_fails() {
            CheckResult result = check.run(healthy().containerInstance(known(containerInstance(CLUSTER, "ACTIVE", true,
                    List.of()))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("registered no GPU");
            assertThat(result.remediation()).contains("nvidia-smi");
        }

        @Test
        void run_whenSomeGpusAreMissing_warns() {
            CheckResult result = check.run(healthy().instanceType(known(instanceType("g5.12xlarge", 48, 196608, 4)))
                    .build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("1 of its 4 GPUs");
        }
    }
}
