package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.ImageFacts;
import dev.gpunotebook.core.diagnose.snapshot.NatGatewayFacts;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.SubnetFacts;
import dev.gpunotebook.core.diagnose.snapshot.UserData;
import dev.gpunotebook.core.diagnose.snapshot.VpcEndpointFacts;
import dev.gpunotebook.core.model.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.RouteTable;

/**
 * Reads the EC2 and VPC facts of a diagnosis: the instances (every running one, for the quota; the
 * environments' others; any other that a service names), their types and the zones that offer
 * them, their images, subnets and security groups, each VPC's route tables, network ACLs, NAT
 * gateways and VPC endpoints, and each instance's user data. Each method is one read for every
 * target at once, and turns AWS errors into facts (see {@link FactCalls}).
 *
 * <p>Calls, each needing the IAM action of the same name: ec2:DescribeInstances,
 * ec2:DescribeInstanceTypes, ec2:DescribeInstanceTypeOfferings, ec2:DescribeImages,
 * ec2:DescribeSubnets, ec2:DescribeSecurityGroups, ec2:DescribeRouteTables,
 * ec2:DescribeNetworkAcls, ec2:DescribeNatGateways, ec2:DescribeVpcEndpoints and
 * ec2:DescribeInstanceAttribute (user data: AWS has no batch form, so one call per instance).
 */
final class Ec2FactsCollector {

    /** The states one DescribeInstances reads account-wide (for the quota); the other read takes the rest. */
    private static final List<String> RUNNING_STATES = List.of("pending", "running");
    private static final List<String> NOT_RUNNING_STATES = List.of("stopping", "stopped", "shutting-down", "terminated");

    /** The network of one VPC, as the instance checks need it. */
    record VpcFacts(Fact<List<RouteTable>> routeTables, Fact<List<NetworkAcl>> networkAcls,
            Fact<List<NatGatewayFacts>> natGateways, Fact<List<VpcEndpointFacts>> vpcEndpoints) {

        static final VpcFacts NOT_COLLECTED = new VpcFacts(Fact.unavailable("not collected"),
                Fact.unavailable("not collected"), Fact.unavailable("not collected"), Fact.unavailable("not collected"));
    }

    private final Ec2Client ec2;

    Ec2FactsCollector(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** Every pending or running instance of the account and region. */
    Fact<List<Instance>> runningInstances() {
        return describeInstances(List.of(Filter.builder().name("instance-state-name").values(RUNNING_STATES).build()));
    }

    /**
     * The instances tagged with one of {@code environments} that do not run: disjoint from
     * {@link #runningInstances()}, so no instance is read twice.
     */
    Fact<List<Instance>> notRunningIn(Set<String> environments) {
        return describeInstances(List.of(Filter.builder().name("tag:" + Tags.ENV).values(environments).build(),
                Filter.builder().name("instance-state-name").values(NOT_RUNNING_STATES).build()));
    }

    /** Instances by id, for those that neither of the other reads had (a stopped one of a hand-built stack). */
    Fact<Map<String, Instance>> instancesById(Set<String> instanceIds) {
        return describeInstances(List.of(Filter.builder().name("instance-id").values(instanceIds).build()))
                .map(Ec2FactsCollector::byId);
    }

    /** The environments' instances: the running ones that carry the tag, and those read by tag in other states. */
    static Fact<List<Instance>> taggedIn(Set<String> environments, Fact<List<Instance>> notRunningTagged,
            Fact<List<Instance>> running) {
        if (!notRunningTagged.isKnown()) {
            return notRunningTagged;
        }
        if (!running.isKnown()) {
            return running;
        }
        List<Instance> tagged = new ArrayList<>();
        running.toOptional().orElseThrow().stream()
                .filter(i -> environments.contains(SnapshotMapping.tag(i, Tags.ENV))).forEach(tagged::add);
        tagged.addAll(notRunningTagged.toOptional().orElseThrow());
        return Fact.known(tagged);
    }

    private Fact<List<Instance>> describeInstances(List<Filter> filters) {
        return FactCalls.fact("ec2:DescribeInstances", "instances", () -> ec2.describeInstancesPaginator(
                x -> x.filters(filters)).reservations().stream().flatMap(r -> r.instances().stream()).toList());
    }

    /** The types by name; when one unknown type fails the batch, each type is asked for on its own. */
    Fact<Map<String, InstanceTypeInfo>> instanceTypes(Set<String> types) {
        Fact<List<InstanceTypeInfo>> all = FactCalls.fact("ec2:DescribeInstanceTypes", "instance types",
                () -> ec2.describeInstanceTypesPaginator(x -> x.instanceTypesWithStrings(types)).instanceTypes()
                        .stream().toList());
        if (all.isKnown()) {
            return all.map(Ec2FactsCollector::byType);
        }
        if (!(all instanceof Fact.Missing<?>) || types.size() == 1) {
            return all instanceof Fact.Missing<?> ? Fact.known(Map.of()) : FactCalls.carry(all, "instance types");
        }
        Map<String, InstanceTypeInfo> found = new HashMap<>();
        for (String type : types) {
            FactCalls.fact("ec2:DescribeInstanceTypes", "instance type " + type,
                    () -> ec2.describeInstanceTypes(x -> x.instanceTypesWithStrings(type)).instanceTypes())
                    .toOptional().ifPresent(list -> list.forEach(t -> found.put(t.instanceTypeAsString(), t)));
        }
        return Fact.known(found);
    }

    /** The availability zones that offer each type. */
    Fact<Map<String, List<String>>> offerings(Set<String> types) {
        return FactCalls.fact("ec2:DescribeInstanceTypeOfferings", "instance type offerings", () -> {
            Map<String, List<String>> zones = new HashMap<>();
            ec2.describeInstanceTypeOfferingsPaginator(x -> x.locationType(LocationType.AVAILABILITY_ZONE)
                    .filters(Filter.builder().name("instance-type").values(types).build())).instanceTypeOfferings()
                    .forEach(o -> zones.computeIfAbsent(o.instanceTypeAsString(), k -> new ArrayList<>())
                            .add(o.location()));
            return zones;
        });
    }

    /** Each image by id; when one missing image fails the batch, each is asked for on its own. */
    Map<String, Fact<ImageFacts>> images(Set<String> imageIds) {
        Map<String, Fact<ImageFacts>> images = new HashMap<>();
        Fact<List<Image>> all = FactCalls.fact("ec2:DescribeImages", "images",
                () -> ec2.describeImages(x -> x.imageIds(imageIds)).images());
        if (all.isKnown() || !(all instanceof Fact.Missing<?>) || imageIds.size() == 1) {
            for (String id : imageIds) {
                Fact<ImageFacts> fact = all.isKnown() ? all.toOptional().orElseThrow().stream()
                        .filter(i -> id.equals(i.imageId())).findFirst().map(SnapshotMapping::image)
                        .<Fact<ImageFacts>>map(Fact::known).orElse(Fact.missing("AMI " + id))
                        : FactCalls.carry(all, "AMI " + id);
                images.put(id, fact);
            }
            return images;
        }
        for (String id : imageIds) {
            images.put(id, FactCalls.fact("ec2:DescribeImages", "AMI " + id,
                    () -> ec2.describeImages(x -> x.imageIds(id)).images().stream().findFirst()
                            .map(SnapshotMapping::image).orElse(null)));
        }
        return images;
    }

    Fact<Map<String, SubnetFacts>> subnets(Set<String> subnetIds) {
        return FactCalls.fact("ec2:DescribeSubnets", "subnets", () -> {
            Map<String, SubnetFacts> found = new HashMap<>();
            ec2.describeSubnetsPaginator(x -> x.subnetIds(subnetIds)).subnets()
                    .forEach(s -> found.put(s.subnetId(), SnapshotMapping.subnet(s)));
            return found;
        });
    }

    Fact<Map<String, SecurityGroupFacts>> securityGroups(Set<String> groupIds) {
        return FactCalls.fact("ec2:DescribeSecurityGroups", "security groups", () -> {
            Map<String, SecurityGroupFacts> found = new LinkedHashMap<>();
            ec2.describeSecurityGroupsPaginator(x -> x.groupIds(groupIds)).securityGroups()
                    .forEach(g -> found.put(g.groupId(), SnapshotMapping.securityGroup(g)));
            return found;
        });
    }

    Fact<List<RouteTable>> routeTables(String vpc) {
        return FactCalls.fact("ec2:DescribeRouteTables", "route tables of " + vpc,
                () -> ec2.describeRouteTablesPaginator(x -> x.filters(inVpc(vpc))).routeTables().stream().toList());
    }

    Fact<List<NetworkAcl>> networkAcls(String vpc) {
        return FactCalls.fact("ec2:DescribeNetworkAcls", "network ACLs of " + vpc,
                () -> ec2.describeNetworkAclsPaginator(x -> x.filters(inVpc(vpc))).networkAcls().stream().toList());
    }

    Fact<List<NatGatewayFacts>> natGateways(String vpc) {
        return FactCalls.fact("ec2:DescribeNatGateways", "NAT gateways of " + vpc,
                () -> ec2.describeNatGatewaysPaginator(x -> x.filter(inVpc(vpc))).natGateways().stream()
                        .map(SnapshotMapping::natGateway).toList());
    }

    Fact<List<VpcEndpointFacts>> vpcEndpoints(String vpc) {
        return FactCalls.fact("ec2:DescribeVpcEndpoints", "VPC endpoints of " + vpc,
                () -> ec2.describeVpcEndpointsPaginator(x -> x.filters(inVpc(vpc))).vpcEndpoints().stream()
                        .map(SnapshotMapping::vpcEndpoint).toList());
    }

    /** The user data of one instance (empty when it has none). */
    Fact<UserData> userData(String instanceId) {
        return FactCalls.fact("ec2:DescribeInstanceAttribute", "the user data of " + instanceId, () -> {
            var value = ec2.describeInstanceAttribute(x -> x.instanceId(instanceId)
                    .attribute(InstanceAttributeName.USER_DATA)).userData();
            return value == null || value.value() == null ? UserData.of(new byte[0]) : UserData.fromBase64(value.value());
        });
    }

    private static List<Filter> inVpc(String vpc) {
        return List.of(Filter.builder().name("vpc-id").values(vpc).build());
    }

    private static Map<String, Instance> byId(List<Instance> instances) {
        Map<String, Instance> map = new LinkedHashMap<>();
        instances.forEach(i -> map.put(i.instanceId(), i));
        return map;
    }

    private static Map<String, InstanceTypeInfo> byType(List<InstanceTypeInfo> types) {
        Map<String, InstanceTypeInfo> map = new HashMap<>();
        types.forEach(t -> map.put(t.instanceTypeAsString(), t));
        return map;
    }
}
