package dev.gpunotebook.it.emulator;

import dev.gpunotebook.bot.local.MotoServerProcess;

import java.net.URI;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;

/**
 * Picks and holds the JVM's one AWS emulator, in the order of DESIGN.md ("Testing against an emulator"):
 * <ol>
 *   <li>{@code AWS_ENDPOINT_URL}, if set: an emulator somebody else runs;</li>
 *   <li>with Docker: LocalStack if {@code LOCALSTACK_AUTH_TOKEN} is set, else {@code motoserver/moto};</li>
 *   <li>otherwise a {@code moto_server} process on a free loopback port.</li>
 * </ol>
 * No emulator at all is a failure that says how to get one, never a skip.
 */
public final class AwsEmulators {

    /** The kinds of emulator, in the order they are tried. */
    enum Kind { EXTERNAL, LOCALSTACK_CONTAINER, MOTO_CONTAINER, MOTO_PROCESS }

    private static AwsEmulator shared;

    private AwsEmulators() {
    }

    /** The JVM's emulator, started on first use; callers must not close it (see {@link #shutdown()}). */
    public static synchronized AwsEmulator obtain() {
        if (shared == null) {
            long started = System.nanoTime();
            Kind kind = choose(System.getenv(), AwsEmulators::dockerAvailable);
            shared = create(kind, System.getenv());
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("[aws-emulator] using " + shared.describe() + " (ready in " + millis + " ms; "
                    + reason(kind) + ")");
            if (shared instanceof MotoServerEmulator moto) {
                MotoServerProcess.versionWarning(moto.process().version())
                        .ifPresent(note -> System.out.println("[aws-emulator] " + note));
            }
        }
        return shared;
    }

    /** Stops the shared emulator (if this harness started it); a later {@link #obtain()} starts a new one. */
    public static synchronized void shutdown() {
        if (shared != null) {
            try {
                shared.close();
                System.out.println("[aws-emulator] done with " + shared.describe());
            } finally {
                shared = null;
            }
        }
    }

    static Kind choose(Map<String, String> env, BooleanSupplier dockerAvailable) {
        if (isSet(env.get("AWS_ENDPOINT_URL"))) {
            return Kind.EXTERNAL;
        }
        if (dockerAvailable.getAsBoolean()) {
            return isSet(env.get("LOCALSTACK_AUTH_TOKEN")) ? Kind.LOCALSTACK_CONTAINER : Kind.MOTO_CONTAINER;
        }
        return Kind.MOTO_PROCESS;
    }

    private static String reason(Kind kind) {
        return switch (kind) {
            case EXTERNAL -> "AWS_ENDPOINT_URL is set";
            case LOCALSTACK_CONTAINER -> "Docker is available and LOCALSTACK_AUTH_TOKEN is set";
            case MOTO_CONTAINER -> "Docker is available, LOCALSTACK_AUTH_TOKEN is not set";
            case MOTO_PROCESS -> "no AWS_ENDPOINT_URL and no Docker engine; an ERROR from Testcontainers about"
                    + " the Docker environment is expected then";
        };
    }

    private static AwsEmulator create(Kind kind, Map<String, String> env) {
        return switch (kind) {
            case EXTERNAL -> new ExternalEmulator(URI.create(env.get("AWS_ENDPOINT_URL").trim()));
            case LOCALSTACK_CONTAINER -> ContainerEmulator.localStack(env.get("LOCALSTACK_AUTH_TOKEN"),
                    isSet(env.get("LOCALSTACK_IMAGE")) ? env.get("LOCALSTACK_IMAGE") : ContainerEmulator.LOCALSTACK_IMAGE);
            case MOTO_CONTAINER -> ContainerEmulator.moto();
            case MOTO_PROCESS -> MotoServerEmulator.start();
        };
    }

    /**
     * Asks Testcontainers whether a Docker engine answers. Without one it logs an ERROR line and says no
     * (about 0.5 s); that line is expected on machines without Docker.
     */
    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
