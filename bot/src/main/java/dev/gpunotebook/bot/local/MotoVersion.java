package dev.gpunotebook.bot.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds which moto version a {@code moto_server} executable runs, best effort: moto's server has no
 * version endpoint, so this asks the Python interpreter that runs it (the script's shebang, else a
 * {@code python3} next to it, as with pyenv shims and virtualenvs).
 */
final class MotoVersion {

    static final String UNKNOWN = "(version unknown)";
    private static final String PROBE = "import importlib.metadata as m; print(m.version('moto'))";

    private MotoVersion() {
    }

    /** The moto version {@code executable} runs, or {@link #UNKNOWN}. */
    static String of(Path executable) {
        return interpreterOf(executable).flatMap(MotoVersion::ask).orElse(UNKNOWN);
    }

    static Optional<List<String>> interpreterOf(Path executable) {
        try (BufferedReader in = Files.newBufferedReader(executable, StandardCharsets.ISO_8859_1)) {
            String first = in.readLine();
            if (first != null && first.startsWith("#!") && first.contains("python")) {
                return Optional.of(new ArrayList<>(Arrays.asList(first.substring(2).trim().split("\\s+"))));
            }
        } catch (IOException e) {
            // not readable as text: try a neighbour interpreter
        }
        for (String name : List.of("python3", "python")) {
            Path sibling = executable.resolveSibling(name);
            if (Files.isExecutable(sibling)) {
                return Optional.of(new ArrayList<>(List.of(sibling.toString())));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> ask(List<String> interpreter) {
        List<String> command = new ArrayList<>(interpreter);
        command.addAll(List.of("-c", PROBE));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) { // the answer is one short line: no pipe can fill up
                process.destroyForcibly();
                return Optional.empty();
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 && output.matches("[0-9][0-9A-Za-z.+-]*")
                    ? Optional.of(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
