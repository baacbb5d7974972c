package dev.gpunotebook.core.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** CloudWatch log groups in memory, with their retention and tags; records each call as the Logs operation it stands for. */
public final class FakeLogs implements LogsGateway {

    public record LogGroup(String name, int retentionDays, Map<String, String> tags) {
    }

    private final List<String> calls;
    private final Map<String, LogGroup> groups = new ConcurrentHashMap<>();

    FakeLogs(List<String> calls) {
        this.calls = calls;
    }

    public Optional<LogGroup> logGroup(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    @Override
    public boolean logGroupExists(String name) {
        calls.add("DescribeLogGroups " + name);
        return groups.containsKey(name);
    }

    @Override
    public void createLogGroup(String name, int retentionDays, Map<String, String> tags) {
        calls.add("CreateLogGroup " + name);
        if (groups.putIfAbsent(name, new LogGroup(name, retentionDays, Map.copyOf(tags))) != null) {
            throw FakeCloud.awsError("ResourceAlreadyExistsException", "The specified log group already exists");
        }
    }

    @Override
    public void deleteLogGroup(String name) {
        calls.add("DeleteLogGroup " + name);
        groups.remove(name);
    }
}
