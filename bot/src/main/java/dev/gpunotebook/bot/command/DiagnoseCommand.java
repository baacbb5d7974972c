package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.model.NotebookName;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code diagnose [NAME | --cluster C --service S]}: checks a notebook, any GPU ECS service, or
 * (nothing given) the environment's shared stack.
 *
 * @param notebook the notebook to diagnose, or null
 * @param cluster an ECS cluster name or ARN, given together with service; null with a notebook
 * @param service an ECS service name or ARN, given together with cluster; null with a notebook
 */
public record DiagnoseCommand(NotebookName notebook, String cluster, String service) implements Command {

    private static final Pattern CLUSTER = Pattern.compile(
            "[A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9_-]{1,255}");
    private static final Pattern SERVICE = Pattern.compile(
            "[A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:service/[A-Za-z0-9_/-]{1,511}");

    public DiagnoseCommand {
        if (notebook != null && (cluster != null || service != null)) {
            throw new IllegalArgumentException("give either a notebook NAME or --cluster with --service, not both");
        }
        if (cluster != null && service == null) {
            throw new IllegalArgumentException("--cluster needs --service: diagnose --cluster C --service S");
        }
        if (service != null && cluster == null) {
            throw new IllegalArgumentException("--service needs --cluster: diagnose --cluster C --service S");
        }
        Checks.optionalMatch("--cluster", cluster, CLUSTER, "an ECS cluster name or ARN");
        Checks.optionalMatch("--service", service, SERVICE, "an ECS service name or ARN");
    }

    /** @return a diagnosis of the environment's shared stack */
    public static DiagnoseCommand environment() {
        return new DiagnoseCommand(null, null, null);
    }

    /** @return a diagnosis of one notebook */
    public static DiagnoseCommand notebook(NotebookName name) {
        return new DiagnoseCommand(Objects.requireNonNull(name, "name"), null, null);
    }

    /** @return a diagnosis of any ECS service */
    public static DiagnoseCommand service(String cluster, String service) {
        return new DiagnoseCommand(null, Objects.requireNonNull(cluster, "cluster"),
                Objects.requireNonNull(service, "service"));
    }

    /** @return the notebook, empty when diagnosing a service or the environment */
    public Optional<NotebookName> optionalNotebook() {
        return Optional.ofNullable(notebook);
    }

    /** @return true when a cluster and a service were given */
    public boolean targetsService() {
        return cluster != null;
    }

    @Override
    public Verb verb() {
        return Verb.DIAGNOSE;
    }
}
