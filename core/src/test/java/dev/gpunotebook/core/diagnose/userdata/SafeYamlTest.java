package dev.gpunotebook.core.diagnose.userdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SafeYamlTest {

    @Nested
    class WhatCloudConfigsWriteIsRead {

        @Test
        void load_whenBlockScalarsWithChomping_keepsOrDropsTheFinalNewline() {
            Object yaml = SafeYaml.load("a: |\n  one\n  two\nb: |-\n  three\nc: >\n  folded\n  line\n");

            assertThat(yaml).isEqualTo(Map.of("a", "one\ntwo\n", "b", "three", "c", "folded line\n"));
        }

        @Test
        void load_whenQuotedScalarsAndComments_unquotesAndDropsComments() {
            Object yaml = SafeYaml.load("# comment\na: \"x\\ty\" # trailing\nb: 'it''s'\nc: plain # note\n");

            assertThat(yaml).isEqualTo(Map.of("a", "x\ty", "b", "it's", "c", "plain"));
        }

        @Test
        void load_whenSequenceAtTheKeysIndent_readsItAsTheValue() {
            Object yaml = SafeYaml.load("runcmd:\n- one\n- [ sh, -c, \"two, three\" ]\n- - nested\n");

            assertThat(yaml).isEqualTo(Map.of("runcmd", List.of("one", List.of("sh", "-c", "two, three"), List.of("nested"))));
        }

        @Test
        void load_whenSequenceOfMappings_readsEachItem() {
            Object yaml = SafeYaml.load("files:\n  - path: /a\n    append: true\n  -   path: /b\n");

            // YAML 1.2's core schema types `true` (MiniYaml, which this test was written for, left it text).
            assertThat(yaml).isEqualTo(Map.of("files", List.of(Map.of("path", "/a", "append", true), Map.of("path", "/b"))));
        }

        @Test
        void load_whenTextIsLeftOver_isRefused() {
            assertThatThrownBy(() -> SafeYaml.load("a: 1\n- b\n")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void load_whenEmptyOrOnlyComments_isNull() {
            assertThat(SafeYaml.load("")).isNull();
            assertThat(SafeYaml.load("#cloud-config\n# nothing yet\n")).isNull();
        }
    }

    @Nested
    class TheYaml11PartsOfCloudConfigsAreReadAsCloudInitReadsThem {

        @Test
        void load_whenMergeKeyNamesAnAnchor_mergesItsEntriesUnderTheOwnOnes() {
            Object yaml = SafeYaml.load("base: &base {path: /etc/ecs/ecs.config, append: true}\n"
                    + "file:\n  <<: *base\n  append: false\n");

            assertThat(((Map<?, ?>) yaml).get("file")).isEqualTo(Map.of("path", "/etc/ecs/ecs.config", "append", false));
        }

        @Test
        void load_whenYesOnOrOff_leavesThemText() {
            Map<?, ?> yaml = (Map<?, ?>) SafeYaml.load("a: yes\nb: On\nc: off\nd: True\ne: ~\n");

            assertThat(List.of(yaml.get("a"), yaml.get("b"), yaml.get("c"), yaml.get("d"))).containsExactly("yes", "On", "off", true);
            assertThat(yaml.containsKey("e") && yaml.get("e") == null).isTrue();
        }

        @Test
        void load_whenBinaryTag_givesTheBytes() {
            Map<?, ?> yaml = (Map<?, ?>) SafeYaml.load("content: !!binary |\n  RUNTX0NMVVNURVI9YQ==\n");

            assertThat(new String((byte[]) yaml.get("content"), StandardCharsets.UTF_8)).isEqualTo("ECS_CLUSTER=a");
        }

        @Test
        void load_whenAKeyIsGivenTwice_keepsTheLaterValueAsPyYamlDoes() {
            assertThat(SafeYaml.load("runcmd: [a]\nruncmd: [b]\n")).isEqualTo(Map.of("runcmd", List.of("b")));
        }

        @Test
        void load_whenTheStreamHoldsTwoDocuments_isRefusedAsCloudInitRefusesIt() {
            assertThatThrownBy(() -> SafeYaml.load("runcmd: [a]\n---\nruncmd: [b]\n"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single document");
        }
    }

    @Nested
    class ABrokenDocumentIsRefusedSayingWhatAndWhereOnOneLine {

        @Test
        void load_whenASequenceEntryFollowsAMapping_namesTheLineAndColumn() {
            assertThatThrownBy(() -> SafeYaml.load("#cloud-config\na: 1\n- b\n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected <block end>, but found '-' at line 3, column 1")
                    .hasMessageNotContaining("\n");
        }

        @Test
        void load_whenTabsIndent_saysSo() {
            assertThatThrownBy(() -> SafeYaml.load("write_files:\n\t- path: /etc/ecs/ecs.config\n"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TAB")
                    .hasMessageContaining("line 2").hasMessageNotContaining("\n");
        }

        @Test
        void load_whenATagNamesAClass_constructsNothing() {
            assertThatThrownBy(() -> SafeYaml.load("a: !!java.io.File [/etc/passwd]\nb: !!python/object:os.system [id]\n"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag");
        }
    }

    @Nested
    class AHostileDocumentIsRefusedWithinBounds {

        @Test
        void load_whenBillionLaughs_refusesTheAliasesBeforeTheyMultiply() {
            StringBuilder yaml = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
            for (int level = 1; level <= 9; level++) {
                String previous = "*l" + (level - 1);
                yaml.append("l").append(level).append(": &l").append(level).append(" [")
                        .append(String.join(", ", java.util.Collections.nCopies(9, previous))).append("]\n");
            }

            assertThatThrownBy(() -> SafeYaml.load(yaml.toString())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("aliases");
        }

        @Test
        void load_whenNestedDeeperThanTheBound_refusesWithoutOverflowingTheStack() {
            String deep = "[".repeat(100_000);

            assertThatThrownBy(() -> SafeYaml.load(deep)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("nested deeper than " + SafeYaml.MAX_DEPTH + " levels at line 1, column "
                            + (SafeYaml.MAX_DEPTH + 1));
        }

        @Test
        void load_whenNestedUpToTheBound_readsIt() {
            String deepest = "[".repeat(SafeYaml.MAX_DEPTH) + "]".repeat(SafeYaml.MAX_DEPTH);

            assertThat(SafeYaml.load(deepest)).isInstanceOf(List.class);
        }

        @Test
        void load_whenLongerThanTheBound_refuses() {
            String huge = "a: " + "x".repeat(SafeYaml.MAX_CODE_POINTS);

            assertThatThrownBy(() -> SafeYaml.load(huge)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("exceeds the limit");
        }
    }
}
