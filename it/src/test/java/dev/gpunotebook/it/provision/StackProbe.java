package dev.gpunotebook.it.provision;

import dev.gpunotebook.it.emulator.EmulatorClients;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
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
 */
public final class StackProbe implements AutoCloseable {

    public final Ec2Client ec2;
    public final EcsClient ecs;
    public final ElasticLoadBalancingV2Client elb;
    public final SsmClient ssm;

    public StackProbe(URI endpoint) {
        ec2 = EmulatorClients.build(Ec2Client.builder(), endpoint);
        ecs = EmulatorClients.build(EcsClient.builder(), endpoint);
        elb = EmulatorClients.build(ElasticLoadBalancingV2Client.builder(), endpoint);
        ssm = EmulatorClients.build(SsmClient.builder(), endpoint);
    }

    /** Instances tagged as the notebook's, not terminated. */
    public List<Instance> instances(String notebook) {
        List<Instance> found = new ArrayList<>();
        ec2.describeInstancesPaginator(r -> r.filters(
                Filter.builder().name("tag:gpu-notebook:notebook").values(notebook).build(),
                Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build()))
                .reservations().forEach(res -> found.addAll(res.instances()));
        return found;
    }

    List<TargetGroup> targetGroups(String notebook) {
        List<TargetGroup> tagged = new ArrayList<>();
        for (TargetGroup group : elb.describeTargetGroups(r -> { }).targetGroups()) {
            boolean ours = elb.describeTags(r -> r.resourceArns(group.targetGroupArn())).tagDescriptions().stream()
                    .flatMap(d -> d.tags().stream())
                    .anyMatch(t -> t.key().equals("gpu-notebook:notebook") && t.value().equals(notebook));
            if (ours) {
                tagged.add(group);
            }
        }
        return tagged;
    }

    /** Rules of every listener whose path pattern routes to the notebook. */
    List<String> rules(String notebook) {
        List<String> found = new ArrayList<>();
        elb.describeLoadBalancers().loadBalancers().forEach(lb ->
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
        return ecs.listTaskDefinitions(r -> r.status(TaskDefinitionStatus.ACTIVE)).taskDefinitionArns().stream()
                .filter(arn -> arn.contains("task-definition/gpu-notebook-") && arn.endsWith("-" + notebook + arn
                        .substring(arn.lastIndexOf(':')))).toList();
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
        List<String> names = new ArrayList<>();
        ssm.getParametersByPathPaginator(r -> r.path("/gpu-notebook/").recursive(true)).stream()
                .flatMap(page -> page.parameters().stream())
                .forEach(p -> names.add(p.name()));
        return names.stream().filter(name -> name.contains("/" + notebook + "/")).toList();
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

    @Override
    public void close() {
        ec2.close();
        ecs.close();
        elb.close();
        ssm.close();
    }
}
