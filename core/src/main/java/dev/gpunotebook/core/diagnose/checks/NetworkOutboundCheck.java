package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.NatGatewayFacts;
import dev.gpunotebook.core.diagnose.snapshot.NetworkAclFacts;
import dev.gpunotebook.core.diagnose.snapshot.RouteTableFacts;
import dev.gpunotebook.core.diagnose.snapshot.RouteTableFacts.Route;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts.Permission;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.SubnetFacts;
import dev.gpunotebook.core.diagnose.snapshot.VpcEndpointFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies that the instance has a way out to the ECS endpoints: a public IP with a
 * {@code 0.0.0.0/0} route to an internet gateway, a route to an available NAT gateway, or
 * interface endpoints for ecs, ecs-agent and ecs-telemetry (with ecr.api, ecr.dkr, the s3
 * gateway and logs for image pulls and logs, else WARN); and that its security groups allow
 * HTTPS out and its subnet's network ACL lets HTTPS out and the replies (ephemeral ports
 * 1024-65535) back in. A route through a transit gateway, peering or appliance cannot be followed
 * from here (WARN). When no way out is found yet the agent is connected, the answer is WARN, not
 * FAIL: something (a proxy...) evidently works.
 *
 * <p>Needs EC2 DescribeSubnets, DescribeRouteTables, DescribeNatGateways, DescribeVpcEndpoints,
 * DescribeSecurityGroups and DescribeNetworkAcls ({@code ec2:Describe*}).
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html">https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html</a>
 */
public final class NetworkOutboundCheck extends BaseCheck {
    static final String DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html";
    private static final List<String> AGENT_ENDPOINTS = List.of("ecs", "ecs-agent", "ecs-telemetry");
    private static final List<String> PULL_AND_LOG_ENDPOINTS = List.of("ecr.api", "ecr.dkr", "s3", "logs");
    private static final int HTTPS = 443;

    public NetworkOutboundCheck() {
        super(CheckIds.NETWORK_OUTBOUND, Area.NETWORK, DOCS, CheckIds.CREDENTIALS);
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        InstanceFacts instance = need(s.instance(), "the instance",
                () -> skip(CheckIds.INSTANCE_STATE, "there is no instance whose network could be checked"));
        SubnetFacts subnet = need(s.instanceSubnet(), "subnet " + instance.subnetId());
        RouteTableFacts routes = need(s.instanceRouteTable(), "the route table of " + subnet.subnetId());
        String region = s.target().region();
        String id = instance.instanceId();
        List<String> evidence = new ArrayList<>();
        evidence.add(id + " in " + subnet.subnetId() + " (" + subnet.cidrBlock() + ", " + subnet.availabilityZone()
                + "), public IP " + (instance.publicIp() == null ? "none" : instance.publicIp()));
        evidence.add("route table " + routes.routeTableId() + (routes.main() ? " (the VPC's main table)" : "") + ": "
                + String.join("; ", routes.routes().stream().map(Route::toString).toList()));

        Optional<Route> defaultRoute = routes.routes().stream().filter(r -> r.destination().equals("0.0.0.0/0"))
                .findFirst();
        String target = defaultRoute.map(Route::target).orElse("");
        boolean routeActive = defaultRoute.map(Route::isActive).orElse(false);
        List<VpcEndpointFacts> endpoints = s.vpcEndpoints().toOptional().orElse(List.of());
        List<String> missingAgentEndpoints = missingEndpoints(endpoints, AGENT_ENDPOINTS, region, routes);

        String path = null;
        Cidr destination = Cidr.ANYWHERE;
        boolean unverifiable = false;
        if (routeActive && target.startsWith("igw-") && instance.publicIp() != null) {
            path = "public IP " + instance.publicIp() + " and 0.0.0.0/0 -> " + target;
        } else if (routeActive && target.startsWith("nat-")) {
            Optional<NatGatewayFacts> nat = s.natGateways().toOptional().orElse(List.of()).stream()
                    .filter(n -> n.natGatewayId().equals(target)).findFirst();
            nat.ifPresent(n -> evidence.add(n.natGatewayId() + " " + n.state() + " (" + n.connectivityType() + ")"));
            if (nat.isEmpty() || nat.get().state().equals("available") && nat.get().connectivityType().equals("public")) {
                path = "NAT gateway " + target;
            }
        } else if (routeActive && !target.isEmpty() && !target.startsWith("igw-") && !target.equals("local")) {
            path = "0.0.0.0/0 -> " + target;
            unverifiable = true;
        }
        if (path == null && missingAgentEndpoints.isEmpty()) {
            path = "VPC interface endpoints for ecs, ecs-agent and ecs-telemetry";
            destination = Cidr.parse(subnet.cidrBlock()).orElse(Cidr.ANYWHERE);
        }
        boolean agentConnected = s.containerInstance().toOptional().map(ci -> ci.agentConnected()).orElse(false);
        if (path == null) {
            String why = noPathReason(instance, subnet, defaultRoute, s);
            if (agentConnected) {
                return warn("Found no way out (" + why + "), yet the ECS agent is connected: traffic leaves some way "
                        + "diagnose cannot see (a proxy?).", evidence, null);
            }
            return fail(id + " has no way out to the ECS endpoints: " + why + ".", evidence,
                    noPathRemedy(instance, subnet, routes, defaultRoute, region));
        }
        evidence.add("way out: " + path);

        Cidr peer = destination;
        Optional<String> blocked = securityGroupEgress(s, instance, peer, evidence)
                .or(() -> networkAcl(s, peer, evidence));
        if (blocked.isPresent()) {
            return fail(blocked.get(), evidence, blockedRemedy(blocked.get(), s, instance, region));
        }
        if (unverifiable) {
            return warn("Traffic to the internet leaves through " + target + ", which diagnose cannot follow.", evidence,
                    null);
        }
        if (path.startsWith("VPC interface endpoints")) {
            List<String> missing = missingEndpoints(endpoints, PULL_AND_LOG_ENDPOINTS, region, routes);
            if (!missing.isEmpty()) {
                return warn("The agent can reach ECS through VPC endpoints, but there is no endpoint for "
                        + String.join(", ", missing) + ": image pulls from ECR or logs will fail.", evidence,
                        "Create them: aws ec2 create-vpc-endpoint --vpc-id " + instance.vpcId()
                                + " --vpc-endpoint-type Interface --private-dns-enabled --service-name com.amazonaws."
                                + region + ".ecr.dkr ... (and a Gateway endpoint for s3 on " + routes.routeTableId() + ").");
            }
        }
        return pass(id + " reaches the ECS endpoints through " + path + ".", evidence);
    }

    private static List<String> missingEndpoints(List<VpcEndpointFacts> endpoints, List<String> names, String region,
            RouteTableFacts routes) {
        return names.stream().filter(name -> endpoints.stream().noneMatch(e -> e.isAvailable()
                && e.serviceName().equals("com.amazonaws." + region + "." + name)
                && (e.type().equalsIgnoreCase("Gateway") ? e.routeTableIds().contains(routes.routeTableId())
                        : e.privateDnsEnabled()))).toList();
    }

    private static String noPathReason(InstanceFacts instance, SubnetFacts subnet, Optional<Route> defaultRoute,
            Snapshot s) {
        if (defaultRoute.isPresent() && !defaultRoute.get().isActive()) {
            return "the 0.0.0.0/0 route to " + defaultRoute.get().target() + " is " + defaultRoute.get().state();
        }
        if (defaultRoute.isPresent() && defaultRoute.get().target().startsWith("igw-")) {
            return "the subnet routes to " + defaultRoute.get().target() + " but the instance has no public IP"
                    + (subnet.mapPublicIpOnLaunch() ? "" : " (the subnet does not assign one)");
        }
        if (defaultRoute.isPresent() && defaultRoute.get().target().startsWith("nat-")) {
            return "the route goes to " + defaultRoute.get().target() + ", which is not an available public NAT gateway ("
                    + s.natGateways().toOptional().orElse(List.of()).stream()
                            .filter(n -> n.natGatewayId().equals(defaultRoute.get().target()))
                            .map(n -> n.state() + ", " + n.connectivityType()).findFirst().orElse("not found") + ")";
        }
        return "no 0.0.0.0/0 route to an internet or NAT gateway, and no VPC endpoints for ecs, ecs-agent and "
                + "ecs-telemetry";
    }

    private static String noPathRemedy(InstanceFacts instance, SubnetFacts subnet, RouteTableFacts routes,
            Optional<Route> defaultRoute, String region) {
        if (defaultRoute.isPresent() && defaultRoute.get().isActive() && defaultRoute.get().target().startsWith("igw-")) {
            return "Give the instance a public IP: aws ec2 modify-subnet-attribute --subnet-id " + subnet.subnetId()
                    + " --map-public-ip-on-launch --region " + region + " and replace the instance; or route "
                    + "0.0.0.0/0 through a NAT gateway instead.";
        }
        return "Add a way out: in a public subnet, aws ec2 create-route --route-table-id " + routes.routeTableId()
                + " --destination-cidr-block 0.0.0.0/0 --gateway-id <the VPC's igw-...> (and a public IP on the "
                + "instance); in a private one, a route to a NAT gateway (--nat-gateway-id nat-...); or interface "
                + "endpoints com.amazonaws." + region + ".ecs, .ecs-agent, .ecs-telemetry (plus .ecr.api, .ecr.dkr, "
                + ".logs and an s3 gateway endpoint).";
    }

    /** A message when no security group of the instance lets HTTPS out to {@code destination}. */
    private static Optional<String> securityGroupEgress(Snapshot s, InstanceFacts instance, Cidr destination,
            List<String> evidence) {
        Optional<List<SecurityGroupFacts>> groups = s.securityGroups().toOptional();
        if (groups.isEmpty()) {
            evidence.add("security groups: " + s.securityGroups().describe());
            return Optional.empty();
        }
        List<SecurityGroupFacts> own = groups.get().stream()
                .filter(g -> instance.securityGroupIds().contains(g.groupId())).toList();
        if (own.isEmpty()) {
            return Optional.empty();
        }
        for (SecurityGroupFacts group : own) {
            for (Permission p : group.egress()) {
                int[] range = p.tcpRange();
                boolean port = p.coversTcp() && range[0] <= HTTPS && HTTPS <= range[1];
                boolean reaches = p.ipv4Ranges().stream().anyMatch(c -> Cidr.covers(c, destination))
                        || !destination.isAnywhere() && (!p.groupIds().isEmpty() || !p.prefixListIds().isEmpty());
                if (port && reaches) {
                    evidence.add(group.groupId() + " egress: " + p);
                    return Optional.empty();
                }
            }
        }
        own.forEach(g -> evidence.add(g.groupId() + " egress: " + (g.egress().isEmpty() ? "none"
                : String.join("; ", g.egress().stream().map(Permission::toString).toList()))));
        return Optional.of("The security groups of " + instance.instanceId() + " (" + String.join(", ",
                instance.securityGroupIds()) + ") allow no HTTPS (tcp 443) out, so the agent cannot reach ECS.");
    }

    private static Optional<String> networkAcl(Snapshot s, Cidr destination, List<String> evidence) {
        Optional<NetworkAclFacts> acl = s.instanceNetworkAcl().toOptional();
        if (acl.isEmpty()) {
            evidence.add("network ACL: " + s.instanceNetworkAcl().describe());
            return Optional.empty();
        }
        NetworkAcls.Verdict out = NetworkAcls.tcp(acl.get(), true, HTTPS, HTTPS, destination);
        // Replies come back to the client's ephemeral port; AWS recommends allowing 1024-65535 in.
        NetworkAcls.Verdict replies = NetworkAcls.tcp(acl.get(), false, 1024, 65535, destination);
        evidence.add(acl.get().networkAclId() + " outbound 443: " + String.join("; ", out.decidingRules()));
        evidence.add(acl.get().networkAclId() + " inbound replies 1024-65535: " + String.join("; ", replies.decidingRules()));
        if (!out.allowed()) {
            return Optional.of("Network ACL " + acl.get().networkAclId() + " blocks HTTPS (tcp 443) out of the subnet.");
        }
        if (!replies.allowed()) {
            return Optional.of("Network ACL " + acl.get().networkAclId() + " blocks the replies (inbound tcp "
                    + replies.blocked() + "): network ACLs are stateless.");
        }
        return Optional.empty();
    }

    private static String blockedRemedy(String problem, Snapshot s, InstanceFacts instance, String region) {
        if (problem.startsWith("The security groups")) {
            return "aws ec2 authorize-security-group-egress --group-id " + instance.securityGroupIds().get(0)
                    + " --protocol tcp --port 443 --cidr 0.0.0.0/0 --region " + region;
        }
        String acl = s.instanceNetworkAcl().toOptional().map(NetworkAclFacts::networkAclId).orElse("acl-...");
        if (problem.contains("replies")) {
            return "aws ec2 create-network-acl-entry --network-acl-id " + acl + " --ingress --rule-number 100 "
                    + "--protocol tcp --port-range From=1024,To=65535 --cidr-block 0.0.0.0/0 --rule-action allow "
                    + "--region " + region + " (pick a rule number below the deny that matches).";
        }
        return "aws ec2 create-network-acl-entry --network-acl-id " + acl + " --egress --rule-number 100 --protocol tcp "
                + "--port-range From=443,To=443 --cidr-block 0.0.0.0/0 --rule-action allow --region " + region
                + " (pick a rule number below the deny that matches).";
    }
}
