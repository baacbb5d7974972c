package dev.gpunotebook.core.cloud;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Elastic Load Balancing v2 in memory: load balancers, their listeners with a default rule each, path rules and
 * target groups. It refuses what ELB refuses: a load balancer whose subnets are not in two Availability Zones, a
 * second rule at a priority in use, a second target group of a name, deleting a target group a rule still forwards
 * to. Deleting a load balancer deletes its listeners and their rules, as ELB does. Each call is recorded as the
 * ELB operation it stands for.
 */
public final class FakeElb implements ElbGateway {

    private static final String ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:";

    public record Listener(String arn, String loadBalancerArn, int port, String certificateArn,
            Map<String, String> tags) {
    }

    public record Rule(String arn, String listenerArn, int priority, String pathPattern, String targetGroupArn,
            Map<String, String> tags) {
    }

    private final List<String> calls;
    private final FakeEc2Network network;
    private final AtomicInteger lastId = new AtomicInteger();
    private final Map<String, LoadBalancerInfo> loadBalancers = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> loadBalancerTags = new LinkedHashMap<>();
    private final Map<String, Listener> listeners = new LinkedHashMap<>();
    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final Map<String, TargetGroupInfo> targetGroups = new LinkedHashMap<>();
    private final Map<String, TargetGroupSpec> targetGroupSpecs = new LinkedHashMap<>();

    /** Looks up the subnets a new load balancer is given in the account's network. */
    FakeElb(List<String> calls, FakeEc2Network network) {
        this.calls = calls;
        this.network = network;
    }

    /** A load balancer made outside this test's steps, with one HTTP or HTTPS listener. */
    public synchronized void add(LoadBalancerInfo loadBalancer, String listenerArn, int port) {
        loadBalancers.put(loadBalancer.arn(), loadBalancer);
        loadBalancerTags.put(loadBalancer.arn(), Map.of());
        listeners.put(listenerArn, new Listener(listenerArn, loadBalancer.arn(), port, "", Map.of()));
    }

    public synchronized List<LoadBalancerInfo> loadBalancers() {
        return List.copyOf(loadBalancers.values());
    }

    public synchronized Map<String, String> tagsOf(String loadBalancerArn) {
        return loadBalancerTags.getOrDefault(loadBalancerArn, Map.of());
    }

    public synchronized List<Listener> listeners() {
        return List.copyOf(listeners.values());
    }

    /** The path rules, without the listeners' default rules. */
    public synchronized List<Rule> pathRules() {
        return List.copyOf(rules.values());
    }

    public synchronized List<TargetGroupInfo> targetGroups() {
        return List.copyOf(targetGroups.values());
    }

    /** What CreateTargetGroup was asked for, by the new group's ARN. */
    public synchronized TargetGroupSpec targetGroupSpec(String arn) {
        return targetGroupSpecs.get(arn);
    }

    @Override
    public synchronized Optional<LoadBalancerInfo> findLoadBalancer(String nameOrArn) {
        calls.add("DescribeLoadBalancers " + nameOrArn);
        return loadBalancers.values().stream()
                .filter(lb -> nameOrArn.startsWith("arn:") ? lb.arn().equals(nameOrArn) : lb.name().equals(nameOrArn))
                .findFirst();
    }

    @Override
    public synchronized LoadBalancerInfo createLoadBalancer(String name, List<String> subnetIds, String securityGroupId,
            Map<String, String> tags) {
        calls.add("CreateLoadBalancer " + name);
        List<SubnetInfo> subnets = subnetIds.stream().map(id -> network.subnet(id).orElseThrow(() ->
                FakeCloud.awsError("SubnetNotFound", "The subnet ID '" + id + "' is not valid"))).toList();
        if (subnets.stream().map(SubnetInfo::availabilityZone).distinct().count() < 2) {
            throw FakeCloud.awsError("ValidationError", "At least two subnets in two different Availability Zones"
                    + " must be specified");
        }
        if (loadBalancers.values().stream().anyMatch(lb -> lb.name().equals(name))) {
            throw FakeCloud.awsError("DuplicateLoadBalancerName", "A load balancer named '" + name + "' exists");
        }
        int id = lastId.incrementAndGet();
        LoadBalancerInfo created = new LoadBalancerInfo(ARN + "loadbalancer/app/" + name + "/" + id, name,
                name + "-" + id + ".us-east-1.elb.amazonaws.com", subnets.get(0).vpcId(), List.of(securityGroupId));
        loadBalancers.put(created.arn(), created);
        loadBalancerTags.put(created.arn(), Map.copyOf(tags));
        return created;
    }

    @Override
    public synchronized void deleteLoadBalancer(String arn) {
        calls.add("DeleteLoadBalancer " + arn);
        loadBalancers.remove(arn);
        loadBalancerTags.remove(arn);
        listeners.values().removeIf(l -> {
            if (l.loadBalancerArn().equals(arn)) {
                rules.values().removeIf(r -> r.listenerArn().equals(l.arn()));
                return true;
            }
            return false;
        });
    }

    @Override
    public synchronized Optional<String> findListener(String loadBalancerArn, int port) {
        calls.add("DescribeListeners " + loadBalancerArn);
        return listeners.values().stream().filter(l -> l.loadBalancerArn().equals(loadBalancerArn) && l.port() == port)
                .map(Listener::arn).findFirst();
    }

    @Override
    public synchronized String createListener(String loadBalancerArn, int port, String certificateArn,
            Map<String, String> tags) {
        calls.add("CreateListener " + (certificateArn.isEmpty() ? "HTTP " : "HTTPS ") + port);
        if (!loadBalancers.containsKey(loadBalancerArn)) {
            throw FakeCloud.awsError("LoadBalancerNotFound", "No load balancer " + loadBalancerArn);
        }
        String arn = loadBalancerArn.replace(":loadbalancer/", ":listener/") + "/" + lastId.incrementAndGet();
        listeners.put(arn, new Listener(arn, loadBalancerArn, port, certificateArn, Map.copyOf(tags)));
        return arn;
    }

    @Override
    public synchronized void deleteListener(String arn) {
        calls.add("DeleteListener " + arn);
        listeners.remove(arn);
        rules.values().removeIf(r -> r.listenerArn().equals(arn));
    }

    @Override
    public synchronized Optional<TargetGroupInfo> findTargetGroup(String name) {
        calls.add("DescribeTargetGroups " + name);
        return targetGroups.values().stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** A group whose health check uses {@code traffic-port}, as the gateway asks. */
    @Override
    public synchronized TargetGroupInfo createTargetGroup(TargetGroupSpec spec) {
        calls.add("CreateTargetGroup " + spec.name());
        if (targetGroups.values().stream().anyMatch(g -> g.name().equals(spec.name()))) {
            throw FakeCloud.awsError("DuplicateTargetGroupName", "A target group named '" + spec.name() + "' exists");
        }
        String arn = ARN + "targetgroup/" + spec.name() + "/" + lastId.incrementAndGet();
        TargetGroupInfo created = new TargetGroupInfo(arn, spec.name(), spec.port(), spec.healthCheckPath(),
                "traffic-port", spec.tags());
        targetGroups.put(arn, created);
        targetGroupSpecs.put(arn, spec);
        return created;
    }

    /** A target group made outside this test's steps. */
    public synchronized void add(TargetGroupInfo targetGroup) {
        targetGroups.put(targetGroup.arn(), targetGroup);
    }

    @Override
    public synchronized void deleteTargetGroup(String arn) {
        calls.add("DeleteTargetGroup " + arn);
        if (rules.values().stream().anyMatch(r -> r.targetGroupArn().equals(arn))) {
            throw FakeCloud.awsError("ResourceInUse", "Target group '" + arn + "' is currently in use by a listener"
                    + " or a rule");
        }
        targetGroups.remove(arn);
        targetGroupSpecs.remove(arn);
    }

    @Override
    public synchronized List<TargetGroupInfo> findTargetGroups(Map<String, String> tags) {
        calls.add("DescribeTargetGroups " + FakeEc2Network.sorted(tags));
        return targetGroups.values().stream().filter(g -> g.tags().entrySet().containsAll(tags.entrySet())).toList();
    }

    @Override
    public synchronized List<RuleInfo> rules(String listenerArn) {
        calls.add("DescribeRules " + listenerArn);
        requireListener(listenerArn);
        List<RuleInfo> all = new ArrayList<>();
        all.add(new RuleInfo(listenerArn + "/default", 0, true, Set.of()));
        rules.values().stream().filter(r -> r.listenerArn().equals(listenerArn))
                .forEach(r -> all.add(new RuleInfo(r.arn(), r.priority(), false, Set.of(r.pathPattern()))));
        return all;
    }

    /** A path rule made outside this test's steps. */
    public synchronized void add(Rule rule) {
        rules.put(rule.arn(), rule);
    }

    @Override
    public synchronized String createRule(String listenerArn, String pathPattern, String targetGroupArn, int priority,
            Map<String, String> tags) {
        calls.add("CreateRule " + pathPattern + " priority " + priority);
        requireListener(listenerArn);
        if (rules.values().stream().anyMatch(r -> r.listenerArn().equals(listenerArn) && r.priority() == priority)) {
            throw FakeCloud.awsError("PriorityInUse", "Priority '" + priority + "' is currently in use");
        }
        if (!targetGroups.containsKey(targetGroupArn)) {
            throw FakeCloud.awsError("TargetGroupNotFound", "No target group " + targetGroupArn);
        }
        String arn = listenerArn.replace(":listener/", ":listener-rule/") + "/" + lastId.incrementAndGet();
        rules.put(arn, new Rule(arn, listenerArn, priority, pathPattern, targetGroupArn, Map.copyOf(tags)));
        return arn;
    }

    @Override
    public synchronized void deleteRule(String ruleArn) {
        calls.add("DeleteRule " + ruleArn);
        rules.remove(ruleArn);
    }

    private void requireListener(String listenerArn) {
        if (!listeners.containsKey(listenerArn)) {
            throw FakeCloud.awsError("ListenerNotFound", "One or more listeners not found: " + listenerArn);
        }
    }
}
