package dev.gpunotebook.core.cloud;

import java.util.Map;

/** CloudWatch Logs: the environment's log group. */
public interface LogsGateway {

    boolean logGroupExists(String name);

    void createLogGroup(String name, int retentionDays, Map<String, String> tags);

    void deleteLogGroup(String name);
}
