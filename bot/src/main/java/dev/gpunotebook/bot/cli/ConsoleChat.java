package dev.gpunotebook.bot.cli;

import dev.gpunotebook.bot.command.CommandParser;
import dev.gpunotebook.bot.command.FrontEnd;
import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.command.OutputFormat;
import dev.gpunotebook.bot.command.ParseResult;
import dev.gpunotebook.bot.command.ParsedCommand;
import dev.gpunotebook.bot.command.SetupCommand;
import dev.gpunotebook.bot.command.UsageError;
import dev.gpunotebook.bot.handler.CommandHandler;
import dev.gpunotebook.bot.handler.Connector;
import dev.gpunotebook.bot.handler.Outcome;
import dev.gpunotebook.bot.render.JsonRenderer;
import dev.gpunotebook.bot.render.ProgressText;
import dev.gpunotebook.bot.render.TextRenderer;
import dev.gpunotebook.core.provision.ProgressEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The console chat: reads {@code /notebook ...} lines from standard input and answers as the bot
 * does, through the same parser and handler. The local front-end for development and demos.
 *
 * <p>Each line runs with the console's own global options, overridden one by one by the line's
 * ({@link ConsoleOptions}); a line with {@code --output json} is answered with the JSON document
 * the command line prints ({@link JsonRenderer}), a line without it in text. Progress lines are
 * shown either way, before the answer.
 */
final class ConsoleChat {

    private final BufferedReader in;
    private final PrintStream out;
    private final Connector connector;
    private final String user;
    private final boolean setupFirst;

    /**
     * @param connector connects to AWS for each line's options (the console's {@code NotebooksFactory})
     * @param setupFirst true with {@code --local}: runs {@code setup} before the first prompt
     */
    ConsoleChat(InputStream in, PrintStream out, Connector connector, String user, boolean setupFirst) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.connector = connector;
        this.user = user;
        this.setupFirst = setupFirst;
    }

    /** Serves until end of input or {@code exit}; returns 0. */
    int run(GlobalOptions launchOptions) {
        ConsoleOptions console = new ConsoleOptions(launchOptions);
        CommandHandler handler = new CommandHandler(connector, FrontEnd.CHAT);
        CommandParser parser = CommandParser.forChat();
        out.println("gpu-notebook console. Type /notebook help, or exit to leave. You are " + user + ".");
        if (launchOptions.output() == OutputFormat.JSON) {
            out.println("Note: --output json is given per line here, e.g. /notebook list --output json;"
                    + " lines without it are answered in text.");
        }
        if (setupFirst) {
            out.println("Setting up the environment on the local emulator...");
            ParsedCommand setup = new ParsedCommand(new SetupCommand(), console.forLine(GlobalOptions.defaults()));
            answer(handler.handle(setup, user, this::progress), OutputFormat.TEXT);
        }
        while (true) {
            out.print("> ");
            out.flush();
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                out.println("Error reading input: " + e.getMessage());
                return 1;
            }
            if (line == null || line.strip().equals("exit") || line.strip().equals("quit")) {
                out.println();
                return 0;
            }
            if (line.isBlank()) {
                continue;
            }
            ParseResult result = parser.parseLine(line);
            if (result instanceof UsageError usage) {
                out.println(usage.message());
                if (!usage.suggestions().isEmpty()) {
                    out.println(usage.didYouMean());
                }
                out.println(usage.usage());
                continue;
            }
            serve((ParsedCommand) result, console, handler);
        }
    }

    private void serve(ParsedCommand typed, ConsoleOptions console, CommandHandler handler) {
        OutputFormat format = typed.options().output();
        GlobalOptions options;
        try {
            options = console.forLine(typed.options());
        } catch (IllegalArgumentException e) {
            answer(new Outcome.Failed(e.getMessage(), 2), format);
            return;
        }
        Outcome outcome;
        try {
            outcome = handler.handle(new ParsedCommand(typed.command(), options), user, this::progress);
        } catch (RuntimeException e) {
            // The console keeps serving, as the bot does.
            outcome = new Outcome.Failed("Unexpected error (" + e.getClass().getSimpleName() + "); nothing more is"
                    + " known. The console keeps serving: try again, or report it with the line you typed.", 1);
        }
        answer(outcome, format);
    }

    private void answer(Outcome outcome, OutputFormat format) {
        out.println(format == OutputFormat.JSON ? JsonRenderer.render(outcome) : TextRenderer.render(outcome));
    }

    private synchronized void progress(ProgressEvent event) {
        if (event.phase() != ProgressEvent.Phase.RUNNING) {
            out.println("  " + ProgressText.line(event));
        }
    }
}
