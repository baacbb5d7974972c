package dev.gpunotebook.it.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.slack.SlackBot;
import dev.gpunotebook.bot.slack.SlackSettings;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.idle.HttpJupyterProbe;
import dev.gpunotebook.core.idle.JupyterAddress;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.EmulatorClients;
import dev.gpunotebook.it.emulator.FaultInjector;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import dev.gpunotebook.it.lifecycle.LocalJupyter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The real Bolt Socket Mode app, in process, against the local Slack fake (Web API over HTTP, Socket
 * Mode over WebSocket) and the AWS emulator, set up first. AWS calls go through the fault injector, so
 * a test can make one operation fail as AWS would.
 */
@WithAwsEmulator
class SlackBotIT {

    static final String BOT_TOKEN = "xoxb-test-fake-bot-token";
    static final String APP_TOKEN = "xapp-test-fake-app-token";
    static final String CHANNEL = "C0GENERAL";
    static final String ALICE = "U0ALICE";
    static final String BOB = "U0BOB";
    static final String MALLORY = "U0MALLORY";
    static final String ADMIN = "U0ADMIN";
    /**
     * How long to wait for an ack before calling it lost. How fast acks come (Slack's limit is 3 s) is
     * SlackAckBenchmark's to measure, not a functional test's on a busy build machine.
     */
    static final Duration ACK_WAIT = Duration.ofSeconds(30);
    static final Duration WORK = Duration.ofSeconds(60);
    private static final Path JUPYTER_LOGS = Path.of(System.getProperty("gpunotebook.emulator.logDir",
            "target/emulator-logs"));

    private static SlackFake slack;
    private static PrintStream originalErr;
    private static ByteArrayOutputStream logs;

    private AwsEmulator emulator;
    private FaultInjector faults;
    private GpuNotebooks notebooks;
    private SlackBot bot;

    @BeforeAll
    static void startSlackAndCaptureLogs() throws Exception {
        slack = SlackFake.start(BOT_TOKEN, APP_TOKEN);
        originalErr = System.err;
        logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(originalErr, logs), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stopSlack() {
        System.setErr(originalErr);
        slack.close();
        SlackFake.await(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.isAlive()
                && t.getName().startsWith("gpu-notebook-slack")), Duration.ofSeconds(10), "the bot's threads to end");
    }

    @BeforeEach
    void startBot(AwsEmulator emulator, FaultInjector faults) {
        this.emulator = emulator;
        this.faults = faults;
        notebooks = GpuNotebooks.connect(AwsSettings.emulator(faults.endpoint(), AwsEmulator.REGION),
                EnvironmentConfig.defaults());
        notebooks.setup(ProgressListener.NONE);
        // No reaper: only the idle notice test runs one, on its own bot.
        bot = SlackBot.start(settings().withReaperInterval(Duration.ZERO), options -> notebooks,
                GlobalOptions.defaults());
        slack.awaitOpenConnection(Duration.ofSeconds(10));
        slack.forgetCalls();
    }

    private static SlackSettings settings() {
        return SlackSettings.fromEnvironment(Map.of(
                SlackSettings.BOT_TOKEN, BOT_TOKEN, SlackSettings.APP_TOKEN, APP_TOKEN,
                SlackSettings.API_URL, slack.apiUrl().toString(),
                SlackSettings.ALLOWED_USERS, ALICE + "," + BOB,
                SlackSettings.ADMINS, ADMIN)).withProgressInterval(Duration.ofMillis(20));
    }

    @AfterEach
    void stopBot() {
        bot.close();
        notebooks.close();
        // The next test's bot must be the only one connected: the fake sends envelopes on the newest
        // connection, and one its closed predecessor left open would swallow them.
        slack.awaitNoOpenConnection(Duration.ofSeconds(10));
    }

    private int instancesOf(String notebook) {
        try (Ec2Client ec2 = EmulatorClients.build(Ec2Client.builder(), emulator.endpoint())) {
            return ec2.describeInstances(r -> r.filters(
                    Filter.builder().name("tag:gpu-notebook:notebook").values(notebook).build(),
                    Filter.builder().name("instance-state-name").values("pending", "running").build()))
                    .reservations().stream().mapToInt(res -> res.instances().size()).sum();
        }
    }

    private Ack command(String user, String text) {
        return slack.awaitAck(slack.slashCommand(user, CHANNEL, text), ACK_WAIT);
    }

    /** The first Web API call, of any method, that matches; waits for it. */
    private ApiCall anyCall(java.util.function.Predicate<ApiCall> matching) {
        SlackFake.await(() -> slack.calls().stream().anyMatch(matching), WORK, "a matching Web API call");
        return slack.calls().stream().filter(matching).findFirst().orElseThrow();
    }

    private ApiCall ephemeralTo(String user, String containing) {
        return slack.awaitCall("chat.postEphemeral",
                c -> c.param("user").equals(user) && c.shown().contains(containing), WORK);
    }

    @Nested
    class WhenAnAllowedUserStartsANotebook {

        @Test
        void start_whenAllowed_acksAtOnceShowsProgressAndSendsTheTokenOnlyPrivately() {
            Ack ack = command(ALICE, "start alice");

            assertThat(ack.payloadText()).contains("Working on").contains("start alice");
            ApiCall done = slack.awaitCall("chat.update", c -> c.shown().contains("Notebook alice is starting"), WORK);
            ApiCall link = ephemeralTo(ALICE, "open JupyterLab");
            assertThat(instancesOf("alice")).isEqualTo(1);
            assertThat(slack.calls("chat.postMessage")).hasSize(1)
                    .allSatisfy(c -> assertThat(c.param("channel")).isEqualTo(CHANNEL));
            List<ApiCall> updates = slack.calls("chat.update");
            assertThat(updates.subList(0, updates.indexOf(done)))
                    .as("progress updates before the final one").isNotEmpty()
                    .anySatisfy(c -> assertThat(c.shown()).contains("`instance`"));
            assertThat(done.shown()).contains("/notebook/alice/").contains("notebook-diagnose")
                    .contains("notebook-stop").contains("done (created)");

            String token = notebooks.readToken(NotebookName.of("alice"));
            assertThat(token).hasSizeGreaterThan(20);
            assertThat(link.shown()).contains("/notebook/alice/lab?token").contains(token);
            assertThat(slack.calls()).filteredOn(c -> c.raw().contains(token)).containsExactly(link);
            assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(token).doesNotContain(BOT_TOKEN)
                    .doesNotContain(APP_TOKEN);
        }

        @Test
        void delete_whenAskedWithoutYes_asksWithAButtonAndDeletesOnlyWhenPressed() {
            command(ALICE, "start gone");
            slack.awaitCall("chat.update", c -> c.shown().contains("Notebook gone is starting"), WORK);

            command(ALICE, "delete gone");
            ApiCall question = ephemeralTo(ALICE, "notebook-delete");

            assertThat(question.shown()).contains("Delete notebook gone").contains("delete gone --yes");
            assertThat(instancesOf("gone")).isEqualTo(1);

            slack.awaitAck(slack.pressButton(ALICE, CHANNEL, "notebook-delete", "/notebook delete gone --yes"),
                    ACK_WAIT);

            slack.awaitCall("chat.update", c -> c.shown().contains("Deleted notebook gone"), WORK);
            assertThat(instancesOf("gone")).isZero();
        }
    }

    @Nested
    class WhenSomeoneMayNot {

        @Test
        void start_whenTheUserIsNotAllowed_isRefusedWithTheReasonAndCreatesNothing() {
            command(MALLORY, "start mallory");

            ApiCall refusal = ephemeralTo(MALLORY, "not on the list");

            assertThat(refusal.shown()).contains("GPU_NOTEBOOK_ALLOWED_USERS");
            assertThat(instancesOf("mallory")).isZero();
            assertThat(slack.calls("chat.postMessage")).isEmpty();
        }

        @Test
        void stopAndDelete_whenTheNotebookIsSomeoneElses_areRefusedButAnAdminMayDelete() {
            command(ALICE, "start shared");
            slack.awaitCall("chat.update", c -> c.shown().contains("Notebook shared is starting"), WORK);

            command(BOB, "stop shared");
            assertThat(ephemeralTo(BOB, "may stop it").shown()).contains("belongs to " + ALICE);
            command(BOB, "delete shared --yes");
            assertThat(ephemeralTo(BOB, "may delete it").shown()).contains("belongs to " + ALICE);
            assertThat(instancesOf("shared")).isEqualTo(1);

            command(ADMIN, "delete shared --yes");
            slack.awaitCall("chat.update", c -> c.shown().contains("Deleted notebook shared"), WORK);
            assertThat(instancesOf("shared")).isZero();
        }

        @Test
        void setup_whenAListedUserWhoIsNoAdminAsks_isRefusedNamingTheVariable() {
            command(ALICE, "setup");

            assertThat(ephemeralTo(ALICE, "Only an admin").shown()).contains("GPU_NOTEBOOK_ADMINS");
            assertThat(slack.calls("chat.postMessage")).as("no progress message: setup never began").isEmpty();
        }

        @Test
        void start_whenItRedirectsTheBotsAwsCalls_isRefusedInTheAck() {
            Ack ack = command(ALICE, "start evil --endpoint-url http://attacker.example --profile admin");

            assertThat(ack.payloadText()).contains("--endpoint-url, --profile are not accepted in Slack");
            Ack owner = command(ALICE, "start evil --owner U0BOB");
            assertThat(owner.payloadText()).contains("--owner is not accepted");
            Ack mention = command(ALICE, "start <!channel>");
            assertThat(mention.payloadText()).contains("&lt;!channel&gt;").doesNotContain("<!channel>");

            // Closing lets every acknowledged command finish: a start wrongly run in the background has
            // launched its instance by the time close returns.
            bot.close();
            assertThat(instancesOf("evil")).isZero();
            assertThat(slack.calls("chat.postMessage")).isEmpty();
        }
    }

    @Nested
    class WhenTheTextIsMistypedOrAsksAboutTheBot {

        @Test
        void command_whenTheCommandIsMistyped_acksWithTheSuggestionAndTheUsageAndRunsNothing() {
            Ack ack = command(ALICE, "strat typo");

            assertThat(ack.payloadText()).contains("unknown command 'strat'").contains("Did you mean:")
                    .contains("start").contains("Usage: /notebook");
            assertThat(ack.payloadText()).doesNotContain("completion").doesNotContain("console");
            assertThat(slack.calls("chat.postMessage")).isEmpty();
            assertThat(instancesOf("typo")).isZero();
        }

        @Test
        void command_whenACommandLineOnlyCommandIsAsked_refusesItInTheAck() {
            Ack ack = command(ALICE, "completion bash");

            assertThat(ack.payloadText()).contains("completion is only available on the command line");
        }

        @Test
        void command_whenTheVersionIsAsked_answersTheAskerAlone() {
            command(BOB, "--version");

            assertThat(ephemeralTo(BOB, "gpu-notebook ").shown()).containsPattern("gpu-notebook [0-9]+\\.[0-9]+");
        }
    }

    @Nested
    class WhenSomethingGoesWrong {

        @Test
        void start_whenAwsDeniesRunInstances_reportsTheErrorAndKeepsServing() {
            faults.injectQueryError("RunInstances", 403, FaultInjector.ec2Error("UnauthorizedOperation",
                    "You are not authorized to perform this operation."));

            command(BOB, "start denied");

            ApiCall failed = slack.awaitCall("chat.update", c -> c.shown().contains("notebook-diagnose"), WORK);
            assertThat(failed.shown()).contains(":x: AWS denied ec2:RunInstances").contains("rolled back")
                    .doesNotContain("notebook-stop");
            assertThat(instancesOf("denied")).isZero();

            command(BOB, "status denied");
            assertThat(ephemeralTo(BOB, "There is no notebook named").shown()).contains("denied");
        }

        @Test
        void start_whenSlackAsksToReconnectMidRun_finishesTheRunAndAnswersTheNextCommand() {
            int before = slack.connectionsOpened();
            command(BOB, "start moving");

            slack.disconnect("refresh_requested");

            SlackFake.await(() -> slack.connectionsOpened() > before, Duration.ofSeconds(10), "a reconnection");
            slack.awaitCall("chat.update", c -> c.shown().contains("Notebook moving is starting"), WORK);
            ephemeralTo(BOB, "open JupyterLab");
            slack.awaitOpenConnection(Duration.ofSeconds(10));
            Ack next = command(BOB, "status moving");
            assertThat(next.payloadText()).contains("Working on");
            assertThat(ephemeralTo(BOB, "Notebook moving").shown()).contains("/notebook/moving/");
        }

        @Test
        void stop_whenPressedAfterAStart_stopsTheInstanceAndOffersToStartItAgain() {
            command(ALICE, "start pause");
            slack.awaitCall("chat.update", c -> c.shown().contains("Notebook pause is starting"), WORK);

            slack.awaitAck(slack.pressButton(ALICE, CHANNEL, "notebook-stop", "stop pause"), ACK_WAIT);

            ApiCall stopped = anyCall(c -> c.shown().contains("notebook-start") && c.shown().contains("pause"));
            assertThat(stopped.shown()).contains("Start again").doesNotContain("Exception");
            assertThat(instancesOf("pause")).isZero();
        }
    }

    @Nested
    class WhenTheBotReportsOnItsOwn {

        @Test
        void diagnose_whenAsked_answersWithTheChecksGroupedByAreaAsBlocks() {
            command(ALICE, "start checked");
            slack.awaitCall("chat.update", c -> c.shown().contains("Notebook checked is starting"), WORK);

            command(ALICE, "diagnose checked");

            ApiCall report = anyCall(c -> c.shown().contains("Diagnosis of notebook checked"));
            assertThat(report.shown()).contains("credentials").contains("agent.config").contains("network.outbound")
                    .contains(":white_check_mark:");
        }

        @Test
        void idleNotice_whenTheBotsScheduledReaperStopsAnIdleNotebook_isADirectMessageWhoseButtonResumesIt()
                throws Exception {
            Map<String, URI> jupyters = new ConcurrentHashMap<>();
            restartWithReaperEvery(Duration.ofMillis(200), jupyters, Duration.ofMinutes(61));
            command(ALICE, "start sleepy");
            slack.awaitCall("chat.update", c -> c.shown().contains("Notebook sleepy is starting"), WORK);
            NotebookName name = NotebookName.of("sleepy");
            String token = notebooks.readToken(name);

            ApiCall dm;
            try (LocalJupyter jupyter = LocalJupyter.start("sleepy", token, JUPYTER_LOGS)) {
                jupyters.put("sleepy", jupyter.baseUrl()); // from now on the reaper reads an idle Jupyter
                dm = slack.awaitCall("chat.postMessage", c -> c.shown().contains("notebook-start"), WORK);
                // Unreachable again, so the resumed notebook is left running (never stopped on a guess).
                jupyters.remove("sleepy");
            }

            assertThat(slack.calls("conversations.open")).anySatisfy(c -> assertThat(c.param("users")).contains(ALICE));
            assertThat(dm.param("channel")).isEqualTo("D" + ALICE);
            assertThat(dm.shown()).contains("Your notebook sleepy was idle for 6").contains("so it was stopped")
                    .contains("Start again").contains("start sleepy").doesNotContain(token);
            assertThat(instancesOf("sleepy")).isZero();
            assertThat(notebooks.status(name).orElseThrow().stateReason()).contains("stopped by the idle reaper");
            assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(token);

            slack.awaitAck(slack.pressButton(ALICE, "D" + ALICE, "notebook-start", "start sleepy"), ACK_WAIT);

            SlackFake.await(() -> instancesOf("sleepy") == 1, WORK, "the notebook to be resumed");
        }

        /**
         * Replaces the test's bot with one that runs the real idle reaper every {@code interval}, reaching each
         * notebook's Jupyter at its address in {@code jupyters} (none: unreachable) with a clock {@code ahead}.
         */
        private void restartWithReaperEvery(Duration interval, Map<String, URI> jupyters, Duration ahead) {
            bot.close();
            slack.awaitNoOpenConnection(Duration.ofSeconds(10));
            JupyterAddress address = notebook -> jupyters.getOrDefault(notebook.name().value(),
                    URI.create("http://127.0.0.1:9/notebook/" + notebook.name() + "/"));
            bot = SlackBot.start(settings().withReaperInterval(interval), options -> notebooks,
                    GlobalOptions.defaults(), (connection, notifier) -> connection.idleReaper(notifier, address,
                            new HttpJupyterProbe(Duration.ofSeconds(3)), Clock.offset(Clock.systemUTC(), ahead)));
            slack.awaitOpenConnection(Duration.ofSeconds(10));
            slack.forgetCalls();
        }
    }

    /** Copies what is written to two streams: the console and the captured log. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
