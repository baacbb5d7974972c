package dev.gpunotebook.bot.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script picocli writes, sourced in a real bash (and zsh) and asked to complete lines. */
class CompletionScriptTest {

    @TempDir
    Path folder;

    /** Sources the script in bash and runs its completion function as bash would on a TAB after {@code line}. */
    private List<String> bashCompletes(String line) throws Exception {
        Path script = write(CompletionCommand.Shell.BASH);
        String run = "source \"$1\"; COMP_LINE=\"$2\"; read -ra COMP_WORDS <<< \"$2\";"
                + " [[ \"$2\" == *' ' ]] && COMP_WORDS+=('');"
                + " COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_POINT=${#COMP_LINE};"
                + " _complete_gpu-notebook 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
        return Arrays.stream(shell("bash", "-c", run, "bash", script.toString(), line).split("\n"))
                .filter(word -> !word.isBlank()).toList();
    }

    private Path write(CompletionCommand.Shell shell) throws IOException {
        return Files.writeString(folder.resolve("gpu-notebook." + shell.word()), CompletionScript.forShell(shell));
    }

    private static String shell(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        assertThat(process.exitValue()).as("exit status of %s", String.join(" ", command)).isZero();
        return out;
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    @Nested
    class InBash {

        @Test
        void forShell_whenACommandIsBegun_completesTheCommandsThatStartSo() throws Exception {
            assertThat(bashCompletes("gpu-notebook st")).containsExactlyInAnyOrder("start", "stop", "status");
        }

        @Test
        void forShell_whenAnOptionOfStartIsBegun_completesIt() throws Exception {
            assertThat(bashCompletes("gpu-notebook start alice --gp")).containsExactly("--gpus");
        }

        @Test
        void forShell_whenAGlobalOptionIsBegunAfterACommand_completesIt() throws Exception {
            assertThat(bashCompletes("gpu-notebook stop alice --reg")).containsExactly("--region");
        }

        @Test
        void forShell_whenOutputWantsAValue_offersTextAndJson() throws Exception {
            assertThat(bashCompletes("gpu-notebook list --output ")).containsExactlyInAnyOrder("text", "json");
        }

        @Test
        void forShell_whenCompletionWantsAShell_offersBashAndZsh() throws Exception {
            assertThat(bashCompletes("gpu-notebook completion ")).containsExactlyInAnyOrder("bash", "zsh");
        }

        @Test
        void forShell_whenHelpWantsACommand_offersTheCommands() throws Exception {
            assertThat(bashCompletes("gpu-notebook help di")).containsExactly("diagnose");
        }

        @Test
        void forShell_whenAnOptionOfAnotherCommandIsBegun_offersNothing() throws Exception {
            assertThat(bashCompletes("gpu-notebook stop alice --ye")).isEmpty();
        }
    }

    @Nested
    class InZsh {

        @Test
        void forShell_whenSourcedInZsh_registersTheCompletionOfGpuNotebook() throws Exception {
            if (!onPath("zsh")) {
                String reason = "zsh is not installed here (apt-get install zsh; .ci/run installs it)";
                System.out.println("CompletionScriptTest skipped the zsh test: " + reason);
                Assumptions.abort(reason);
            }
            Path script = write(CompletionCommand.Shell.ZSH);
            String run = "autoload -U +X compinit && compinit -u -D; source \"$1\"; print -r -- $_comps[gpu-notebook];"
                    + " setopt ksharrays; COMP_LINE='gpu-notebook start --gp'; COMP_WORDS=(gpu-notebook start --gp);"
                    + " COMP_CWORD=2; COMP_POINT=${#COMP_LINE}; _complete_gpu-notebook 2>/dev/null;"
                    + " print -r -- ${COMPREPLY[@]}";

            List<String> lines = List.of(shell("zsh", "-f", "-c", run, "zsh", script.toString()).split("\n"));

            assertThat(lines.get(0)).contains("_complete_gpu-notebook");
            assertThat(lines.get(1).split(" ")).contains("--gpus", "--instance-type").doesNotContain("--yes");
        }
    }
}
