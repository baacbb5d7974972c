package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.CLUSTER;
import static dev.gpunotebook.core.diagnose.Snapshots.GPU_UUID;
import static dev.gpunotebook.core.diagnose.Snapshots.containerInstance;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.image;
import static dev.gpunotebook.core.diagnose.Snapshots.instanceType;
import static dev.gpunotebook.core.diagnose.Snapshots.jupyter;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static dev.gpunotebook.core.diagnose.Snapshots.taskDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.UserData;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentConfigCheckTest {
    private final AgentConfigCheck check = new AgentConfigCheck();
    private static final String UNKNOWN_AMI = "my-own-gpu-ami";

    /** The stack before the instance registered anywhere, with this user data. */
    private static Snapshot.Builder unregisteredWith(String userData) {
        return healthy().userData(known(UserData.ofText(userData))).containerInstance(Fact.missing("container instance"));
    }

    private static String script(String... lines) {
        return "#!/bin/bash\n" + String.join("\n", lines) + "\n";
    }

    @Test
    void run_whenUserDataSetsClusterAndGpuSupport_passes() {
        CheckResult result = check.run(healthy().build());

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.evidence()).anySatisfy(e -> assertThat(e).startsWith("ECS_CLUSTER=gpu-notebook-dev (user data line 2)"));
    }

    @Nested
    @DisplayName("ECS_CLUSTER")
    class EcsCluster {
        @Test
        void run_whenClusterIsNotSet_failsSayingTheAgentJoinsDefault() {
            CheckResult result = check.run(unregisteredWith(script("echo ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config"))
                    .build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("does not set ECS_CLUSTER", "\"default\"");
            assertThat(result.remediation()).contains("ECS_CLUSTER=gpu-notebook-dev", "first boot");
        }

        @Test
        void run_whenClusterIsSetToAnother_failsNamingIt() {
            CheckResult result = check.run(unregisteredWith(script("echo ECS_CLUSTER=prod >> /etc/ecs/ecs.config",
                    "echo ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config")).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("ECS_CLUSTER=prod", "\"prod\", not \"gpu-notebook-dev\"");
        }

        @Test
        void run_whenClusterIsGivenAsArn_passes() {
            CheckResult result = check.run(unregisteredWith(script("echo ECS_CLUSTER=arn:aws:ecs:eu-west-1:123456789012:"
                    + "cluster/gpu-notebook-dev >> /etc/ecs/ecs.config")).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }

        @Test
        void run_whenEchoWroteALiteralBackslashN_explainsIt() {
            CheckResult result = check.run(unregisteredWith(script("echo \"ECS_CLUSTER=gpu-notebook-dev\\n"
                    + "ECS_ENABLE_GPU_SUPPORT=true\" >> /etc/ecs/ecs.config")).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("literal \\n");
        }

        @Test
        void run_whenClusterIsOnlyAShellVariable_failsQuotingTheStray() {
            CheckResult result = check.run(unregisteredWith(script("ECS_CLUSTER=gpu-notebook-dev")).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.evidence()).anySatisfy(e -> assertThat(e).contains("is a shell variable"));
        }

        @Test
        void run_whenUserDataIsSilentButTheInstanceRegisteredHere_passes() {
            CheckResult result = check.run(healthy().userData(known(UserData.ofText(""))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence()).anySatisfy(e -> assertThat(e).contains("yet the instance is registered"));
        }

        @Test
        void run_whenTheClusterIsDefault_acceptsNoSetting() {
            CheckResult result = check.run(unregisteredWith(script("echo ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config"))
                    .target(new DiagnosisTarget("default", "jupyter", null, "eu-west-1")).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }

        @Test
        void run_whenConfigIsCopiedFromS3_warnsItCannotBeRead() {
            CheckResult result = check.run(unregisteredWith(script("aws s3 cp s3://conf/ecs.config /etc/ecs/ecs.config"))
                    .build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("cannot read");
        }

        @Test
        void run_whenClusterComesFromAVariableTheInstanceComputes_warns() {
            CheckResult result = check.run(unregisteredWith(script(
                    "echo ECS_CLUSTER=$(cat /etc/cluster-name) >> /etc/ecs/ecs.config")).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("computed on the instance");
        }

        @Test
        void run_whenRegisteredElsewhere_quotesWhere() {
            CheckResult result = check.run(healthy().userData(known(UserData.ofText("")))
                    .containerInstance(known(containerInstance("default", "ACTIVE", true, List.of()))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.evidence()).anySatisfy(e -> assertThat(e).contains("is registered in cluster default"));
        }
    }

    @Nested
    @DisplayName("ECS_ENABLE_GPU_SUPPORT")
    class EcsEnableGpuSupport {
        @Test
        void run_whenMissingOnAnUnknownAmi_fails() {
            CheckResult result = check.run(unregisteredWith(script("echo ECS_CLUSTER=gpu-notebook-dev >> /etc/ecs/ecs.config"))
                    .image(known(image(UNKNOWN_AMI, "x86_64"))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("ECS_ENABLE_GPU_SUPPORT=true is missing");
            assertThat(result.remediation()).contains("ECS_ENABLE_GPU_SUPPORT=true");
        }

        @Test
        void run_whenMissingOnTheEcsGpuAmi_passesBecauseTheAmiEnablesIt() {
            CheckResult result = check.run(unregisteredWith(script("echo ECS_CLUSTER=gpu-notebook-dev >> /etc/ecs/ecs.config"))
                    .build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence()).anySatisfy(e -> assertThat(e).contains("/var/lib/ecs/ecs.config"));
        }

        @Test
        void run_whenSetToFalse_fails() {
            CheckResult result = check.run(unregisteredWith(script("echo ECS_CLUSTER=gpu-notebook-dev >> /etc/ecs/ecs.config",
                    "echo ECS_ENABLE_GPU_SUPPORT=false >> /etc/ecs/ecs.config")).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("ECS_ENABLE_GPU_SUPPORT=false");
        }

        @Test
        void run_whenMissingButGpusAreRegistered_passes() {
            CheckResult result = check.run(healthy().image(known(image(UNKNOWN_AMI, "x86_64")))
                    .userData(known(UserData.ofText(script("echo ECS_CLUSTER=gpu-notebook-dev >> /etc/ecs/ecs.config"))))
                    .containerInstance(known(containerInstance(CLUSTER, "ACTIVE", true, List.of(GPU_UUID)))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }

        @Test
        void run_whenTheTaskUsesNoGpu_doesNotAskForIt() {
            CheckResult result = check.run(unregisteredWith(script("echo ECS_CLUSTER=gpu-notebook-dev >> /etc/ecs/ecs.config"))
                    .image(known(image(UNKNOWN_AMI, "x86_64")))
                    .taskDefinition(known(taskDefinition("bridge", jupyter(4096, null, 0, 0)))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).isEqualTo("The user data sets ECS_CLUSTER=gpu-notebook-dev.");
        }
    }

    @Nested
    @DisplayName("other settings and unreadable user data")
    class OtherSettings {
        @Test
        void run_whenInstanceAttributesAreNotJson_failsBecauseTheAgentWillNotStart() {
            CheckResult result = check.run(unregisteredWith(script("cat <<'EOF' >> /etc/ecs/ecs.config",
                    "ECS_CLUSTER=gpu-notebook-dev", "ECS_INSTANCE_ATTRIBUTES={gpu-notebook: alice}", "EOF")).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("ECS_INSTANCE_ATTRIBUTES", "refuses to start");
        }

        @Test
        void run_whenDynamicPortRangeIsMalformed_warns() {
            CheckResult result = check.run(unregisteredWith(script("cat <<'EOF' >> /etc/ecs/ecs.config",
                    "ECS_CLUSTER=gpu-notebook-dev", "ECS_DYNAMIC_HOST_PORT_RANGE=40000:50000", "EOF")).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("ECS_DYNAMIC_HOST_PORT_RANGE");
        }

        @Test
        void run_whenUserDataIsDenied_isUnknownNamingTheAction() {
            CheckResult result = check.run(healthy().userData(Fact.denied("ec2:DescribeInstanceAttribute", "")).build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("ec2:DescribeInstanceAttribute");
        }

        @Test
        void run_whenThereIsNoInstance_skipsNamingInstanceState() {
            CheckResult result = check.run(healthy().instance(Fact.missing("instance")).build());

            assertThat(result.status()).isEqualTo(Status.SKIP);
            assertThat(result.summary()).contains("instance.state");
        }
    }

    @Nested
    @DisplayName("what it quotes and says")
    class WhatItQuotesAndSays {
        @Test
        void run_whenHealthy_quotesEachSettingWithWhereItIsWritten() {
            CheckResult result = check.run(healthy().build());

            assertThat(result.summary()).isEqualTo("The user data sets ECS_CLUSTER=gpu-notebook-dev and enables GPU "
                    + "support.");
            assertThat(result.evidence()).containsExactly(
                    "ECS_CLUSTER=gpu-notebook-dev (user data line 2)",
                    "ECS_ENABLE_GPU_SUPPORT=true (user data line 2)",
                    "ECS_INSTANCE_ATTRIBUTES={\"gpu-notebook\":\"alice\"} (user data line 2)");
        }

        @Test
        void run_whenThereIsNoUserDataAtAll_saysSo() {
            CheckResult result = check.run(unregisteredWith("").build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.evidence()).contains("i-0abc1234def567890 has no user data");
        }

        @Test
        void run_whenTheUserDataWritesNoSetting_saysSo() {
            CheckResult result = check.run(unregisteredWith(script("dnf install -y htop")).build());

            assertThat(result.evidence()).contains("the user data writes no setting to /etc/ecs/ecs.config");
        }

        @Test
        void run_whenConfigIsCopiedFromS3_quotesTheUnreadableWrite() {
            CheckResult result = check.run(unregisteredWith(script("aws s3 cp s3://conf/ecs.config /etc/ecs/ecs.config"))
                    .build());

            assertThat(result.evidence()).anySatisfy(e -> assertThat(e).startsWith("unreadable write to ecs.config: ")
                    .contains("s3://conf/ecs.config"));
        }

        @Test
        void run_whenBothSettingsAreMissing_namesBothInOneSentence() {
            CheckResult result = check.run(unregisteredWith(script("dnf install -y htop"))
                    .image(known(image(UNKNOWN_AMI, "x86_64"))).build());

            assertThat(result.summary()).isEqualTo("The user data does not set ECS_CLUSTER, so the agent registers into "
                    + "cluster \"default\"; also ECS_ENABLE_GPU_SUPPORT=true is missing: the agent registers no GPU and "
                    + "GPU tasks never place.");
            assertThat(result.remediation()).contains("ECS_CLUSTER=gpu-notebook-dev\n  ECS_ENABLE_GPU_SUPPORT=true")
                    .doesNotContain("ECS_INSTANCE_ATTRIBUTES");
        }

        @Test
        void run_whenTheAttributesAreNotJson_showsTheirFormInTheRemedy() {
            CheckResult result = check.run(unregisteredWith(script("cat <<'EOF' >> /etc/ecs/ecs.config",
                    "ECS_CLUSTER=gpu-notebook-dev", "ECS_INSTANCE_ATTRIBUTES={gpu-notebook: alice}", "EOF")).build());

            assertThat(result.remediation()).contains("ECS_INSTANCE_ATTRIBUTES must be a JSON object of strings");
        }

        @Test
        void run_whenGpuSupportIsMissingAndTheRegisteredInstanceHasNoGpu_fails() {
            // Registered in this cluster, but without GPUs: nothing proves GPU support is on.
            CheckResult result = check.run(healthy().image(known(image(UNKNOWN_AMI, "x86_64")))
                    .userData(known(UserData.ofText(script("echo ECS_CLUSTER=gpu-notebook-dev >> /etc/ecs/ecs.config"))))
                    .containerInstance(known(containerInstance(CLUSTER, "ACTIVE", true, List.of()))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("ECS_ENABLE_GPU_SUPPORT=true is missing");
        }

        @Test
        void run_whenTheUserDataCannotBeFound_isUnknown() {
            CheckResult result = check.run(healthy().userData(Fact.missing("user data of i-0abc1234def567890")).build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).isEqualTo("The user data of i-0abc1234def567890 could not be found.");
        }
    }

    @Nested
    @DisplayName("whether GPU support is needed when the task definition cannot be read")
    class WhetherGpuSupportIsNeededWithoutTheTaskDefinition {
        private Snapshot.Builder clusterOnlyOnAnUnknownAmi() {
            return unregisteredWith(script("echo ECS_CLUSTER=gpu-notebook-dev >> /etc/ecs/ecs.config"))
                    .image(known(image(UNKNOWN_AMI, "x86_64")))
                    .taskDefinition(Fact.denied("ecs:DescribeTaskDefinition", ""));
        }

        @Test
        void run_whenTheTypeHasGpus_asksForGpuSupport() {
            CheckResult result = check.run(clusterOnlyOnAnUnknownAmi().build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("ECS_ENABLE_GPU_SUPPORT=true is missing");
        }

        @Test
        void run_whenTheTypeHasNoGpu_doesNotAskForIt() {
            CheckResult result = check.run(clusterOnlyOnAnUnknownAmi()
                    .instanceType(known(instanceType("m5.xlarge", 4, 16384, 0))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).isEqualTo("The user data sets ECS_CLUSTER=gpu-notebook-dev.");
        }

        @Test
        void run_whenTheTypeIsUnknownToo_asksForGpuSupportToBeSafe() {
            CheckResult result = check.run(clusterOnlyOnAnUnknownAmi()
                    .instanceType(Fact.denied("ec2:DescribeInstanceTypes", "")).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("ECS_ENABLE_GPU_SUPPORT=true is missing");
        }
    }

    @Nested
    @DisplayName("ECS_DYNAMIC_HOST_PORT_RANGE")
    class EcsDynamicHostPortRange {
        private CheckResult runWithRange(String range) {
            return check.run(unregisteredWith(script("cat <<'EOF' >> /etc/ecs/ecs.config", "ECS_CLUSTER=gpu-notebook-dev",
                    "ECS_DYNAMIC_HOST_PORT_RANGE=" + range, "EOF")).build());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"40000-50000", "50000-50000", "60000-65535"})
        void run_whenTheRangeIsOneTheAgentAccepts_passes(String range) {
            assertThat(runWithRange(range).status()).isEqualTo(Status.PASS);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"0-1000", "50000-40000", "60000-65536"})
        void run_whenTheRangeIsNoPortRange_warns(String range) {
            CheckResult result = runWithRange(range);

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).isEqualTo("ECS_DYNAMIC_HOST_PORT_RANGE=" + range + " is not a port range like "
                    + "32768-65535.");
        }
    }
}
