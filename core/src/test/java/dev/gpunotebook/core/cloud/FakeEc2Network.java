package dev.gpunotebook.core.cloud;

import dev.gpunotebook.core.cloud.Ec2Gateway.ResourceKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The networking half of an EC2 account in memory, for setup's steps: VPCs, subnets, internet gateways, route
 * tables and security groups, found by tags or names as EC2's Describe filters find them. A delete refuses what
 * EC2 refuses with {@code DependencyViolation} (a VPC that still holds subnets, gateways, route tables or groups;
 * a group another group's rule names), so a rollback in the wrong order fails here as it would on AWS; deleting
 * what is already gone is fine, as the port promises. {@link FakeEc2} answers the port's network calls from here.
 */
public final class FakeEc2Network {

    public record Vpc(String id, String cidr, Map<String, String> tags) {
    }

    public record InternetGateway(String id, String vpcId, Map<String, String> tags) {
    }

    /** A route table sending 0.0.0.0/0 to {@code gatewayId}, associated with {@code subnetIds}. */
    public record RouteTable(String id, String vpcId, String gatewayId, List<String> subnetIds,
            Map<String, String> tags) {
    }

    public record SecurityGroup(String id, String name, String vpcId, String description, List<IngressRule> ingress,
            Map<String, String> tags) {

        SecurityGroupInfo info() {
            return new SecurityGroupInfo(id, name, vpcId, ingress);
        }
    }

    /** EC2's default quota of inbound rules per security group. */
    public static final int INGRESS_RULES_PER_GROUP = 60;

    private final List<String> calls;
    private final AtomicInteger lastId = new AtomicInteger();
    private final Map<String, Vpc> vpcs = new LinkedHashMap<>();
    private final Map<String, SubnetInfo> subnets = new LinkedHashMap<>();
    private final Map<String, InternetGateway> gateways = new LinkedHashMap<>();
    private final Map<String, RouteTable> routeTables = new LinkedHashMap<>();
    private final Map<String, SecurityGroup> groups = new LinkedHashMap<>();
    private List<String> zones = List.of("us-east-1a", "us-east-1b", "us-east-1c");

    FakeEc2Network(List<String> calls) {
        this.calls = calls;
    }

    /** The region's available Availability Zones from now on (three unless a test says otherwise). */
    public synchronized void zones(String... names) {
        zones = List.of(names);
    }

    /** A VPC made outside gpu-notebook, e.g. one to adopt. */
    public synchronized void add(Vpc vpc) {
        vpcs.put(vpc.id(), vpc);
    }

    /** A subnet made outside gpu-notebook, e.g. one to adopt. */
    public synchronized void add(SubnetInfo subnet) {
        subnets.put(subnet.id(), subnet);
    }

    /** A route table made outside gpu-notebook. */
    public synchronized void add(RouteTable table) {
        routeTables.put(table.id(), table);
    }

    /** A security group made outside gpu-notebook, e.g. that of a load balancer to adopt. */
    public synchronized void add(SecurityGroup group) {
        groups.put(group.id(), group);
    }

    public synchronized List<Vpc> vpcs() {
        return List.copyOf(vpcs.values());
    }

    public synchronized List<SubnetInfo> subnets() {
        return List.copyOf(subnets.values());
    }

    public synchronized List<InternetGateway> internetGateways() {
        return List.copyOf(gateways.values());
    }

    public synchronized List<RouteTable> routeTables() {
        return List.copyOf(routeTables.values());
    }

    public synchronized List<SecurityGroup> securityGroups() {
        return List.copyOf(groups.values());
    }

    public synchronized Optional<SecurityGroup> securityGroup(String name) {
        return groups.values().stream().filter(g -> g.name().equals(name)).findFirst();
    }

    synchronized Optional<SubnetInfo> subnet(String id) {
        return Optional.ofNullable(subnets.get(id));
    }

    synchronized List<String> availabilityZones() {
        calls.add("DescribeAvailabilityZones");
        return zones;
    }

    synchronized Optional<String> findVpc(Map<String, String> tags) {
        calls.add("DescribeVpcs " + sorted(tags));
        return vpcs.values().stream().filter(v -> carries(v.tags(), tags)).map(Vpc::id).sorted().findFirst();
    }

    synchronized String createVpc(String cidr, Map<String, String> tags) {
        String id = nextId("vpc");
        calls.add("CreateVpc " + cidr);
        vpcs.put(id, new Vpc(id, cidr, Map.copyOf(tags)));
        return id;
    }

    synchronized List<SubnetInfo> subnets(String vpcId) {
        calls.add("DescribeSubnets " + vpcId);
        return subnets.values().stream().filter(s -> s.vpcId().equals(vpcId)).toList();
    }

    synchronized SubnetInfo createPublicSubnet(String vpcId, String cidr, String zone, Map<String, String> tags) {
        requireVpc(vpcId);
        String vpcCidr = vpcs.get(vpcId).cidr();
        if (prefix(cidr) < prefix(vpcCidr) || !overlap(vpcCidr, cidr)) {
            throw FakeCloud.awsError("InvalidSubnet.Range", "The CIDR '" + cidr + "' is invalid for " + vpcId);
        }
        if (!zones.contains(zone)) {
            throw FakeCloud.awsError("InvalidParameterValue", "No such Availability Zone " + zone);
        }
        if (subnets.values().stream().anyMatch(s -> s.vpcId().equals(vpcId) && overlap(s.cidr(), cidr))) {
            throw FakeCloud.awsError("InvalidSubnet.Conflict", "The CIDR '" + cidr + "' conflicts with another subnet");
        }
        String id = nextId("subnet");
        calls.add("CreateSubnet " + cidr + " " + zone);
        SubnetInfo subnet = new SubnetInfo(id, vpcId, cidr, zone, true, tags);
        subnets.put(id, subnet);
        return subnet;
    }

    synchronized Optional<String> findInternetGateway(String vpcId) {
        calls.add("DescribeInternetGateways " + vpcId);
        return gateways.values().stream().filter(g -> g.vpcId().equals(vpcId)).map(InternetGateway::id).findFirst();
    }

    synchronized String createInternetGateway(String vpcId, Map<String, String> tags) {
        requireVpc(vpcId);
        String id = nextId("igw");
        calls.add("CreateInternetGateway " + vpcId);
        gateways.put(id, new InternetGateway(id, vpcId, Map.copyOf(tags)));
        return id;
    }

    synchronized Optional<String> findRouteTable(String vpcId, Map<String, String> tags) {
        calls.add("DescribeRouteTables " + vpcId + " " + sorted(tags));
        return routeTables.values().stream().filter(t -> t.vpcId().equals(vpcId) && carries(t.tags(), tags))
                .map(RouteTable::id).sorted().findFirst();
    }

    synchronized String createPublicRouteTable(String vpcId, String gatewayId, List<String> subnetIds,
            Map<String, String> tags) {
        requireVpc(vpcId);
        if (!gateways.containsKey(gatewayId)) {
            throw FakeCloud.awsError("InvalidInternetGatewayID.NotFound", "No internet gateway " + gatewayId);
        }
        // A subnet has at most one explicit route table association.
        routeTables.values().stream().filter(t -> t.subnetIds().stream().anyMatch(subnetIds::contains)).findFirst()
                .ifPresent(t -> {
                    throw FakeCloud.awsError("Resource.AlreadyAssociated", "A subnet of " + subnetIds
                            + " is already associated with route table " + t.id());
                });
        String id = nextId("rtb");
        calls.add("CreateRouteTable " + vpcId + " 0.0.0.0/0 -> " + gatewayId + " " + subnetIds);
        routeTables.put(id, new RouteTable(id, vpcId, gatewayId, List.copyOf(subnetIds), Map.copyOf(tags)));
        return id;
    }

    synchronized Optional<SecurityGroupInfo> findSecurityGroup(String vpcId, String name) {
        calls.add("DescribeSecurityGroups " + vpcId + " " + name);
        return groups.values().stream().filter(g -> g.vpcId().equals(vpcId) && g.name().equals(name))
                .map(SecurityGroup::info).findFirst();
    }

    synchronized String createSecurityGroup(String vpcId, String name, String description, Map<String, String> tags) {
        requireVpc(vpcId);
        if (groups.values().stream().anyMatch(g -> g.vpcId().equals(vpcId) && g.name().equals(name))) {
            throw FakeCloud.awsError("InvalidGroup.Duplicate", "The security group '" + name + "' already exists");
        }
        String id = nextId("sg");
        calls.add("CreateSecurityGroup " + name);
        groups.put(id, new SecurityGroup(id, name, vpcId, description, List.of(), Map.copyOf(tags)));
        return id;
    }

    /** Like the gateway: looks at the group first and adds the rule only if no rule with the same ports and source exists. */
    synchronized void allowIngress(String groupId, IngressRule rule) {
        calls.add("DescribeSecurityGroups " + groupId);
        SecurityGroup group = groups.get(groupId);
        if (group == null) {
            throw FakeCloud.awsError("InvalidGroup.NotFound", "The security group '" + groupId + "' does not exist");
        }
        if (group.ingress().stream().anyMatch(rule::sameAs)) {
            return;
        }
        SecurityGroup source = groups.get(rule.sourceGroupId());
        if (!rule.sourceGroupId().isEmpty() && (source == null || !source.vpcId().equals(group.vpcId()))) {
            throw FakeCloud.awsError("InvalidGroup.NotFound", "The security group '" + rule.sourceGroupId()
                    + "' does not exist in " + group.vpcId());
        }
        if (group.ingress().size() >= INGRESS_RULES_PER_GROUP) {
            throw FakeCloud.awsError("RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security"
                    + " group has been reached.");
        }
        calls.add("AuthorizeSecurityGroupIngress " + groupId + " tcp " + rule.fromPort() + "-" + rule.toPort() + " from "
                + (rule.cidr().isEmpty() ? rule.sourceGroupId() : rule.cidr()));
        List<IngressRule> ingress = new ArrayList<>(group.ingress());
        ingress.add(rule);
        groups.put(groupId, new SecurityGroup(groupId, group.name(), group.vpcId(), group.description(), ingress,
                group.tags()));
    }

    synchronized void delete(ResourceKind kind, String id) {
        calls.add("Delete" + switch (kind) {
            case VPC -> "Vpc";
            case SUBNET -> "Subnet";
            case INTERNET_GATEWAY -> "InternetGateway";
            case ROUTE_TABLE -> "RouteTable";
            case SECURITY_GROUP -> "SecurityGroup";
        } + " " + id);
        switch (kind) {
            case VPC -> {
                if (subnets.values().stream().anyMatch(s -> s.vpcId().equals(id))
                        || gateways.values().stream().anyMatch(g -> g.vpcId().equals(id))
                        || routeTables.values().stream().anyMatch(t -> t.vpcId().equals(id))
                        || groups.values().stream().anyMatch(g -> g.vpcId().equals(id))) {
                    throw dependencyViolation(id);
                }
                vpcs.remove(id);
            }
            case SUBNET -> subnets.remove(id);
            case INTERNET_GATEWAY -> gateways.remove(id);
            case ROUTE_TABLE -> routeTables.remove(id);
            case SECURITY_GROUP -> {
                if (groups.values().stream().anyMatch(g -> g.ingress().stream()
                        .anyMatch(r -> r.sourceGroupId().equals(id)))) {
                    throw dependencyViolation(id);
                }
                groups.remove(id);
            }
        }
    }

    private void requireVpc(String vpcId) {
        if (!vpcs.containsKey(vpcId)) {
            throw FakeCloud.awsError("InvalidVpcID.NotFound", "The vpc ID '" + vpcId + "' does not exist");
        }
    }

    private String nextId(String prefix) {
        return prefix + "-" + String.format("%08x", lastId.incrementAndGet());
    }

    private static RuntimeException dependencyViolation(String id) {
        return FakeCloud.awsError("DependencyViolation", "The resource '" + id + "' has dependencies and cannot be deleted");
    }

    /** Whether two IPv4 CIDR blocks share an address: they agree on the bits of the shorter prefix. */
    private static boolean overlap(String a, String b) {
        int prefix = Math.min(prefix(a), prefix(b));
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (address(a) & mask) == (address(b) & mask);
    }

    private static int prefix(String cidr) {
        return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    }

    private static long address(String cidr) {
        long value = 0;
        for (String octet : cidr.substring(0, cidr.indexOf('/')).split("\\.")) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }

    private static boolean carries(Map<String, String> tags, Map<String, String> wanted) {
        return tags.entrySet().containsAll(wanted.entrySet());
    }

    static List<String> sorted(Map<String, String> tags) {
        return tags.values().stream().sorted().toList();
    }
}
