package dev.gpunotebook.it.emulator;

import dev.gpunotebook.bot.local.MotoServerProcess;
import dev.gpunotebook.bot.local.EmulatorHttp;

import java.net.URI;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** An emulator in a Docker container started with Testcontainers: moto's server image or LocalStack. */
final class ContainerEmulator implements AwsEmulator {

    static final String MOTO_IMAGE = "motoserver/moto:" + MotoServerProcess.MEASURED_VERSION;
    /** Default LocalStack image; override with the environment variable {@code LOCALSTACK_IMAGE}. */
    static final String LOCALSTACK_IMAGE = "localstack/localstack-pro:4.10";
    private static final int MOTO_PORT = 5000;

    private final GenericContainer<?> container;
    private final URI endpoint;
    private final String resetPath;
    private final String description;

    private ContainerEmulator(GenericContainer<?> container, URI endpoint, String resetPath, String description) {
        this.container = container;
        this.endpoint = endpoint;
        this.resetPath = resetPath;
        this.description = description;
    }

    /** Starts {@value #MOTO_IMAGE} and waits until its control API answers. */
    static ContainerEmulator moto() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(MOTO_IMAGE))
                .withExposedPorts(MOTO_PORT)
                .withEnv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
                .waitingFor(Wait.forHttp(EmulatorHttp.MOTO_DATA).forStatusCode(200));
        container.start();
        URI endpoint = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(MOTO_PORT));
        return new ContainerEmulator(container, endpoint, EmulatorHttp.MOTO_RESET,
                MOTO_IMAGE + " container at " + endpoint);
    }

    /** Starts LocalStack with the given auth token (ECS needs it). */
    static ContainerEmulator localStack(String authToken, String image) {
        LocalStackContainer container = new LocalStackContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
                .withEnv("LOCALSTACK_AUTH_TOKEN", authToken);
        container.start();
        URI endpoint = container.getEndpoint();
        return new ContainerEmulator(container, endpoint, EmulatorHttp.LOCALSTACK_RESET,
                image + " container at " + endpoint);
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void reset() {
        EmulatorHttp.post(endpoint, resetPath);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return describe();
    }
}
