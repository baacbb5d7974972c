package dev.gpunotebook.core.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The listener rules and target groups of an Elastic Load Balancing v2 account in memory: what a notebook adds
 * to the shared load balancer and delete removes. Each call is recorded as the ELB operation it stands for; the
 * load balancer and listener operations of setup are not faked and fail if called.
 */
public final class FakeElb implements ElbGateway {

    private final List<String> calls;
    /** Listener ARN -> its rules. */
    private final Map<String, List<RuleInfo>> rules = new ConcurrentHashMap<>();
    private final Map<String, TargetGroupInfo> targetGroups = new ConcurrentHashMap<>();

    FakeElb(List<String> calls) {
        this.calls = calls;
    }

    public void add(String listenerArn, RuleInfo rule) {
        rules.computeIfAbsent(listenerArn, arn -> new CopyOnWriteArrayList<>()).add(rule);
    }

    public void add(TargetGroupInfo group) {
        targetGroups.put(group.arn(), group);
    }

    public List<TargetGroupInfo> targetGroups() {
        return List.copyOf(targetGroups.values());
    }

    @Override
    public List<RuleInfo> rules(String listenerArn) {
        calls.add("DescribeRules " + listenerArn);
        return List.copyOf(rules.getOrDefault(listenerArn, List.of()));
    }

    @Override
    public void deleteRule(String ruleArn) {
        calls.add("DeleteRule " + ruleArn);
        rules.values().forEach(listener -> listener.removeIf(rule -> rule.arn().equals(ruleArn)));
    }

    @Override
    public List<TargetGroupInfo> findTargetGroups(Map<String, String> tags) {
        calls.add("DescribeTargetGroups " + tags.values().stream().sorted().toList());
        return targetGroups.values().stream().filter(g -> g.tags().entrySet().containsAll(tags.entrySet())).toList();
    }

    @Override
    public void deleteTargetGroup(String arn) {
        calls.add("DeleteTargetGroup " + arn);
        targetGroups.remove(arn);
    }

    @Override
    public Optional<TargetGroupInfo> findTargetGroup(String name) {
        throw FakeCloud.notFaked("DescribeTargetGroups by name");
    }

    @Override
    public TargetGroupInfo createTargetGroup(TargetGroupSpec spec) {
        throw FakeCloud.notFaked("CreateTargetGroup");
    }

    @Override
    public String createRule(String listenerArn, String pathPattern, String targetGroupArn, int priority,
            Map<String, String> tags) {
        throw FakeCloud.notFaked("CreateRule");
    }

    @Override
    public Optional<LoadBalancerInfo> findLoadBalancer(String nameOrArn) {
        throw FakeCloud.notFaked("DescribeLoadBalancers");
    }

    @Override
    public LoadBalancerInfo createLoadBalancer(String name, List<String> subnetIds, String securityGroupId,
            Map<String, String> tags) {
        throw FakeCloud.notFaked("CreateLoadBalancer");
    }

    @Override
    public void deleteLoadBalancer(String arn) {
        throw FakeCloud.notFaked("DeleteLoadBalancer");
    }

    @Override
    public Optional<String> findListener(String loadBalancerArn, int port) {
        throw FakeCloud.notFaked("DescribeListeners");
    }

    @Override
    public String createListener(String loadBalancerArn, int port, String certificateArn, Map<String, String> tags) {
        throw FakeCloud.notFaked("CreateListener");
    }

    @Override
    public void deleteListener(String arn) {
        throw FakeCloud.notFaked("DeleteListener");
    }
}
