package dev.gpunotebook.bot.cli;

import dev.gpunotebook.bot.command.CommandParser;
import dev.gpunotebook.bot.command.FrontEnd;
import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.command.ParseResult;
import dev.gpunotebook.bot.command.ParsedCommand;
import dev.gpunotebook.bot.command.SetupCommand;
import dev.gpunotebook.bot.command.UsageError;
import dev.gpunotebook.bot.handler.CommandHandler;
import dev.gpunotebook.bot.handler.NotebooksFactory;
import dev.gpunotebook.bot.handler.Outcome;
import dev.gpunotebook.bot.render.ProgressText;
import dev.gpunotebook.bot.render.TextRenderer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The console chat: reads {@code /notebook ...} lines from standard input and answers as the bot
 * does, through the same parser and handler. The local front-end for development and demos.
 */
final class ConsoleChat {

    private final BufferedReader in;
    private final PrintStream out;
    private final NotebooksFactory factory;
    private final String user;
    private final boolean setupFirst;

    ConsoleChat(InputStream in, PrintStream out, NotebooksFactory factory, String user, boolean setupFirst) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.factory = factory;
        this.user = user;
        this.setupFirst = setupFirst;
    }

    /** Serves until end of input or {@code exit}; returns 0. */
    int run(GlobalOptions launchOptions) {
        CommandHandler handler = new CommandHandler(factory, FrontEnd.CHAT);
        CommandParser parser = CommandParser.forChat();
        out.println("gpu-notebook console. Type /notebook help, or exit to leave. You are " + user + ".");
        if (setupFirst) {
            out.println("Setting up the environment on the local emulator...");
            answer(handler.handle(new ParsedCommand(new SetupCommand(), launchOptions), user, this::progress));
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
                out.println(usage.usage());
                continue;
            }
            ParsedCommand parsed = withLaunchOptions((ParsedCommand) result, launchOptions);
            try {
                answer(handler.handle(parsed, user, this::progress));
            } catch (RuntimeException e) {
                // The console keeps serving, as the bot does.
                out.println("Error: " + e.getMessage());
            }
        }
    }

    private static ParsedCommand withLaunchOptions(ParsedCommand parsed, GlobalOptions launch) {
        GlobalOptions line = parsed.options();
        GlobalOptions merged = new GlobalOptions(line.region() != null ? line.region() : launch.region(),
                line.profile() != null ? line.profile() : launch.profile(),
                line.endpointUrl() != null ? line.endpointUrl() : launch.endpointUrl(), line.output(), false);
        return new ParsedCommand(parsed.command(), merged);
    }

    private void answer(Outcome outcome) {
        out.println(TextRenderer.render(outcome));
    }

    private synchronized void progress(dev.gpunotebook.core.provision.ProgressEvent event) {
        if (event.phase() != dev.gpunotebook.core.provision.ProgressEvent.Phase.RUNNING) {
            out.println("  " + ProgressText.line(event));
        }
    }
}
