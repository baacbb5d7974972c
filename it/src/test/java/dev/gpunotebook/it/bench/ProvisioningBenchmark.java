package dev.gpunotebook.it.bench;

import dev.gpunotebook.bot.local.LocalEmulator;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.setup.EnvironmentSetup;
import dev.gpunotebook.core.provision.start.NotebookStarter;
import dev.gpunotebook.it.provision.Notebooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * On-demand benchmark of setup, start and delete against a local moto_server: AWS calls and
 * sequential round trips on start's critical path, wall times (median of 5 runs) and the mutating
 * calls of a repeated start. Not a test: run it with
 * {@code mvn -q install -DskipTests && mvn -q -pl it exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.gpunotebook.it.bench.ProvisioningBenchmark}. Writes its table to
 * {@code it/target/benchmark-provisioning.md}.
 */
public final class ProvisioningBenchmark {

    private static final int RUNS = 5;

    private ProvisioningBenchmark() {
    }

    record Run(long setupMs, long startMs, long repeatStartMs, long deleteMs, int startCalls, int locateCalls,
            int locateCriticalPath, int startCriticalPath, int repeatMutatingCalls) {
    }

    public static void main(String[] args) throws IOException {
        List<Run> runs = new ArrayList<>();
        try (LocalEmulator emulator = LocalEmulator.start()) {
            for (int i = 0; i <= RUNS; i++) {
                emulator.reset();
                Run run = once(emulator);
                if (i > 0) { // the first run warms the JVM and moto's lazily built backends
                    runs.add(run);
                }
                System.err.println("run " + i + ": " + run);
            }
        }
        String table = table(runs);
        System.out.println(table);
        Path out = Path.of("target", "benchmark-provisioning.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    private static Run once(LocalEmulator emulator) {
        try (GpuNotebooks notebooks = GpuNotebooks.connect(AwsSettings.emulator(emulator.endpoint(),
                LocalEmulator.REGION), EnvironmentConfig.defaults())) {
            long t0 = System.nanoTime();
            notebooks.setup(ProgressListener.NONE);
            long setupMs = (System.nanoTime() - t0) / 1_000_000;
            NotebookSpec spec = NotebookSpec.defaults(NotebookName.of("bench"), "U0BENCH");

            notebooks.apiCalls().reset();
            CriticalPath locate = new CriticalPath();
            CriticalPath start = new CriticalPath();
            long t1 = System.nanoTime();
            Environment env = notebooks.environment(locate);
            int locateCalls = notebooks.apiCalls().count();
            notebooks.start(env, spec, start);
            long startMs = (System.nanoTime() - t1) / 1_000_000;
            var calls = notebooks.apiCalls().records();
            Map<String, Integer> startPerStep = start.callsPerStep(calls);
            int startCritical = CriticalPath.longestChain(NotebookStarter.planDependencies(), startPerStep);
            int locateCritical = CriticalPath.longestChain(EnvironmentSetup.planDependencies(), locate.callsPerStep(calls));

            notebooks.apiCalls().reset();
            long t2 = System.nanoTime();
            notebooks.start(spec, ProgressListener.NONE);
            long repeatMs = (System.nanoTime() - t2) / 1_000_000;
            int mutating = Notebooks.mutatingCalls(notebooks).size();

            long t3 = System.nanoTime();
            notebooks.delete(spec.name(), ProgressListener.NONE);
            long deleteMs = (System.nanoTime() - t3) / 1_000_000;
            return new Run(setupMs, startMs, repeatMs, deleteMs, calls.size(), locateCalls, locateCritical,
                    startCritical, mutating);
        }
    }

    private static long median(List<Run> runs, java.util.function.ToLongFunction<Run> metric) {
        long[] values = runs.stream().mapToLong(metric).sorted().toArray();
        return values[values.length / 2];
    }

    static String table(List<Run> runs) {
        return String.join("\n",
                "| measure (moto_server 5.2.1, median of " + runs.size() + " runs) | value |",
                "| --- | --- |",
                "| setup, wall time | " + median(runs, Run::setupMs) + " ms |",
                "| start, wall time (locate environment + start) | " + median(runs, Run::startMs) + " ms |",
                "| start, AWS calls (of which locating the environment) | " + median(runs, Run::startCalls) + " ("
                        + median(runs, Run::locateCalls) + ") |",
                "| start, sequential round trips on the critical path (locate + start) | "
                        + (median(runs, Run::locateCriticalPath) + median(runs, Run::startCriticalPath)) + " ("
                        + median(runs, Run::locateCriticalPath) + " + " + median(runs, Run::startCriticalPath) + ") |",
                "| repeated start, wall time | " + median(runs, Run::repeatStartMs) + " ms |",
                "| repeated start, mutating calls (goal: 0) | " + median(runs, Run::repeatMutatingCalls) + " |",
                "| delete, wall time | " + median(runs, Run::deleteMs) + " ms |",
                "");
    }
}
