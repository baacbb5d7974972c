package dev.gpunotebook.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotebookSpecTest {

    private static final NotebookSpec ALICE = NotebookSpec.defaults(NotebookName.of("alice"), "U012AB3CD");

    // jqwik discovers properties on top-level classes only, not in JUnit @Nested classes.
    @Property
    void notebookName_whenGivenAnyText_eitherAcceptsOrThrowsAOneLineMessage(@ForAll String text) {
        try {
            assertThat(NotebookName.of(text).value()).matches("[a-z0-9][a-z0-9-]{0,19}");
        } catch (GpuNotebookException e) {
            assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r");
        }
    }

    @Nested
    class NotebookNames {

        @ParameterizedTest
        @ValueSource(strings = {"a", "alice", "a-1", "0abc", "abcdefghijklmnopqrst"})
        void of_whenNameIsValid_keepsIt(String name) {
            assertThat(NotebookName.of(name).value()).isEqualTo(name);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "-a", "Alice", "a_b", "a b", "abcdefghijklmnopqrstu", "a/b", "ä"})
        void of_whenNameIsInvalid_explainsTheRule(String name) {
            assertThatThrownBy(() -> NotebookName.of(name)).isInstanceOf(GpuNotebookException.class)
                    .hasMessageContaining("lowercase letters, digits or '-'")
                    .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(GpuNotebookException.Reason.INVALID_INPUT);
        }

        @Test
        void of_whenNameHasControlCharacters_escapesThemInTheMessage() {
            assertThatThrownBy(() -> NotebookName.of("bad\u001b[31mname")).hasMessageContaining("\\u001B");
        }
    }

    @Nested
    class SpecOptions {

        @Test
        void defaults_whenNothingIsGiven_usesOneT4Gpu() {
            assertThat(ALICE.instanceType()).isEqualTo("g4dn.xlarge");
            assertThat(ALICE.gpus()).isEqualTo(1);
            assertThat(ALICE.image()).startsWith("quay.io/jupyter/pytorch-notebook:cuda12-");
            assertThat(ALICE.idleMinutes()).isEqualTo(60);
        }

        @Test
        void withGpus_whenZero_isRefused() {
            assertThatThrownBy(() -> ALICE.withGpus(0)).hasMessageContaining("GPU count 0");
        }

        @Test
        void withVolumeGib_whenBelowTheAmiRoot_isRefused() {
            assertThatThrownBy(() -> ALICE.withVolumeGib(20)).hasMessageContaining("at least 30");
        }

        @ParameterizedTest
        @ValueSource(strings = {"g4dn", "G4DN.XLARGE", "g4dn.xlarge;rm", " g5.xlarge"})
        void withInstanceType_whenMalformed_isRefused(String type) {
            assertThatThrownBy(() -> ALICE.withInstanceType(type)).hasMessageContaining("Invalid instance type");
        }

        @Test
        void withImage_whenItHasWhitespace_isRefused() {
            assertThatThrownBy(() -> ALICE.withImage("nginx latest")).hasMessageContaining("Invalid image");
        }

        @Test
        void withIdleMinutes_whenNegative_isRefused() {
            assertThatThrownBy(() -> ALICE.withIdleMinutes(-1)).hasMessageContaining("0 (never stop)");
        }

        @Test
        void new_whenOwnerHasSpaces_isRefused() {
            assertThatThrownBy(() -> new NotebookSpec(NotebookName.of("a"), "alice smith", "g4dn.xlarge", 1,
                    NotebookSpec.DEFAULT_IMAGE, 100, 60)).hasMessageContaining("Invalid owner");
        }
    }

    @Nested
    class DerivedNames {

        @Test
        void targetGroup_whenNamesAreLongest_fitsThe32CharacterLimit() {
            ResourceNames names = new ResourceNames(new EnvironmentName("abcdefgh"));

            assertThat(names.targetGroup(NotebookName.of("abcdefghijklmnopqrst"))).hasSize(32);
        }

        @Test
        void tags_whenNotebookIsTagged_carryEnvNotebookAndOwner() {
            assertThat(Tags.notebook(EnvironmentName.DEFAULT, ALICE)).containsEntry(Tags.ENV, "default")
                    .containsEntry(Tags.NOTEBOOK, "alice").containsEntry(Tags.OWNER, "U012AB3CD");
        }

        @Test
        void environmentName_whenTooLong_isRefused() {
            assertThatThrownBy(() -> new EnvironmentName("abcdefghi")).hasMessageContaining("1 to 8");
        }
    }
}
