package dev.gpunotebook.bot.local;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A local AWS emulator for {@code --local} runs and the integration tests: a {@code moto_server}
 * process on a free loopback port, or, where it is not installed but a Docker engine is, the moto
 * server image. Stopped by {@link #close()} and, should the JVM exit first, by a shutdown hook, so
 * no orphan keeps a port or a build's output open.
 *
 * <pre>{@code
 * try (LocalEmulator moto = LocalEmulator.start()) {
 *     AwsSettings settings = AwsSettings.emulator(moto.endpoint(), LocalEmulator.REGION);
 * }
 * }</pre>
 */
public final class LocalEmulator implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String MOTO_IMAGE = "motoserver/moto:5.2.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI endpoint;
    private final Process process;
    private final String containerId;
    private final Path log;
    private final String description;
    private final Thread shutdownHook;

    private LocalEmulator(URI endpoint, Process process, String containerId, Path log, String description) {
        this.endpoint = endpoint;
        this.process = process;
        this.containerId = containerId;
        this.log = log;
        this.description = description;
        this.shutdownHook = new Thread(this::stop, "local-emulator-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts moto_server, or the moto image where only Docker is available; waits until it answers. */
    public static LocalEmulator start() {
        if (onPath("moto_server")) {
            return startMotoServer();
        }
        if (dockerEngineAvailable()) {
            return startMotoContainer();
        }
        throw GpuNotebookException.of(Reason.NOT_FOUND, "--local needs an AWS emulator: install moto_server"
                + " (pip install 'moto[server]==5.2.1') or start a Docker engine, or point --endpoint-url at a"
                + " running emulator.");
    }

    public URI endpoint() {
        return endpoint;
    }

    public String description() {
        return description;
    }

    /** Forgets every resource: moto's {@code POST /moto-api/reset}. */
    public void reset() {
        try {
            HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IllegalStateException("could not reset the emulator at " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs stop() anyway.
        }
    }

    private void stop() {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (containerId != null) {
            run(List.of("docker", "rm", "-f", containerId));
        }
    }

    private static LocalEmulator startMotoServer() {
        int port = freePort();
        Path log = tempLog();
        ProcessBuilder builder = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(devNull()));
        Map<String, String> env = builder.environment();
        // AWS managed policies (AmazonEC2ContainerServiceforEC2Role, ...) exist only with this set.
        env.put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw GpuNotebookException.of(Reason.NOT_FOUND, "Could not start moto_server: " + e.getMessage(), e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        LocalEmulator emulator = new LocalEmulator(endpoint, process, null, log, "moto_server at " + endpoint);
        emulator.awaitReady();
        return emulator;
    }

    private static LocalEmulator startMotoContainer() {
        String id = run(List.of("docker", "run", "-d", "--rm", "-p", "127.0.0.1::5000",
                "-e", "MOTO_IAM_LOAD_MANAGED_POLICIES=true", MOTO_IMAGE)).trim();
        String mapping = run(List.of("docker", "port", id, "5000/tcp")).trim();
        String port = mapping.substring(mapping.lastIndexOf(':') + 1).split("\\s")[0];
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        LocalEmulator emulator = new LocalEmulator(endpoint, null, id, null, MOTO_IMAGE + " at " + endpoint);
        emulator.awaitReady();
        return emulator;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw GpuNotebookException.of(Reason.AWS, "moto_server exited at start (status " + process.exitValue()
                        + "): " + logTail());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(100);
        }
        stop();
        throw GpuNotebookException.of(Reason.AWS, "The local emulator did not answer within " + READY_TIMEOUT.toSeconds()
                + " s: " + logTail());
    }

    private String logTail() {
        if (log == null) {
            return "(no log)";
        }
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static boolean dockerEngineAvailable() {
        if (!onPath("docker")) {
            return false;
        }
        try {
            Process info = new ProcessBuilder("docker", "info").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return info.waitFor(10, TimeUnit.SECONDS) && info.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw GpuNotebookException.of(Reason.AWS, String.join(" ", command) + " failed: " + out.trim());
            }
            return out;
        } catch (IOException e) {
            throw GpuNotebookException.of(Reason.AWS, String.join(" ", command) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GpuNotebookException.of(Reason.AWS, "interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port: " + e.getMessage(), e);
        }
    }

    private static Path tempLog() {
        try {
            Path log = Files.createTempFile("moto-server-", ".log");
            log.toFile().deleteOnExit();
            return log;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a log file for moto_server: " + e.getMessage(), e);
        }
    }

    private static File devNull() {
        return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
