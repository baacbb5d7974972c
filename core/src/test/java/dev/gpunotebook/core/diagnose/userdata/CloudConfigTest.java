package dev.gpunotebook.core.diagnose.userdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CloudConfigTest {

    @Nested
    class ACloudConfigThatOnlyARealYamlParserReadsRight {

        /** Anchors, aliases, merge keys, block scalars with every chomping, flow collections and quoted keys. */
        private static final String CLOUD_CONFIG = """
                #cloud-config
                # Blocks defined once and reused below; cloud-init ignores keys it does not know.
                x-ecs-file: &ecs-file
                  path: /etc/ecs/ecs.config
                  permissions: '0644'
                x-cluster: &cluster |+
                  ECS_CLUSTER=through-an-alias

                write_files:
                  - <<: *ecs-file
                    content: |
                      ECS_CLUSTER=replaced-by-a-later-write
                  - {path: /etc/ecs/ecs.config, "append": true, content: "ECS_ENABLE_GPU_SUPPORT=true\\n"}
                  - <<: *ecs-file
                    'append': yes
                    content: *cluster
                  - path: "/etc/ecs/ecs.config"
                    append: on
                    content: >
                      ECS_INSTANCE_ATTRIBUTES={"gpu-notebook":
                      "alice"}
                  - path: /etc/motd
                    content: >-
                      ECS_CLUSTER=not-the-agent-config
                runcmd: [[sh, -c, "echo ECS_RESERVED_MEMORY=256 >> /etc/ecs/ecs.config"], "echo done"]
                """;

        @Test
        void parse_whenWriteFilesReachTheirContentThroughAliasesAndMergeKeys_concludesWhatTheAgentReads() {
            EcsAgentConfig config = EcsAgentConfigParser.parse(CLOUD_CONFIG);

            assertThat(config.value("ECS_CLUSTER")).contains("through-an-alias");
            assertThat(config.setting("ECS_CLUSTER").orElseThrow().origin())
                    .isEqualTo("user data write_files[2] /etc/ecs/ecs.config");
            assertThat(config.value("ECS_ENABLE_GPU_SUPPORT")).contains("true");
            assertThat(config.instanceAttributes().attributes()).containsEntry("gpu-notebook", "alice");
            assertThat(config.value("ECS_RESERVED_MEMORY")).contains("256");
            assertThat(config.notes()).isEmpty();
        }

        @Test
        void parse_whenReadAsCloudConfig_keepsEachBlockScalarsChomping() {
            CloudConfig config = CloudConfig.parse(CLOUD_CONFIG, "user data", new ArrayList<>());

            assertThat(config.writeFiles()).extracting(CloudConfig.WriteFile::content).containsExactly(
                    "ECS_CLUSTER=replaced-by-a-later-write\n", "ECS_ENABLE_GPU_SUPPORT=true\n",
                    "ECS_CLUSTER=through-an-alias\n\n", "ECS_INSTANCE_ATTRIBUTES={\"gpu-notebook\": \"alice\"}\n",
                    "ECS_CLUSTER=not-the-agent-config");
            assertThat(config.writeFiles()).extracting(CloudConfig.WriteFile::append)
                    .containsExactly(false, true, true, true, false);
            assertThat(config.runcmd()).containsExactly(
                    "'sh' '-c' 'echo ECS_RESERVED_MEMORY=256 >> /etc/ecs/ecs.config'", "echo done");
        }

        @Test
        void parse_whenContentIsBinaryAndGzip_unpacksItAsCloudInitsOwnExampleDoes() throws IOException {
            String content = Base64.getMimeEncoder().encodeToString(gzip("ECS_CLUSTER=from-binary\n"));
            String userData = "#cloud-config\nwrite_files:\n  - encoding: gzip\n    path: /etc/ecs/ecs.config\n"
                    + "    content: !!binary |\n      " + content.replace("\r\n", "\n      ") + "\n";

            assertThat(EcsAgentConfigParser.parse(userData).value("ECS_CLUSTER")).contains("from-binary");
        }
    }

    @Nested
    class AppendIsReadAsCloudInitReadsItFromYaml11OrYaml12 {

        private static String writes(String firstAppend, String secondAppend) {
            return """
                    #cloud-config
                    write_files:
                      - path: /etc/ecs/ecs.config
                        content: "ECS_CLUSTER=first\\n"
                      - path: /etc/ecs/ecs.config
                        append: %s
                        content: "ECS_ENABLE_GPU_SUPPORT=true\\n"
                      - path: /etc/ecs/ecs.config
                        append: %s
                        content: "ECS_RESERVED_MEMORY=256\\n"
                    """.formatted(firstAppend, secondAppend);
        }

        @Test
        void parse_whenAppendIsYesOnOrOne_keepsWhatCameBefore() {
            for (String[] spelling : new String[][] {{"yes", "On"}, {"TRUE", "1"}, {"'true'", "\"YES\""}}) {
                EcsAgentConfig config = EcsAgentConfigParser.parse(writes(spelling[0], spelling[1]));

                assertThat(config.value("ECS_CLUSTER")).as(String.join(", ", spelling)).contains("first");
                assertThat(config.value("ECS_RESERVED_MEMORY")).contains("256");
            }
        }

        @Test
        void parse_whenAppendIsNoOffOrFalse_replacesWhatCameBefore() {
            for (String[] spelling : new String[][] {{"no", "off"}, {"false", "0"}, {"y", "~"}}) {
                EcsAgentConfig config = EcsAgentConfigParser.parse(writes(spelling[0], spelling[1]));

                assertThat(config.value("ECS_CLUSTER")).as(String.join(", ", spelling)).isEmpty();
                assertThat(config.value("ECS_ENABLE_GPU_SUPPORT")).isEmpty();
                assertThat(config.value("ECS_RESERVED_MEMORY")).contains("256");
            }
        }
    }

    @Nested
    class WhatCloudInitCannotReadOrRunBecomesANoteNeverAnException {

        @Test
        void parse_whenTheStreamHoldsTwoDocuments_notesThatCloudInitCannotReadIt() {
            EcsAgentConfig config = EcsAgentConfigParser.parse("#cloud-config\nruncmd: [echo ECS_CLUSTER=a >> "
                    + "/etc/ecs/ecs.config]\n---\nruncmd: []\n");

            assertThat(config.settings()).isEmpty();
            assertThat(config.notes()).singleElement().asString().startsWith("user data: cloud-config that cannot be read")
                    .contains("single document").contains("another document at line 3, column 1").doesNotContain("\n");
        }

        @Test
        void parse_whenARuncmdItemIsAMapping_runsNoneOfRuncmd() {
            EcsAgentConfig config = EcsAgentConfigParser.parse("""
                    #cloud-config
                    runcmd:
                      - echo ECS_CLUSTER=gpu >> /etc/ecs/ecs.config
                      - echo note: the colon made this line a mapping
                    """);

            assertThat(config.settings()).isEmpty();
            assertThat(config.notes()).singleElement().asString()
                    .isEqualTo("user data runcmd[1] is a YAML mapping, neither a command line nor a list of arguments:"
                            + " cloud-init runs none of runcmd");
        }

        @Test
        void parse_whenContentIsAMapping_notesItAndWritesNothing() {
            EcsAgentConfig config = EcsAgentConfigParser.parse("#cloud-config\nwrite_files:\n"
                    + "  - path: /etc/ecs/ecs.config\n    content:\n      ECS_CLUSTER: gpu\n");

            assertThat(config.settings()).isEmpty();
            assertThat(config.notes()).singleElement().asString().contains("write_files[0]").contains("mapping");
        }

        @Test
        void parse_whenBillionLaughs_notesTheAliasesAndReadsNothing() {
            StringBuilder yaml = new StringBuilder("#cloud-config\nl0: &l0 [ECS_CLUSTER=lol, ECS_CLUSTER=lol]\n");
            for (int level = 1; level <= 30; level++) {
                yaml.append("l").append(level).append(": &l").append(level).append(" [*l").append(level - 1)
                        .append(", *l").append(level - 1).append("]\n");
            }
            yaml.append("runcmd: *l30\n");

            EcsAgentConfig config = EcsAgentConfigParser.parse(yaml.toString());

            assertThat(config.settings()).isEmpty();
            assertThat(config.notes()).singleElement().asString().contains("cannot be read").contains("aliases");
        }

        @Test
        void parse_whenAliasesRepeatALongScalar_readsNoMoreTextThanADocumentHolds() {
            String line = "echo ECS_CLUSTER=gpu >> /etc/ecs/ecs.config # " + "x".repeat(SafeYaml.MAX_CODE_POINTS / 3);
            String yaml = "#cloud-config\nx-line: &line \"" + line + "\"\nruncmd: [*line, *line, *line, *line]\n";

            List<String> notes = new ArrayList<>();
            CloudConfig config = CloudConfig.parse(yaml, "user data", notes);

            assertThat(config.runcmd()).hasSize(2);
            assertThat(notes).singleElement().asString().startsWith("user data runcmd[2]: more text than the");
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
