package dev.gpunotebook.it.bench;

import dev.gpunotebook.bot.local.LocalEmulator;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.it.slack.Ack;
import dev.gpunotebook.it.slack.SlackFake;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * On-demand benchmark of the Slack bot's acknowledgements: the bot jar runs as its own process
 * ({@code java -jar bot/target/gpu-notebook.jar slack}) against the local Slack fake and a local
 * moto_server; latency is measured at the fake, from sending an envelope to receiving its ack.
 * Per run: 200 {@code /notebook list} sequentially, then 200 more 20 at a time while 10 starts are in
 * flight, then the bot's resident memory (VmRSS). Median of {@value #RUNS} runs, each with a fresh bot
 * process. Slack retries an envelope not acknowledged within {@value #SLACK_ACK_LIMIT_MS} ms: the slowest ack of
 * all runs is reported, and the benchmark fails when it reaches that limit (the functional tests do not time
 * acks). Not a test: run it with
 * {@code mvn -q install -DskipTests && mvn -q -pl it exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.gpunotebook.it.bench.SlackAckBenchmark -Dsun.net.httpserver.nodelay=true}.
 * Writes its table to {@code it/target/benchmark-slack.md}.
 */
public final class SlackAckBenchmark {

    private static final int RUNS = 5;
    private static final int COMMANDS = 200;
    private static final int AT_A_TIME = 20;
    private static final int STARTS_IN_FLIGHT = 10;
    private static final String BOT_TOKEN = "xoxb-test-benchmark-bot-token";
    private static final String APP_TOKEN = "xapp-test-benchmark-app-token";
    private static final Duration ACK = Duration.ofSeconds(10);
    private static final long SLACK_ACK_LIMIT_MS = 3000;

    private SlackAckBenchmark() {
    }

    record Run(double sequentialP50, double sequentialP99, double concurrentP50, double concurrentP99,
            double slowest, long rssKib) {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path jar = findJar();
        List<Run> runs = new ArrayList<>();
        try (LocalEmulator emulator = LocalEmulator.start(); SlackFake slack = SlackFake.start(BOT_TOKEN, APP_TOKEN)) {
            for (int i = 0; i <= RUNS; i++) {
                emulator.reset();
                Run run = once(jar, emulator, slack, i);
                if (i > 0) { // the first run warms moto's lazily built backends
                    runs.add(run);
                }
                System.err.println("run " + i + ": " + run);
            }
        }
        String table = table(runs);
        System.out.println(table);
        Path out = Path.of("target", "benchmark-slack.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        double slowest = runs.stream().mapToDouble(Run::slowest).max().orElseThrow();
        if (slowest >= SLACK_ACK_LIMIT_MS) {
            throw new IllegalStateException(String.format("An ack took %.1f ms: Slack retries after %d ms.", slowest,
                    SLACK_ACK_LIMIT_MS));
        }
    }

    private static Run once(Path jar, LocalEmulator emulator, SlackFake slack, int run) throws Exception {
        try (GpuNotebooks notebooks = GpuNotebooks.connect(AwsSettings.emulator(emulator.endpoint(),
                LocalEmulator.REGION), EnvironmentConfig.defaults())) {
            notebooks.setup(ProgressListener.NONE);
        }
        Process bot = startBot(jar, emulator, slack, run);
        try {
            slack.awaitOpenConnection(Duration.ofSeconds(30));
            for (int i = 0; i < 50; i++) { // warm-up: JIT, connection pools
                slack.awaitAck(slack.slashCommand("U0WARM", "C0BENCH", "help"), ACK);
            }
            List<Long> sequential = new ArrayList<>();
            for (int i = 0; i < COMMANDS; i++) {
                sequential.add(slack.awaitAck(slack.slashCommand("U0SEQ", "C0BENCH", "list"), ACK).latencyNanos());
            }
            for (int i = 0; i < STARTS_IN_FLIGHT; i++) {
                slack.awaitAck(slack.slashCommand("U0START" + i, "C0BENCH", "start r" + run + "n" + i), ACK);
            }
            List<Long> concurrent = new ArrayList<>();
            for (int batch = 0; batch < COMMANDS / AT_A_TIME; batch++) {
                List<String> envelopes = new ArrayList<>();
                for (int i = 0; i < AT_A_TIME; i++) {
                    envelopes.add(slack.slashCommand("U0CONC" + i, "C0BENCH", "list"));
                }
                for (String envelope : envelopes) {
                    Ack ack = slack.awaitAck(envelope, ACK);
                    concurrent.add(ack.latencyNanos());
                }
            }
            long rss = rssKib(bot.pid());
            double slowest = Math.max(percentile(sequential, 100), percentile(concurrent, 100));
            return new Run(percentile(sequential, 50), percentile(sequential, 99), percentile(concurrent, 50),
                    percentile(concurrent, 99), slowest, rss);
        } finally {
            bot.destroy();
            if (!bot.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                bot.destroyForcibly().waitFor();
            }
        }
    }

    private static Process startBot(Path jar, LocalEmulator emulator, SlackFake slack, int run) throws IOException {
        Path log = Path.of("target", "benchmark-slack-bot-" + run + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "slack", "--endpoint-url", emulator.endpoint().toString(),
                "--region", LocalEmulator.REGION)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("SLACK_BOT_TOKEN", BOT_TOKEN);
        env.put("SLACK_APP_TOKEN", APP_TOKEN);
        env.put("SLACK_API_URL", slack.apiUrl().toString());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.remove("GPU_NOTEBOOK_ALLOWED_USERS");
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return process;
    }

    private static Path findJar() {
        for (String candidate : List.of("bot/target/gpu-notebook.jar", "../bot/target/gpu-notebook.jar")) {
            File file = new File(candidate);
            if (file.isFile()) {
                return file.toPath().toAbsolutePath();
            }
        }
        throw new IllegalStateException("bot/target/gpu-notebook.jar not found: run mvn -q install -DskipTests first");
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static double percentile(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1_000_000.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String table(List<Run> runs) {
        return String.join("\n",
                "| measure (median of " + runs.size() + " runs) | value |",
                "| --- | --- |",
                String.format("| ack latency, %d commands sequentially, p50 | %.1f ms |", COMMANDS,
                        median(runs.stream().map(Run::sequentialP50).toList())),
                String.format("| ack latency, %d commands sequentially, p99 | %.1f ms |", COMMANDS,
                        median(runs.stream().map(Run::sequentialP99).toList())),
                String.format("| ack latency, %d at a time with %d starts in flight, p50 | %.1f ms |", AT_A_TIME,
                        STARTS_IN_FLIGHT, median(runs.stream().map(Run::concurrentP50).toList())),
                String.format("| ack latency, %d at a time with %d starts in flight, p99 | %.1f ms |", AT_A_TIME,
                        STARTS_IN_FLIGHT, median(runs.stream().map(Run::concurrentP99).toList())),
                String.format("| slowest ack of all runs (Slack retries after %d ms) | %.1f ms |", SLACK_ACK_LIMIT_MS,
                        runs.stream().mapToDouble(Run::slowest).max().orElseThrow()),
                String.format("| bot resident memory after the run (VmRSS) | %d MiB |",
                        (long) median(runs.stream().map(r -> (double) r.rssKib()).toList()) / 1024)) + "\n";
    }
}
