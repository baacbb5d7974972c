package dev.gpunotebook.bot.cli;

import dev.gpunotebook.bot.command.CommandParser;
import dev.gpunotebook.bot.command.ConsoleCommand;
import dev.gpunotebook.bot.command.FrontEnd;
import dev.gpunotebook.bot.command.OutputFormat;
import dev.gpunotebook.bot.command.ParseResult;
import dev.gpunotebook.bot.command.ParsedCommand;
import dev.gpunotebook.bot.command.SetupCommand;
import dev.gpunotebook.bot.command.SlackCommand;
import dev.gpunotebook.bot.command.UsageError;
import dev.gpunotebook.bot.handler.CommandHandler;
import dev.gpunotebook.bot.handler.Connector;
import dev.gpunotebook.bot.handler.EnvironmentSettings;
import dev.gpunotebook.bot.handler.NotebooksFactory;
import dev.gpunotebook.bot.handler.Outcome;
import dev.gpunotebook.bot.local.LocalEmulator;
import dev.gpunotebook.bot.render.JsonRenderer;
import dev.gpunotebook.bot.render.ProgressText;
import dev.gpunotebook.bot.render.TextRenderer;
import dev.gpunotebook.bot.slack.SlackBot;
import dev.gpunotebook.bot.slack.SlackSettings;
import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressListener;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Runs one command from the command line: results on standard output (text or JSON), progress
 * and errors on standard error, and an exit status: 0 success, 1 failure, 2 usage or credentials.
 */
public final class CommandLine {

    private static final Connector NO_AWS = options -> {
        throw new IllegalStateException("help, version and completion never connect to AWS");
    };

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Map<String, String> env;

    public CommandLine(PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.env = env;
    }

    public int run(List<String> args) {
        ParseResult result = CommandParser.forCommandLine().parse(args);
        if (result instanceof UsageError usage) {
            err.println("Error: " + usage.message());
            if (!usage.suggestions().isEmpty()) {
                err.println(usage.didYouMean());
            }
            err.println();
            err.println(usage.usage());
            return 2;
        }
        ParsedCommand parsed = (ParsedCommand) result;
        if (!parsed.command().verb().needsAws()) {
            // Help, the version and completion scripts need no configuration, credentials or emulator.
            return print(new CommandHandler(NO_AWS, FrontEnd.COMMAND_LINE).handle(parsed, owner(), this::progress),
                    parsed.options().output());
        }
        EnvironmentConfig config;
        SlackSettings slack = null;
        try {
            config = EnvironmentSettings.fromEnvironment(env);
            if (parsed.command() instanceof SlackCommand) {
                slack = SlackSettings.fromEnvironment(env);
            }
        } catch (GpuNotebookException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        }
        LocalEmulator local = null;
        try {
            if (parsed.options().local()) {
                local = LocalEmulator.start();
                err.println("Local AWS emulator: " + local.description() + " (resources vanish when this run ends)");
            }
            try (NotebooksFactory factory = new NotebooksFactory(config, local == null ? null : local.endpoint())) {
                if (parsed.command() instanceof ConsoleCommand) {
                    return new ConsoleChat(in, out, factory, owner(), local != null).run(parsed.options());
                }
                if (slack != null) {
                    return runSlack(slack, parsed, factory, local != null);
                }
                return runOne(parsed, factory, local != null);
            }
        } catch (GpuNotebookException e) {
            err.println("Error: " + e.getMessage());
            return e.reason() == GpuNotebookException.Reason.INVALID_INPUT
                    || e.reason() == GpuNotebookException.Reason.CREDENTIALS ? 2 : 1;
        } catch (RuntimeException e) {
            err.println("Error: unexpected " + e.getClass().getSimpleName() + "; nothing more is known. Try again, or"
                    + " report it with the command you ran.");
            return 1;
        } finally {
            if (local != null) {
                local.close();
            }
        }
    }

    private int runOne(ParsedCommand parsed, NotebooksFactory factory, boolean setupFirst) {
        CommandHandler handler = new CommandHandler(factory, FrontEnd.COMMAND_LINE);
        ProgressListener progress = this::progress;
        if (setupFirst && !(parsed.command() instanceof SetupCommand)) {
            Outcome setup = handler.handle(new ParsedCommand(new SetupCommand(), parsed.options()), owner(), progress);
            if (setup.exitCode() != 0) {
                return print(setup, parsed.options().output());
            }
        }
        return print(handler.handle(parsed, owner(), progress), parsed.options().output());
    }

    /** Runs the Slack bot until the process is stopped (SIGTERM or Ctrl-C); with --local, runs setup first. */
    private int runSlack(SlackSettings settings, ParsedCommand parsed, NotebooksFactory factory, boolean setupFirst) {
        if (setupFirst) {
            Outcome setup = new CommandHandler(factory, FrontEnd.COMMAND_LINE)
                    .handle(new ParsedCommand(new SetupCommand(), parsed.options()), owner(), this::progress);
            if (setup.exitCode() != 0) {
                return print(setup, OutputFormat.TEXT);
            }
        }
        SlackBot bot = SlackBot.start(settings, factory, parsed.options());
        Thread hook = new Thread(bot::close, "gpu-notebook-slack-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        err.println("Slack bot running; stop it with Ctrl-C.");
        try {
            bot.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bot.close();
        }
        return 0;
    }

    private int print(Outcome outcome, OutputFormat format) {
        if (format == OutputFormat.JSON) {
            out.println(JsonRenderer.render(outcome));
        } else if (outcome.exitCode() == 0 || outcome instanceof Outcome.Diagnosed) {
            out.println(TextRenderer.render(outcome));
        } else {
            err.println(TextRenderer.render(outcome));
        }
        return outcome.exitCode();
    }

    private synchronized void progress(ProgressEvent event) {
        if (event.phase() != ProgressEvent.Phase.RUNNING) {
            err.println(ProgressText.line(event));
        }
    }

    private String owner() {
        return env.getOrDefault("USER", System.getProperty("user.name", "local"));
    }

}
