package dev.gpunotebook.bot.local;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    private final URI endpoint;
    private final MotoServerProcess moto;
    private final String containerId;
    private final String description;
    private final Thread shutdownHook;

    private LocalEmulator(URI endpoint, MotoServerProcess moto, String containerId, String description) {
        this.endpoint = endpoint;
        this.moto = moto;
        this.containerId = containerId;
        this.description = description;
        this.shutdownHook = new Thread(this::stop, "local-emulator-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts moto_server, or the moto image where only Docker is available; waits until it answers. */
    public static LocalEmulator start() {
        if (onPath(MotoServerProcess.EXECUTABLE)) {
            MotoServerProcess moto = MotoServerProcess.start();
            return new LocalEmulator(moto.endpoint(), moto, null, moto.describe());
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
        EmulatorHttp.post(endpoint, EmulatorHttp.MOTO_RESET);
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
        if (moto != null) {
            moto.close();
        }
        if (containerId != null) {
            run(List.of("docker", "rm", "-f", containerId));
        }
    }

    private static LocalEmulator startMotoContainer() {
        String id = run(List.of("docker", "run", "-d", "--rm", "-p", "127.0.0.1::5000",
                "-e", "MOTO_IAM_LOAD_MANAGED_POLICIES=true", MOTO_IMAGE)).trim();
        String mapping = run(List.of("docker", "port", id, "5000/tcp")).trim();
        String port = mapping.substring(mapping.lastIndexOf(':') + 1).split("\\s")[0];
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        LocalEmulator emulator = new LocalEmulator(endpoint, null, id, MOTO_IMAGE + " at " + endpoint);
        emulator.awaitReady();
        return emulator;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (EmulatorHttp.getStatus(endpoint, EmulatorHttp.MOTO_DATA) == 200) {
                return;
            }
            sleep(100);
        }
        stop();
        throw GpuNotebookException.of(Reason.AWS, "The moto container did not answer on " + endpoint + " within "
                + READY_TIMEOUT.toSeconds() + " s.");
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
