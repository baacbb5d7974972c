package dev.gpunotebook.it.docker;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the notebook image's entrypoint wrapper and health check outside Docker: stand-ins for
 * {@code gpu-probe} and the Docker Stacks {@code start.sh} on PATH record what the wrapper does.
 */
class NotebookEntrypointTest {

    /** A throwaway value, generated per run: only used to prove it is never printed. */
    private static final String TOKEN = "test-only-" + UUID.randomUUID();

    @TempDir
    Path tmp;

    @Test
    void entrypoint_whenTokenMissing_refusesToStartWithAMessageOnStderr() throws Exception {
        Processes.Result run = entrypoint(Map.of());

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.stderr()).contains("JUPYTER_TOKEN is not set").contains("refusing to start");
        assertThat(run.stdout()).doesNotContain("start.sh").doesNotContain("GPU_PROBE");
    }

    @Test
    void entrypoint_whenTokenBlank_refusesToStart() throws Exception {
        Processes.Result run = entrypoint(Map.of("JUPYTER_TOKEN", "  "));

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.stdout()).doesNotContain("start.sh");
    }

    @Test
    void entrypoint_whenTokenSet_runsTheProbeThenExecsJupyterWithoutEverPrintingTheToken() throws Exception {
        Processes.Result run = entrypoint(Map.of("JUPYTER_TOKEN", TOKEN, "JUPYTER_BASE_URL", "/notebook/demo/"));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<String> lines = run.stdoutLines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("GPU_PROBE ");
        assertThat(lines.get(1)).isEqualTo("start.sh jupyter lab --ServerApp.base_url=/notebook/demo/ "
                + "--ServerApp.port=8888 --ServerApp.root_dir=" + tmp.resolve("work")
                + " --ServerApp.open_browser=False --ServerApp.trust_xheaders=True");
        assertThat(lines.get(2)).as("start.sh (Jupyter) gets the token in its environment").isEqualTo("token-in-env");
        assertThat(run.stdout() + run.stderr()).doesNotContain(TOKEN).doesNotContain("probe-saw-token");
        assertThat(run.stderr()).contains("gpu-probe exited with status 2").contains("starting Jupyter anyway");
    }

    @Test
    void entrypoint_whenArgumentsGiven_passesThemToJupyter() throws Exception {
        Processes.Result run = entrypoint(Map.of("JUPYTER_TOKEN", TOKEN), "--ServerApp.shutdown_no_activity_timeout=3600");

        assertThat(run.stdoutLines().get(1)).endsWith(" --ServerApp.shutdown_no_activity_timeout=3600");
    }

    @Test
    void entrypoint_whenCommandIsTheStockStartNotebook_dropsItAndKeepsItsOptions() throws Exception {
        // the ECS command core writes for the stock Docker Stacks image
        Processes.Result run = entrypoint(Map.of("JUPYTER_TOKEN", TOKEN, "JUPYTER_BASE_URL", "/notebook/demo/"),
                "start-notebook.py", "--ServerApp.base_url=/notebook/demo/", "--ServerApp.root_dir=/home/jovyan/work",
                "--ServerApp.ip=0.0.0.0", "--ServerApp.port=8888");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdoutLines().get(1)).startsWith("start.sh jupyter lab --ServerApp.base_url=/notebook/demo/ ")
                .doesNotContain("start-notebook.py")
                .endsWith(" --ServerApp.base_url=/notebook/demo/ --ServerApp.root_dir=/home/jovyan/work"
                        + " --ServerApp.ip=0.0.0.0 --ServerApp.port=8888");
    }

    @Test
    void entrypoint_whenBaseUrlLacksSlashes_normalizesIt() throws Exception {
        Processes.Result run = entrypoint(Map.of("JUPYTER_TOKEN", TOKEN, "JUPYTER_BASE_URL", "notebook/demo"));

        assertThat(run.stdoutLines().get(1)).contains(" --ServerApp.base_url=/notebook/demo/ ");
    }

    @Test
    void entrypoint_whenBaseUrlUnset_usesRoot() throws Exception {
        Processes.Result run = entrypoint(Map.of("JUPYTER_TOKEN", TOKEN));

        assertThat(run.stdoutLines().get(1)).contains(" --ServerApp.base_url=/ ");
    }

    @Test
    void entrypoint_whenBaseUrlHasOddCharacters_refusesToStart() throws Exception {
        Processes.Result run = entrypoint(Map.of("JUPYTER_TOKEN", TOKEN, "JUPYTER_BASE_URL", "/a b/$(id)/"));

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.stderr()).contains("JUPYTER_BASE_URL must be a URL path");
        assertThat(run.stdout()).doesNotContain("start.sh");
    }

    @Test
    void entrypoint_whenWorkFolderNotWritable_warnsAndStarts() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Processes.Result run = entrypoint(Map.of("JUPYTER_TOKEN", TOKEN));

            if (!Files.isWritable(work)) { // root writes anywhere: then there is nothing to warn about
                assertThat(run.stderr()).contains("is not writable");
            }
            assertThat(run.exitCode()).isZero();
        } finally {
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void healthcheck_whenJupyterAnswersUnderTheBaseUrl_exitsZero() throws Exception {
        HttpServer server = jupyterApi("/notebook/demo/api");
        try {
            Processes.Result run = healthcheck(server.getAddress().getPort(), "/notebook/demo/");

            assertThat(run.exitCode()).as(run.stderr()).isZero();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void healthcheck_whenBaseUrlWrong_exitsNonZero() throws Exception {
        HttpServer server = jupyterApi("/notebook/demo/api");
        try {
            Processes.Result run = healthcheck(server.getAddress().getPort(), "/");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).contains("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void healthcheck_whenNothingListens_exitsNonZero() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Processes.Result run = healthcheck(port, "/notebook/demo/");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("unhealthy:");
    }

    private Processes.Result entrypoint(Map<String, String> extraEnv, String... args) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createDirectories(tmp.resolve("work"));
        executable(bin.resolve("gpu-probe"), "#!/bin/sh\n"
                + "if [ -n \"${JUPYTER_TOKEN+x}\" ]; then echo probe-saw-token; fi\n"
                + "echo 'GPU_PROBE {\"status\":\"no-driver\"}'\n"
                + "exit 2\n");
        executable(bin.resolve("start.sh"), "#!/bin/sh\n"
                + "echo \"start.sh $*\"\n"
                + "if [ -n \"$JUPYTER_TOKEN\" ]; then echo token-in-env; fi\n");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("HOME", tmp.toString());
        env.put("GPU_NOTEBOOK_WORK_DIR", tmp.resolve("work").toString());
        env.putAll(extraEnv);
        Path script = RepoRoot.find().resolve("docker/notebook/gpu-notebook-entrypoint");
        List<String> command = new java.util.ArrayList<>(List.of("/bin/bash", script.toString()));
        command.addAll(List.of(args));
        return Processes.run(command, env, tmp, Duration.ofSeconds(30));
    }

    private Processes.Result healthcheck(int port, String baseUrl) throws Exception {
        Path script = RepoRoot.find().resolve("docker/notebook/gpu-notebook-healthcheck");
        Map<String, String> env = Map.of("JUPYTER_PORT", Integer.toString(port), "JUPYTER_BASE_URL", baseUrl,
                "PATH", "/usr/bin:/bin", "http_proxy", "http://127.0.0.1:9/", "HTTP_PROXY", "http://127.0.0.1:9/");
        return Processes.run(List.of(Processes.python3(), script.toString()), env, tmp, Duration.ofSeconds(30));
    }

    /** A stand-in for Jupyter Server's {@code GET {base_url}api}: 200 with its version, 404 elsewhere. */
    private static HttpServer jupyterApi(String path) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            boolean match = exchange.getRequestURI().getPath().equals(path);
            byte[] body = (match ? "{\"version\": \"2.17.0\"}" : "{\"message\": \"Not Found\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(match ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
