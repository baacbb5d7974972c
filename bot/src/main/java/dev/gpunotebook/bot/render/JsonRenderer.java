package dev.gpunotebook.bot.render;

import dev.gpunotebook.bot.handler.Outcome;
import dev.gpunotebook.core.Json;
import dev.gpunotebook.core.diagnose.DiagnosisJson;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders an outcome as one JSON document for {@code --output json}, in core's {@link Json} style
 * (indented, nulls kept, keys in the order given here). Never includes a token.
 */
public final class JsonRenderer {

    private JsonRenderer() {
    }

    public static String render(Outcome outcome) {
        if (outcome instanceof Outcome.Diagnosed diagnosed) {
            return diagnosed(diagnosed);
        }
        return Json.pretty(toMap(outcome));
    }

    /**
     * DiagnosisJson verbatim: the DESIGN.md object for one target; for a whole environment a JSON
     * array of those objects (empty when it has no notebook).
     */
    static String diagnosed(Outcome.Diagnosed diagnosed) {
        if (!diagnosed.wholeEnvironment() && diagnosed.diagnoses().size() == 1) {
            return DiagnosisJson.write(diagnosed.diagnoses().get(0));
        }
        return DiagnosisJson.writeAll(diagnosed.diagnoses());
    }

    static Object toMap(Outcome outcome) {
        if (outcome instanceof Outcome.SetupDone done) {
            return environment(done.environment());
        }
        if (outcome instanceof Outcome.Started started) {
            return started(started.result());
        }
        if (outcome instanceof Outcome.Deleted deleted) {
            return ordered("name", deleted.result().name().value(), "deleted",
                    deleted.result().deleted());
        }
        if (outcome instanceof Outcome.Stopped stopped) {
            var r = stopped.result();
            return ordered("name", r.name().value(), "instanceId", r.instanceId(), "instanceState", r.instanceState(),
                    "alreadyStopped", r.alreadyStopped(), "changes", r.changes());
        }
        if (outcome instanceof Outcome.Listed listed) {
            return ordered("notebooks", listed.notebooks().stream().map(JsonRenderer::notebook).toList());
        }
        if (outcome instanceof Outcome.Status status) {
            return notebook(status.notebook());
        }
        if (outcome instanceof Outcome.Help help) {
            return ordered("help", help.text());
        }
        if (outcome instanceof Outcome.Version version) {
            return ordered("name", "gpu-notebook", "version", version.version());
        }
        if (outcome instanceof Outcome.Script script) {
            return ordered("shell", script.shell(), "script", script.text());
        }
        if (outcome instanceof Outcome.NeedsConfirmation c) {
            return ordered("confirm", c.question(), "command", c.confirmCommand());
        }
        if (outcome instanceof Outcome.NotAvailable na) {
            return ordered("error", na.reason(), "command", na.command());
        }
        if (outcome instanceof Outcome.Failed failed) {
            return ordered("error", failed.message());
        }
        throw new IllegalArgumentException("unknown outcome " + outcome);
    }

    private static Map<String, Object> environment(Environment env) {
        return ordered("environment", env.env().value(), "vpcId", env.vpcId(),
                "subnets", env.subnets().stream().map(s -> ordered("id", s.id(), "availabilityZone", s.availabilityZone())).toList(),
                "cluster", env.clusterName(), "loadBalancerArn", env.loadBalancerArn(),
                "loadBalancerDns", env.loadBalancerDns(), "listenerArn", env.listenerArn(),
                "albSecurityGroupId", env.albSecurityGroupId(), "instanceSecurityGroupId", env.instanceSecurityGroupId());
    }

    private static Map<String, Object> started(StartResult r) {
        return ordered("name", r.spec().name().value(), "owner", r.spec().owner(), "state",
                r.resumed() ? "resuming" : r.createdAnything() ? "starting" : "exists", "instanceType", r.spec().instanceType(),
                "gpus", r.spec().gpus(), "instanceId", r.instanceId(), "url", r.url(),
                "tokenParameter", r.tokenParameter(), "created", r.createdAnything(), "resumed", r.resumed(),
                "tokenReplaced", r.tokenReplaced());
    }

    /** Unknown values are JSON null: uptime when not running, prices the table does not have. */
    static Map<String, Object> notebook(NotebookSummary s) {
        return ordered("name", s.name().value(), "owner", s.owner(), "state", s.state().label(),
                "stateReason", s.stateReason(), "instanceType", s.instanceType(), "instanceId", s.instanceId(),
                "url", s.url(), "gpus", s.gpus() > 0 ? s.gpus() : null,
                "uptimeSeconds", s.currentUptime().map(java.time.Duration::toSeconds).orElse(null),
                "idleMinutes", s.idleMinutes() >= 0 ? s.idleMinutes() : null,
                "cost", ordered("currency", "USD",
                        "perHour", s.cost().hourly().orElse(null),
                        "currentRun", s.cost().currentRun().orElse(null),
                        "source", s.cost().source()));
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
