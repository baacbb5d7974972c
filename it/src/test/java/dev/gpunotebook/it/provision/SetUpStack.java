package dev.gpunotebook.it.provision;

import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.model.Environment;
import java.net.URI;

/**
 * A set-up environment for one test: core talking to {@code coreEndpoint} (the emulator, or the
 * fault injector in front of it) and a probe that looks at the emulator directly.
 */
final class SetUpStack implements AutoCloseable {

    final GpuNotebooks notebooks;
    final StackProbe probe;
    final Environment env;

    private SetUpStack(GpuNotebooks notebooks, StackProbe probe, Environment env) {
        this.notebooks = notebooks;
        this.probe = probe;
        this.env = env;
    }

    static SetUpStack open(URI coreEndpoint, URI emulatorEndpoint) {
        GpuNotebooks notebooks = Notebooks.connect(coreEndpoint);
        return new SetUpStack(notebooks, new StackProbe(emulatorEndpoint), notebooks.setup(new Notebooks.Recorder()));
    }

    @Override
    public void close() {
        notebooks.close();
        probe.close();
    }
}
