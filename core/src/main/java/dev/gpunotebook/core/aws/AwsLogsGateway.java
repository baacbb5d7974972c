package dev.gpunotebook.core.aws;

import static dev.gpunotebook.core.aws.AwsErrors.call;

import dev.gpunotebook.core.cloud.LogsGateway;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** {@link LogsGateway} with the AWS SDK's CloudWatch Logs client. */
final class AwsLogsGateway implements LogsGateway {

    private final CloudWatchLogsClient logs;

    AwsLogsGateway(CloudWatchLogsClient logs) {
        this.logs = logs;
    }

    @Override
    public boolean logGroupExists(String name) {
        return call("logs:DescribeLogGroups", () -> logs.describeLogGroups(r -> r.logGroupNamePrefix(name))).logGroups()
                .stream().anyMatch(g -> name.equals(g.logGroupName()));
    }

    @Override
    public void createLogGroup(String name, int retentionDays, Map<String, String> tags) {
        call("logs:CreateLogGroup", () -> logs.createLogGroup(r -> r.logGroupName(name).tags(tags)));
        call("logs:PutRetentionPolicy", () -> logs.putRetentionPolicy(r -> r.logGroupName(name)
                .retentionInDays(retentionDays)));
    }

    @Override
    public void deleteLogGroup(String name) {
        try {
            logs.deleteLogGroup(r -> r.logGroupName(name));
        } catch (ResourceNotFoundException e) {
            // already gone
        } catch (SdkException e) {
            throw AwsErrors.translate("logs:DeleteLogGroup", e);
        }
    }
}
