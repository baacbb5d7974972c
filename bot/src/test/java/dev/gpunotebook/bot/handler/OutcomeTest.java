package dev.gpunotebook.bot.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The exit status each outcome gives the shell: 0 success, 1 the operation failed, 2 usage or input. */
class OutcomeTest {

    private static Diagnosis diagnosis(Status status) {
        return new Diagnosis(new DiagnosisTarget("gpu-notebook-default", "notebook-alice", "alice", "us-east-1"),
                List.of(new CheckResult("service.tasks", status, "the service runs 0 of 1 tasks.", List.of(),
                        status == Status.FAIL ? "Look at the stopped task's reason." : null,
                        "https://docs.aws.amazon.com/")), 3, 40);
    }

    @Nested
    class ADiagnosis {

        @Test
        void exitCode_whenAnyTargetFailedACheck_isOne() {
            Outcome outcome = new Outcome.Diagnosed(List.of(diagnosis(Status.PASS), diagnosis(Status.FAIL)), true);

            assertThat(outcome.exitCode()).isEqualTo(1);
        }

        @Test
        void exitCode_whenNoCheckFailed_isZero() {
            assertThat(new Outcome.Diagnosed(List.of(diagnosis(Status.WARN)), false).exitCode()).isZero();
        }

        @Test
        void exitCode_whenTheEnvironmentHasNoNotebookToDiagnose_isZero() {
            assertThat(new Outcome.Diagnosed(List.of(), true).exitCode()).isZero();
        }

        @Test
        void diagnoses_whenTheGivenListChangesLater_staysAsItWas() {
            List<Diagnosis> given = new ArrayList<>(List.of(diagnosis(Status.PASS)));
            Outcome.Diagnosed outcome = new Outcome.Diagnosed(given, false);

            given.add(diagnosis(Status.FAIL));

            assertThat(outcome.diagnoses()).hasSize(1);
            assertThat(outcome.exitCode()).isZero();
        }
    }

    @Nested
    class TheOtherOutcomes {

        @Test
        void exitCode_whenACommandIsNotAvailable_isOne() {
            assertThat(new Outcome.NotAvailable("quota", "not in this version").exitCode()).isEqualTo(1);
        }

        @Test
        void exitCode_whenAFailureOrHelpCarriesOne_isThatOne() {
            assertThat(new Outcome.Failed("bad input", 2).exitCode()).isEqualTo(2);
            assertThat(new Outcome.Help("usage", 2).exitCode()).isEqualTo(2);
        }

        @Test
        void exitCode_whenTheAnswerIsAVersionAScriptOrAQuestion_isZero() {
            assertThat(new Outcome.Version("1.0").exitCode()).isZero();
            assertThat(new Outcome.Script("bash", "complete").exitCode()).isZero();
            assertThat(new Outcome.NeedsConfirmation("Delete?", "/notebook delete a --yes").exitCode()).isZero();
        }
    }
}
