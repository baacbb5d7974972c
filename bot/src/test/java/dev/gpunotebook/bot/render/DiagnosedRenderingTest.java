package dev.gpunotebook.bot.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.gpunotebook.bot.handler.Outcome;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.diagnose.DiagnosisJson;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DiagnosedRenderingTest {

    private static Diagnosis diagnosis(String notebook, Status status) {
        return new Diagnosis(new DiagnosisTarget("gpu-notebook-dev", "notebook-" + notebook, notebook, "eu-west-1"),
                List.of(new CheckResult("instance.state", status, "i-0abc is " + (status == Status.FAIL ? "stopped"
                        : "running") + ".", List.of("i-0abc"), status == Status.FAIL ? "Start it." : null,
                        "https://docs.aws.amazon.com/")), 12, 340);
    }

    @Nested
    class AsJson {
        @Test
        void render_whenOneTargetWasDiagnosed_writesDiagnosisJsonVerbatim() {
            Diagnosis one = diagnosis("alice", Status.PASS);

            assertThat(JsonRenderer.render(new Outcome.Diagnosed(List.of(one), false))).isEqualTo(DiagnosisJson.write(one));
        }

        @Test
        void render_whenTheWholeEnvironmentWasDiagnosed_writesAnArrayOfDiagnoses() {
            String json = JsonRenderer.render(new Outcome.Diagnosed(List.of(diagnosis("alice", Status.PASS),
                    diagnosis("bob", Status.FAIL)), true));

            var array = JsonParser.parseString(json).getAsJsonArray();
            assertThat(array).hasSize(2);
            assertThat(array.get(1).getAsJsonObject().getAsJsonObject("target").get("notebook").getAsString())
                    .isEqualTo("bob");
        }

        @Test
        void render_whenTheEnvironmentHasNoNotebook_writesAnEmptyArray() {
            assertThat(JsonParser.parseString(JsonRenderer.render(new Outcome.Diagnosed(List.of(), true)))
                    .getAsJsonArray()).isEmpty();
        }
    }

    @Nested
    class AsTextAndExitCode {
        @Test
        void render_whenAFailExists_showsTheFixAndExitsOne() {
            Outcome.Diagnosed outcome = new Outcome.Diagnosed(List.of(diagnosis("alice", Status.PASS),
                    diagnosis("bob", Status.FAIL)), true);

            assertThat(TextRenderer.diagnosed(outcome, false)).contains("Start it.").doesNotContain("\u001b[");
            assertThat(outcome.exitCode()).isEqualTo(1);
        }

        @Test
        void render_whenColourIsOn_usesAnsiColours() {
            assertThat(TextRenderer.diagnosed(new Outcome.Diagnosed(List.of(diagnosis("alice", Status.FAIL)), false),
                    true)).contains("\u001b[");
        }

        @Test
        void exitCode_whenNoCheckFails_isZero() {
            assertThat(new Outcome.Diagnosed(List.of(diagnosis("alice", Status.PASS)), false).exitCode()).isZero();
        }
    }
}
