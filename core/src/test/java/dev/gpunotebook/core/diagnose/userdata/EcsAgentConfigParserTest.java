package dev.gpunotebook.core.diagnose.userdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EcsAgentConfigParserTest {

    private static EcsAgentConfig parse(String userData) {
        return EcsAgentConfigParser.parse(userData);
    }

    private static String cluster(String userData) {
        return parse(userData).value(EcsAgentConfig.CLUSTER).orElse(null);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Nested
    @DisplayName("here-documents in a shell script")
    class HereDocuments {
        @Test
        void parse_whenCatHeredocTruncatesTheFile_readsItsLines() {
            EcsAgentConfig config = parse("""
                    #!/bin/bash
                    cat <<EOF > /etc/ecs/ecs.config
                    ECS_CLUSTER=gpu
                    ECS_ENABLE_GPU_SUPPORT=true
                    EOF
                    """);

            assertThat(config.value("ECS_CLUSTER")).contains("gpu");
            assertThat(config.value("ECS_ENABLE_GPU_SUPPORT")).contains("true");
            assertThat(config.setting("ECS_CLUSTER").orElseThrow().origin()).isEqualTo("user data line 2");
        }

        @Test
        void parse_whenCatAppendsWithQuotedDelimiter_keepsDollarSignsLiteral() {
            EcsAgentConfig config = parse("""
                    #!/bin/bash
                    CLUSTER=ignored
                    cat >> /etc/ecs/ecs.config <<'EOF'
                    ECS_CLUSTER=$CLUSTER
                    EOF
                    """);

            assertThat(config.value("ECS_CLUSTER")).contains("$CLUSTER");
            assertThat(config.setting("ECS_CLUSTER").orElseThrow().isResolved()).isFalse();
        }

        @Test
        void parse_whenUnquotedDelimiter_expandsVariablesTheScriptAssigned() {
            assertThat(cluster("""
                    #!/bin/bash
                    CLUSTER_NAME="gpu-${ENV:-dev}"
                    cat <<EOF >> /etc/ecs/ecs.config
                    ECS_CLUSTER=${CLUSTER_NAME}
                    EOF
                    """)).isEqualTo("gpu-dev");
        }

        @Test
        void parse_whenDashHeredocWithTabs_stripsTheTabs() {
            assertThat(cluster("#!/bin/bash\ncat <<-EOF >> /etc/ecs/ecs.config\n\tECS_CLUSTER=tabbed\n\tEOF\n"))
                    .isEqualTo("tabbed");
        }

        @Test
        void parse_whenHeredocFeedsSudoTeeAppend_readsIt() {
            assertThat(cluster("""
                    #!/bin/bash
                    sudo tee -a /etc/ecs/ecs.config > /dev/null <<'CONFIG'
                    ECS_CLUSTER=teed
                    CONFIG
                    """)).isEqualTo("teed");
        }

        @Test
        void parse_whenHeredocWritesAnotherFile_ignoresItsLines() {
            EcsAgentConfig config = parse("""
                    #!/bin/bash
                    cat <<EOF > /etc/docker/daemon.env
                    ECS_CLUSTER=not-this-one
                    EOF
                    """);

            assertThat(config.setting("ECS_CLUSTER")).isEmpty();
        }

        @Test
        void parse_whenTemplateIndentsTheWholeScript_stillFindsTheEnd() {
            assertThat(cluster("#!/bin/bash\n    cat <<'EOF' >> /etc/ecs/ecs.config\n    ECS_CLUSTER=indented\n    EOF\n"
                    + "    echo done\n")).isEqualTo("indented");
        }
    }

    @Nested
    @DisplayName("echo, printf and tee one-liners")
    class OneLiners {
        @Test
        void parse_whenEchoAppends_readsTheLine() {
            assertThat(cluster("#!/bin/bash\necho ECS_CLUSTER=plain >> /etc/ecs/ecs.config\n")).isEqualTo("plain");
        }

        @Test
        void parse_whenQuotedEchoIsPipedToSudoTee_readsTheLine() {
            EcsAgentConfig config = parse("""
                    #!/bin/bash
                    echo "ECS_CLUSTER=piped" | sudo tee -a /etc/ecs/ecs.config
                    echo 'ECS_ENABLE_GPU_SUPPORT=true' | sudo -E tee --append /etc/ecs/ecs.config >/dev/null
                    """);

            assertThat(config.value("ECS_CLUSTER")).contains("piped");
            assertThat(config.value("ECS_ENABLE_GPU_SUPPORT")).contains("true");
        }

        @Test
        void parse_whenTeeWithoutAppend_replacesWhatWasThere() {
            EcsAgentConfig config = parse("""
                    #!/bin/bash
                    echo ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config
                    echo ECS_CLUSTER=only | tee /etc/ecs/ecs.config
                    """);

            assertThat(config.value("ECS_CLUSTER")).contains("only");
            assertThat(config.setting("ECS_ENABLE_GPU_SUPPORT")).isEmpty();
        }

        @Test
        void parse_whenPrintfWithFormatAndArguments_expandsThem() {
            EcsAgentConfig config = parse("""
                    #!/bin/bash
                    CLUSTER=formatted
                    printf "ECS_CLUSTER=%s\\nECS_ENABLE_GPU_SUPPORT=%s\\n" "$CLUSTER" true >> /etc/ecs/ecs.config
                    printf '%s\\n' ECS_RESERVED_MEMORY=256 ECS_LOGLEVEL=debug >> /etc/ecs/ecs.config
                    """);

            assertThat(config.value("ECS_CLUSTER")).contains("formatted");
            assertThat(config.value("ECS_ENABLE_GPU_SUPPORT")).contains("true");
            assertThat(config.value("ECS_RESERVED_MEMORY")).contains("256");
            assertThat(config.value("ECS_LOGLEVEL")).contains("debug");
        }

        @Test
        void parse_whenEchoDashE_interpretsNewlines() {
            EcsAgentConfig config = parse("#!/bin/bash\necho -e \"ECS_CLUSTER=a\\nECS_ENABLE_GPU_SUPPORT=true\" "
                    + ">> /etc/ecs/ecs.config\n");

            assertThat(config.value("ECS_CLUSTER")).contains("a");
            assertThat(config.value("ECS_ENABLE_GPU_SUPPORT")).contains("true");
        }

        @Test
        void parse_whenEchoWithoutDashE_writesBackslashNLiterally() {
            // bash's echo does not interpret \n: the agent would read one broken line.
            assertThat(cluster("#!/bin/bash\necho \"ECS_CLUSTER=a\\nECS_ENABLE_GPU_SUPPORT=true\" >> /etc/ecs/ecs.config\n"))
                    .isEqualTo("a\\nECS_ENABLE_GPU_SUPPORT=true");
        }

        @Test
        void parse_whenSudoShDashC_readsTheInnerCommand() {
            assertThat(cluster("#!/bin/bash\nsudo sh -c 'echo ECS_CLUSTER=inner >> /etc/ecs/ecs.config'\n"))
                    .isEqualTo("inner");
        }

        @Test
        void parse_whenHereString_feedsTee() {
            assertThat(cluster("#!/bin/bash\ntee -a /etc/ecs/ecs.config <<< \"ECS_CLUSTER=herestring\"\n"))
                    .isEqualTo("herestring");
        }

        @Test
        void parse_whenCommandsAreChainedAndContinued_readsEachOne() {
            EcsAgentConfig config = parse("""
                    #!/bin/bash
                    mkdir -p /etc/ecs && echo ECS_CLUSTER=chained >> /etc/ecs/ecs.config; \\
                      echo ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config
                    """);

            assertThat(config.value("ECS_CLUSTER")).contains("chained");
            assertThat(config.value("ECS_ENABLE_GPU_SUPPORT")).contains("true");
        }

        @Test
        void parse_whenVariableIsNeverAssigned_leavesTheValueUnresolved() {
            EcsSetting setting = parse("#!/bin/bash\necho ECS_CLUSTER=$FROM_IMDS >> /etc/ecs/ecs.config\n")
                    .setting("ECS_CLUSTER").orElseThrow();

            assertThat(setting.value()).isEqualTo("$FROM_IMDS");
            assertThat(setting.isResolved()).isFalse();
        }
    }

    @Nested
    @DisplayName("which assignment counts")
    class WhichAssignmentCounts {
        @Test
        void parse_whenKeyIsWrittenTwice_theLaterWins() {
            assertThat(cluster("""
                    #!/bin/bash
                    echo ECS_CLUSTER=first >> /etc/ecs/ecs.config
                    echo ECS_CLUSTER=second >> /etc/ecs/ecs.config
                    """)).isEqualTo("second");
        }

        @Test
        void parse_whenLinesAreCommentedOut_ignoresThem() {
            EcsAgentConfig config = parse("""
                    #!/bin/bash
                    # echo ECS_CLUSTER=commented >> /etc/ecs/ecs.config
                    cat <<'EOF' >> /etc/ecs/ecs.config
                    #ECS_CLUSTER=also-commented
                    ECS_ENABLE_GPU_SUPPORT=true
                    EOF
                    echo ECS_LOGLEVEL=info >> /etc/ecs/ecs.config # trailing comment
                    """);

            assertThat(config.setting("ECS_CLUSTER")).isEmpty();
            assertThat(config.value("ECS_LOGLEVEL")).contains("info");
        }

        @Test
        void settings_always_keepTheOrderOfTheFile() {
            EcsAgentConfig config = parse("#!/bin/bash\ncat <<EOF > /etc/ecs/ecs.config\nECS_LOGLEVEL=info\nECS_CLUSTER=c\n"
                    + "ECS_ENABLE_GPU_SUPPORT=true\nECS_RESERVED_MEMORY=256\nEOF\n");

            assertThat(config.settings().keySet()).containsExactly("ECS_LOGLEVEL", "ECS_CLUSTER",
                    "ECS_ENABLE_GPU_SUPPORT", "ECS_RESERVED_MEMORY");
        }

        @Test
        void setting_whenNotSetOrSetElsewhere_tellsTheTwoApart() {
            EcsAgentConfig config = parse("#!/bin/bash\necho ECS_CLUSTER=other >> /etc/ecs/ecs.config\n");

            assertThat(config.setting("ECS_ENABLE_GPU_SUPPORT")).isEmpty();
            assertThat(config.setting("ECS_CLUSTER")).map(EcsSetting::value).contains("other");
        }

        @Test
        void parse_whenQuotedValueInTheFile_dropsTheQuotesLikeSystemd() {
            assertThat(cluster("#!/bin/bash\necho 'ECS_CLUSTER=\"quoted\"' >> /etc/ecs/ecs.config\n"))
                    .isEqualTo("quoted");
        }

        @Test
        void parse_whenFileIsRemovedAfterwards_forgetsItsSettings() {
            assertThat(parse("#!/bin/bash\necho ECS_CLUSTER=x >> /etc/ecs/ecs.config\nrm -f /etc/ecs/ecs.config\n")
                    .settings()).isEmpty();
        }

        @Test
        void parse_whenUserDataIsEmpty_setsNothing() {
            EcsAgentConfig config = parse("");

            assertThat(config.settings()).isEmpty();
            assertThat(config.notes()).isEmpty();
        }
    }

    @Nested
    @DisplayName("writes that cannot be read and assignments that go nowhere")
    class OpaqueAndStray {
        @Test
        void parse_whenConfigIsCopiedFromS3_reportsAnOpaqueWriteAndKeepsLaterAppends() {
            EcsAgentConfig config = parse("""
                    #!/bin/bash
                    aws s3 cp s3://my-bucket/ecs.config /etc/ecs/ecs.config
                    echo ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config
                    """);

            assertThat(config.hasOpaqueWrites()).isTrue();
            assertThat(config.opaqueWrites().get(0)).contains("aws s3 cp s3://my-bucket/ecs.config");
            assertThat(config.value("ECS_ENABLE_GPU_SUPPORT")).contains("true");
        }

        @Test
        void parse_whenLaterHeredocReplacesTheCopiedFile_forgetsTheOpaqueWrite() {
            EcsAgentConfig config = parse("""
                    #!/bin/bash
                    curl -s -o /etc/ecs/ecs.config https://example.com/ecs.config
                    cat > /etc/ecs/ecs.config <<EOF
                    ECS_CLUSTER=final
                    EOF
                    """);

            assertThat(config.hasOpaqueWrites()).isFalse();
            assertThat(config.value("ECS_CLUSTER")).contains("final");
        }

        @Test
        void parse_whenReadingTheFile_isNotAWrite() {
            EcsAgentConfig config = parse("#!/bin/bash\ncat /etc/ecs/ecs.config\ngrep ECS /etc/ecs/ecs.config\n");

            assertThat(config.hasOpaqueWrites()).isFalse();
        }

        @Test
        void parse_whenEcsKeyIsOnlyAShellVariable_reportsAStray() {
            EcsAgentConfig config = parse("#!/bin/bash\nECS_CLUSTER=gpu\nexport ECS_ENABLE_GPU_SUPPORT=true\n");

            assertThat(config.settings()).isEmpty();
            assertThat(config.strayAssignments()).extracting(EcsSetting::key)
                    .containsExactly("ECS_CLUSTER", "ECS_ENABLE_GPU_SUPPORT");
        }

        @Test
        void parse_whenShellVariableIsWrittenToTheFile_isNotAStray() {
            EcsAgentConfig config = parse("#!/bin/bash\nECS_CLUSTER=gpu\necho ECS_CLUSTER=$ECS_CLUSTER >> /etc/ecs/ecs.config\n");

            assertThat(config.value("ECS_CLUSTER")).contains("gpu");
            assertThat(config.strayAssignments()).isEmpty();
        }

        @Test
        void parse_whenUserDataIsNotAScript_saysCloudInitIgnoresIt() {
            EcsAgentConfig config = parse("ECS_CLUSTER=gpu\nECS_ENABLE_GPU_SUPPORT=true\n");

            assertThat(config.settings()).isEmpty();
            assertThat(config.strayAssignments()).hasSize(2);
            assertThat(config.notes()).anySatisfy(note -> assertThat(note).contains("cloud-init does not run it"));
        }
    }

    @Nested
    @DisplayName("MIME multi-part user data")
    class MimeMultiPart {
        private static final String MIME = """
                Content-Type: multipart/mixed; boundary="==BOUNDARY=="
                MIME-Version: 1.0

                --==BOUNDARY==
                Content-Type: text/cloud-config; charset="us-ascii"

                #cloud-config
                write_files:
                  - path: /etc/ecs/ecs.config
                    content: |
                      ECS_CLUSTER=from-cloud-config

                --==BOUNDARY==
                Content-Type: text/x-shellscript; charset="us-ascii"
                Content-Transfer-Encoding: base64

                %s
                --==BOUNDARY==--
                """;

        @Test
        void parse_whenPartsAreTextAndBase64_readsBoth() {
            String script = base64("#!/bin/bash\necho ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config\n"
                    .getBytes(StandardCharsets.UTF_8));

            EcsAgentConfig config = parse(MIME.formatted(script));

            assertThat(config.value("ECS_CLUSTER")).contains("from-cloud-config");
            assertThat(config.value("ECS_ENABLE_GPU_SUPPORT")).contains("true");
            assertThat(config.setting("ECS_ENABLE_GPU_SUPPORT").orElseThrow().origin())
                    .isEqualTo("user data MIME part 2 (text/x-shellscript) line 2");
        }

        @Test
        void parse_whenScriptPartTruncates_itRunsAfterWriteFiles() {
            String script = base64("#!/bin/bash\necho ECS_CLUSTER=from-script > /etc/ecs/ecs.config\n"
                    .getBytes(StandardCharsets.UTF_8));

            assertThat(cluster(MIME.formatted(script))).isEqualTo("from-script");
        }

        @Test
        void parse_whenCrLfLineEnds_readsTheParts() {
            String script = base64("#!/bin/bash\necho ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config\n".getBytes());

            EcsAgentConfig config = parse(MIME.formatted(script).replace("\n", "\r\n"));

            assertThat(config.value("ECS_CLUSTER")).contains("from-cloud-config");
        }
    }

    @Nested
    @DisplayName("cloud-config")
    class CloudConfigUserData {
        @Test
        void parse_whenWriteFilesContentIsBase64_decodesIt() {
            String content = base64("ECS_CLUSTER=b64\nECS_ENABLE_GPU_SUPPORT=true\n".getBytes(StandardCharsets.UTF_8));
            EcsAgentConfig config = parse("""
                    #cloud-config
                    write_files:
                    - path: /etc/ecs/ecs.config
                      encoding: b64
                      content: %s
                      permissions: '0644'
                    """.formatted(content));

            assertThat(config.value("ECS_CLUSTER")).contains("b64");
            assertThat(config.value("ECS_ENABLE_GPU_SUPPORT")).contains("true");
        }

        @Test
        void parse_whenWriteFilesContentIsGzipAndBase64_unpacksIt() throws IOException {
            String content = base64(gzip("ECS_CLUSTER=gzipped\n"));

            assertThat(cluster("#cloud-config\nwrite_files:\n  - path: /etc/ecs/ecs.config\n    encoding: gz+b64\n"
                    + "    content: " + content + "\n")).isEqualTo("gzipped");
        }

        @Test
        void parse_whenWriteFilesAppends_keepsEarlierContent() {
            EcsAgentConfig config = parse("""
                    #cloud-config
                    write_files:
                      - path: /etc/ecs/ecs.config
                        content: "ECS_CLUSTER=quoted\\n"
                      - path: /etc/ecs/ecs.config
                        append: true
                        content: |-
                          ECS_ENABLE_GPU_SUPPORT=true
                    """);

            assertThat(config.value("ECS_CLUSTER")).contains("quoted");
            assertThat(config.value("ECS_ENABLE_GPU_SUPPORT")).contains("true");
        }

        @Test
        void parse_whenRuncmdHasStringsAndLists_runsThemAfterWriteFiles() {
            EcsAgentConfig config = parse("""
                    #cloud-config
                    runcmd:
                      - echo ECS_CLUSTER=from-runcmd >> /etc/ecs/ecs.config
                      - [ sh, -c, "echo ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config" ]
                    write_files:
                      - path: /etc/ecs/ecs.config
                        content: |
                          ECS_CLUSTER=from-write-files
                    """);

            assertThat(config.value("ECS_CLUSTER")).contains("from-runcmd");
            assertThat(config.value("ECS_ENABLE_GPU_SUPPORT")).contains("true");
        }

        @Test
        void parse_whenCloudConfigIsBroken_saysSoInsteadOfFailing() {
            EcsAgentConfig config = parse("#cloud-config\nwrite_files:\n  - path: /etc/ecs/ecs.config\n  this is not yaml\n");

            assertThat(config.settings()).isEmpty();
            assertThat(config.notes()).anySatisfy(note -> assertThat(note).contains("cloud-config that cannot be read"));
        }
    }

    @Nested
    @DisplayName("compressed and other formats")
    class CompressedAndOtherFormats {
        @Test
        void parse_whenUserDataIsGzipped_unpacksItByItsMagicBytes() throws IOException {
            EcsAgentConfig config = EcsAgentConfigParser.parse(gzip("#!/bin/bash\necho ECS_CLUSTER=zipped >> "
                    + "/etc/ecs/ecs.config\n"));

            assertThat(config.value("ECS_CLUSTER")).contains("zipped");
        }

        @Test
        void parse_whenGzipIsCorrupt_notesItAndSetsNothing() {
            EcsAgentConfig config = EcsAgentConfigParser.parse(new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});

            assertThat(config.settings()).isEmpty();
            assertThat(config.notes()).anySatisfy(note -> assertThat(note).contains("gzip"));
        }

        @Test
        void parse_whenBottlerocketToml_mapsSettingsToEcsNames() {
            EcsAgentConfig config = parse("""
                    [settings.ecs]
                    cluster = "rocket"
                    reserved-memory = 300

                    [settings.ecs.instance-attributes]
                    gpu-notebook = "alice"
                    """);

            assertThat(config.bottlerocket()).isTrue();
            assertThat(config.value("ECS_CLUSTER")).contains("rocket");
            assertThat(config.value("ECS_RESERVED_MEMORY")).contains("300");
            assertThat(config.instanceAttributes().attributes()).containsEntry("gpu-notebook", "alice");
        }

        @Test
        void parse_whenIncludeUrl_notesTheRemoteContent() {
            EcsAgentConfig config = parse("#include\nhttps://example.com/user-data.sh\n");

            assertThat(config.notes()).anySatisfy(note -> assertThat(note).contains("https://example.com/user-data.sh"));
        }

        @Test
        void parse_whenBoothookAndScriptBothWrite_theScriptRunsLater() {
            String mime = """
                    Content-Type: multipart/mixed; boundary="b"

                    --b
                    Content-Type: text/x-shellscript

                    #!/bin/bash
                    echo ECS_CLUSTER=script >> /etc/ecs/ecs.config
                    --b
                    Content-Type: text/cloud-boothook

                    #cloud-boothook
                    echo ECS_CLUSTER=boothook >> /etc/ecs/ecs.config
                    --b--
                    """;

            assertThat(cluster(mime)).isEqualTo("script");
        }
    }

    @Nested
    @DisplayName("ECS_INSTANCE_ATTRIBUTES")
    class InstanceAttributesValue {
        @Test
        void instanceAttributes_whenValidJson_readsTheAttributes() {
            EcsAgentConfig config = parse("#!/bin/bash\necho 'ECS_INSTANCE_ATTRIBUTES={\"gpu-notebook\": \"alice\", "
                    + "\"team\": \"ml\"}' >> /etc/ecs/ecs.config\n");

            assertThat(config.instanceAttributes().isValid()).isTrue();
            assertThat(config.instanceAttributes().attributes()).containsEntry("gpu-notebook", "alice")
                    .containsEntry("team", "ml");
        }

        @Test
        void instanceAttributes_whenNotJson_saysWhy() {
            InstanceAttributes attributes = InstanceAttributes.parse("{gpu-notebook: alice}");

            assertThat(attributes.isValid()).isFalse();
            assertThat(attributes.error()).get().asString().contains("not valid JSON");
        }

        @Test
        void instanceAttributes_whenValueIsNotAString_isInvalid() {
            assertThat(InstanceAttributes.parse("{\"gpus\": 1}").error()).get().asString().contains("not a string");
            assertThat(InstanceAttributes.parse("[\"a\"]").error()).get().asString().contains("not a JSON object");
        }

        @Test
        void instanceAttributes_whenNotSet_isEmptyAndValid() {
            assertThat(parse("#!/bin/bash\n").instanceAttributes()).isEqualTo(InstanceAttributes.NONE);
        }
    }
}
