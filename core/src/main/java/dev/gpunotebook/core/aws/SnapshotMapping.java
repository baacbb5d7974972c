package dev.gpunotebook.core.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpunotebook.core.Json;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.ImageFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceTypeFacts;
import dev.gpunotebook.core.diagnose.snapshot.ListenerFacts;
import dev.gpunotebook.core.diagnose.snapshot.LoadBalancerFacts;
import dev.gpunotebook.core.diagnose.snapshot.NatGatewayFacts;
import dev.gpunotebook.core.diagnose.snapshot.NetworkAclFacts;
import dev.gpunotebook.core.diagnose.snapshot.RouteTableFacts;
import dev.gpunotebook.core.diagnose.snapshot.RuleFacts;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts;
import dev.gpunotebook.core.diagnose.snapshot.SubnetFacts;
import dev.gpunotebook.core.diagnose.snapshot.TargetGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.TargetHealthFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts;
import dev.gpunotebook.core.diagnose.snapshot.VpcEndpointFacts;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** AWS SDK responses to the diagnostics layer's snapshot records; pure, no calls. */
final class SnapshotMapping {

    private SnapshotMapping() {
    }

    static InstanceFacts instance(Instance i) {
        InstanceFacts.StateReason reason = i.stateReason() == null || i.stateReason().code() == null
                || i.stateReason().code().isBlank() ? null
                        : new InstanceFacts.StateReason(i.stateReason().code(), i.stateReason().message());
        return new InstanceFacts(i.instanceId(), i.instanceTypeAsString(), i.state().nameAsString(), reason,
                i.launchTime(), i.placement() == null ? null : i.placement().availabilityZone(), i.subnetId(),
                i.vpcId(), i.publicIpAddress(), i.privateIpAddress(), i.imageId(),
                i.securityGroups().stream().map(g -> g.groupId()).toList(),
                i.iamInstanceProfile() == null ? null : i.iamInstanceProfile().arn());
    }

    static String tag(Instance i, String key) {
        return i.tags().stream().filter(t -> key.equals(t.key())).map(t -> t.value()).findFirst().orElse(null);
    }

    static InstanceTypeFacts instanceType(InstanceTypeInfo t, Fact<List<String>> zones) {
        int gpus = 0;
        String gpuName = null;
        String gpuMaker = null;
        if (t.gpuInfo() != null && t.gpuInfo().hasGpus()) {
            gpus = t.gpuInfo().gpus().stream().mapToInt(g -> g.count() == null ? 0 : g.count()).sum();
            if (!t.gpuInfo().gpus().isEmpty()) {
                gpuName = t.gpuInfo().gpus().get(0).name();
                gpuMaker = t.gpuInfo().gpus().get(0).manufacturer();
            }
        }
        List<String> arch = t.processorInfo() == null ? List.of() : t.processorInfo().supportedArchitecturesAsStrings();
        return new InstanceTypeFacts(t.instanceTypeAsString(), t.vCpuInfo().defaultVCpus(), t.memoryInfo().sizeInMiB(),
                gpus, gpuName, gpuMaker, arch, zones);
    }

    static ImageFacts image(Image image) {
        return new ImageFacts(image.imageId(), image.name(), image.description(),
                image.architectureAsString() == null ? "x86_64" : image.architectureAsString(), image.ownerId(),
                image.imageOwnerAlias());
    }

    static SubnetFacts subnet(Subnet s) {
        return new SubnetFacts(s.subnetId(), s.vpcId(), s.availabilityZone(), s.cidrBlock(),
                Boolean.TRUE.equals(s.mapPublicIpOnLaunch()));
    }

    /** The route table of a subnet: the one associated with it, else the main table of its VPC. */
    static Fact<RouteTableFacts> routeTableOf(List<RouteTable> tables, String subnetId, String vpcId) {
        RouteTable explicit = null;
        RouteTable main = null;
        for (RouteTable table : tables) {
            if (vpcId != null && !vpcId.equals(table.vpcId())) {
                continue;
            }
            if (table.associations().stream().anyMatch(a -> subnetId.equals(a.subnetId()))) {
                explicit = table;
            }
            if (table.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()))) {
                main = table;
            }
        }
        RouteTable chosen = explicit != null ? explicit : main;
        if (chosen == null) {
            return Fact.missing("a route table for " + subnetId);
        }
        List<RouteTableFacts.Route> routes = new ArrayList<>();
        for (var r : chosen.routes()) {
            String destination = Stream.of(r.destinationCidrBlock(), r.destinationIpv6CidrBlock(),
                    r.destinationPrefixListId()).filter(Objects::nonNull).findFirst().orElse(null);
            String target = Stream.of(r.gatewayId(), r.natGatewayId(), r.transitGatewayId(),
                    r.vpcPeeringConnectionId(), r.networkInterfaceId(), r.instanceId(), r.egressOnlyInternetGatewayId(),
                    r.carrierGatewayId(), r.localGatewayId()).filter(Objects::nonNull).findFirst().orElse(null);
            if (destination != null && target != null) {
                routes.add(new RouteTableFacts.Route(destination, target, r.stateAsString()));
            }
        }
        List<String> subnets = chosen.associations().stream().map(a -> a.subnetId()).filter(Objects::nonNull).toList();
        return Fact.known(new RouteTableFacts(chosen.routeTableId(), explicit == null, subnets, routes));
    }

    /** The network ACL of a subnet (every subnet is associated with exactly one). */
    static Fact<NetworkAclFacts> networkAclOf(List<NetworkAcl> acls, String subnetId, String vpcId) {
        NetworkAcl chosen = acls.stream().filter(a -> a.associations().stream()
                .anyMatch(x -> subnetId.equals(x.subnetId()))).findFirst()
                .orElse(acls.stream().filter(a -> Boolean.TRUE.equals(a.isDefault())
                        && (vpcId == null || vpcId.equals(a.vpcId()))).findFirst().orElse(null));
        if (chosen == null) {
            return Fact.missing("a network ACL for " + subnetId);
        }
        List<NetworkAclFacts.Entry> entries = new ArrayList<>();
        for (var e : chosen.entries()) {
            if (e.cidrBlock() == null) {
                continue; // IPv6 entries: the checks reason about IPv4 paths
            }
            Integer from = e.portRange() == null ? null : e.portRange().from();
            Integer to = e.portRange() == null ? null : e.portRange().to();
            entries.add(new NetworkAclFacts.Entry(e.ruleNumber(), Boolean.TRUE.equals(e.egress()), e.protocol(), from, to,
                    e.cidrBlock(), "allow".equalsIgnoreCase(e.ruleActionAsString())));
        }
        return Fact.known(new NetworkAclFacts(chosen.networkAclId(), entries));
    }

    static NatGatewayFacts natGateway(NatGateway n) {
        return new NatGatewayFacts(n.natGatewayId(), n.subnetId(), n.stateAsString(), n.connectivityTypeAsString());
    }

    static VpcEndpointFacts vpcEndpoint(VpcEndpoint e) {
        return new VpcEndpointFacts(e.vpcEndpointId(), e.serviceName(),
                e.vpcEndpointTypeAsString() == null ? "Gateway" : e.vpcEndpointTypeAsString(),
                e.stateAsString() == null ? "available" : e.stateAsString(), e.subnetIds(), e.routeTableIds(),
                Boolean.TRUE.equals(e.privateDnsEnabled()));
    }

    static SecurityGroupFacts securityGroup(SecurityGroup g) {
        return new SecurityGroupFacts(g.groupId(), g.groupName(), g.ipPermissions().stream()
                .map(SnapshotMapping::permission).toList(), g.ipPermissionsEgress().stream()
                .map(SnapshotMapping::permission).toList());
    }

    private static SecurityGroupFacts.Permission permission(IpPermission p) {
        return new SecurityGroupFacts.Permission(p.ipProtocol(), p.fromPort(), p.toPort(),
                p.ipRanges().stream().map(r -> r.cidrIp()).filter(Objects::nonNull).toList(),
                p.ipv6Ranges().stream().map(r -> r.cidrIpv6()).filter(Objects::nonNull).toList(),
                p.userIdGroupPairs().stream().map(r -> r.groupId()).filter(Objects::nonNull).toList(),
                p.prefixListIds().stream().map(r -> r.prefixListId()).filter(Objects::nonNull).toList());
    }

    static ServiceFacts service(Service s) {
        List<ServiceFacts.ServiceLoadBalancer> lbs = s.loadBalancers().stream()
                .filter(lb -> lb.targetGroupArn() != null && lb.containerName() != null && lb.containerPort() != null)
                .map(lb -> new ServiceFacts.ServiceLoadBalancer(lb.targetGroupArn(), lb.containerName(),
                        lb.containerPort())).toList();
        List<ServiceFacts.ServiceEvent> events = s.events().stream()
                .filter(e -> e.createdAt() != null && e.message() != null && !e.message().isBlank())
                .map(e -> new ServiceFacts.ServiceEvent(e.createdAt(), e.message())).toList();
        ServiceFacts.DeploymentConfig deployment = s.deploymentConfiguration() == null ? null
                : new ServiceFacts.DeploymentConfig(
                        orDefault(s.deploymentConfiguration().minimumHealthyPercent(), 100),
                        orDefault(s.deploymentConfiguration().maximumPercent(), 200));
        List<ServiceFacts.Deployment> deployments = s.deployments().stream()
                .filter(d -> d.status() != null)
                .map(d -> new ServiceFacts.Deployment(d.status(), d.rolloutStateAsString(), d.rolloutStateReason(),
                        d.taskDefinition())).toList();
        List<ServiceFacts.PlacementConstraint> constraints = s.placementConstraints().stream()
                .filter(c -> c.typeAsString() != null)
                .map(c -> new ServiceFacts.PlacementConstraint(c.typeAsString(), c.expression())).toList();
        List<String> awsvpc = s.networkConfiguration() == null || s.networkConfiguration().awsvpcConfiguration() == null
                ? List.of() : s.networkConfiguration().awsvpcConfiguration().securityGroups();
        return new ServiceFacts(s.serviceArn(), s.serviceName(), s.status(), orDefault(s.desiredCount(), 0),
                orDefault(s.runningCount(), 0), orDefault(s.pendingCount(), 0), s.launchTypeAsString(),
                s.capacityProviderStrategy().stream().map(c -> c.capacityProvider()).toList(), s.taskDefinition(), lbs,
                events, deployment, deployments, constraints, awsvpc);
    }

    static TaskDefinitionFacts taskDefinition(TaskDefinition td) {
        List<TaskDefinitionFacts.ContainerDefinitionFacts> containers = td.containerDefinitions().stream()
                .map(SnapshotMapping::container).toList();
        return new TaskDefinitionFacts(td.taskDefinitionArn(), td.networkModeAsString(), parseInt(td.cpu()),
                parseInt(td.memory()), td.executionRoleArn(), containers);
    }

    private static TaskDefinitionFacts.ContainerDefinitionFacts container(ContainerDefinition c) {
        int gpus = c.resourceRequirements().stream().filter(r -> "GPU".equals(r.typeAsString()))
                .mapToInt(r -> parseInt(r.value()) == null ? 0 : parseInt(r.value())).sum();
        List<TaskDefinitionFacts.PortMapping> ports = c.portMappings().stream().filter(p -> p.containerPort() != null)
                .map(p -> new TaskDefinitionFacts.PortMapping(p.containerPort(), p.hostPort(), p.protocolAsString()))
                .toList();
        return new TaskDefinitionFacts.ContainerDefinitionFacts(c.name(), c.image(), positive(c.cpu()), c.memory(),
                c.memoryReservation(), c.essential() == null || c.essential(), ports, gpus,
                c.secrets().stream().map(s -> s.name()).filter(Objects::nonNull).toList(),
                c.environment().stream().map(e -> e.name()).filter(Objects::nonNull).toList(), c.entryPoint(),
                c.command());
    }

    static TaskFacts task(Task t) {
        List<TaskFacts.ContainerState> containers = t.containers().stream().filter(c -> c.name() != null)
                .map(c -> new TaskFacts.ContainerState(c.name(), c.lastStatus(), c.exitCode(), c.reason(),
                        c.networkBindings().stream().filter(b -> b.containerPort() != null && b.hostPort() != null)
                                .map(b -> new TaskFacts.NetworkBinding(b.containerPort(), b.hostPort())).toList(),
                        c.gpuIds())).toList();
        return new TaskFacts(t.taskArn(), t.taskDefinitionArn(), t.lastStatus() == null ? "UNKNOWN" : t.lastStatus(),
                t.desiredStatus(), t.containerInstanceArn(), t.stoppedReason(), t.stopCodeAsString(), t.stoppedAt(),
                containers);
    }

    static ContainerInstanceFacts containerInstance(ContainerInstance ci, String cluster) {
        Map<String, String> attributes = new LinkedHashMap<>();
        ci.attributes().forEach(a -> attributes.put(a.name(), a.value() == null ? "" : a.value()));
        return new ContainerInstanceFacts(ci.containerInstanceArn(), ci.ec2InstanceId(), cluster,
                ci.status() == null ? "ACTIVE" : ci.status(), ci.statusReason(), Boolean.TRUE.equals(ci.agentConnected()),
                ci.versionInfo() == null ? null : ci.versionInfo().agentVersion(), resources(ci.registeredResources()),
                resources(ci.remainingResources()), attributes, orDefault(ci.runningTasksCount(), 0),
                orDefault(ci.pendingTasksCount(), 0));
    }

    private static ContainerInstanceFacts.Resources resources(List<Resource> resources) {
        int cpu = 0;
        int memory = 0;
        List<String> gpus = List.of();
        List<Integer> ports = List.of();
        for (Resource r : resources) {
            switch (r.name() == null ? "" : r.name()) {
                case "CPU" -> cpu = Math.max(0, orDefault(r.integerValue(), 0));
                case "MEMORY" -> memory = Math.max(0, orDefault(r.integerValue(), 0));
                case "GPU" -> gpus = r.stringSetValue();
                case "PORTS" -> ports = r.stringSetValue().stream().map(SnapshotMapping::parseInt)
                        .filter(Objects::nonNull).toList();
                default -> {
                }
            }
        }
        return new ContainerInstanceFacts.Resources(cpu, memory, gpus, ports);
    }

    static LoadBalancerFacts loadBalancer(LoadBalancer lb) {
        return new LoadBalancerFacts(lb.loadBalancerArn(), lb.loadBalancerName(), lb.dnsName(), lb.schemeAsString(),
                lb.typeAsString(), lb.state() == null ? "active" : lb.state().codeAsString(),
                lb.state() == null ? null : lb.state().reason(),
                lb.availabilityZones().stream().filter(z -> z.zoneName() != null)
                        .map(z -> new LoadBalancerFacts.ZoneSubnet(z.zoneName(), z.subnetId())).toList(),
                lb.securityGroups());
    }

    static ListenerFacts listener(Listener l, List<Rule> rules) {
        return new ListenerFacts(l.listenerArn(), l.port(), l.protocolAsString(),
                rules.stream().map(SnapshotMapping::rule).toList());
    }

    static RuleFacts rule(Rule r) {
        List<String> paths = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (RuleCondition c : r.conditions()) {
            if ("path-pattern".equals(c.field())) {
                paths.addAll(c.pathPatternConfig() != null && !c.pathPatternConfig().values().isEmpty()
                        ? c.pathPatternConfig().values() : c.values());
            } else if ("host-header".equals(c.field())) {
                hosts.addAll(c.hostHeaderConfig() != null && !c.hostHeaderConfig().values().isEmpty()
                        ? c.hostHeaderConfig().values() : c.values());
            } else {
                other.add(c.field() + " " + String.join(",", c.values()));
            }
        }
        Action first = r.actions().stream().min((a, b) -> Integer.compare(orDefault(a.order(), 0),
                orDefault(b.order(), 0))).orElse(null);
        List<String> forwards = new ArrayList<>();
        for (Action a : r.actions()) {
            if (a.targetGroupArn() != null) {
                forwards.add(a.targetGroupArn());
            }
            if (a.forwardConfig() != null) {
                a.forwardConfig().targetGroups().stream().map(TargetGroupTuple::targetGroupArn)
                        .filter(arn -> arn != null && !forwards.contains(arn)).forEach(forwards::add);
            }
        }
        return new RuleFacts(r.ruleArn(), r.priority(), Boolean.TRUE.equals(r.isDefault()), paths, hosts, other,
                first == null ? "none" : first.typeAsString(), forwards);
    }

    static TargetGroupFacts targetGroup(TargetGroup tg) {
        TargetGroupFacts.HealthCheck hc = new TargetGroupFacts.HealthCheck(!Boolean.FALSE.equals(tg.healthCheckEnabled()),
                tg.healthCheckProtocolAsString(), tg.healthCheckPort(), tg.healthCheckPath(),
                tg.matcher() == null ? null : tg.matcher().httpCode(), orDefault(tg.healthCheckIntervalSeconds(), 30),
                orDefault(tg.healthCheckTimeoutSeconds(), 5), orDefault(tg.healthyThresholdCount(), 5),
                orDefault(tg.unhealthyThresholdCount(), 2));
        return new TargetGroupFacts(tg.targetGroupArn(), tg.targetGroupName(), tg.port(), tg.protocolAsString(),
                tg.targetTypeAsString(), hc, tg.loadBalancerArns());
    }

    static TargetHealthFacts targetHealth(TargetHealthDescription d) {
        var health = d.targetHealth();
        return new TargetHealthFacts(d.target().id(), d.target().port(), d.target().availabilityZone(),
                health == null || health.stateAsString() == null ? "unavailable" : health.stateAsString(),
                health == null ? null : health.reasonAsString(), health == null ? null : health.description());
    }

    /**
     * The Action strings of the Allow statements of an IAM policy document as IAM returns it
     * (URL-encoded JSON).
     */
    static List<String> allowedActions(String encodedDocument) {
        if (encodedDocument == null || encodedDocument.isBlank()) {
            return List.of();
        }
        String document = encodedDocument.trim().startsWith("{") ? encodedDocument
                : URLDecoder.decode(encodedDocument, StandardCharsets.UTF_8);
        JsonNode policy;
        try {
            policy = Json.read(document);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        // IAM lets Statement and Action be one value or an array of them.
        List<String> actions = new ArrayList<>();
        for (JsonNode statement : oneOrMany(policy.path("Statement"))) {
            if ("Allow".equals(statement.path("Effect").textValue())) {
                oneOrMany(statement.path("Action")).forEach(action -> {
                    if (action.isTextual()) {
                        actions.add(action.textValue());
                    }
                });
            }
        }
        return actions;
    }

    private static Iterable<JsonNode> oneOrMany(JsonNode node) {
        return node.isArray() ? node : node.isMissingNode() || node.isNull() ? List.of() : List.of(node);
    }

    static Instant newest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    static Integer parseInt(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer positive(Integer value) {
        return value == null || value <= 0 ? null : value;
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
