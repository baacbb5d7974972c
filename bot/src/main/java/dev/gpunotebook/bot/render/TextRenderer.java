package dev.gpunotebook.bot.render;

import dev.gpunotebook.bot.handler.Outcome;
import dev.gpunotebook.core.lifecycle.NotebookStopper.StopResult;
import dev.gpunotebook.core.model.CostEstimate;
import dev.gpunotebook.core.diagnose.DiagnosisText;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.NotebookState;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import java.time.Duration;
import java.util.List;

/** Renders an outcome as plain text for a terminal or the console chat. Never prints a token. */
public final class TextRenderer {

    private TextRenderer() {
    }

    public static String render(Outcome outcome) {
        if (outcome instanceof Outcome.SetupDone done) {
            return setup(done.environment());
        }
        if (outcome instanceof Outcome.Started started) {
            return started(started.result());
        }
        if (outcome instanceof Outcome.Deleted deleted) {
            return "Deleted notebook " + deleted.result().name() + ": "
                    + deleted.result().deleted().size() + " resources removed.";
        }
        if (outcome instanceof Outcome.Stopped stopped) {
            return stopped(stopped.result());
        }
        if (outcome instanceof Outcome.Listed listed) {
            return table(listed.notebooks());
        }
        if (outcome instanceof Outcome.Status status) {
            return status(status.notebook());
        }
        if (outcome instanceof Outcome.Diagnosed diagnosed) {
            return diagnosed(diagnosed, System.console() != null);
        }
        if (outcome instanceof Outcome.Help help) {
            return help.text();
        }
        if (outcome instanceof Outcome.Version version) {
            return "gpu-notebook " + version.version();
        }
        if (outcome instanceof Outcome.Script script) {
            return script.text();
        }
        if (outcome instanceof Outcome.NeedsConfirmation confirm) {
            return confirm.question() + " To confirm, send: " + confirm.confirmCommand();
        }
        if (outcome instanceof Outcome.NotAvailable na) {
            return na.reason();
        }
        if (outcome instanceof Outcome.Failed failed) {
            return "Error: " + failed.message();
        }
        throw new IllegalArgumentException("unknown outcome " + outcome);
    }

    /** The checklist of each diagnosis; colour only when {@code colour} (a terminal). */
    public static String diagnosed(Outcome.Diagnosed diagnosed, boolean colour) {
        if (diagnosed.diagnoses().isEmpty()) {
            return "There is no notebook in this environment to diagnose. Diagnose another stack with:"
                    + " diagnose --cluster CLUSTER --service SERVICE";
        }
        DiagnosisText text = DiagnosisText.standard(colour);
        return String.join("\n", diagnosed.diagnoses().stream().map(text::render).map(String::stripTrailing).toList());
    }

    private static String setup(Environment env) {
        return String.join("\n",
                "Environment '" + env.env() + "' is ready.",
                "  VPC:            " + env.vpcId() + " (" + env.subnets().size() + " public subnets)",
                "  ECS cluster:    " + env.clusterName(),
                "  Load balancer:  " + (env.config().https() ? "https://" : "http://") + env.loadBalancerDns(),
                "  Clients from:   " + String.join(", ", env.config().allowedCidrs()));
    }

    private static String stopped(StopResult r) {
        if (r.alreadyStopped()) {
            return "Notebook " + r.name() + " is already " + r.instanceState() + "; nothing was changed."
                    + " `start " + r.name() + "` resumes it.";
        }
        return String.join("\n",
                "Notebook " + r.name() + " is stopping (instance " + r.instanceId() + " " + r.instanceState() + ").",
                "  Kept: the instance and its disk with the work folder, the URL and the token.",
                "  Resume it with: start " + r.name() + "   (--new-token to replace the token)");
    }

    private static String started(StartResult result) {
        String verb = result.resumed() ? "is resuming: the same instance started again, same URL"
                + (result.tokenReplaced() ? ", a new token" : " and token")
                : result.createdAnything() ? "is starting"
                : result.tokenReplaced() ? "is restarting with a new token"
                : "already exists; nothing was created";
        return String.join("\n",
                "Notebook " + result.spec().name() + " " + verb + " (" + result.spec().instanceType() + ", "
                        + result.spec().gpus() + " GPU, instance " + result.instanceId() + ").",
                "  URL:   " + result.url(),
                "  Token: in the SSM SecureString " + result.tokenParameter() + "; read it with",
                "         aws ssm get-parameter --with-decryption --name " + result.tokenParameter()
                        + (result.region().isEmpty() ? "" : " --region " + result.region())
                        + " --query Parameter.Value --output text");
    }

    private static String status(NotebookSummary s) {
        return String.join("\n",
                "Notebook " + s.name() + ": " + s.state().label() + (s.stateReason().isEmpty() ? "" : " (" + s.stateReason() + ")"),
                "  Owner:     " + s.owner(),
                "  Instance:  " + s.instanceId() + " (" + s.instanceType() + (s.gpus() > 0 ? ", " + s.gpus() + " GPU"
                        + (s.gpus() == 1 ? "" : "s") : "") + ")",
                "  Uptime:    " + uptime(s),
                "  Cost:      " + cost(s),
                "  Idle stop: " + idle(s),
                "  URL:       " + s.url());
    }

    static String uptime(NotebookSummary s) {
        return s.currentUptime().map(TextRenderer::duration).orElse("-");
    }

    static String duration(Duration d) {
        long minutes = d.toMinutes();
        return minutes >= 60 ? minutes / 60 + "h " + minutes % 60 + "m" : minutes + "m";
    }

    static String cost(NotebookSummary s) {
        CostEstimate c = s.cost();
        if (c.hourly().isEmpty()) {
            return "unknown (" + c.source() + ")";
        }
        String hourly = "$" + c.hourlyUsd().toPlainString() + "/h";
        String run = c.currentRun().map(v -> "$" + v.toPlainString() + " this run, ")
                .orElse(s.state() == NotebookState.STOPPED ? "no compute cost while stopped (EBS storage still billed), "
                        : "");
        return run + hourly + " On-Demand (" + c.source() + ")";
    }

    private static String idle(NotebookSummary s) {
        if (s.idleMinutes() == 0) {
            return "never";
        }
        return "after " + (s.idleMinutes() < 0 ? 60 : s.idleMinutes()) + " idle minutes";
    }

    static String table(List<NotebookSummary> notebooks) {
        if (notebooks.isEmpty()) {
            return "No notebooks. Start one with: start NAME";
        }
        String format = "%-20s  %-12s  %-9s  %-13s  %-4s  %-8s  %-8s  %-9s  %-19s  %s";
        StringBuilder out = new StringBuilder(String.format(format, "NAME", "OWNER", "STATE", "TYPE", "GPUS", "UPTIME",
                "COST", "PER HOUR", "INSTANCE", "URL"));
        for (NotebookSummary s : notebooks) {
            CostEstimate c = s.cost();
            out.append('\n').append(String.format(format, s.name(), s.owner(), s.state().label(), s.instanceType(),
                    s.gpus() > 0 ? Integer.toString(s.gpus()) : "-", uptime(s),
                    c.currentRun().map(v -> "$" + v.toPlainString()).orElse("-"),
                    c.hourly().map(v -> "$" + v.toPlainString()).orElse("unknown"), s.instanceId(), s.url()));
        }
        return out.toString();
    }
}
