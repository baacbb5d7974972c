package dev.gpunotebook.it.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The agent simulator's own model of what the ECS agent reads from the user data, shape by shape. */
class EcsAgentSimulatorTest {

    private static Map<String, String> read(String userData) {
        return EcsAgentSimulator.ecsConfig(userData.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    class TheShapesTheTestsWrite {

        @Test
        void ecsConfig_whenAQuotedHereDocumentIsAppended_readsEveryLine() {
            Map<String, String> config = read("#!/bin/bash\ncat <<'EOF' >> /etc/ecs/ecs.config\nECS_CLUSTER=gpu-notebook-default\n"
                    + "ECS_ENABLE_GPU_SUPPORT=true\nECS_INSTANCE_ATTRIBUTES={\"gpu-notebook\":\"alice\"}\nEOF\nmkdir -p /home/x\n");

            assertThat(config).containsExactly(Map.entry("ECS_CLUSTER", "gpu-notebook-default"),
                    Map.entry("ECS_ENABLE_GPU_SUPPORT", "true"),
                    Map.entry("ECS_INSTANCE_ATTRIBUTES", "{\"gpu-notebook\":\"alice\"}"));
        }

        @Test
        void ecsConfig_whenTheRedirectionComesBeforeTheHereDocument_readsEveryLine() {
            assertThat(read("#!/bin/bash\ncat >> /etc/ecs/ecs.config <<EOF\nECS_CLUSTER=ml-gpu\nEOF\n"))
                    .containsExactly(Map.entry("ECS_CLUSTER", "ml-gpu"));
        }

        @Test
        void ecsConfig_whenEchoLinesAppend_readsEachSetting() {
            assertThat(read("#!/bin/bash\necho ECS_CLUSTER=ml-gpu >> /etc/ecs/ecs.config\n"
                    + "echo ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config\n"))
                    .containsExactly(Map.entry("ECS_CLUSTER", "ml-gpu"), Map.entry("ECS_ENABLE_GPU_SUPPORT", "true"));
        }

        @Test
        void ecsConfig_whenCloudConfigWritesTheFile_readsItsContent() {
            assertThat(read("#cloud-config\nwrite_files:\n  - path: /etc/ecs/ecs.config\n    append: true\n"
                    + "    content: |\n      ECS_CLUSTER=ml-gpu\n      ECS_ENABLE_GPU_SUPPORT=true\n"))
                    .containsExactly(Map.entry("ECS_CLUSTER", "ml-gpu"), Map.entry("ECS_ENABLE_GPU_SUPPORT", "true"));
        }

        @Test
        void ecsConfig_whenGzipped_readsWhatThePlainTextSays() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
                gzip.write("#!/bin/bash\necho ECS_CLUSTER=ml-gpu >> /etc/ecs/ecs.config\n".getBytes(StandardCharsets.UTF_8));
            }

            assertThat(EcsAgentSimulator.ecsConfig(bytes.toByteArray())).containsExactly(Map.entry("ECS_CLUSTER", "ml-gpu"));
        }
    }

    @Nested
    class AnythingElse {

        @Test
        void ecsConfig_whenThereIsNoUserData_hasNoSettings() {
            assertThat(EcsAgentSimulator.ecsConfig(new byte[0])).isEmpty();
        }

        @Test
        void ecsConfig_whenAnUnmodelledShapeWritesTheFile_failsAskingForTheShape() {
            assertThatThrownBy(() -> read("#!/bin/bash\nprintf 'ECS_CLUSTER=x\\n' >> /etc/ecs/ecs.config\n"))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("does not model this user data");
        }
    }
}
