package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.CLUSTER;
import static dev.gpunotebook.core.diagnose.Snapshots.CONTAINER_INSTANCE_ARN;
import static dev.gpunotebook.core.diagnose.Snapshots.GPU_UUID;
import static dev.gpunotebook.core.diagnose.Snapshots.INSTANCE_ID;
import static dev.gpunotebook.core.diagnose.Snapshots.LAUNCHED;
import static dev.gpunotebook.core.diagnose.Snapshots.containerInstance;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.instanceType;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Snapshots;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts.Resources;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.UserData;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
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

        @Test
        void run_whenTheUserDataCannotBeRead_saysEcsClusterIsUnknown() {
            CheckResult result = check.run(healthy().userData(Fact.denied("ec2:DescribeInstanceAttribute", ""))
                    .containerInstance(known(containerInstance("default", "ACTIVE", true, List.of(GPU_UUID)))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).endsWith(": ECS_CLUSTER could not be read from the user data.");
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

    @Nested
    @DisplayName("when it is judged at all")
    class WhenItIsJudgedAtAll {
        @Test
        void run_whenTheGraceOfFiveMinutesIsOver_failsInsteadOfWaiting() {
            AgentRegistrationCheck late = new AgentRegistrationCheck(Clock.fixed(LAUNCHED.plusSeconds(300), ZoneOffset.UTC));

            CheckResult result = late.run(healthy().containerInstance(Fact.missing("container instance")).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
        }

        @Test
        void run_whenTheAgentIsStillRegistering_warns() {
            CheckResult result = check.run(healthy().containerInstance(known(containerInstance(CLUSTER, "REGISTERING", true,
                    List.of(GPU_UUID)))).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).isEqualTo("i-0abc1234def567890 is REGISTERING.");
        }

        @Test
        void run_whenTheUserDataNamesTheOtherCluster_quotesIt() {
            CheckResult result = check.run(healthy().userData(known(UserData.ofText(Snapshots.USER_DATA
                            .replace("ECS_CLUSTER=gpu-notebook-dev", "ECS_CLUSTER=gpu-notebook-prod"))))
                    .containerInstance(known(containerInstance("gpu-notebook-prod", "ACTIVE", true, List.of(GPU_UUID))))
                    .build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).endsWith("the user data sets ECS_CLUSTER=gpu-notebook-prod.");
        }

        @Test
        void run_whenTheTypeHasNoGpu_passesWithoutCountingGpus() {
            CheckResult result = check.run(healthy().instanceType(known(instanceType("m5.xlarge", 4, 16384, 0)))
                    .containerInstance(known(containerInstance(CLUSTER, "ACTIVE", true, List.of()))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).isEqualTo("i-0abc1234def567890 is an ACTIVE container instance of "
                    + "gpu-notebook-dev with the agent connected.");
        }
    }

    @Nested
    @DisplayName("what the evidence quotes of the container instance")
    class WhatTheEvidenceQuotes {
        @Test
        void run_whenHealthy_quotesStatusAgentAndRegisteredResources() {
            CheckResult result = check.run(healthy().build());

            assertThat(result.evidence()).containsExactly(
                    CONTAINER_INSTANCE_ARN + " in cluster gpu-notebook-dev: ACTIVE, agent connected (1.89.0)",
                    "registered: 4096 CPU units, 15751 MiB, 1 GPU(s) " + GPU_UUID);
        }

        @Test
        void run_whenDrainingWithAReasonAndAnUnknownAgent_quotesThem() {
            Resources none = new Resources(4096, 15751, List.of(), List.of());
            ContainerInstanceFacts draining = new ContainerInstanceFacts(CONTAINER_INSTANCE_ARN, INSTANCE_ID, CLUSTER,
                    "DRAINING", "Container instance is being drained for Spot interruption", false, null, none, none,
                    Map.of(), 0, 0);

            CheckResult result = check.run(healthy().containerInstance(known(draining)).build());

            assertThat(result.evidence()).containsExactly(CONTAINER_INSTANCE_ARN + " in cluster gpu-notebook-dev: DRAINING "
                    + "(Container instance is being drained for Spot interruption), agent disconnected",
                    "registered: 4096 CPU units, 15751 MiB, 0 GPU(s)");
        }
    }
}
