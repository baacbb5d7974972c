package dev.gpunotebook.it.provision;

import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.lifecycle.NotebookStopper.StopResult;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentName;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * An environment that setup has made, for one test: core ({@link #notebooks}) talking to the emulator or to the
 * fault injector in front of it, and a {@link #probe} that looks at the emulator directly. Tests get one from
 * {@link SetUpStackExtension}, which also closes it.
 */
public final class SetUpStack implements AutoCloseable {

    /** Who starts and stops notebooks through {@link #start(String)} and {@link #stop(String)}. */
    public static final String OWNER = "U0ALICE";

    public final GpuNotebooks notebooks;
    public final Environment env;
    public final StackProbe probe;

    private SetUpStack(GpuNotebooks notebooks, StackProbe probe) {
        this.notebooks = notebooks;
        this.probe = probe;
        this.env = notebooks.setup(ProgressListener.NONE);
    }

    static SetUpStack open(URI coreEndpoint, URI emulatorEndpoint, EnvironmentName env) {
        return new SetUpStack(Notebooks.connect(coreEndpoint, env), new StackProbe(emulatorEndpoint, env));
    }

    public static NotebookSpec spec(String name) {
        return NotebookSpec.defaults(NotebookName.of(name), OWNER);
    }

    public StartResult start(String name) {
        return start(name, ProgressListener.NONE);
    }

    public StartResult start(String name, ProgressListener listener) {
        return notebooks.start(spec(name), listener);
    }

    public StopResult stop(String name) {
        return notebooks.stop(NotebookName.of(name), OWNER, ProgressListener.NONE);
    }

    /** The notebook's instances that are not terminated, as the emulator has them. */
    public List<Instance> instances(String notebook) {
        return probe.instances(notebook);
    }

    public Instance instance(String notebook) {
        List<Instance> all = instances(notebook);
        if (all.size() != 1) {
            throw new AssertionError("expected one instance of " + notebook + ", found " + all.size());
        }
        return all.get(0);
    }

    public Service service(String notebook) {
        return probe.ecs.describeServices(r -> r.cluster(env.clusterName()).services("notebook-" + notebook))
                .services().get(0);
    }

    public String token(String notebook) {
        return probe.ssm.getParameter(r -> r.name(env.names().tokenParameter(NotebookName.of(notebook)))
                .withDecryption(true)).parameter().value();
    }

    @Override
    public void close() {
        notebooks.close();
        probe.close();
    }
}
