package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.ListenerFacts;
import dev.gpunotebook.core.diagnose.snapshot.TargetHealthFacts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * Reads the Elastic Load Balancing (v2) facts of a diagnosis: the services' target groups, the
 * load balancers they belong to, those load balancers' listeners with their rules, and each target
 * group's target health. Each method turns AWS errors into facts (see {@link FactCalls}).
 *
 * <p>Calls, each needing the IAM action {@code elasticloadbalancing:} and the call's name:
 * DescribeTargetGroups, DescribeLoadBalancers, DescribeListeners, DescribeRules (one per listener)
 * and DescribeTargetHealth (AWS has no batch form: one call per target group).
 */
final class LoadBalancingFactsCollector {

    /**
     * What one chain of reads found: the target groups and load balancers by ARN, and the
     * listeners (with their rules) of each load balancer.
     */
    record LoadBalancing(Fact<Map<String, TargetGroup>> targetGroups, Fact<Map<String, LoadBalancer>> loadBalancers,
            Map<String, Fact<List<ListenerFacts>>> listenersByLoadBalancer) {

        /** For services without a load balancer block: nothing to read. */
        static final LoadBalancing NONE = new LoadBalancing(Fact.known(Map.of()), Fact.known(Map.of()), Map.of());

        LoadBalancing {
            listenersByLoadBalancer = Collections.unmodifiableMap(listenersByLoadBalancer);
        }
    }

    private final ElasticLoadBalancingV2Client elb;

    LoadBalancingFactsCollector(ElasticLoadBalancingV2Client elb) {
        this.elb = elb;
    }

    /**
     * Target groups, then their load balancers, then listeners and their rules: one chain of calls,
     * each step naming what the next reads.
     */
    LoadBalancing read(Set<String> targetGroupArns) {
        Map<String, TargetGroup> tgs = new LinkedHashMap<>();
        Fact<Map<String, TargetGroup>> targetGroups;
        Fact<List<TargetGroup>> batch = FactCalls.fact("elasticloadbalancing:DescribeTargetGroups", "target groups",
                () -> elb.describeTargetGroups(x -> x.targetGroupArns(targetGroupArns)).targetGroups());
        if (batch instanceof Fact.Missing<?> && targetGroupArns.size() > 1) {
            // One missing group fails the whole batch: ask for each so the others are still read.
            for (String arn : targetGroupArns) {
                FactCalls.fact("elasticloadbalancing:DescribeTargetGroups", "target group " + arn,
                        () -> elb.describeTargetGroups(x -> x.targetGroupArns(arn)).targetGroups())
                        .toOptional().ifPresent(list -> list.forEach(tg -> tgs.put(tg.targetGroupArn(), tg)));
            }
            targetGroups = Fact.known(tgs);
        } else if (!batch.isKnown()) {
            targetGroups = batch instanceof Fact.Missing<?> ? Fact.known(Map.of()) : FactCalls.carry(batch, "");
            return new LoadBalancing(targetGroups, LoadBalancing.NONE.loadBalancers(), Map.of());
        } else {
            batch.toOptional().orElseThrow().forEach(tg -> tgs.put(tg.targetGroupArn(), tg));
            targetGroups = Fact.known(tgs);
        }
        Set<String> lbArns = new LinkedHashSet<>();
        tgs.values().forEach(tg -> lbArns.addAll(tg.loadBalancerArns()));
        if (lbArns.isEmpty()) {
            return new LoadBalancing(targetGroups, LoadBalancing.NONE.loadBalancers(), Map.of());
        }
        Fact<List<LoadBalancer>> lbs = FactCalls.fact("elasticloadbalancing:DescribeLoadBalancers", "load balancers",
                () -> elb.describeLoadBalancers(x -> x.loadBalancerArns(lbArns)).loadBalancers());
        if (!lbs.isKnown()) {
            return new LoadBalancing(targetGroups,
                    lbs instanceof Fact.Missing<?> ? Fact.known(Map.of()) : FactCalls.carry(lbs, ""), Map.of());
        }
        Map<String, LoadBalancer> byArn = new LinkedHashMap<>();
        lbs.toOptional().orElseThrow().forEach(lb -> byArn.put(lb.loadBalancerArn(), lb));
        Map<String, Fact<List<ListenerFacts>>> listenersByLb = new HashMap<>();
        for (String lbArn : byArn.keySet()) {
            listenersByLb.put(lbArn, listeners(lbArn));
        }
        return new LoadBalancing(targetGroups, Fact.known(byArn), listenersByLb);
    }

    private Fact<List<ListenerFacts>> listeners(String lbArn) {
        Fact<List<Listener>> listeners = FactCalls.fact("elasticloadbalancing:DescribeListeners",
                "listeners of " + lbArn, () -> elb.describeListenersPaginator(x -> x.loadBalancerArn(lbArn))
                        .listeners().stream().toList());
        if (!listeners.isKnown()) {
            return FactCalls.carry(listeners, "listeners of " + lbArn);
        }
        List<ListenerFacts> withRules = new ArrayList<>();
        for (Listener listener : listeners.toOptional().orElseThrow()) {
            Fact<List<Rule>> rules = FactCalls.fact("elasticloadbalancing:DescribeRules",
                    "rules of " + listener.listenerArn(), () -> elb.describeRules(
                            x -> x.listenerArn(listener.listenerArn())).rules());
            if (!rules.isKnown()) {
                return FactCalls.carry(rules, "rules");
            }
            withRules.add(SnapshotMapping.listener(listener, rules.toOptional().orElseThrow()));
        }
        return Fact.known(withRules);
    }

    Fact<List<TargetHealthFacts>> targetHealth(String targetGroupArn) {
        return FactCalls.fact("elasticloadbalancing:DescribeTargetHealth", "target group " + targetGroupArn,
                () -> elb.describeTargetHealth(x -> x.targetGroupArn(targetGroupArn)).targetHealthDescriptions()
                        .stream().map(SnapshotMapping::targetHealth).toList());
    }
}
