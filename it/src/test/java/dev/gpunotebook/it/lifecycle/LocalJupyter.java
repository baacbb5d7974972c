package dev.gpunotebook.it.lifecycle;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Jupyter Server on a free loopback port, as the notebook image runs it: a token and the base_url
 * {@code /notebook/<name>/}. Debian's {@code jupyter-server} and {@code python3-ipykernel} packages provide
 * it (installed into {@code /usr/bin/python3}; {@code .ci/run} installs them). The token goes in through
 * {@code JUPYTER_TOKEN}, never the command line, and Jupyter logs at WARN so that its log has no token URL.
 * Stopped by {@link #close} and, should the test JVM die first, by a shutdown hook.
 */
public final class LocalJupyter implements AutoCloseable {

    static final String PYTHON_PROPERTY = "gpunotebook.jupyter.python";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Thread shutdownHook;
    private final URI baseUrl;
    private final String token;
    private final Path log;
    private final Path root;

    private LocalJupyter(Process process, Thread shutdownHook, URI baseUrl, String token, Path log, Path root) {
        this.process = process;
        this.shutdownHook = shutdownHook;
        this.baseUrl = baseUrl;
        this.token = token;
        this.log = log;
        this.root = root;
    }

    /** The Python that has jupyter_server and ipykernel: {@value #PYTHON_PROPERTY}, else /usr/bin/python3. */
    static String python() {
        String configured = System.getProperty(PYTHON_PROPERTY, "");
        if (!configured.isBlank()) {
            return configured;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Fails (never skips) with how to install Jupyter when it is missing. */
    static void requireInstalled() {
        String python = python();
        String problem;
        try {
            Process check = new ProcessBuilder(python, "-c", "import jupyter_server, ipykernel")
                    .redirectErrorStream(true).start();
            String output = new String(check.getInputStream().readAllBytes());
            problem = check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0 ? null : output.trim();
        } catch (IOException e) {
            problem = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        if (problem != null) {
            throw new AssertionError("The idle reaper IT needs a real Jupyter Server, but " + python + " cannot import"
                    + " jupyter_server and ipykernel (" + problem + "). Install them with: apt-get update && apt-get"
                    + " install -y jupyter-server python3-ipykernel (Debian; .ci/run does this), or point -D"
                    + PYTHON_PROPERTY + "=<python> at a Python that has them.");
        }
    }

    /** Starts a Jupyter Server with base_url {@code /notebook/<notebook>/} on a free loopback port. */
    public static LocalJupyter start(String notebook, String token, Path logDir) throws IOException {
        requireInstalled();
        int port = freePort();
        String base = "/notebook/" + notebook + "/";
        Files.createDirectories(logDir);
        Path log = logDir.resolve("jupyter-" + notebook + "-" + port + ".log");
        Path root = Files.createTempDirectory("jupyter-" + notebook);
        ProcessBuilder builder = new ProcessBuilder(List.of(python(), "-m", "jupyter_server",
                "--ServerApp.base_url=" + base, "--ServerApp.root_dir=" + root, "--port=" + port,
                "--ServerApp.port_retries=0", "--ip=127.0.0.1", "--no-browser", "--allow-root",
                "--ServerApp.log_level=WARN"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JUPYTER_TOKEN", token);
        builder.environment().put("JUPYTER_RUNTIME_DIR", root.resolve(".runtime").toString());
        Process process = builder.start();
        Thread hook = new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, "stop-jupyter-" + port);
        Runtime.getRuntime().addShutdownHook(hook);
        LocalJupyter jupyter = new LocalJupyter(process, hook, URI.create("http://127.0.0.1:" + port + base), token, log,
                root);
        try {
            jupyter.awaitReady();
        } catch (RuntimeException | Error e) {
            jupyter.close();
            throw e;
        }
        return jupyter;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** Starts a kernel through Jupyter's REST API, as opening a notebook does. */
    void openKernel() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(baseUrl.resolve("api/kernels"))
                .header("Authorization", "token " + token).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new AssertionError("Jupyter did not start a kernel: HTTP " + response.statusCode() + "; see " + log);
        }
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Jupyter Server exited with " + process.exitValue() + " before it was ready;"
                        + " see " + log);
            }
            try {
                int status = client.send(HttpRequest.newBuilder(baseUrl.resolve("api")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for Jupyter", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for Jupyter", e);
            }
        }
        throw new AssertionError("Jupyter Server was not ready within " + READY_TIMEOUT.toSeconds() + " s; see " + log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> kernels = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        kernels.forEach(ProcessHandle::destroyForcibly);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        deleteQuietly(root);
    }

    /** The server's root folder (notebooks, runtime files) goes with it. */
    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is harmless; the test result does not depend on it.
        }
    }
}
