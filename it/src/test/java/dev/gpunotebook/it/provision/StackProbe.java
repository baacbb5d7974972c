package dev.gpunotebook.it.provision;

import dev.gpunotebook.core.model.EnvironmentName;
import dev.gpunotebook.it.emulator.EmulatorClients;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Looks at the emulator directly with the AWS SDK, independently of the code under test, to tell
 * which resources of a notebook exist. Tests assert "nothing left" and "nothing new" with it.
 * It sees one environment: where tests share the emulator, another test's notebook of the same name
 * is not this test's.
 */
public final class StackProbe implements AutoCloseable {

    private static final String ENV_TAG = "gpu-notebook:env";
    private static final String NOTEBOOK_TAG = "gpu-notebook:notebook";

    public final Ec2Client ec2;
    public final EcsClient ecs;
    public final ElasticLoadBalancingV2Client elb;
    public final SsmClient ssm;
    private final String env;

    /** A probe of the {@code default} environment. */
    public StackProbe(URI endpoint) {
        this(endpoint, EnvironmentName.DEFAULT);
    }

    public StackProbe(URI endpoint, EnvironmentName env) {
        this.env = env.value();
        ec2 = EmulatorClients.build(Ec2Client.builder(), endpoint);
        ecs = EmulatorClients.build(EcsClient.builder(), endpoint);
        elb = EmulatorClients.build(ElasticLoadBalancingV2Client.builder(), endpoint);
        ssm = EmulatorClients.build(SsmClient.builder(), endpoint);
    }

    /** Instances tagged as the notebook's, not terminated. */
    public List<Instance> instances(String notebook) {
        List<Instance> found = new ArrayList<>();
        ec2.describeInstancesPaginator(r -> r.filters(
                Filter.builder().name("tag:" + ENV_TAG).values(env).build(),
                Filter.builder().name("tag:" + NOTEBOOK_TAG).values(notebook).build(),
                Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build()))
                .reservations().forEach(res -> found.addAll(res.instances()));
        return found;
    }

    List<TargetGroup> targetGroups(String notebook) {
        return elb.describeTargetGroups(r -> { }).targetGroups().stream()
                .filter(group -> isTagged(group.targetGroupArn(), Map.of(ENV_TAG, env, NOTEBOOK_TAG, notebook)))
                .toList();
    }

    /** Rules of every listener of the environment's load balancers whose path pattern routes to the notebook. */
    List<String> rules(String notebook) {
        List<String> found = new ArrayList<>();
        elb.describeLoadBalancers().loadBalancers().stream()
                .filter(lb -> isTagged(lb.loadBalancerArn(), Map.of(ENV_TAG, env))).forEach(lb ->
                elb.describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn())).listeners().forEach(l ->
                        elb.describeRules(r -> r.listenerArn(l.listenerArn())).rules().stream()
                                .filter(rule -> rule.conditions().stream().anyMatch(c ->
                                        (c.pathPatternConfig() != null && c.pathPatternConfig().values()
                                                .contains("/notebook/" + notebook + "/*"))
                                                || c.values().contains("/notebook/" + notebook + "/*")))
                                .forEach(rule -> found.add(rule.ruleArn()))));
        return found;
    }

    List<String> activeTaskDefinitions(String notebook) {
        String family = "task-definition/gpu-notebook-" + env + "-" + notebook + ":";
        return ecs.listTaskDefinitions(r -> r.status(TaskDefinitionStatus.ACTIVE)).taskDefinitionArns().stream()
                .filter(arn -> arn.contains(family)).toList();
    }

    List<String> activeServices(String cluster, String notebook) {
        try {
            return ecs.describeServices(r -> r.cluster(cluster).services("notebook-" + notebook)).services().stream()
                    .filter(s -> "ACTIVE".equals(s.status())).map(s -> s.serviceArn()).toList();
        } catch (software.amazon.awssdk.services.ecs.model.ClusterNotFoundException e) {
            return List.of();
        }
    }

    List<String> parameters(String notebook) {
        return ssm.getParametersByPathPaginator(r -> r.path("/gpu-notebook/" + env + "/" + notebook + "/")
                        .recursive(true)).stream()
                .flatMap(page -> page.parameters().stream())
                .map(p -> p.name())
                .toList();
    }

    /** Every resource of the notebook that still exists, one line each. */
    List<String> everything(String cluster, String notebook) {
        List<String> all = new ArrayList<>();
        instances(notebook).forEach(i -> all.add("instance " + i.instanceId()));
        targetGroups(notebook).forEach(g -> all.add("target group " + g.targetGroupName()));
        rules(notebook).forEach(r -> all.add("rule " + r));
        activeTaskDefinitions(notebook).forEach(t -> all.add("task definition " + t));
        activeServices(cluster, notebook).forEach(s -> all.add("service " + s));
        parameters(notebook).forEach(p -> all.add("parameter " + p));
        return all;
    }

    /** Whether the load balancer or target group {@code arn} carries every one of {@code tags}. */
    private boolean isTagged(String arn, Map<String, String> tags) {
        Map<String, String> carried = new HashMap<>();
        elb.describeTags(r -> r.resourceArns(arn)).tagDescriptions().forEach(d ->
                d.tags().forEach(t -> carried.put(t.key(), t.value())));
        return carried.entrySet().containsAll(tags.entrySet());
    }

    @Override
    public void close() {
        ec2.close();
        ecs.close();
        elb.close();
        ssm.close();
    }
}
