package dev.gpunotebook.core.diagnose.snapshot;

import java.util.List;

/**
 * ELBv2 DescribeListeners (load balancer ARN) and, per listener, DescribeRules: the rules
 * including the default one (IsDefault, priority {@code default}), as AWS returns them.
 */
public record ListenerFacts(String arn, int port, String protocol, List<RuleFacts> rules) {
    public ListenerFacts {
        Validate.nonBlank(arn, "arn");
        Validate.port(port, "port");
        Validate.nonBlank(protocol, "protocol");
        rules = Validate.list(rules);
    }
}
