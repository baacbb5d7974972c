package dev.gpunotebook.it.cli;

import dev.gpunotebook.bot.cli.CommandLine;
import dev.gpunotebook.core.model.EnvironmentName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Runs the jar's command line in this JVM and captures what it prints, for the command-line ITs.
 *
 * <pre>{@code
 * InProcessCli.Run run = InProcessCli.run(List.of("list", "--endpoint-url", endpoint, "--region", "us-east-1"));
 * }</pre>
 */
public final class InProcessCli {

    /** What one run printed and returned. */
    public record Run(int status, String out, String err) {
    }

    private InProcessCli() {
    }

    public static Run run(List<String> args) {
        return run(args, "");
    }

    /** Runs with {@code input} as standard input, e.g. the lines typed into {@code console}. */
    public static Run run(List<String> args, String input) {
        return run(args, input, Map.of("USER", "tester"));
    }

    /** Runs in the gpu-notebook environment {@code env}, as {@code GPU_NOTEBOOK_ENV} would choose it. */
    public static Run run(List<String> args, EnvironmentName env) {
        return run(args, "", Map.of("USER", "tester", "GPU_NOTEBOOK_ENV", env.value()));
    }

    private static Run run(List<String> args, String input, Map<String, String> environment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new CommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), environment).run(args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
