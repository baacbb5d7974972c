package dev.gpunotebook.core.aws;

import static dev.gpunotebook.core.aws.AwsErrors.call;

import dev.gpunotebook.core.cloud.ElbGateway;
import dev.gpunotebook.core.cloud.LoadBalancerInfo;
import dev.gpunotebook.core.cloud.RuleInfo;
import dev.gpunotebook.core.cloud.TargetGroupInfo;
import dev.gpunotebook.core.cloud.TargetGroupSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.IpAddressType;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/** {@link ElbGateway} with the AWS SDK's Elastic Load Balancing v2 client. */
final class AwsElbGateway implements ElbGateway {

    /** DescribeTags takes at most 20 resource ARNs per call. */
    private static final int DESCRIBE_TAGS_BATCH = 20;
    private static final String TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    private final ElasticLoadBalancingV2Client elb;

    AwsElbGateway(ElasticLoadBalancingV2Client elb) {
        this.elb = elb;
    }

    @Override
    public Optional<LoadBalancerInfo> findLoadBalancer(String nameOrArn) {
        try {
            List<LoadBalancer> found = nameOrArn.startsWith("arn:")
                    ? elb.describeLoadBalancers(r -> r.loadBalancerArns(nameOrArn)).loadBalancers()
                    : elb.describeLoadBalancers(r -> r.names(nameOrArn)).loadBalancers();
            return found.stream().findFirst().map(AwsElbGateway::loadBalancer);
        } catch (SdkException e) {
            if ("LoadBalancerNotFound".equals(AwsErrors.code(e))) {
                return Optional.empty();
            }
            throw AwsErrors.translate("elasticloadbalancing:DescribeLoadBalancers", e);
        }
    }

    @Override
    public LoadBalancerInfo createLoadBalancer(String name, List<String> subnetIds, String securityGroupId,
            Map<String, String> tags) {
        return loadBalancer(call("elasticloadbalancing:CreateLoadBalancer", () -> elb.createLoadBalancer(r -> r
                .name(name).type(LoadBalancerTypeEnum.APPLICATION).scheme(LoadBalancerSchemeEnum.INTERNET_FACING)
                .ipAddressType(IpAddressType.IPV4).subnets(subnetIds).securityGroups(securityGroupId)
                .tags(tags(tags)))).loadBalancers().get(0));
    }

    @Override
    public void deleteLoadBalancer(String arn) {
        ignoringNotFound("elasticloadbalancing:DeleteLoadBalancer", () -> elb.deleteLoadBalancer(r -> r.loadBalancerArn(arn)));
    }

    @Override
    public Optional<String> findListener(String loadBalancerArn, int port) {
        return call("elasticloadbalancing:DescribeListeners", () -> elb.describeListeners(r -> r
                .loadBalancerArn(loadBalancerArn))).listeners().stream()
                .filter(l -> l.port() != null && l.port() == port).map(Listener::listenerArn).findFirst();
    }

    @Override
    public String createListener(String loadBalancerArn, int port, String certificateArn, Map<String, String> tags) {
        boolean https = !certificateArn.isEmpty();
        return call("elasticloadbalancing:CreateListener", () -> elb.createListener(r -> {
            r.loadBalancerArn(loadBalancerArn).port(port).protocol(https ? ProtocolEnum.HTTPS : ProtocolEnum.HTTP)
                    .defaultActions(a -> a.type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(f -> f
                            .statusCode("404").contentType("text/plain").messageBody("No notebook at this path.")))
                    .tags(tags(tags));
            if (https) {
                r.certificates(c -> c.certificateArn(certificateArn)).sslPolicy(TLS_POLICY);
            }
        })).listeners().get(0).listenerArn();
    }

    @Override
    public void deleteListener(String arn) {
        ignoringNotFound("elasticloadbalancing:DeleteListener", () -> elb.deleteListener(r -> r.listenerArn(arn)));
    }

    @Override
    public Optional<TargetGroupInfo> findTargetGroup(String name) {
        List<TargetGroup> groups;
        try {
            groups = elb.describeTargetGroups(r -> r.names(name)).targetGroups();
        } catch (SdkException e) {
            if ("TargetGroupNotFound".equals(AwsErrors.code(e))) {
                return Optional.empty();
            }
            throw AwsErrors.translate("elasticloadbalancing:DescribeTargetGroups", e);
        }
        if (groups.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Map<String, String>> tags = tagsOf(List.of(groups.get(0).targetGroupArn()));
        return Optional.of(targetGroup(groups.get(0), tags));
    }

    @Override
    public TargetGroupInfo createTargetGroup(TargetGroupSpec spec) {
        TargetGroup group = call("elasticloadbalancing:CreateTargetGroup", () -> elb.createTargetGroup(r -> r
                .name(spec.name()).protocol(ProtocolEnum.HTTP).port(spec.port()).vpcId(spec.vpcId())
                .targetType(TargetTypeEnum.INSTANCE)
                .healthCheckProtocol(ProtocolEnum.HTTP).healthCheckPath(spec.healthCheckPath())
                .healthCheckPort("traffic-port").matcher(m -> m.httpCode("200"))
                .healthCheckIntervalSeconds(30).healthyThresholdCount(2).unhealthyThresholdCount(3)
                .tags(tags(spec.tags())))).targetGroups().get(0);
        // The default 300 s would hold every stop for five minutes while the ALB drains one user's connections.
        call("elasticloadbalancing:ModifyTargetGroupAttributes", () -> elb.modifyTargetGroupAttributes(r -> r
                .targetGroupArn(group.targetGroupArn())
                .attributes(a -> a.key("deregistration_delay.timeout_seconds").value("30"))));
        return targetGroup(group, Map.of(group.targetGroupArn(), spec.tags()));
    }

    @Override
    public void deleteTargetGroup(String arn) {
        ignoringNotFound("elasticloadbalancing:DeleteTargetGroup", () -> elb.deleteTargetGroup(r -> r.targetGroupArn(arn)));
    }

    @Override
    public List<TargetGroupInfo> findTargetGroups(Map<String, String> tags) {
        List<TargetGroup> all = new ArrayList<>();
        call("elasticloadbalancing:DescribeTargetGroups", () -> {
            elb.describeTargetGroupsPaginator(r -> { }).targetGroups().forEach(all::add);
            return null;
        });
        Map<String, Map<String, String>> tagsByArn = tagsOf(all.stream().map(TargetGroup::targetGroupArn).toList());
        return all.stream().filter(g -> tagsByArn.getOrDefault(g.targetGroupArn(), Map.of()).entrySet()
                .containsAll(tags.entrySet())).map(g -> targetGroup(g, tagsByArn)).toList();
    }

    @Override
    public List<RuleInfo> rules(String listenerArn) {
        return call("elasticloadbalancing:DescribeRules", () -> elb.describeRules(r -> r.listenerArn(listenerArn)))
                .rules().stream().map(rule -> new RuleInfo(rule.ruleArn(),
                        rule.priority() != null && rule.priority().matches("\\d+") ? Integer.parseInt(rule.priority()) : 0,
                        Boolean.TRUE.equals(rule.isDefault()), pathPatterns(rule))).toList();
    }

    @Override
    public String createRule(String listenerArn, String pathPattern, String targetGroupArn, int priority,
            Map<String, String> tags) {
        return call("elasticloadbalancing:CreateRule", () -> elb.createRule(r -> r.listenerArn(listenerArn)
                .priority(priority)
                .conditions(c -> c.field("path-pattern").pathPatternConfig(p -> p.values(pathPattern)))
                .actions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn))
                .tags(tags(tags)))).rules().get(0).ruleArn();
    }

    @Override
    public void deleteRule(String ruleArn) {
        ignoringNotFound("elasticloadbalancing:DeleteRule", () -> elb.deleteRule(r -> r.ruleArn(ruleArn)));
    }

    private static Set<String> pathPatterns(Rule rule) {
        Set<String> patterns = new HashSet<>();
        for (RuleCondition condition : rule.conditions()) {
            if ("path-pattern".equals(condition.field())) {
                patterns.addAll(condition.values());
                if (condition.pathPatternConfig() != null) {
                    patterns.addAll(condition.pathPatternConfig().values());
                }
            }
        }
        return patterns;
    }

    private Map<String, Map<String, String>> tagsOf(List<String> arns) {
        Map<String, Map<String, String>> tags = new HashMap<>();
        for (int from = 0; from < arns.size(); from += DESCRIBE_TAGS_BATCH) {
            List<String> batch = arns.subList(from, Math.min(arns.size(), from + DESCRIBE_TAGS_BATCH));
            for (TagDescription d : call("elasticloadbalancing:DescribeTags", () -> elb.describeTags(r -> r
                    .resourceArns(batch))).tagDescriptions()) {
                tags.put(d.resourceArn(), d.tags().stream().collect(Collectors.toMap(Tag::key,
                        t -> t.value() == null ? "" : t.value(), (a, b) -> b)));
            }
        }
        return tags;
    }

    private static void ignoringNotFound(String iamAction, Runnable call) {
        try {
            call.run();
        } catch (SdkException e) {
            if (!AwsErrors.code(e).endsWith("NotFound")) {
                throw AwsErrors.translate(iamAction, e);
            }
        }
    }

    private static LoadBalancerInfo loadBalancer(LoadBalancer lb) {
        return new LoadBalancerInfo(lb.loadBalancerArn(), lb.loadBalancerName(), lb.dnsName(), lb.vpcId(), lb.securityGroups());
    }

    private static TargetGroupInfo targetGroup(TargetGroup g, Map<String, Map<String, String>> tags) {
        return new TargetGroupInfo(g.targetGroupArn(), g.targetGroupName(), g.port() == null ? 0 : g.port(),
                g.healthCheckPath() == null ? "" : g.healthCheckPath(),
                g.healthCheckPort() == null ? "" : g.healthCheckPort(), tags.getOrDefault(g.targetGroupArn(), Map.of()));
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
