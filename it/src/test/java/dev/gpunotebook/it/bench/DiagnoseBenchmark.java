package dev.gpunotebook.it.bench;

import dev.gpunotebook.bot.local.LocalEmulator;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.provision.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * On-demand benchmark of {@code diagnose} (every notebook of the environment, as {@code diagnose}
 * without a NAME does) for 1, 10 and 50 notebooks in one cluster on a local moto_server: wall time
 * and AWS calls of the snapshot, median of 5 runs after one warm-up run, and the calls per
 * operation at the largest size. Not a test: run it with
 * {@code mvn -q install -DskipTests && mvn -q -pl it exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.gpunotebook.it.bench.DiagnoseBenchmark}. Writes its table to
 * {@code it/target/benchmark-diagnose.md}.
 */
public final class DiagnoseBenchmark {

    private static final int RUNS = 5;
    private static final int[] SIZES = {1, 10, 50};

    private DiagnoseBenchmark() {
    }

    record Measure(int notebooks, long medianMs, int apiCalls, Map<String, Long> perOperation) {
    }

    public static void main(String[] args) throws IOException {
        List<Measure> measures = new ArrayList<>();
        try (LocalEmulator emulator = LocalEmulator.start()) {
            for (int size : SIZES) {
                emulator.reset();
                measures.add(measure(emulator, size));
                System.err.println("measured " + measures.get(measures.size() - 1));
            }
        }
        String table = table(measures);
        System.out.println(table);
        Path out = Path.of("target", "benchmark-diagnose.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    private static Measure measure(LocalEmulator emulator, int size) {
        try (GpuNotebooks notebooks = GpuNotebooks.connect(AwsSettings.emulator(emulator.endpoint(),
                LocalEmulator.REGION), EnvironmentConfig.defaults())) {
            Environment env = notebooks.setup(ProgressListener.NONE);
            for (int i = 1; i <= size; i++) {
                notebooks.start(env, NotebookSpec.defaults(NotebookName.of("nb" + i), "U0BENCH"), ProgressListener.NONE);
            }
            List<Long> times = new ArrayList<>();
            int calls = 0;
            Map<String, Long> perOperation = Map.of();
            for (int run = 0; run <= RUNS; run++) {
                notebooks.apiCalls().reset();
                long t0 = System.nanoTime();
                List<Diagnosis> diagnoses = notebooks.diagnoseAll();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (diagnoses.size() != size) {
                    throw new IllegalStateException("expected " + size + " diagnoses, got " + diagnoses.size());
                }
                if (run > 0) { // the first run warms the JVM and moto's lazily built backends
                    times.add(ms);
                    calls = notebooks.apiCalls().count();
                    perOperation = new TreeMap<>(notebooks.apiCalls().calls().stream()
                            .collect(Collectors.groupingBy(c -> c, Collectors.counting())));
                }
            }
            times.sort(Long::compare);
            return new Measure(size, times.get(times.size() / 2), calls, perOperation);
        }
    }

    private static String table(List<Measure> measures) {
        StringBuilder s = new StringBuilder("| notebooks in one cluster | diagnose wall time (median of 5) | AWS calls |\n"
                + "| --- | --- | --- |\n");
        for (Measure m : measures) {
            s.append("| ").append(m.notebooks()).append(" | ").append(m.medianMs()).append(" ms | ")
                    .append(m.apiCalls()).append(" |\n");
        }
        Measure first = measures.get(0);
        Measure last = measures.get(measures.size() - 1);
        s.append("\nCalls per operation, ").append(first.notebooks()).append(" -> ").append(last.notebooks())
                .append(" notebooks:\n\n| operation | calls |\n| --- | --- |\n");
        last.perOperation().forEach((op, n) -> s.append("| ").append(op).append(" | ")
                .append(first.perOperation().getOrDefault(op, 0L)).append(" -> ").append(n).append(" |\n"));
        return s.toString();
    }
}
