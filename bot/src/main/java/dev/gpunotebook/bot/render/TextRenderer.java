package dev.gpunotebook.bot.render;

import dev.gpunotebook.bot.handler.Outcome;
import dev.gpunotebook.core.diagnose.DiagnosisText;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
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

    private static String started(StartResult result) {
        String verb = result.createdAnything() ? "is starting" : "already exists; nothing was created";
        return String.join("\n",
                "Notebook " + result.spec().name() + " " + verb + " (" + result.spec().instanceType() + ", "
                        + result.spec().gpus() + " GPU, instance " + result.instanceId() + ").",
                "  URL:   " + result.url(),
                "  Token: in the SSM SecureString " + result.tokenParameter() + "; read it with",
                "         aws ssm get-parameter --with-decryption --name " + result.tokenParameter()
                        + " --query Parameter.Value --output text");
    }

    private static String status(NotebookSummary s) {
        return String.join("\n",
                "Notebook " + s.name() + ": " + s.state().label() + (s.stateReason().isEmpty() ? "" : " (" + s.stateReason() + ")"),
                "  Owner:     " + s.owner(),
                "  Instance:  " + s.instanceId() + " (" + s.instanceType() + ")",
                "  URL:       " + s.url());
    }

    static String table(List<NotebookSummary> notebooks) {
        if (notebooks.isEmpty()) {
            return "No notebooks. Start one with: start NAME";
        }
        String format = "%-20s  %-12s  %-9s  %-13s  %-19s  %s";
        StringBuilder out = new StringBuilder(String.format(format, "NAME", "OWNER", "STATE", "TYPE", "INSTANCE", "URL"));
        for (NotebookSummary s : notebooks) {
            out.append('\n').append(String.format(format, s.name(), s.owner(), s.state().label(), s.instanceType(),
                    s.instanceId(), s.url()));
        }
        return out.toString();
    }
}
