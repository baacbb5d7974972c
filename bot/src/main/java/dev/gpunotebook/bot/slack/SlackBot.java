package dev.gpunotebook.bot.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.interactive_components.ActionResponseSender;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.methods.MethodsClient;
import com.slack.api.socket_mode.SocketModeClient;
import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.handler.Connector;
import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.idle.IdleReaper;
import dev.gpunotebook.core.idle.Notifier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack bot: a Bolt app with the {@code /notebook} slash command and the buttons, over Socket
 * Mode (no public HTTP endpoint). Handlers only parse and acknowledge; commands run on the bot's own
 * executor, so that one long start does not hold up the next acknowledgement (Socket Mode runs
 * handlers one at a time). A {@code disconnect} from Slack makes the client open a new connection;
 * running commands go on meanwhile, since they answer over the Web API.
 *
 * <pre>{@code
 * try (SlackBot bot = SlackBot.start(SlackSettings.fromEnvironment(System.getenv()), factory, options)) {
 *     bot.awaitStop();
 * }
 * }</pre>
 */
public final class SlackBot implements AutoCloseable {

    /** The slash command, registered here and in bot/slack-app-manifest.yml. */
    public static final String COMMAND = "/notebook";
    /** Commands that run at once; more wait in the queue (never refused once acknowledged). */
    static final int WORKERS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(SlackBot.class);

    private final Slack slack;
    private final SocketModeApp socketMode;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService ticker;
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    private SlackBot(Slack slack, SocketModeApp socketMode, ThreadPoolExecutor executor,
            ScheduledExecutorService ticker) {
        this.slack = slack;
        this.socketMode = socketMode;
        this.executor = executor;
        this.ticker = ticker;
    }

    /** Connects to Slack and starts serving; returns once the Socket Mode connection is open. */
    public static SlackBot start(SlackSettings settings, Connector connector, GlobalOptions launch) {
        return start(settings, connector, launch, GpuNotebooks::idleReaper);
    }

    /**
     * As {@link #start(SlackSettings, Connector, GlobalOptions)}, with the idle reaper the bot schedules made by
     * {@code reapers} from the commands' connection and the bot's Slack notifier: tests reach Jupyter and tell
     * the time their own way, and the bot still schedules the reaper and sends its notices.
     */
    public static SlackBot start(SlackSettings settings, Connector connector, GlobalOptions launch,
            BiFunction<GpuNotebooks, Notifier, IdleReaper> reapers) {
        if (settings.policy().isOpen()) {
            LOG.warn("No allowlist configured ({} is unset): every workspace member may use every command,"
                    + " including start and delete.", SlackSettings.ALLOWED_USERS);
        }
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(settings.apiUrl().toString());
        Slack slack = Slack.getInstance(config);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons("gpu-notebook-slack-command"));
        ScheduledThreadPoolExecutor ticker = new ScheduledThreadPoolExecutor(1, daemons("gpu-notebook-slack-progress"));
        ticker.setRemoveOnCancelPolicy(true);
        MethodsClient methods = slack.methods(settings.botToken().reveal());
        ActionResponseSender responder = new ActionResponseSender(slack);
        CommandRunner runner = new CommandRunner(connector, ExistingNotebooks.through(connector),
                new Authorization(settings.policy()), launch, Ticker.on(ticker), settings.progressInterval());
        CommandIntake intake = new CommandIntake(executor, runner, request -> new SlackReplies(methods, responder,
                request));
        new IdleSchedule(connector, launch, new SlackNotifier(methods), reapers).start(Ticker.on(ticker), executor,
                settings.reaperInterval());
        App app = new App(AppConfig.builder().slack(slack).singleTeamBotToken(settings.botToken().reveal())
                // Without the cache, Bolt calls auth.test before every acknowledgement.
                .authTestCacheEnabled(true).build());
        register(app, intake);
        try {
            SocketModeApp socketMode = new SocketModeApp(settings.appToken().reveal(),
                    SocketModeClient.Backend.JavaWebSocket, app);
            socketMode.startAsync();
            LOG.info("Slack bot connected over Socket Mode ({} at {})", COMMAND, settings.apiUrl());
            return new SlackBot(slack, socketMode, executor, ticker);
        } catch (Exception e) {
            executor.shutdownNow();
            ticker.shutdownNow();
            closeQuietly(slack);
            // The Slack SDK's message may quote the request; say only what failed.
            throw GpuNotebookException.of(GpuNotebookException.Reason.CREDENTIALS, "Could not connect to Slack at "
                    + settings.apiUrl() + " (" + e.getClass().getSimpleName() + "): check " + SlackSettings.APP_TOKEN
                    + " and " + SlackSettings.BOT_TOKEN + ", and that Socket Mode is on for the app.");
        }
    }

    /** The slash command and every button, registered in this one place. */
    private static void register(App app, CommandIntake intake) {
        app.command(COMMAND, (req, ctx) -> {
            SlashCommandPayload payload = req.getPayload();
            return ctx.ack(acknowledge(intake, () -> new SlackRequest(payload.getUserId(), payload.getChannelId(),
                    payload.getResponseUrl(), payload.getText())));
        });
        app.blockAction(Buttons.ACTION_IDS, (req, ctx) -> {
            BlockActionPayload payload = req.getPayload();
            acknowledge(intake, () -> new SlackRequest(payload.getUser().getId(),
                    payload.getChannel() == null ? null : payload.getChannel().getId(), payload.getResponseUrl(),
                    payload.getActions().get(0).getValue()));
            return ctx.ack();
        });
    }

    private static String acknowledge(CommandIntake intake, java.util.function.Supplier<SlackRequest> request) {
        try {
            return intake.accept(request.get());
        } catch (RuntimeException e) {
            // Only the class: the message may quote what the user typed.
            LOG.error("Could not take a request ({})", e.getClass().getSimpleName());
            return "Sorry, that request could not be read (" + e.getClass().getSimpleName() + "); the bot keeps"
                    + " serving.";
        }
    }

    /** Blocks until {@link #close()} (e.g. from a shutdown hook). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** How many commands are running or waiting. */
    public int busy() {
        return executor.getActiveCount() + executor.getQueue().size();
    }

    /**
     * Stops taking requests, lets acknowledged commands finish (up to a minute, then interrupts them), then
     * disconnects. A second call does nothing (the shutdown hook and the caller may both close it).
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            SocketModeClient client = socketMode.getClient();
            if (client != null) {
                // The client first: its close turns reconnection off. Disconnecting before that let Bolt's
                // session monitor, mid-check, replace the closed connection with a new one nobody closed.
                client.close();
                // A check already past the reconnection test may still open one; once the monitor has ended,
                // nothing opens another, so close whatever is open now.
                client.getSessionMonitorExecutor().ifPresent(SlackBot::awaitEnd);
                client.disconnect();
            }
            socketMode.stop();
            socketMode.close();
        } catch (Exception e) {
            LOG.warn("Closing the Socket Mode connection failed: {}", e.getClass().getSimpleName());
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        ticker.shutdownNow();
        closeQuietly(slack);
        stopped.countDown();
    }

    private static void awaitEnd(java.util.concurrent.ExecutorService monitor) {
        try {
            if (!monitor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Slack's session monitor did not end within 10 s; a connection may stay open");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Slack slack) {
        try {
            slack.close();
        } catch (Exception e) {
            LOG.debug("Closing the Slack client failed", e);
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
