package dev.gpunotebook.core.diagnose.snapshot;

import java.util.List;

/**
 * ELBv2 DescribeTargetGroups: the service's target group (the first of its load balancers) with
 * its health check (port is {@code traffic-port} or a number; matcher is the HttpCode string such
 * as {@code 200} or {@code 200-399}).
 */
public record TargetGroupFacts(String arn, String name, Integer port, String protocol, String targetType,
        HealthCheck healthCheck, List<String> loadBalancerArns) {
    public TargetGroupFacts {
        Validate.nonBlank(arn, "arn");
        name = name == null ? RuleFacts.shortArn(arn) : name;
        protocol = protocol == null ? "HTTP" : protocol;
        targetType = targetType == null ? "instance" : targetType;
        Validate.nonNull(healthCheck, "healthCheck");
        loadBalancerArns = Validate.list(loadBalancerArns);
    }

    public record HealthCheck(boolean enabled, String protocol, String port, String path, String matcher,
            int intervalSeconds, int timeoutSeconds, int healthyThreshold, int unhealthyThreshold) {
        public HealthCheck {
            protocol = protocol == null ? "HTTP" : protocol;
            port = port == null || port.isBlank() ? "traffic-port" : port;
            path = path == null ? "/" : path;
            matcher = matcher == null || matcher.isBlank() ? "200" : matcher;
        }

        @Override
        public String toString() {
            return protocol + " " + path + " on " + port + ", success codes " + matcher + ", every " + intervalSeconds
                    + " s, timeout " + timeoutSeconds + " s, healthy after " + healthyThreshold + ", unhealthy after "
                    + unhealthyThreshold;
        }
    }
}
