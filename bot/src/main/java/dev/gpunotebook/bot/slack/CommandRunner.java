package dev.gpunotebook.bot.slack;

import dev.gpunotebook.bot.command.Command;
import dev.gpunotebook.bot.command.DeleteCommand;
import dev.gpunotebook.bot.command.FrontEnd;
import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.command.OutputFormat;
import dev.gpunotebook.bot.command.ParsedCommand;
import dev.gpunotebook.bot.command.SetupCommand;
import dev.gpunotebook.bot.command.StartCommand;
import dev.gpunotebook.bot.command.StopCommand;
import dev.gpunotebook.bot.handler.CommandHandler;
import dev.gpunotebook.bot.handler.Connector;
import dev.gpunotebook.bot.handler.Outcome;
import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one accepted command off the Socket Mode thread: authorizes it, runs it through the shared
 * {@link CommandHandler}, shows a long command's progress in one updated message, and sends the
 * notebook's link with its token to the requester alone.
 */
final class CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

    private final Connector connector;
    private final CommandHandler handler;
    private final ExistingNotebooks existing;
    private final Authorization authorization;
    private final GlobalOptions launch;
    private final Ticker ticker;
    private final Duration interval;

    /**
     * @param existing what authorization weighs a command against; read with the same options as the command
     * @param interval the least time between two updates of a progress message
     */
    CommandRunner(Connector connector, ExistingNotebooks existing, Authorization authorization, GlobalOptions launch,
            Ticker ticker, Duration interval) {
        this.connector = connector;
        this.handler = new CommandHandler(connector, FrontEnd.CHAT);
        this.existing = existing;
        this.authorization = authorization;
        this.launch = launch;
        this.ticker = ticker;
        this.interval = interval;
    }

    void run(SlackRequest request, ParsedCommand typed, Replies replies) {
        ParsedCommand parsed = new ParsedCommand(typed.command(), withLaunchOptions(typed.options()));
        Command command = parsed.command();
        String user = request.user();
        Decision decision;
        try {
            decision = authorize(user, command, parsed.options());
        } catch (GpuNotebookException e) {
            replies.ephemeral(SlackRenderer.outcome(new Outcome.Failed(e.getMessage(), 1), command, user));
            return;
        }
        if (!decision.allowed()) {
            LOG.info("Refused {} for {}", command.verb().word(), user);
            replies.ephemeral(SlackRenderer.refusal(decision.reason()));
            return;
        }
        String title = longTitle(command, user);
        if (title == null) {
            replies.ephemeral(SlackRenderer.outcome(handler.handle(parsed, user, event -> { }), command, user));
            return;
        }
        ProgressMessage progress = new ProgressMessage(title, replies, ticker, interval);
        progress.open();
        Outcome outcome = new Outcome.Failed("The bot stopped before " + command.verb().word() + " finished; nothing"
                + " more is known. `status` shows where it got to.", 1);
        try {
            outcome = handler.handle(parsed, user, progress);
        } finally {
            // Even if the handler dies, the channel's progress message must not say "running" for ever.
            progress.finish(SlackRenderer.outcome(outcome, command, user, progress.steps()));
        }
        if (outcome instanceof Outcome.Started started) {
            sendPrivateLink(started, parsed.options(), replies);
        }
    }

    /** The launch options (AWS endpoint, profile, region) apply to every command; a typed --region wins. */
    private GlobalOptions withLaunchOptions(GlobalOptions typed) {
        return new GlobalOptions(typed.region() != null ? typed.region() : launch.region(), launch.profile(),
                launch.endpointUrl(), OutputFormat.TEXT, false);
    }

    private void sendPrivateLink(Outcome.Started started, GlobalOptions options, Replies replies) {
        NotebookName name = started.result().spec().name();
        String token;
        try {
            token = connector.connect(options).readToken(name);
        } catch (GpuNotebookException e) {
            replies.ephemeral(SlackRenderer.plain("Your notebook " + name + " is starting, but its token could not be"
                    + " read: " + e.getMessage()));
            return;
        }
        replies.ephemeral(SlackRenderer.privateLink(name, started.result().url(), token));
    }

    /** @return the title of a long command's progress message, or null for a short command */
    private static String longTitle(Command command, String user) {
        if (command instanceof StartCommand start) {
            return "Starting notebook " + SlackRenderer.startName(start, user);
        }
        if (command instanceof DeleteCommand delete && delete.confirmed()) {
            return "Deleting notebook " + delete.name();
        }
        if (command instanceof SetupCommand) {
            return "Setting up the environment";
        }
        return null;
    }

    private Decision authorize(String user, Command command, GlobalOptions options) {
        if (command instanceof SetupCommand) {
            return authorization.setup(user);
        }
        if (command instanceof StartCommand start) {
            NotebookName name = SlackRenderer.startName(start, user);
            String type = start.instanceType() != null ? start.instanceType() : NotebookSpec.DEFAULT_INSTANCE_TYPE;
            int gpus = Math.max(start.gpus() != null ? start.gpus() : 1, existing.gpusOf(options, type));
            return authorization.start(user, name, gpus, existing.uses(options));
        }
        if (command instanceof StopCommand stop) {
            return authorization.change(user, "stop", stop.name(), existing.uses(options));
        }
        if (command instanceof DeleteCommand delete) {
            return authorization.change(user, "delete", delete.name(), existing.uses(options));
        }
        return Decision.allow();
    }
}
