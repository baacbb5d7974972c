package dev.gpunotebook.bot.slack;

import static dev.gpunotebook.bot.slack.SlackText.escape;

import dev.gpunotebook.bot.command.Command;
import dev.gpunotebook.bot.command.StartCommand;
import dev.gpunotebook.bot.handler.NotebookNames;
import dev.gpunotebook.bot.handler.Outcome;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import java.util.List;

/**
 * Renders outcomes, progress and refusals as Block Kit messages within Slack's limits. Every text
 * that comes from a user or from AWS is escaped ({@link SlackText#escape}), so that a value such as
 * {@code <!channel>} is shown and pings nobody. Never renders a token except in
 * {@link #privateLink}, which the bot sends to the requesting user alone.
 *
 * <p>A diagnosis is added in one place: a case in {@link #fill} that maps the checks onto a
 * {@link Report} (see its documentation) and adds it with {@link Report#addTo}.
 */
public final class SlackRenderer {

    private SlackRenderer() {
    }

    /** The message of a command's outcome; {@code command} and {@code requester} decide the buttons. */
    public static SlackMessage outcome(Outcome outcome, Command command, String requester) {
        BlockBudget budget = new BlockBudget();
        return budget.build(fill(budget, outcome, command, requester));
    }

    /** The final message of a long command: its outcome, then each step as it ended. */
    public static SlackMessage outcome(Outcome outcome, Command command, String requester,
            List<ProgressEvent> steps) {
        BlockBudget budget = new BlockBudget();
        String fallback = fill(budget, outcome, command, requester);
        if (!steps.isEmpty()) {
            budget.divider().section(lines(steps));
        }
        return budget.build(fallback);
    }

    /** A message in plain words, escaped. */
    public static SlackMessage plain(String text) {
        return new BlockBudget().section(escape(text)).build(escape(text));
    }

    /** A refusal (authorization, forbidden options), saying why. */
    public static SlackMessage refusal(String reason) {
        return new BlockBudget().section(":no_entry: " + escape(reason)).build(escape(reason));
    }

    /** A long command's progress: a header and one line per step. */
    public static SlackMessage progress(String title, List<ProgressEvent> steps) {
        return new BlockBudget().header(title).section(steps.isEmpty() ? "_starting…_" : lines(steps))
                .build(escape(title));
    }

    /**
     * The notebook's link with its Jupyter token, for the requesting user's eyes only (an ephemeral
     * message). The only place a token is rendered.
     */
    public static SlackMessage privateLink(NotebookName name, String url, String token) {
        String link = url + (url.endsWith("/") ? "" : "/") + "lab?token=" + token;
        String text = ":key: Your notebook *" + name + "*: <" + link + "|open JupyterLab>. This link holds your"
                + " Jupyter token: only you see this message; do not share it.";
        return new BlockBudget().section(text).build("Your notebook " + name + " is ready to open.");
    }

    /** The name a start works on: the given one, or the one derived from the requester. */
    static NotebookName startName(StartCommand start, String requester) {
        return start.name() != null ? start.name() : NotebookNames.derivedFrom(requester);
    }

    /** Adds the outcome's blocks; returns the fallback text. */
    private static String fill(BlockBudget budget, Outcome outcome, Command command, String requester) {
        if (outcome instanceof Outcome.Started started) {
            return started(budget, started.result());
        }
        if (outcome instanceof Outcome.SetupDone done) {
            return setup(budget, done.environment());
        }
        if (outcome instanceof Outcome.Deleted deleted) {
            String text = "Deleted notebook " + deleted.result().name() + ": " + deleted.result().deleted().size()
                    + " resources removed.";
            budget.section(":wastebasket: " + escape(text));
            return escape(text);
        }
        if (outcome instanceof Outcome.Listed listed) {
            return list(budget, listed.notebooks());
        }
        if (outcome instanceof Outcome.Status status) {
            return status(budget, status.notebook());
        }
        if (outcome instanceof Outcome.Help help) {
            budget.section("```" + escape(help.text()) + "```");
            return escape(help.text());
        }
        if (outcome instanceof Outcome.Version || outcome instanceof Outcome.Script) {
            String text = dev.gpunotebook.bot.render.TextRenderer.render(outcome);
            budget.section(escape(text));
            return escape(text);
        }
        if (outcome instanceof Outcome.NeedsConfirmation confirm) {
            budget.section(":warning: " + escape(confirm.question()))
                    .actions(List.of(Buttons.confirmDelete(confirm.confirmCommand(), confirm.question())));
            return escape(confirm.question());
        }
        if (outcome instanceof Outcome.Stopped stopped) {
            String text = dev.gpunotebook.bot.render.TextRenderer.render(stopped);
            budget.section(":double_vertical_bar: " + escape(text))
                    .actions(List.of(Buttons.startAgain(stopped.result().name())));
            return escape(text);
        }
        if (outcome instanceof Outcome.Diagnosed diagnosed) {
            if (diagnosed.diagnoses().isEmpty()) {
                budget.section("No notebooks to diagnose.");
                return "No notebooks to diagnose.";
            }
            diagnosed.diagnoses().forEach(diagnosis -> DiagnosisReports.of(diagnosis).addTo(budget));
            return escape(diagnosed.diagnoses().size() == 1 ? DiagnosisReports.of(diagnosed.diagnoses().get(0)).title()
                    : "Diagnosis of " + diagnosed.diagnoses().size() + " notebooks");
        }
        if (outcome instanceof Outcome.NotAvailable na) {
            budget.section(escape(na.reason()));
            return escape(na.reason());
        }
        if (outcome instanceof Outcome.Failed failed) {
            budget.section(":x: " + escape(failed.message()));
            if (command instanceof StartCommand start) {
                budget.actions(List.of(Buttons.diagnose(startName(start, requester))));
            }
            return escape("Error: " + failed.message());
        }
        throw new IllegalArgumentException("unknown outcome " + outcome.getClass().getSimpleName());
    }

    private static String lines(List<ProgressEvent> steps) {
        StringBuilder lines = new StringBuilder();
        for (ProgressEvent event : steps) {
            if (!lines.isEmpty()) {
                lines.append('\n');
            }
            lines.append(ProgressBoard.line(event));
        }
        return lines.toString();
    }

    private static String started(BlockBudget budget, StartResult result) {
        NotebookName name = result.spec().name();
        String heading = result.createdAnything() ? "Notebook " + name + " is starting"
                : "Notebook " + name + " already exists";
        String url = escape(result.url());
        budget.header(heading).section("*URL:* <" + url + "|" + url + ">\n"
                + "*Instance:* " + escape(result.spec().instanceType()) + ", " + result.spec().gpus() + " GPU, "
                + escape(result.instanceId()) + "\n"
                + "*Owner:* " + escape(result.spec().owner()) + "\n"
                + "_The link with the Jupyter token went to its owner privately. The instance takes a few"
                + " minutes to boot._")
                .actions(List.of(Buttons.diagnose(name), Buttons.stop(name)));
        return escape(heading + ": " + result.url());
    }

    private static String setup(BlockBudget budget, Environment env) {
        String heading = "Environment " + env.env() + " is ready";
        budget.header(heading).section("*VPC:* " + escape(env.vpcId()) + " (" + env.subnets().size()
                + " public subnets)\n*ECS cluster:* " + escape(env.clusterName())
                + "\n*Load balancer:* " + escape((env.config().https() ? "https://" : "http://") + env.loadBalancerDns())
                + "\n*Clients from:* " + escape(String.join(", ", env.config().allowedCidrs())));
        return escape(heading);
    }

    private static String list(BlockBudget budget, List<NotebookSummary> notebooks) {
        if (notebooks.isEmpty()) {
            String text = "No notebooks. Start one with: /notebook start NAME";
            budget.section(escape(text));
            return escape(text);
        }
        List<Report.Item> items = notebooks.stream().map(s -> new Report.Item(stateMark(s),
                s.name() + " (" + s.state().label() + ") owner " + s.owner() + ", " + s.instanceType() + ", "
                        + s.url(), s.stateReason())).toList();
        String count = notebooks.size() + " notebook" + (notebooks.size() == 1 ? "" : "s");
        new Report("Notebooks", count, List.of(new Report.Group("", items))).addTo(budget);
        return escape(count);
    }

    private static String stateMark(NotebookSummary s) {
        return switch (s.state()) {
            case RUNNING -> ":large_green_circle:";
            case STARTING -> ":hourglass_flowing_sand:";
            case STOPPING, STOPPED -> ":white_circle:";
            case FAILED -> ":red_circle:";
        };
    }

    private static String status(BlockBudget budget, NotebookSummary s) {
        String heading = "Notebook " + s.name() + ": " + s.state().label();
        budget.header(heading).section((s.stateReason().isEmpty() ? "" : "_" + escape(s.stateReason()) + "_\n")
                + "*Owner:* " + escape(s.owner()) + "\n*Instance:* " + escape(s.instanceId()) + " ("
                + escape(s.instanceType()) + ")\n*URL:* " + escape(s.url()))
                .actions(List.of(Buttons.diagnose(s.name())));
        return escape(heading);
    }
}
