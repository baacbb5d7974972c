package dev.gpunotebook.core.provision.setup;

import java.util.Optional;

/** The environment's CloudWatch log group, with a retention so logs do not cost forever. */
final class LogGroupStep extends SetupStep {

    LogGroupStep() {
        super("log-group");
    }

    @Override
    Optional<String> find(SetupContext c) {
        if (c.cloud.logs().logGroupExists(c.names.logGroup())) {
            c.logGroupName = c.names.logGroup();
            return Optional.of(c.logGroupName);
        }
        return Optional.empty();
    }

    @Override
    String create(SetupContext c) {
        c.cloud.logs().createLogGroup(c.names.logGroup(), c.config.logRetentionDays(), c.tags(c.names.logGroup()));
        c.logGroupName = c.names.logGroup();
        return c.logGroupName + " (" + c.config.logRetentionDays() + " days)";
    }

    @Override
    public void rollback(SetupContext c) {
        c.cloud.logs().deleteLogGroup(c.names.logGroup());
    }
}
