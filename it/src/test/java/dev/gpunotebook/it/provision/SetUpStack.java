package dev.gpunotebook.it.provision;

import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import java.net.URI;

/**
 * An environment that setup has made, for one test: core ({@link #notebooks}) talking to the emulator or to the
 * fault injector in front of it, and a {@link #probe} that looks at the emulator directly. Tests get one from
 * {@link SetUpStackExtension}, which also closes it.
 */
public final class SetUpStack implements AutoCloseable {

    public final GpuNotebooks notebooks;
    public final Environment env;
    public final StackProbe probe;

    private SetUpStack(GpuNotebooks notebooks, StackProbe probe) {
        this.notebooks = notebooks;
        this.probe = probe;
        this.env = notebooks.setup(ProgressListener.NONE);
    }

    static SetUpStack open(URI coreEndpoint, URI emulatorEndpoint) {
        return new SetUpStack(Notebooks.connect(coreEndpoint), new StackProbe(emulatorEndpoint));
    }

    public StartResult start(String name, ProgressListener listener) {
        return notebooks.start(NotebookSpec.defaults(NotebookName.of(name), "U0ALICE"), listener);
    }

    @Override
    public void close() {
        notebooks.close();
        probe.close();
    }
}
