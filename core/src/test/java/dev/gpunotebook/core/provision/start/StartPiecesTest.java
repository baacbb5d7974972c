package dev.gpunotebook.core.provision.start;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.cloud.InstanceTypeInfo;
import dev.gpunotebook.core.model.NotebookName;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StartPiecesTest {

    @Nested
    class TaskMemory {

        @Test
        void memoryMib_whenInstanceHas16GiB_leavesTenPercentForTheAgentAndKernel() {
            InstanceTypeInfo g4dn = new InstanceTypeInfo("g4dn.xlarge", 4, 16384, 1, "NVIDIA T4", List.of("x86_64"));

            assertThat(TaskSizing.memoryMib(g4dn)).isEqualTo(16384 - 1638);
        }

        @Test
        void memoryMib_whenInstanceIsSmall_leavesAtLeastOneGiB() {
            InstanceTypeInfo small = new InstanceTypeInfo("x.small", 2, 4096, 1, "", List.of("x86_64"));

            assertThat(TaskSizing.memoryMib(small)).isEqualTo(3072);
        }
    }

    @Nested
    class TheUserData {

        private final String userData = UserData.render("gpu-notebook-default", NotebookName.of("alice"));

        @Test
        void render_whenCalled_joinsTheClusterWithGpuSupportAndTheNotebookAttribute() {
            assertThat(userData).startsWith("#!/bin/bash\n")
                    .contains("\nECS_CLUSTER=gpu-notebook-default\n")
                    .contains("\nECS_ENABLE_GPU_SUPPORT=true\n")
                    .contains("\nECS_INSTANCE_ATTRIBUTES={\"gpu-notebook\":\"alice\"}\n")
                    .contains(">> /etc/ecs/ecs.config");
        }

        @Test
        void render_whenCalled_preparesTheWorkFolderForJovyan() {
            assertThat(userData).contains("mkdir -p /home/gpu-notebook/alice").contains("chown 1000:100");
        }
    }

    @Nested
    class Tokens {

        @Test
        void newToken_whenCalled_encodes32RandomBytesUrlSafe() {
            String token = TokenStep.newToken();

            assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
        }

        @Test
        void newToken_whenCalledRepeatedly_neverRepeats() {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                seen.add(TokenStep.newToken());
            }
            assertThat(seen).hasSize(1000);
        }
    }

    @Nested
    class ThePlan {

        @Test
        void plan_whenBuilt_makesEveryCreatingStepWaitForThePreflightChecks() {
            NotebookStarter.plan().stream()
                    .filter(step -> !List.of(StartStep.PREFLIGHT).contains(step.name()))
                    .forEach(step -> assertThat(step.dependsOn()).as(step.name()).contains(StartStep.PREFLIGHT));
        }

        @Test
        void plan_whenBuilt_createsTheServiceLast() {
            assertThat(NotebookStarter.plan()).filteredOn(s -> s.name().equals("service")).singleElement()
                    .satisfies(s -> assertThat(s.dependsOn()).contains("instance", "task-definition", "listener-rule"));
        }
    }
}
