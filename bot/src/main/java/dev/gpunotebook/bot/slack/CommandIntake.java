package dev.gpunotebook.bot.slack;

import dev.gpunotebook.bot.command.CommandFormatter;
import dev.gpunotebook.bot.command.CommandParser;
import dev.gpunotebook.bot.command.ParseResult;
import dev.gpunotebook.bot.command.ParsedCommand;
import dev.gpunotebook.bot.command.UsageError;
import dev.gpunotebook.core.GpuNotebookException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a request on the Socket Mode thread and answers at once with the acknowledgement: a usage
 * error or a refused option right away (nothing to run), else "working on it" while the command goes
 * to the bot's own executor. Whatever fails inside a command, the user gets a message and the bot
 * keeps serving.
 */
final class CommandIntake {

    private static final Logger LOG = LoggerFactory.getLogger(CommandIntake.class);

    private final CommandParser parser = CommandParser.forChat();
    private final ExecutorService executor;
    private final CommandRunner runner;
    private final Function<SlackRequest, Replies> replies;

    CommandIntake(ExecutorService executor, CommandRunner runner, Function<SlackRequest, Replies> replies) {
        this.executor = executor;
        this.runner = runner;
        this.replies = replies;
    }

    /** @return the acknowledgement text (Slack mrkdwn, escaped), shown to the requester only */
    String accept(SlackRequest request) {
        ParseResult result = parser.parseLine(request.text());
        if (result instanceof UsageError usage) {
            String didYouMean = usage.suggestions().isEmpty() ? "" : "\n" + SlackText.escape(usage.didYouMean());
            return SlackText.escape(usage.message()) + didYouMean + "\n```" + SlackText.escape(usage.usage()) + "```";
        }
        ParsedCommand parsed = (ParsedCommand) result;
        Optional<String> refused = ForbiddenOptions.refusal(parsed);
        if (refused.isPresent()) {
            return ":no_entry: " + SlackText.escape(refused.get());
        }
        try {
            executor.execute(() -> runSafely(request, parsed));
        } catch (RejectedExecutionException e) {
            return "The bot is shutting down; try again in a minute.";
        }
        return ":hourglass_flowing_sand: Working on `" + SlackText.escape(CommandFormatter.toLine(parsed)) + "`…";
    }

    private void runSafely(SlackRequest request, ParsedCommand parsed) {
        Replies out = replies.apply(request);
        try {
            runner.run(request, parsed, out);
        } catch (GpuNotebookException e) {
            out.ephemeral(SlackRenderer.plain("Error: " + e.getMessage()));
        } catch (RuntimeException | Error e) {
            LOG.error("{} for {} failed unexpectedly", parsed.command().verb().word(), request.user(), e);
            out.ephemeral(SlackRenderer.plain("Sorry, " + parsed.command().verb().word() + " failed unexpectedly ("
                    + e.getClass().getSimpleName() + "). The bot keeps serving; try again, or tell whoever runs it."));
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }
}
