package dev.gpunotebook.it.docker;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds both images with the local Docker engine and checks what can be checked without a GPU.
 * Skipped, with the reason printed, where {@code docker info} does not succeed; the only test of
 * the project allowed to skip.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerBuildIT {

    private static final String NOTEBOOK_IMAGE = "gpu-notebook-jupyter:it";
    private static final String BOT_IMAGE = "gpu-notebook-bot:it";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(60);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private static Path root;
    /** Why the tests skip, or null when Docker works (checked once per class). */
    private static String skipReason;

    @BeforeAll
    static void checkDocker() throws InterruptedException {
        skipReason = dockerUnavailableReason();
        if (skipReason != null) {
            System.out.println("DockerBuildIT skipped: " + skipReason);
        }
        root = RepoRoot.find();
    }

    @BeforeEach
    void requireDocker() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @Test
    @Order(1)
    void notebookImage_whenBuilt_runsAsJovyanExposes8888AndHasAHealthcheck() throws Exception {
        Processes.Result build = docker(BUILD_TIMEOUT, "build", "-t", NOTEBOOK_IMAGE, root.resolve("docker/notebook").toString());
        assertThat(build.exitCode()).as(build.stderr()).isZero();

        assertThat(inspect(NOTEBOOK_IMAGE, "{{.Config.User}}")).isEqualTo("1000");
        assertThat(inspect(NOTEBOOK_IMAGE, "{{json .Config.ExposedPorts}}")).contains("\"8888/tcp\"");
        assertThat(inspect(NOTEBOOK_IMAGE, "{{json .Config.Healthcheck.Test}}")).contains("gpu-notebook-healthcheck");
        assertThat(inspect(NOTEBOOK_IMAGE, "{{json .Config.Env}}")).doesNotContain("JUPYTER_TOKEN");
    }

    @Test
    @Order(2)
    void notebookImage_whenStartedWithoutToken_refusesWithAMessage() throws Exception {
        Processes.Result run = docker(RUN_TIMEOUT, "run", "--rm", NOTEBOOK_IMAGE);

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.stderr()).contains("JUPYTER_TOKEN is not set");
    }

    @Test
    @Order(3)
    void notebookImage_whenProbeRunsWithoutGpu_printsOneProbeLine() throws Exception {
        Processes.Result run = docker(RUN_TIMEOUT, "run", "--rm", "--entrypoint", "gpu-probe", NOTEBOOK_IMAGE);

        assertThat(run.stdoutLines()).filteredOn(l -> l.startsWith("GPU_PROBE {")).hasSize(1);
        assertThat(run.stdout()).containsPattern("\"status\":\"(usable|no-device|no-driver)\"");
    }

    @Test
    @Order(4)
    void notebookImage_whenStartedWithToken_becomesHealthyWithoutLoggingTheToken() throws Exception {
        String name = "gpu-notebook-it-" + UUID.randomUUID().toString().substring(0, 8);
        String token = "it-only-" + UUID.randomUUID();
        Thread cleanup = new Thread(() -> removeQuietly(name));
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            // -e JUPYTER_TOKEN without a value: docker copies it from its own environment,
            // so the token is not on any command line.
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("JUPYTER_TOKEN", token);
            Processes.Result started = Processes.run(List.of("docker", "run", "-d", "--name", name,
                    "-e", "JUPYTER_TOKEN", "-e", "JUPYTER_BASE_URL=/notebook/it/", NOTEBOOK_IMAGE), env, null, RUN_TIMEOUT);
            assertThat(started.exitCode()).as(started.stderr()).isZero();

            boolean healthy = false;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!healthy && System.nanoTime() < deadline) {
                healthy = docker(Duration.ofSeconds(30), "exec", name, "gpu-notebook-healthcheck").exitCode() == 0;
                if (!healthy) {
                    Thread.sleep(2000);
                }
            }
            Processes.Result logs = docker(RUN_TIMEOUT, "logs", name);
            assertThat(healthy).as("GET /notebook/it/api answered; logs:\n" + logs.stdout() + logs.stderr()).isTrue();
            assertThat(logs.stdout()).contains("GPU_PROBE {");
            assertThat(logs.stdout() + logs.stderr()).doesNotContain(token);
        } finally {
            removeQuietly(name);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    @Test
    @Order(5)
    void botImage_whenBuilt_runsTheJarAsNonRoot() throws Exception {
        Processes.Result build = docker(BUILD_TIMEOUT, "build", "-f", root.resolve("docker/bot/Dockerfile").toString(),
                "-t", BOT_IMAGE, root.toString());
        assertThat(build.exitCode()).as(build.stderr()).isZero();

        assertThat(inspect(BOT_IMAGE, "{{.Config.User}}")).isEqualTo("10001:10001");
        assertThat(inspect(BOT_IMAGE, "{{json .Config.Entrypoint}}")).isEqualTo("[\"java\",\"-jar\",\"/app/gpu-notebook.jar\"]");
        assertThat(inspect(BOT_IMAGE, "{{json .Config.Cmd}}")).isEqualTo("[\"slack\"]");
        assertThat(inspect(BOT_IMAGE, "{{json .Config.Healthcheck.Test}}")).contains("gpu-notebook-bot-healthcheck");
        Processes.Result jar = docker(RUN_TIMEOUT, "run", "--rm", "--entrypoint", "sh", BOT_IMAGE, "-c",
                "test -s /app/gpu-notebook.jar && id -u");
        assertThat(jar.exitCode()).as(jar.stderr()).isZero();
        assertThat(jar.stdout().strip()).isEqualTo("10001");
    }

    private static String dockerUnavailableReason() throws InterruptedException {
        try {
            Processes.Result info = Processes.run(List.of("docker", "info"), null, null, Duration.ofSeconds(30));
            if (info.exitCode() != 0) {
                String detail = info.stderr().isBlank() ? info.stdout() : info.stderr();
                detail = detail.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output");
                return "no Docker engine: `docker info` exited " + info.exitCode() + " (" + detail.strip() + ")";
            }
            return null;
        } catch (IOException e) {
            return "no Docker CLI on the PATH (" + e.getMessage() + ")";
        }
    }

    private static Processes.Result docker(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        return Processes.run(command, null, null, timeout);
    }

    private static String inspect(String image, String format) throws IOException, InterruptedException {
        Processes.Result result = docker(RUN_TIMEOUT, "image", "inspect", "--format", format, image);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout().strip();
    }

    private static void removeQuietly(String container) {
        try {
            docker(Duration.ofMinutes(1), "rm", "-f", container);
        } catch (Exception | AssertionError ignored) {
            // best effort: the container may not exist
        }
    }
}
