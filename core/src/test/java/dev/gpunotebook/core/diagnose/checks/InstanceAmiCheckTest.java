package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.CLUSTER;
import static dev.gpunotebook.core.diagnose.Snapshots.GPU_UUID;
import static dev.gpunotebook.core.diagnose.Snapshots.containerInstance;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.image;
import static dev.gpunotebook.core.diagnose.Snapshots.jupyter;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static dev.gpunotebook.core.diagnose.Snapshots.taskDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.ImageFacts;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InstanceAmiCheckTest {
    private final InstanceAmiCheck check = new InstanceAmiCheck();

    private CheckResult runWithImage(String name, Snapshot.Builder builder) {
        return check.run(builder.image(known(image(name, "x86_64"))).build());
    }

    @Nested
    @DisplayName("AMIs made for GPU tasks on ECS")
    class AmisMadeForGpuTasks {
        @ParameterizedTest
        @ValueSource(strings = {"al2023-ami-ecs-gpu-hvm-2023.0.20250101-kernel-6.1-x86_64",
            "amzn2-ami-ecs-gpu-hvm-2.0.20250101-x86_64-ebs", "bottlerocket-aws-ecs-2-nvidia-x86_64-v1.30.0-a6b4c1ad"})
        void run_whenAmiHasAgentAndNvidiaRuntime_passes(String name) {
            CheckResult result = runWithImage(name, healthy());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }
    }

    @Nested
    @DisplayName("AMIs without what a GPU task needs")
    class AmisWithoutWhatAGpuTaskNeeds {
        @Test
        void run_whenStandardEcsAmi_failsPointingAtTheGpuAmi() {
            CheckResult result = runWithImage("amzn2-ami-ecs-hvm-2.0.20250101-x86_64-ebs", healthy());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("no NVIDIA driver");
            assertThat(result.remediation()).contains("/aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id");
        }

        @Test
        void run_whenBottlerocketKubernetesVariant_fails() {
            CheckResult result = runWithImage("bottlerocket-aws-k8s-1.30-nvidia-x86_64-v1.30.0", healthy());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("without the ECS agent");
        }

        @Test
        void run_whenArchitectureDoesNotMatchTheType_fails() {
            CheckResult result = check.run(healthy().image(known(image("al2023-ami-ecs-gpu-hvm-2023.0-arm64", "arm64")))
                    .build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("arm64", "x86_64");
        }
    }

    @Nested
    @DisplayName("AMIs diagnose does not know")
    class AmisDiagnoseDoesNotKnow {
        private static final String DLAMI = "Deep Learning Base OSS Nvidia Driver GPU AMI (Amazon Linux 2023) 20250101";

        @Test
        void run_whenDeepLearningAmiAndNotRegistered_warnsThatTheAgentIsMissing() {
            CheckResult result = runWithImage(DLAMI, healthy().containerInstance(Fact.missing("container instance")));

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("Deep Learning AMI", "ECS agent");
            assertThat(result.remediation()).contains("ecs-init");
        }

        @Test
        void run_whenUnknownAmiRegisteredWithGpus_passesOnTheEvidence() {
            CheckResult result = runWithImage("my-team-gpu-ami-2025", healthy());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).contains("registered its GPUs");
        }

        @Test
        void run_whenUnknownAmiRegisteredWithoutGpus_warnsAboutTheRuntime() {
            CheckResult result = runWithImage(DLAMI, healthy().containerInstance(known(containerInstance(CLUSTER,
                    "ACTIVE", true, List.of()))));

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("registered no GPU");
        }

        @Test
        void run_whenAmiWasDeregistered_warns() {
            CheckResult result = check.run(healthy().image(Fact.missing("AMI ami-0ecsgpu000000001")).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("no longer exists");
        }

        @Test
        void run_whenDescribeImagesIsDenied_isUnknown() {
            CheckResult result = check.run(healthy().image(Fact.denied("ec2:DescribeImages", "")).build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("ec2:DescribeImages");
        }

        @Test
        void run_whenThereIsNoInstance_skipsNamingInstanceState() {
            CheckResult result = check.run(healthy().instance(Fact.missing("instance")).build());

            assertThat(result.status()).isEqualTo(Status.SKIP);
            assertThat(result.summary()).contains("instance.state");
        }

        @Test
        void run_whenEvidenceIsWritten_quotesTheAmiName() {
            CheckResult result = runWithImage(DLAMI, healthy().containerInstance(known(containerInstance(CLUSTER,
                    "ACTIVE", true, List.of(GPU_UUID)))));

            assertThat(result.evidence().get(0)).contains(DLAMI, "owner amazon");
        }
    }

    @Nested
    @DisplayName("a task that needs no GPU")
    class ATaskThatNeedsNoGpu {
        private Snapshot.Builder cpuTask() {
            return healthy().taskDefinition(known(taskDefinition("bridge", jupyter(4096, null, 0, 0))));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "amzn2-ami-ecs-hvm-2.0.20250101-x86_64-ebs|an ECS-optimized AMI without NVIDIA driver (the standard, non-GPU variant)",
            "amzn2-ami-ecs-inf-hvm-2.0.20250101-x86_64-ebs|an ECS-optimized Neuron/Inferentia AMI, without NVIDIA driver",
            "al2023-ami-ecs-neu-hvm-2023.0.20250101-kernel-6.1-x86_64|an ECS-optimized Neuron/Inferentia AMI, without NVIDIA driver"
        })
        void run_whenTheAmiIsAnEcsOneWithoutNvidia_passesNamingWhichOne(String name, String kind) {
            CheckResult result = runWithImage(name, cpuTask());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).isEqualTo("AMI ami-0ecsgpu000000001 is " + kind + ".");
        }

        @Test
        void run_whenAnUnknownAmiAlreadyRegistered_passesWithoutAskingForGpus() {
            CheckResult result = runWithImage("my-team-ami-2025", cpuTask()
                    .containerInstance(known(containerInstance(CLUSTER, "ACTIVE", true, List.of()))));

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).isEqualTo("AMI ami-0ecsgpu000000001 is not an ECS-optimized one, but the ECS "
                    + "agent runs on it.");
        }

        @Test
        void run_whenAnUnknownAmiHasNotRegistered_asksOnlyForTheAgent() {
            CheckResult result = runWithImage("my-team-ami-2025", cpuTask().containerInstance(Fact.missing("container "
                    + "instance")));

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).endsWith("; it needs the ECS agent.");
        }
    }

    @Nested
    @DisplayName("what it reads of the AMI")
    class WhatItReadsOfTheAmi {
        @Test
        void run_whenOnlyTheDescriptionSaysDeepLearning_recognisesIt() {
            ImageFacts copy = new ImageFacts("ami-0copy", "team-copy-2025", "Deep Learning OSS Nvidia Driver AMI GPU "
                    + "PyTorch 2.3 (Amazon Linux 2)", "x86_64", "123456789012", null);

            CheckResult result = check.run(healthy().image(known(copy)).containerInstance(Fact.missing("container instance"))
                    .build());

            assertThat(result.summary()).contains("a Deep Learning AMI");
            assertThat(result.evidence()).containsExactly("ami-0copy \"team-copy-2025\" (x86_64, owner 123456789012)");
        }

        @Test
        void run_whenRegistered_quotesWhereAndWithHowManyGpus() {
            CheckResult result = check.run(healthy().build());

            assertThat(result.evidence()).containsExactly("ami-0ecsgpu000000001 "
                    + "\"al2023-ami-ecs-gpu-hvm-2023.0.20250101-kernel-6.1-x86_64\" (x86_64, owner amazon)",
                    "registered as a container instance of gpu-notebook-dev with 1 GPU(s)");
        }
    }
}
