package dev.gpunotebook.bot.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@code moto_server} process on a free loopback port, started by the tests and stopped by them
 * ({@link #close()}, or a JVM shutdown hook if the tests never get there).
 *
 * <p>The server runs with {@code MOTO_IAM_LOAD_MANAGED_POLICIES=true} (so AWS managed policies such as
 * {@code AmazonEC2ContainerServiceforEC2Role} exist) and writes its output to a log file under
 * {@code target/emulator-logs}: an inherited pipe could keep the build waiting for an orphan.
 */
public final class MotoServerProcess implements AutoCloseable {

    public static final String EXECUTABLE = "moto_server";
    public static final String INSTALL_HINT = "pip install 'moto[server]==5.2.1'";
    /** The moto version DESIGN.md's emulator facts were measured on. */
    public static final String MEASURED_VERSION = "5.2.1";
    /** System property naming the folder for server logs (the it module's failsafe sets it). */
    public static final String LOG_DIR_PROPERTY = "gpunotebook.emulator.logDir";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final String version;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MotoServerProcess(Process process, Thread shutdownHook, URI endpoint, Path log, String version) {
        this.process = process;
        this.shutdownHook = shutdownHook;
        this.endpoint = endpoint;
        this.log = log;
        this.version = version;
    }

    /** Starts {@code moto_server} from the PATH and waits until it answers; fails clearly if it can't. */
    public static MotoServerProcess start() {
        return start(locate(System.getenv("PATH")), logDir());
    }

    static MotoServerProcess start(Path executable, Path logDir) {
        CompletableFuture<String> version = CompletableFuture.supplyAsync(() -> MotoVersion.of(executable));
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePort();
            Path log = logDir.resolve(EXECUTABLE + "-" + port + ".log");
            Process process = launch(executable, port, log);
            Thread shutdownHook = new Thread(() -> stop(process), EXECUTABLE + "-shutdown-" + process.pid());
            Runtime.getRuntime().addShutdownHook(shutdownHook); // from now on the JVM cannot leave an orphan
            try {
                URI endpoint = URI.create("http://127.0.0.1:" + port);
                awaitReady(process, endpoint, log);
                return new MotoServerProcess(process, shutdownHook, endpoint, log, version.join());
            } catch (RuntimeException e) {
                stop(process);
                removeHook(shutdownHook);
                failure = e;
                if (!tail(log).contains("Address already in use")) {
                    break; // only a lost race for the port is worth another try
                }
            }
        }
        throw failure;
    }

    /** Finds {@value #EXECUTABLE} on {@code path} (a PATH value), else fails saying how to get an emulator. */
    static Path locate(String path) {
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isBlank()) {
                    continue;
                }
                Path candidate = Path.of(dir, EXECUTABLE);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException(EXECUTABLE + " is not on the PATH, and no other AWS emulator is available."
                + " The integration tests need one: install moto's server with `" + INSTALL_HINT + "`,"
                + " or start Docker (the tests then run motoserver/moto or LocalStack),"
                + " or set AWS_ENDPOINT_URL to a running emulator. PATH=" + path);
    }

    private static Process launch(Path executable, int port, Path log) {
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        try {
            Files.createDirectories(log.getParent());
            Process process = builder.start();
            process.getOutputStream().close(); // moto never reads stdin
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + executable + " (log: " + log + ")", e);
        }
    }

    private static void awaitReady(Process process, URI endpoint, Path log) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(EXECUTABLE + " exited with status " + process.exitValue()
                        + " before it answered on " + endpoint + ". Last lines of " + log + ":\n" + tail(log));
            }
            if (EmulatorHttp.getStatus(endpoint, EmulatorHttp.MOTO_DATA) == 200) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(EXECUTABLE + " did not answer on " + endpoint + " within "
                        + READY_TIMEOUT.toSeconds() + " s. Last lines of " + log + ":\n" + tail(log));
            }
            sleep(50);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public void reset() {
        EmulatorHttp.post(endpoint, EmulatorHttp.MOTO_RESET);
    }

    public String describe() {
        return EXECUTABLE + " " + version + " at " + endpoint + " (pid " + process.pid() + ", log " + log + ")";
    }

    /** The moto version the server runs, or {@link MotoVersion#UNKNOWN}. */
    public String version() {
        return version;
    }

    /** The server's process, e.g. to check that it is gone after {@link #close()}. */
    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    /** The server's log file. */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stop(process);
            removeHook(shutdownHook);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to do
        }
    }

    /** Stops the process and whatever it started (a pyenv shim or a reloader may sit in between). */
    private static void stop(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList(); // collect before the parent dies
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        awaitExit(process.toHandle());
        descendants.forEach(MotoServerProcess::awaitExit);
    }

    private static void awaitExit(ProcessHandle handle) {
        try {
            handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notYet) {
            handle.destroyForcibly();
        }
    }

    public static Path logDir() {
        String configured = System.getProperty(LOG_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path target = Path.of("target");
        return Files.isDirectory(target)
                ? target.resolve("emulator-logs")
                : Path.of(System.getProperty("java.io.tmpdir"), "gpu-notebook-emulator-logs");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + EXECUTABLE, e);
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    public static Optional<String> versionWarning(String version) {
        return MEASURED_VERSION.equals(version) ? Optional.empty()
                : Optional.of("note: " + EXECUTABLE + " runs moto " + version + "; DESIGN.md's emulator facts were"
                        + " measured on " + MEASURED_VERSION + " (" + INSTALL_HINT + ")");
    }
}
