package dev.gpunotebook.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The command line's answers that need no AWS: help, version, completion scripts and usage errors. */
class CommandLineTest {

    /** An environment a command that reaches AWS would refuse: help, version and completion must not read it. */
    private static final Map<String, String> BROKEN_ENVIRONMENT = Map.of("GPU_NOTEBOOK_ENV", "Not Valid!", "USER", "tester");

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new CommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                BROKEN_ENVIRONMENT).run(List.of(args));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Nested
    class WhenTheVersionIsAsked {

        @Test
        void run_whenVersionIsGiven_printsTheBuildsVersionAndExitsZero() {
            Run run = run("--version");

            assertThat(run.status()).isZero();
            assertThat(run.out().strip()).matches("gpu-notebook [0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?");
            assertThat(run.err()).isEmpty();
        }

        @Test
        void run_whenVersionIsAskedAsJson_printsNameAndVersion() {
            var json = JsonParser.parseString(run("version", "--output", "json").out()).getAsJsonObject();

            assertThat(json.get("name").getAsString()).isEqualTo("gpu-notebook");
            assertThat(json.get("version").getAsString()).matches("[0-9]+\\.[0-9]+\\.[0-9]+.*");
        }

        @Test
        void run_whenVersionComesWithLocal_startsNoEmulator() {
            Run run = run("--version", "--local");

            assertThat(run.status()).isZero();
            assertThat(run.err()).doesNotContain("emulator");
        }
    }

    @Nested
    class WhenACompletionScriptIsAsked {

        @Test
        void run_whenBashIsNamed_printsTheScriptForGpuNotebookOnStandardOutput() {
            Run run = run("completion", "bash");

            assertThat(run.status()).isZero();
            assertThat(run.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_gpu-notebook");
        }

        @Test
        void run_whenTheShellIsUnknown_isAUsageErrorExitingTwo() {
            Run run = run("completion", "fish");

            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).startsWith("Error: no completion script for the shell 'fish'");
        }
    }

    @Nested
    class WhenAWordIsMistyped {

        @Test
        void run_whenACommandIsMistyped_printsTheSuggestionBeforeTheUsageAndExitsTwo() {
            Run run = run("stauts", "alice");

            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).startsWith("Error: unknown command 'stauts'").contains("\nDid you mean: ")
                    .contains("status").contains("Usage:");
            assertThat(run.err().indexOf("Did you mean")).isLessThan(run.err().indexOf("Usage:"));
        }

        @Test
        void run_whenAnOptionIsMistyped_suggestsTheOption() {
            assertThat(run("start", "--volume-gb", "40").err()).contains("Did you mean: --volume-gib?");
        }
    }

    @Nested
    class WhenHelpIsAsked {

        @Test
        void run_whenTheEnvironmentIsBroken_stillPrintsHelp() {
            Run run = run("help", "diagnose");

            assertThat(run.status()).isZero();
            assertThat(run.out()).startsWith("Usage: java -jar gpu-notebook.jar diagnose [NAME | --cluster C --service S]");
        }
    }
}
