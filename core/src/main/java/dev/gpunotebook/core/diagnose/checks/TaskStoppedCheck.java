package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Explains the service's recently stopped tasks ({@code stoppedReason}, {@code stopCode}, exit
 * codes): CannotPullContainerError points at the way out or ECR permissions,
 * ResourceInitializationError at secrets or the execution role, OutOfMemory at the memory limit,
 * an essential container's exit code at its log. FAIL when tasks fail and the service is short of
 * running tasks; WARN when it recovered, or when the tasks only failed health checks (that is
 * target.health's fault). Tasks stopped by deployments or scaling are fine.
 *
 * <p>Needs ECS ListTasks (desired status STOPPED) and DescribeTasks ({@code ecs:ListTasks},
 * {@code ecs:DescribeTasks}); ECS keeps stopped tasks for about an hour.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html">https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html</a>
 */
public final class TaskStoppedCheck extends BaseCheck {
    static final String DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html";
    private static final int QUOTED_TASKS = 3;

    public TaskStoppedCheck() {
        super(CheckIds.TASK_STOPPED, Area.TASK, DOCS, CheckIds.CREDENTIALS);
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        if (s.service() instanceof Fact.Missing<?>) {
            return skip(CheckIds.SERVICE_PLACEMENT, "the service does not exist, so it has no tasks");
        }
        List<TaskFacts> tasks = need(s.tasks(), "the service's tasks");
        List<TaskFacts> stopped = tasks.stream().filter(TaskFacts::isStopped)
                .sorted(Comparator.comparing((TaskFacts t) -> t.stoppedAt() == null ? Instant.MIN : t.stoppedAt())
                        .reversed()).toList();
        List<TaskFacts> failed = stopped.stream()
                .filter(t -> StopReasons.explain(t).kind() != StopReasons.Kind.EXPECTED).toList();
        List<String> evidence = new ArrayList<>();
        for (TaskFacts task : (failed.isEmpty() ? stopped : failed).stream().limit(QUOTED_TASKS).toList()) {
            evidence.add("task " + task.id() + " stopped" + (task.stoppedAt() == null ? "" : " at " + task.stoppedAt())
                    + ": " + (task.stoppedReason().isBlank() ? "(no reason)" : task.stoppedReason())
                    + (task.stopCode().isBlank() ? "" : " [" + task.stopCode() + "]")
                    + task.containers().stream().filter(c -> c.exitCode() != null || !c.reason().isBlank())
                            .map(c -> "; " + c.name() + (c.exitCode() == null ? "" : " exit " + c.exitCode())
                                    + (c.reason().isBlank() ? "" : " " + c.reason())).reduce("", String::concat));
        }
        if (failed.isEmpty()) {
            return pass(stopped.isEmpty() ? "No task stopped recently."
                    : stopped.size() + " task(s) stopped recently, all on purpose (deployments, scaling).", evidence);
        }
        TaskFacts latest = failed.get(0);
        StopReasons.Meaning meaning = StopReasons.explain(latest);
        String summary = failed.size() + " task(s) stopped recently; the latest because " + meaning.reason() + ".";
        String fix = meaning.fix().replace("CLUSTER", s.target().cluster());
        if (failed.stream().allMatch(t -> StopReasons.explain(t).kind() == StopReasons.Kind.HEALTH)) {
            return warn(summary, evidence, fix);
        }
        boolean shortOfTasks = s.service().toOptional()
                .map(service -> service.runningCount() < service.desiredCount()).orElse(true);
        if (!shortOfTasks) {
            return warn(summary + " The service runs its tasks now.", evidence, fix);
        }
        return fail(summary, evidence, fix);
    }
}
