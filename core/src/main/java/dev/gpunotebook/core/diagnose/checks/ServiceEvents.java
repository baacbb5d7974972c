package dev.gpunotebook.core.diagnose.checks;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the ECS service scheduler's event messages mean and what fixes them. The messages are the
 * documented ones ("(service s) was unable to place a task because no container instance met all
 * of its requirements. The closest matching (container-instance x) has insufficient memory
 * available..."); matching is on their stable phrases.
 */
final class ServiceEvents {
    private ServiceEvents() {
    }

    enum Kind {
        /** Nothing could place the task: a FAIL of service.placement. */
        PLACEMENT,
        /** Tasks start but are replaced after failing ELB health checks: target.health owns that. */
        HEALTH,
        /** Tasks start and stop: task.stopped owns that. */
        TASKS_STOPPING,
        /** Informational (steady state, registered targets...). */
        INFO
    }

    record Meaning(Kind kind, String reason, String fix) {
    }

    private record Pattern(String phrase, Kind kind, String reason, String fix) {
    }

    private static final List<Pattern> PATTERNS = List.of(
            new Pattern("no container instances were found", Kind.PLACEMENT,
                    "the cluster has no registered container instance",
                    "Get the instance registered first (see agent.registration)."),
            new Pattern("insufficient memory", Kind.PLACEMENT,
                    "the instance has less free memory than the task reserves",
                    "Lower the task's memory (or memoryReservation), stop other tasks on the instance, or use a "
                            + "larger instance type."),
            new Pattern("insufficient cpu", Kind.PLACEMENT, "the instance has fewer free CPU units than the task reserves",
                    "Lower the task's cpu, or use a larger instance type."),
            new Pattern("insufficient gpu", Kind.PLACEMENT,
                    "the instance has no free GPU (none registered, or all held by other tasks)",
                    "Check that the instance registered its GPUs and that no other task holds them."),
            new Pattern("already using a port required by your task", Kind.PLACEMENT,
                    "a fixed hostPort is already taken on the instance (often by the old task during a deployment)",
                    "Use hostPort 0 (dynamic ports), or set minimumHealthyPercent=0 so the old task stops first."),
            new Pattern("missing an attribute required by your task", Kind.PLACEMENT,
                    "the instance lacks an attribute the task or a placement constraint requires (e.g. the "
                            + "gpu-notebook attribute, or GPU support in the agent)",
                    "Compare the placement constraints with the instance's attributes (aws ecs list-attributes "
                            + "--target-type container-instance --cluster CLUSTER)."),
            new Pattern("encountered error \"agent\"", Kind.PLACEMENT,
                    "the ECS agent on the closest instance is disconnected",
                    "Restart the agent on the instance: sudo systemctl restart ecs."),
            new Pattern("placement constraint", Kind.PLACEMENT, "no instance satisfies the placement constraints",
                    "Fix the constraint expression or the instance attributes."),
            new Pattern("reached the limit on the number of tasks", Kind.PLACEMENT,
                    "the account's limit on concurrent tasks is reached", "Request a higher ECS task quota."),
            new Pattern("is unhealthy in", Kind.HEALTH,
                    "its tasks fail the load balancer's health checks and ECS replaces them", "See target.health."),
            new Pattern("failed elb health checks", Kind.HEALTH,
                    "its tasks fail the load balancer's health checks and ECS replaces them", "See target.health."),
            new Pattern("unable to consistently start tasks successfully", Kind.TASKS_STOPPING,
                    "its tasks keep stopping soon after they start", "See task.stopped for the reason."),
            new Pattern("deployment failed", Kind.TASKS_STOPPING,
                    "the deployment circuit breaker rolled the deployment back", "See task.stopped for the reason."));

    static Meaning explain(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        Optional<Pattern> match = PATTERNS.stream().filter(p -> text.contains(p.phrase())).findFirst();
        if (match.isPresent()) {
            return new Meaning(match.get().kind(), match.get().reason(), match.get().fix());
        }
        if (text.contains("unable to place a task")) {
            return new Meaning(Kind.PLACEMENT, "no container instance met all of the task's requirements",
                    "Compare the task's requirements with the instance (see task.resources and agent.registration).");
        }
        return new Meaning(Kind.INFO, "", "");
    }
}
