package dev.gpunotebook.it.lifecycle;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
    private static final Duration POLL = Duration.ofMillis(100);
    /** Other ports Jupyter tries when the first is taken: the first few above it, then some near it. */
    private static final int PORT_RETRIES = 10;

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

    /**
     * Starts a Jupyter Server with base_url {@code /notebook/<notebook>/} on a free loopback port. A port found free
     * here may be taken by the time Jupyter binds it, so Jupyter moves on by itself (up to {@value #PORT_RETRIES}
     * other ports, its {@code port_retries}) and the port it bound is read from the server information file it
     * writes once it listens ({@code jpserver-<pid>.json} in its runtime folder, what {@code jupyter server list}
     * reads).
     */
    public static LocalJupyter start(String notebook, String token, Path logDir) throws IOException {
        return start(notebook, token, logDir, freePort());
    }

    /** As {@link #start(String, String, Path)}, trying {@code firstTry} first. */
    static LocalJupyter start(String notebook, String token, Path logDir, int firstTry) throws IOException {
        requireInstalled();
        String base = "/notebook/" + notebook + "/";
        Files.createDirectories(logDir);
        Path log = logDir.resolve("jupyter-" + notebook + "-" + firstTry + ".log");
        Path root = Files.createTempDirectory("jupyter-" + notebook);
        Path runtime = root.resolve(".runtime");
        ProcessBuilder builder = new ProcessBuilder(List.of(python(), "-m", "jupyter_server",
                "--ServerApp.base_url=" + base, "--ServerApp.root_dir=" + root, "--port=" + firstTry,
                "--ServerApp.port_retries=" + PORT_RETRIES, "--ip=127.0.0.1", "--no-browser", "--allow-root",
                "--ServerApp.log_level=WARN"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JUPYTER_TOKEN", token);
        builder.environment().put("JUPYTER_RUNTIME_DIR", runtime.toString());
        Process process = builder.start();
        Thread hook = new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, "stop-jupyter-" + notebook);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int port = await(process, log, "wrote the port it listens on",
                    () -> boundPort(runtime.resolve("jpserver-" + process.pid() + ".json")));
            LocalJupyter jupyter = new LocalJupyter(process, hook, URI.create("http://127.0.0.1:" + port + base), token,
                    log, root);
            await(process, log, "answered " + jupyter.baseUrl.resolve("api"), jupyter::answers);
            return jupyter;
        } catch (RuntimeException | Error e) {
            stop(process, hook, root);
            throw e;
        }
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

    /** The port in Jupyter's server information file, once it has written the whole file. */
    private static Optional<Integer> boundPort(Path serverInfo) {
        try {
            JsonElement info = JsonParser.parseString(Files.readString(serverInfo));
            return info.isJsonObject() && info.getAsJsonObject().has("port")
                    ? Optional.of(info.getAsJsonObject().get("port").getAsInt())
                    : Optional.empty();
        } catch (NoSuchFileException | JsonParseException e) {
            return Optional.empty(); // not written yet, or only in part
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code GET {base}/api} answers 200 (Jupyter answers it without a token). */
    private Optional<Boolean> answers() {
        try {
            int status = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(baseUrl.resolve("api")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? Optional.of(true) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for Jupyter", e);
        }
    }

    /**
     * Polls {@code condition} until it holds, failing as soon as Jupyter exits and after {@link #READY_TIMEOUT};
     * Jupyter has no other way to say it is up.
     */
    private static <T> T await(Process process, Path log, String what, Supplier<Optional<T>> condition) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = condition.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (!process.isAlive()) {
                throw new AssertionError("Jupyter Server exited with " + process.exitValue() + " before it " + what
                        + "; see " + log);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for Jupyter", e);
            }
        }
        throw new AssertionError("Jupyter Server had not " + what + " within " + READY_TIMEOUT.toSeconds() + " s; see "
                + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /**
     * A loopback port that refuses connections for as long as the returned socket is open: bound but never
     * listening, so no server started meanwhile (another notebook's Jupyter) can take it. The address of a notebook
     * whose Jupyter is down.
     */
    static Socket closedPort() throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    @Override
    public void close() {
        stop(process, shutdownHook, root);
    }

    private static void stop(Process process, Thread shutdownHook, Path root) {
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
