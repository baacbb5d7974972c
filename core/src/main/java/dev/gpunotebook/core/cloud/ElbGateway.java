package dev.gpunotebook.core.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Elastic Load Balancing v2: the shared ALB and its listener, per-notebook target groups and rules. */
public interface ElbGateway {

    Optional<LoadBalancerInfo> findLoadBalancer(String nameOrArn);

    LoadBalancerInfo createLoadBalancer(String name, List<String> subnetIds, String securityGroupId,
            Map<String, String> tags);

    void deleteLoadBalancer(String arn);

    Optional<String> findListener(String loadBalancerArn, int port);

    /** A listener whose default action answers 404: only notebook rules forward anywhere. */
    String createListener(String loadBalancerArn, int port, String certificateArn, Map<String, String> tags);

    void deleteListener(String arn);

    Optional<TargetGroupInfo> findTargetGroup(String name);

    TargetGroupInfo createTargetGroup(TargetGroupSpec spec);

    void deleteTargetGroup(String arn);

    /** Target groups carrying all the given tags. */
    List<TargetGroupInfo> findTargetGroups(Map<String, String> tags);

    /** Every rule of the listener, the default rule included. */
    List<RuleInfo> rules(String listenerArn);

    /** The rule of the listener that matches this path pattern, if any. */
    default Optional<String> findRule(String listenerArn, String pathPattern) {
        return rules(listenerArn).stream().filter(rule -> rule.pathPatterns().contains(pathPattern))
                .map(RuleInfo::arn).findFirst();
    }

    /** Creates a path rule forwarding to the target group at the given priority. */
    String createRule(String listenerArn, String pathPattern, String targetGroupArn, int priority,
            Map<String, String> tags);

    void deleteRule(String ruleArn);
}
