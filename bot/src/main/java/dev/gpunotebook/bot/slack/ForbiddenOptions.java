package dev.gpunotebook.bot.slack;

import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.command.ParsedCommand;
import dev.gpunotebook.bot.command.StartCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Options a Slack user may not give: {@code --endpoint-url}, {@code --profile} and {@code --local}
 * would redirect the bot's signed AWS calls or credentials; {@code --owner} would let a user act as
 * someone else (in Slack the owner is the Slack user). Pure.
 */
public final class ForbiddenOptions {

    private ForbiddenOptions() {
    }

    /** @return why the command is refused, or empty when it may run */
    public static Optional<String> refusal(ParsedCommand parsed) {
        List<String> refused = new ArrayList<>();
        GlobalOptions options = parsed.options();
        if (options.endpointUrl() != null) {
            refused.add("--endpoint-url");
        }
        if (options.profile() != null) {
            refused.add("--profile");
        }
        if (options.local()) {
            refused.add("--local");
        }
        if (parsed.command() instanceof StartCommand start && start.owner() != null) {
            refused.add("--owner");
        }
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join(", ", refused) + (refused.size() == 1 ? " is" : " are")
                + " not accepted in Slack: the bot's AWS endpoint and credentials are set where it runs, and the"
                + " owner of a notebook is the Slack user who starts it. Leave " + (refused.size() == 1 ? "it" : "them")
                + " out.");
    }
}
