package dev.gpunotebook.it.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/** Runs a command to completion with a time limit; stdout and stderr go through files (no pipe deadlock). */
final class Processes {

    record Result(int exitCode, String stdout, String stderr) {
        List<String> stdoutLines() {
            return stdout.lines().toList();
        }
    }

    private static volatile String python3;

    private Processes() {
    }

    /**
     * Runs {@code command}. With {@code env} non-null the child gets exactly that environment,
     * otherwise this JVM's.
     */
    static Result run(List<String> command, Map<String, String> env, Path workDir, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("proc-", ".out");
        Path err = Files.createTempFile("proc-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            if (env != null) {
                builder.environment().clear();
                builder.environment().putAll(env);
            }
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("%s did not finish within %s; stdout: %s; stderr: %s", command, timeout,
                        Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * The absolute path of the python3 interpreter on this machine's PATH (resolved once, so
     * that tests can run it with a PATH of their own), or a clear failure when there is none.
     */
    static String python3() throws InterruptedException {
        if (python3 == null) {
            try {
                Result result = run(List.of("python3", "-c", "import sys; print(sys.executable)"),
                        null, null, Duration.ofSeconds(30));
                String exe = result.stdout().strip();
                if (result.exitCode() != 0 || exe.isEmpty()) {
                    fail("python3 is on the PATH but did not run (exit %d): %s",
                            result.exitCode(), result.stderr());
                }
                python3 = exe;
            } catch (IOException e) {
                fail("python3 not found on the PATH: the gpu-probe and entrypoint tests run the real scripts "
                        + "with Python 3 (CI has it; install it with e.g. apt-get install -y python3). Cause: " + e);
            }
        }
        return python3;
    }
}
