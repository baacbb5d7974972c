package dev.gpunotebook.it.bench;

import dev.gpunotebook.bot.local.LocalEmulator;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.EnvironmentName;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * On-demand benchmark of {@code diagnose} for 1, 10 and 50 notebooks on a local moto_server, each size
 * a cluster of its own environment in the same emulator: {@code diagnose} of every notebook (no NAME)
 * and {@code diagnose NAME} of one of them, each straight against moto and through a proxy that delays
 * every answer by {@link #ROUND_TRIP} (a remote AWS endpoint's round trip; moto answers on loopback one
 * call at a time). Within each run every size and every variant is measured once, the sizes in a shuffled
 * order, so no size always meets the coldest JVM or the busiest emulator; 5 runs after one warm-up run.
 * It reports the median time of each, the median of the per-run ratios of the largest size to the
 * smallest, and the calls per operation. Not a test: run it with {@code mvn -q install -DskipTests &&
 * mvn -q -pl it exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.gpunotebook.it.bench.DiagnoseBenchmark}.
 * Writes its tables to {@code it/target/benchmark-diagnose.md}. Options: {@code -Dsizes=1,50} (the cluster
 * sizes), {@code -Dseed=N} (the order of the sizes), {@code -Dtimeline} (print when each call of the last run
 * started).
 */
public final class DiagnoseBenchmark {

    private static final int RUNS = 5;
    private static final int[] SIZES = Arrays.stream(System.getProperty("sizes", "1,10,50").split(","))
            .mapToInt(Integer::parseInt).toArray();
    /** {@code -Dtimeline}: print when each call of the last run started, to see what waits for what. */
    private static final boolean TIMELINE = System.getProperty("timeline") != null;
    /** Chosen, not measured: a call to a regional AWS endpoint takes tens of milliseconds. */
    private static final Duration ROUND_TRIP = Duration.ofMillis(50);
    /** {@code -Dseed=N}: the order in which each run visits the sizes. */
    private static final long SEED = Long.getLong("seed", 1L);

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
        List<Row> rows;
        Map<Variant, Double> ratios;
        try (LocalEmulator emulator = LocalEmulator.start();
                FaultInjector slow = FaultInjector.inFrontOf(emulator.endpoint()).withRoundTrip(ROUND_TRIP)) {
            List<Cluster> clusters = new ArrayList<>();
            try {
                for (int size : SIZES) {
                    clusters.add(Cluster.setUp(emulator.endpoint(), slow.endpoint(), size));
                    System.err.println("set up a cluster of " + size + " notebooks");
                }
                Runs runs = measure(clusters);
                rows = runs.rows();
                ratios = runs.medianRatios();
            } finally {
                clusters.forEach(Cluster::close);
            }
        }
        String tables = tables(rows, ratios);
        System.out.println(tables);
        Path out = Path.of("target", "benchmark-diagnose.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, tables);
    }

    /** One size: an environment of its own ({@code b<size>}) holding that many notebooks. */
    record Cluster(int size, GpuNotebooks direct, GpuNotebooks delayed) implements AutoCloseable {

        static Cluster setUp(URI moto, URI slow, int size) {
            EnvironmentConfig config = EnvironmentConfig.defaults(new EnvironmentName("b" + size));
            GpuNotebooks direct = connect(moto, config);
            Environment env = direct.setup(ProgressListener.NONE);
            for (int i = 1; i <= size; i++) {
                direct.start(env, NotebookSpec.defaults(NotebookName.of("nb" + i), "U0BENCH"), ProgressListener.NONE);
            }
            return new Cluster(size, direct, connect(slow, config));
        }

        @Override
        public void close() {
            direct.close();
            delayed.close();
        }
    }

    /** What the runs measured: per size and variant the times of each run, and the calls of the last. */
    record Runs(Map<Integer, Map<Variant, List<Long>>> times, Map<Integer, Map<Variant, List<Long>>> emulatorCpu,
                Map<Integer, Map<Variant, Measure>> last) {

        List<Row> rows() {
            List<Row> rows = new ArrayList<>();
            for (int size : SIZES) {
                Map<Variant, Measure> medians = new LinkedHashMap<>();
                times.get(size).forEach((variant, list) -> {
                    Measure m = last.get(size).get(variant);
                    medians.put(variant, new Measure(median(list), median(emulatorCpu.get(size).get(variant)),
                            m.apiCalls(), m.perOperation()));
                });
                rows.add(new Row(size, medians));
            }
            return rows;
        }

        /** The median over the runs of (time at the largest size) / (time at the smallest), per variant. */
        Map<Variant, Double> medianRatios() {
            int smallest = SIZES[0];
            int largest = SIZES[SIZES.length - 1];
            Map<Variant, Double> ratios = new LinkedHashMap<>();
            for (Variant variant : Variant.values()) {
                List<Long> small = times.get(smallest).get(variant);
                List<Long> large = times.get(largest).get(variant);
                List<Double> perRun = new ArrayList<>();
                for (int run = 0; run < small.size(); run++) {
                    perRun.add((double) large.get(run) / Math.max(1, small.get(run)));
                }
                ratios.put(variant, perRun.stream().sorted().toList().get(perRun.size() / 2));
            }
            return ratios;
        }
    }

    private static Runs measure(List<Cluster> clusters) {
        Map<Integer, Map<Variant, List<Long>>> times = new LinkedHashMap<>();
        Map<Integer, Map<Variant, List<Long>>> emulatorCpu = new LinkedHashMap<>();
        Map<Integer, Map<Variant, Measure>> last = new LinkedHashMap<>();
        Random order = new Random(SEED);
        for (int run = 0; run <= RUNS; run++) {
            List<Cluster> shuffled = new ArrayList<>(clusters);
            Collections.shuffle(shuffled, order);
            for (Cluster cluster : shuffled) {
                for (Variant variant : Variant.values()) {
                    GpuNotebooks notebooks = variant.delayed() ? cluster.delayed() : cluster.direct();
                    notebooks.apiCalls().reset();
                    Duration cpu0 = emulatorCpu();
                    long t0 = System.nanoTime();
                    int diagnosed = variant.all() ? notebooks.diagnoseAll().size()
                            : check(notebooks.diagnose(NotebookName.of("nb1")));
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    long cpuMs = emulatorCpu().minus(cpu0).toMillis();
                    int size = cluster.size();
                    if (diagnosed != (variant.all() ? size : 1)) {
                        throw new IllegalStateException(variant + ": expected " + size + " diagnoses, got " + diagnosed);
                    }
                    if (run == RUNS && TIMELINE) {
                        printTimeline(variant, notebooks, t0, ms);
                    }
                    if (run > 0) { // the first run warms the JVM and moto's lazily built backends
                        times.computeIfAbsent(size, s -> new LinkedHashMap<>())
                                .computeIfAbsent(variant, v -> new ArrayList<>()).add(ms);
                        emulatorCpu.computeIfAbsent(size, s -> new LinkedHashMap<>())
                                .computeIfAbsent(variant, v -> new ArrayList<>()).add(cpuMs);
                        last.computeIfAbsent(size, s -> new LinkedHashMap<>()).put(variant, new Measure(0, 0,
                                notebooks.apiCalls().count(), new TreeMap<>(notebooks.apiCalls().calls().stream()
                                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())))));
                    }
                }
            }
            System.err.println("run " + run + " done (sizes in the order "
                    + shuffled.stream().map(c -> String.valueOf(c.size())).collect(Collectors.joining(", ")) + ")");
        }
        return new Runs(times, emulatorCpu, last);
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

    private static GpuNotebooks connect(URI endpoint, EnvironmentConfig config) {
        return GpuNotebooks.connect(AwsSettings.emulator(endpoint, LocalEmulator.REGION), config);
    }

    private static int check(Diagnosis diagnosis) {
        if (!"nb1".equals(diagnosis.target().notebook())) {
            throw new IllegalStateException("diagnosed " + diagnosis.target() + ", not nb1");
        }
        return 1;
    }

    private static String tables(List<Row> rows, Map<Variant, Double> ratios) {
        Row first = rows.get(0);
        StringBuilder s = new StringBuilder("| diagnose | ");
        rows.forEach(r -> s.append(r.notebooks()).append(r.notebooks() == 1 ? " notebook | " : " notebooks | "));
        s.append("ratio ").append(rows.get(rows.size() - 1).notebooks()).append(" : ")
                .append(rows.get(0).notebooks()).append(" (median of the runs' ratios) |\n|");
        s.append(" --- |".repeat(rows.size() + 2)).append('\n');
        for (Variant variant : Variant.values()) {
            s.append("| ").append(variant.title).append(" | ");
            rows.forEach(r -> s.append(r.measures().get(variant).medianMs()).append(" ms (moto busy ")
                    .append(r.measures().get(variant).medianEmulatorCpuMs()).append(" ms), ")
                    .append(r.measures().get(variant).apiCalls()).append(" calls | "));
            s.append(String.format("%.1fx |%n", ratios.get(variant)));
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
