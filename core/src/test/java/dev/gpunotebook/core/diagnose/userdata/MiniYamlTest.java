package dev.gpunotebook.core.diagnose.userdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniYamlTest {

    @Test
    void parse_whenBlockScalarsWithChomping_keepsOrDropsTheFinalNewline() {
        Object yaml = MiniYaml.parse("a: |\n  one\n  two\nb: |-\n  three\nc: >\n  folded\n  line\n");

        assertThat(yaml).isEqualTo(Map.of("a", "one\ntwo\n", "b", "three", "c", "folded line\n"));
    }

    @Test
    void parse_whenQuotedScalarsAndComments_unquotesAndDropsComments() {
        Object yaml = MiniYaml.parse("# comment\na: \"x\\ty\" # trailing\nb: 'it''s'\nc: plain # note\n");

        assertThat(yaml).isEqualTo(Map.of("a", "x\ty", "b", "it's", "c", "plain"));
    }

    @Test
    void parse_whenSequenceAtTheKeysIndent_readsItAsTheValue() {
        Object yaml = MiniYaml.parse("runcmd:\n- one\n- [ sh, -c, \"two, three\" ]\n- - nested\n");

        assertThat(yaml).isEqualTo(Map.of("runcmd", List.of("one", List.of("sh", "-c", "two, three"), List.of("nested"))));
    }

    @Test
    void parse_whenSequenceOfMappings_readsEachItem() {
        Object yaml = MiniYaml.parse("files:\n  - path: /a\n    append: true\n  -   path: /b\n");

        assertThat(yaml).isEqualTo(Map.of("files", List.of(Map.of("path", "/a", "append", "true"), Map.of("path", "/b"))));
    }

    @Test
    void parse_whenTextIsLeftOver_isRefused() {
        assertThatThrownBy(() -> MiniYaml.parse("a: 1\n- b\n")).isInstanceOf(IllegalArgumentException.class);
    }
}
