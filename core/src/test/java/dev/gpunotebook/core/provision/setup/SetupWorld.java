package dev.gpunotebook.core.provision.setup;

import dev.gpunotebook.core.cloud.FakeCloud;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.provision.ProgressEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One test's own account in memory and setup over it, with every progress event setup reported. Steps run on
 * threads of their own, as they do in the tools; {@link #close} stops them.
 */
final class SetupWorld implements AutoCloseable {

    final FakeCloud aws = new FakeCloud();
    final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    EnvironmentSetup environmentSetup() {
        return new EnvironmentSetup(aws.cloud(), executor);
    }

    Environment setup(EnvironmentConfig config) {
        return environmentSetup().setup(config, events::add);
    }

    Environment locate(EnvironmentConfig config) {
        return environmentSetup().locate(config, events::add);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
