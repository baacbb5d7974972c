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
import dev.gpunotebook.it.emulator.FaultInjector;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * On-demand benchmark of {@code diagnose} for 1, 10 and 50 notebooks in one cluster on a local
 * moto_server: {@code diagnose} of every notebook (no NAME) and {@code diagnose NAME} of one of them,
 * each straight against moto and through a proxy that delays every answer by {@link #ROUND_TRIP}
 * (a remote AWS endpoint's round trip; moto answers on loopback one call at a time). The four
 * variants are measured side by side, interleaved within each run; median of 5 runs after one
 * warm-up run, and the calls per operation at the largest size. Not a test: run it with
 * {@code mvn -q install -DskipTests && mvn -q -pl it exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.gpunotebook.it.bench.DiagnoseBenchmark}. Writes its tables to
 * {@code it/target/benchmark-diagnose.md}. Options: {@code -Dsizes=1,50} (the cluster sizes),
 * {@code -Dtimeline} (print when each call of the last run started).
 */
public final class DiagnoseBenchmark {

    private static final int RUNS = 5;
    private static final int[] SIZES = Arrays.stream(System.getProperty("sizes", "1,10,50").split(","))
            .mapToInt(Integer::parseInt).toArray();
    /** {@code -Dtimeline}: print when each call of the last run started, to see what waits for what. */
    private static final boolean TIMELINE = System.getProperty("timeline") != null;
    /** Chosen, not measured: a call to a regional AWS endpoint takes tens of milliseconds. */
    private static final Duration ROUND_TRIP = Duration.ofMillis(50);

    private DiagnoseBenchmark() {
    }

    /** One way of diagnosing: which endpoint, and all notebooks or one. */
    enum Variant {
        ALL_MOTO("every notebook, moto"),
        ONE_MOTO("one notebook (NAME), moto"),
        ALL_ROUND_TRIP("every notebook, moto + " + ROUND_TRIP.toMillis() + " ms a call"),
        ONE_ROUND_TRIP("one notebook (NAME), moto + " + ROUND_TRIP.toMillis() + " ms a call");

        final String title;

        Variant(String title) {
            this.title = title;
        }

        boolean all() {
            return this == ALL_MOTO || this == ALL_ROUND_TRIP;
        }

        boolean delayed() {
            return this == ALL_ROUND_TRIP || this == ONE_ROUND_TRIP;
        }
    }

    /** Medians of wall time and of the CPU time the emulator's process spent meanwhile; the calls of the last run. */
    record Measure(long medianMs, long medianEmulatorCpuMs, int apiCalls, Map<String, Long> perOperation) {
    }

    record Row(int notebooks, Map<Variant, Measure> measures) {
    }

    public static void main(String[] args) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (LocalEmulator emulator = LocalEmulator.start();
                FaultInjector slow = FaultInjector.inFrontOf(emulator.endpoint()).withRoundTrip(ROUND_TRIP)) {
            for (int size : SIZES) {
                emulator.reset();
                rows.add(measure(emulator.endpoint(), slow.endpoint(), size));
                System.err.println("measured " + rows.get(rows.size() - 1));
            }
        }
        String tables = tables(rows);
        System.out.println(tables);
        Path out = Path.of("target", "benchmark-diagnose.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, tables);
    }

    private static Row measure(URI moto, URI slow, int size) {
        try (GpuNotebooks direct = connect(moto); GpuNotebooks delayed = connect(slow)) {
            Environment env = direct.setup(ProgressListener.NONE);
            for (int i = 1; i <= size; i++) {
                direct.start(env, NotebookSpec.defaults(NotebookName.of("nb" + i), "U0BENCH"), ProgressListener.NONE);
            }
            Map<Variant, List<Long>> times = new LinkedHashMap<>();
            Map<Variant, List<Long>> emulatorCpu = new LinkedHashMap<>();
            Map<Variant, Measure> last = new LinkedHashMap<>();
            for (int run = 0; run <= RUNS; run++) {
                for (Variant variant : Variant.values()) {
                    GpuNotebooks notebooks = variant.delayed() ? delayed : direct;
                    notebooks.apiCalls().reset();
                    Duration cpu0 = emulatorCpu();
                    long t0 = System.nanoTime();
                    int diagnosed = variant.all() ? notebooks.diagnoseAll().size()
                            : check(notebooks.diagnose(NotebookName.of("nb1")));
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    long cpuMs = emulatorCpu().minus(cpu0).toMillis();
                    if (diagnosed != (variant.all() ? size : 1)) {
                        throw new IllegalStateException(variant + ": expected " + size + " diagnoses, got " + diagnosed);
                    }
                    if (run == RUNS && TIMELINE) {
                        printTimeline(variant, notebooks, t0, ms);
                    }
                    if (run > 0) { // the first run warms the JVM and moto's lazily built backends
                        times.computeIfAbsent(variant, v -> new ArrayList<>()).add(ms);
                        emulatorCpu.computeIfAbsent(variant, v -> new ArrayList<>()).add(cpuMs);
                        last.put(variant, new Measure(0, 0, notebooks.apiCalls().count(),
                                new TreeMap<>(notebooks.apiCalls().calls().stream()
                                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())))));
                    }
                }
            }
            Map<Variant, Measure> medians = new LinkedHashMap<>();
            times.forEach((variant, list) -> {
                Measure m = last.get(variant);
                medians.put(variant, new Measure(median(list), median(emulatorCpu.get(variant)), m.apiCalls(),
                        m.perOperation()));
            });
            return new Row(size, medians);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** CPU time used so far by the moto_server process this benchmark started (zero where the OS does not say). */
    private static Duration emulatorCpu() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("moto_server"))
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    private static void printTimeline(Variant variant, GpuNotebooks notebooks, long startedNanos, long ms) {
        System.err.println("timeline of " + variant.title + ", " + ms + " ms:");
        notebooks.apiCalls().records().forEach(call -> System.err.printf("%8.1f ms  %-50s %s%n",
                (call.startedNanos() - startedNanos) / 1e6, call.operation(), call.thread()));
    }

    private static GpuNotebooks connect(URI endpoint) {
        return GpuNotebooks.connect(AwsSettings.emulator(endpoint, LocalEmulator.REGION), EnvironmentConfig.defaults());
    }

    private static int check(Diagnosis diagnosis) {
        if (!"nb1".equals(diagnosis.target().notebook())) {
            throw new IllegalStateException("diagnosed " + diagnosis.target() + ", not nb1");
        }
        return 1;
    }

    private static String tables(List<Row> rows) {
        Row first = rows.get(0);
        StringBuilder s = new StringBuilder("| diagnose | ");
        rows.forEach(r -> s.append(r.notebooks()).append(r.notebooks() == 1 ? " notebook | " : " notebooks | "));
        s.append("ratio ").append(rows.get(rows.size() - 1).notebooks()).append(" : 1 |\n|");
        s.append(" --- |".repeat(rows.size() + 2)).append('\n');
        for (Variant variant : Variant.values()) {
            s.append("| ").append(variant.title).append(" | ");
            rows.forEach(r -> s.append(r.measures().get(variant).medianMs()).append(" ms (moto busy ")
                    .append(r.measures().get(variant).medianEmulatorCpuMs()).append(" ms), ")
                    .append(r.measures().get(variant).apiCalls()).append(" calls | "));
            Row last = rows.get(rows.size() - 1);
            s.append(String.format("%.1fx |%n", (double) last.measures().get(variant).medianMs()
                    / Math.max(1, first.measures().get(variant).medianMs())));
        }
        Row last = rows.get(rows.size() - 1);
        Map<String, Long> from = first.measures().get(Variant.ALL_MOTO).perOperation();
        s.append("\nCalls per operation of diagnose (every notebook), ").append(first.notebooks()).append(" -> ")
                .append(last.notebooks()).append(" notebooks:\n\n| operation | calls |\n| --- | --- |\n");
        last.measures().get(Variant.ALL_MOTO).perOperation().forEach((op, n) -> s.append("| ").append(op)
                .append(" | ").append(from.getOrDefault(op, 0L)).append(" -> ").append(n).append(" |\n"));
        return s.toString();
    }
}
