package dev.gpunotebook.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.model.EnvironmentName;
import dev.gpunotebook.core.model.NotebookName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OperationLocksTest {

    private final OperationLocks locks = new OperationLocks();
    private final EnvironmentName env = EnvironmentName.DEFAULT;
    private final NotebookName alice = NotebookName.of("alice");

    @Test
    void run_whenAnotherOperationHoldsTheNotebook_refusesAtOnceNamingIt() {
        assertThatThrownBy(() -> locks.run(env, alice, "start", () -> locks.run(env, alice, "stop", () -> "x")))
                .isInstanceOf(GpuNotebookException.class)
                .hasMessageContaining("alice is busy").hasMessageContaining("a start of it is in progress")
                .hasMessageContaining("Nothing was changed")
                .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(GpuNotebookException.Reason.CONFLICT);
    }

    @Test
    void run_whenTheOtherNotebookIsBusy_runs() {
        String result = locks.run(env, alice, "start", () -> locks.run(env, NotebookName.of("bob"), "stop", () -> "ran"));

        assertThat(result).isEqualTo("ran");
    }

    @Test
    void run_whenTheOperationFailed_releasesTheNotebook() {
        assertThatThrownBy(() -> locks.run(env, alice, "stop", () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(locks.current(env, alice)).isEmpty();
        assertThat(locks.run(env, alice, "delete", () -> "ran")).isEqualTo("ran");
    }

    @Nested
    class TheRefusalMessage {

        @Test
        void run_whenRefused_namesTheHeldOperationWithItsArticleAndSaysWhatToTryAgain() {
            assertThatThrownBy(() -> locks.run(env, alice, "idle stop",
                    () -> locks.run(env, alice, "delete", () -> "x")))
                    .hasMessage("Notebook alice is busy: an idle stop of it is in progress. Nothing was changed; wait"
                            + " until it has finished (`status alice` shows its state), then try delete again.");
        }
    }

    @Nested
    class WhatHoldsANotebook {

        @Test
        void current_whileAnOperationRuns_namesIt() {
            String seen = locks.run(env, alice, "stop", () -> locks.current(env, alice).orElse("nothing"));

            assertThat(seen).isEqualTo("stop");
            assertThat(locks.current(env, alice)).isEmpty();
        }

        @Test
        void run_whenANotebookOfTheSameNameIsBusyInAnotherEnvironment_runs() {
            EnvironmentName other = new EnvironmentName("team2");

            String result = locks.run(env, alice, "start", () -> locks.run(other, alice, "stop", () -> "ran"));

            assertThat(result).isEqualTo("ran");
        }
    }
}
