package dev.gpunotebook.it.diagnose;

import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.FaultInjector;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A stack made by setup and start, with core talking through the fault injector and the ECS agent
 * played by {@link EcsAgentSimulator}. {@link #diagnose} injects the container instances the agent
 * registered, then diagnoses the notebook.
 */
final class DiagnosedStack implements AutoCloseable {

    final GpuNotebooks notebooks;
    final Environment env;
    final EcsAgentSimulator agent;
    final FaultInjector faults;

    /** Made in a test or its {@code @BeforeEach}: in a world per test, the emulator and the injector are fresh. */
    DiagnosedStack(AwsEmulator emulator, FaultInjector faults) {
        this.faults = faults;
        this.notebooks = GpuNotebooks.connect(AwsSettings.emulator(faults.endpoint(), AwsEmulator.REGION),
                EnvironmentConfig.defaults());
        this.env = notebooks.setup(event -> { });
        this.agent = new EcsAgentSimulator(emulator);
    }

    /** Starts a notebook and boots the agent on its instance. */
    StartResult start(String name) {
        StartResult started = notebooks.start(env, NotebookSpec.defaults(NotebookName.of(name), "U0TEST"), event -> { });
        agent.boot(started.instanceId());
        return started;
    }

    Diagnosis diagnose(String name) {
        agent.injectDescribeContainerInstances(faults);
        return notebooks.diagnose(NotebookName.of(name));
    }

    static CheckResult check(Diagnosis diagnosis, String id) {
        return diagnosis.checks().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + id + " in " + diagnosis));
    }

    static Map<String, Status> statuses(Diagnosis diagnosis) {
        return diagnosis.checks().stream().collect(Collectors.toMap(CheckResult::id, CheckResult::status,
                (a, b) -> a, java.util.LinkedHashMap::new));
    }

    /** Every check with its status and summary, for assertion messages. */
    static String describe(Diagnosis diagnosis) {
        return diagnosis.checks().stream().map(c -> c.id() + " " + c.status() + ": " + c.summary())
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        agent.close();
        notebooks.close();
    }
}
