package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.GpuProbeFacts;
import dev.gpunotebook.core.diagnose.snapshot.GpuProbeLine;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Reads the newest {@code GPU_PROBE} line that the notebook image's probe logged in a running task
 * of the service, from the awslogs streams its task definition names. Turns AWS errors into facts
 * (see {@link FactCalls}). No SSM parameter is read: no check needs one (a task that could not
 * read its token parameter shows in its stopped reason, which {@link EcsFactsCollector} reads).
 *
 * <p>Calls: logs:FilterLogEvents (IAM action of the same name), one per log group that the
 * service's containers log to, over up to 100 of the running tasks' streams in it.
 */
final class LogsFactsCollector {

    /** The probe in the notebook image logs this marker; FilterLogEvents matches it. */
    static final String GPU_PROBE_PATTERN = GpuProbeLine.MARKER;
    private static final int STREAMS_PER_CALL = 100;

    private final CloudWatchLogsClient logs;

    LogsFactsCollector(CloudWatchLogsClient logs) {
        this.logs = logs;
    }

    /**
     * The newest GPU_PROBE line of the service's running tasks (awslogs stream of each container).
     *
     * @param taskDefinition the revision the service runs, or why it could not be read
     * @param tasks the service's tasks
     */
    Fact<GpuProbeFacts> gpuProbe(Fact<TaskDefinition> taskDefinition, Fact<List<TaskFacts>> tasks) {
        if (!taskDefinition.isKnown()) {
            return FactCalls.carry(taskDefinition, "the task definition");
        }
        List<TaskFacts> running = tasks.toOptional().orElse(List.of()).stream().filter(TaskFacts::isRunning).toList();
        if (running.isEmpty()) {
            return Fact.missing("a running task, so no " + GPU_PROBE_PATTERN + " line");
        }
        Map<String, List<String>> streamsByGroup = new LinkedHashMap<>();
        for (var container : taskDefinition.toOptional().orElseThrow().containerDefinitions()) {
            var log = container.logConfiguration();
            if (log == null || !"awslogs".equals(log.logDriverAsString())) {
                continue;
            }
            String group = log.options().get("awslogs-group");
            String prefix = log.options().get("awslogs-stream-prefix");
            if (group == null || prefix == null) {
                continue;
            }
            running.forEach(t -> streamsByGroup.computeIfAbsent(group, g -> new ArrayList<>())
                    .add(prefix + "/" + container.name() + "/" + t.id()));
        }
        if (streamsByGroup.isEmpty()) {
            return Fact.unavailable("the task definition sends no container log to CloudWatch Logs (awslogs with "
                    + "awslogs-group and awslogs-stream-prefix)");
        }
        GpuProbeFacts newest = null;
        for (var entry : streamsByGroup.entrySet()) {
            List<String> streams = entry.getValue().subList(0, Math.min(STREAMS_PER_CALL, entry.getValue().size()));
            Fact<List<FilteredLogEvent>> events = FactCalls.fact("logs:FilterLogEvents", "log group " + entry.getKey(),
                    () -> logs.filterLogEvents(x -> x.logGroupName(entry.getKey()).logStreamNames(streams)
                            .filterPattern(GPU_PROBE_PATTERN)).events());
            if (!events.isKnown()) {
                return FactCalls.carry(events, "log group " + entry.getKey());
            }
            for (FilteredLogEvent event : events.toOptional().orElseThrow()) {
                Instant at = event.timestamp() == null ? null : Instant.ofEpochMilli(event.timestamp());
                Optional<GpuProbeFacts> probe = GpuProbeLine.parse(event.message(), at);
                if (probe.isPresent() && (newest == null || newest.loggedAt() == null
                        || (at != null && at.isAfter(newest.loggedAt())))) {
                    newest = probe.get();
                }
            }
        }
        return newest == null ? Fact.missing("a " + GPU_PROBE_PATTERN + " line in the task's log") : Fact.known(newest);
    }
}
