package dev.gpunotebook.it.lifecycle;

import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.pricing.PriceTable;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.EmulatorClients;
import dev.gpunotebook.it.provision.StackProbe;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * A set-up environment for the lifecycle ITs: core talking to {@code coreEndpoint} (the emulator or the
 * fault injector in front of it) and SDK clients that look at the emulator directly.
 */
final class LifecycleStack implements AutoCloseable {

    static final String OWNER = "U0ALICE";

    final GpuNotebooks notebooks;
    final Environment env;
    final Ec2Client ec2;
    final EcsClient ecs;
    final SsmClient ssm;
    private final StackProbe probe;

    private LifecycleStack(GpuNotebooks notebooks, URI emulator) {
        this.notebooks = notebooks;
        this.env = notebooks.setup(ProgressListener.NONE);
        this.ec2 = EmulatorClients.build(Ec2Client.builder(), emulator);
        this.ecs = EmulatorClients.build(EcsClient.builder(), emulator);
        this.ssm = EmulatorClients.build(SsmClient.builder(), emulator);
        this.probe = new StackProbe(emulator);
    }

    static LifecycleStack open(URI coreEndpoint, URI emulatorEndpoint) {
        return new LifecycleStack(GpuNotebooks.connect(AwsSettings.emulator(coreEndpoint, AwsEmulator.REGION),
                EnvironmentConfig.defaults(), PriceTable.builtIn(), Clock.systemUTC()), emulatorEndpoint);
    }

    StartResult start(String name) {
        return notebooks.start(spec(name), ProgressListener.NONE);
    }

    static NotebookSpec spec(String name) {
        return NotebookSpec.defaults(NotebookName.of(name), OWNER);
    }

    /** The notebook's instances that are not terminated, as the emulator has them. */
    List<Instance> instances(String notebook) {
        return probe.instances(notebook);
    }

    Instance instance(String notebook) {
        List<Instance> all = instances(notebook);
        if (all.size() != 1) {
            throw new AssertionError("expected one instance of " + notebook + ", found " + all.size());
        }
        return all.get(0);
    }

    Service service(String notebook) {
        return ecs.describeServices(r -> r.cluster(env.clusterName()).services("notebook-" + notebook)).services().get(0);
    }

    String token(String notebook) {
        return ssm.getParameter(r -> r.name(env.names().tokenParameter(NotebookName.of(notebook))).withDecryption(true))
                .parameter().value();
    }

    @Override
    public void close() {
        notebooks.close();
        ec2.close();
        ecs.close();
        ssm.close();
        probe.close();
    }
}
