package dev.gpunotebook.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpunotebook.it.cli.InProcessCli.Run;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console chat ({@code console}), in process, with typed lines on its standard input, against the emulator. */
@WithAwsEmulator
@ExtendWith(EmulatorCredentials.class)
class ConsoleIT {

    private AwsEmulator emulator;

    @BeforeEach
    void setUp(AwsEmulator emulator) {
        this.emulator = emulator;
    }

    private Run commandLine(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint-url", emulator.endpoint().toString(), "--region", "us-east-1"));
        return InProcessCli.run(all);
    }

    /**
     * What the console answered to each typed line, in order: the text after each prompt (the first
     * element is the greeting, before the first prompt).
     */
    private static List<String> answers(Run run) {
        return List.of(run.out().split("\n> ", -1));
    }

    @Nested
    class ALineWithOutputJson {

        @Test
        void run_whenListAndDiagnoseAskForJson_answerWithTheJsonOfTheCommandLine() {
            assertThat(commandLine("setup").status()).isZero();
            assertThat(commandLine("start", "alice").status()).isZero();

            Run console = InProcessCli.run(List.of("console", "--endpoint-url", emulator.endpoint().toString(),
                    "--region", "us-east-1"), String.join("\n", "/notebook list --output json",
                    "/notebook diagnose alice --output json", "/notebook list", "exit"));

            assertThat(console.status()).isZero();
            List<String> answers = answers(console);
            JsonObject list = JsonParser.parseString(answers.get(1)).getAsJsonObject();
            JsonObject expected = JsonParser.parseString(commandLine("list", "--output", "json").out()).getAsJsonObject();
            assertThat(list.keySet()).isEqualTo(expected.keySet());
            JsonObject alice = list.getAsJsonArray("notebooks").get(0).getAsJsonObject();
            assertThat(alice.keySet()).isEqualTo(expected.getAsJsonArray("notebooks").get(0).getAsJsonObject().keySet());
            assertThat(alice.get("name").getAsString()).isEqualTo("alice");
            JsonObject diagnosis = JsonParser.parseString(answers.get(2)).getAsJsonObject();
            assertThat(diagnosis.keySet()).containsExactly("target", "checks", "counts", "apiCalls", "elapsedMs");
            assertThat(diagnosis.getAsJsonObject("target").get("notebook").getAsString()).isEqualTo("alice");
            assertThat(diagnosis.getAsJsonArray("checks")).hasSize(18);
            assertThat(answers.get(3)).contains("alice").doesNotContain("{");
        }
    }

    @Nested
    class ALocalConsole {

        @Test
        void run_whenALineGivesOnlyAnEndpoint_keepsTheLocalRegion() {
            assertThat(commandLine("setup").status()).isZero();
            assertThat(commandLine("start", "far").status()).isZero();

            Run console = InProcessCli.run(List.of("console", "--local"), String.join("\n",
                    "/notebook list --output json --endpoint-url " + emulator.endpoint(), "exit"));

            assertThat(console.status()).as(console.err()).isZero();
            List<String> answers = answers(console);
            JsonElement list = JsonParser.parseString(answers.get(answers.size() - 2));
            assertThat(list.getAsJsonObject().getAsJsonArray("notebooks").asList())
                    .extracting(notebook -> notebook.getAsJsonObject().get("name").getAsString())
                    .containsExactly("far");
        }
    }
}
