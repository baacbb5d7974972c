package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.CLUSTER;
import static dev.gpunotebook.core.diagnose.Snapshots.GPU_UUID;
import static dev.gpunotebook.core.diagnose.Snapshots.SUBNET_A;
import static dev.gpunotebook.core.diagnose.Snapshots.VPC;
import static dev.gpunotebook.core.diagnose.Snapshots.containerInstance;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.instance;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static dev.gpunotebook.core.diagnose.Snapshots.routeTable;
import static dev.gpunotebook.core.diagnose.Snapshots.securityGroupsWithInstanceGroup;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.NatGatewayFacts;
import dev.gpunotebook.core.diagnose.snapshot.NetworkAclFacts;
import dev.gpunotebook.core.diagnose.snapshot.NetworkAclFacts.Entry;
import dev.gpunotebook.core.diagnose.snapshot.RouteTableFacts;
import dev.gpunotebook.core.diagnose.snapshot.RouteTableFacts.Route;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts.Permission;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.SubnetFacts;
import dev.gpunotebook.core.diagnose.snapshot.VpcEndpointFacts;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NetworkOutboundCheckTest {
    private final NetworkOutboundCheck check = new NetworkOutboundCheck();
    private static final Route LOCAL = new Route("10.0.0.0/16", "local", "active");

    /** A private instance (no public IP) that has not registered, with these routes. */
    private static Snapshot.Builder privateInstance(Route... routes) {
        return healthy().instance(known(instance("running", null, null, "g5.xlarge")))
                .containerInstance(Fact.missing("container instance"))
                .instanceRouteTable(known(routeTable(routes)));
    }

    private static VpcEndpointFacts endpoint(String service) {
        boolean gateway = service.equals("s3");
        return new VpcEndpointFacts("vpce-" + service.replace('.', '-'), "com.amazonaws.eu-west-1." + service,
                gateway ? "Gateway" : "Interface", "available", gateway ? List.of() : List.of("subnet-0pub1a"),
                gateway ? List.of("rtb-0public") : List.of(), !gateway);
    }

    /** The healthy stack with the instance's security group allowing only this egress. */
    private static Snapshot.Builder egressOnly(Snapshot.Builder stack, Permission... egress) {
        return stack.securityGroups(securityGroupsWithInstanceGroup(new SecurityGroupFacts("sg-0instance",
                "gpu-notebook-dev-instance", List.of(), List.of(egress))));
    }

    private static List<VpcEndpointFacts> allEndpoints() {
        return Stream.of("ecs", "ecs-agent", "ecs-telemetry", "ecr.api", "ecr.dkr", "s3", "logs")
                .map(NetworkOutboundCheckTest::endpoint).toList();
    }

    @Nested
    @DisplayName("ways out")
    class WaysOut {
        @Test
        void run_whenPublicIpAndInternetGatewayRoute_passes() {
            CheckResult result = check.run(healthy().build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).contains("public IP 203.0.113.10 and 0.0.0.0/0 -> igw-0main");
        }

        @Test
        void run_whenRouteGoesToAnAvailableNatGateway_passes() {
            CheckResult result = check.run(privateInstance(LOCAL, new Route("0.0.0.0/0", "nat-0abc", "active"))
                    .natGateways(known(List.of(new NatGatewayFacts("nat-0abc", "subnet-0pub1b", "available", "public"))))
                    .build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).contains("NAT gateway nat-0abc");
        }

        @Test
        void run_whenAllEndpointsExist_passes() {
            CheckResult result = check.run(privateInstance(LOCAL).vpcEndpoints(known(allEndpoints())).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).contains("VPC interface endpoints");
        }

        @Test
        void run_whenOnlyTheAgentEndpointsExist_warnsAboutPullsAndLogs() {
            CheckResult result = check.run(privateInstance(LOCAL).vpcEndpoints(known(Stream.of("ecs", "ecs-agent",
                    "ecs-telemetry").map(NetworkOutboundCheckTest::endpoint).toList())).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("ecr.api, ecr.dkr, s3, logs");
        }

        @Test
        void run_whenRouteGoesToATransitGateway_warnsItCannotBeFollowed() {
            CheckResult result = check.run(privateInstance(LOCAL, new Route("0.0.0.0/0", "tgw-0hub", "active")).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("tgw-0hub");
        }
    }

    @Nested
    @DisplayName("no way out")
    class NoWayOut {
        @Test
        void run_whenInternetRouteButNoPublicIp_failsSayingSo() {
            CheckResult result = check.run(privateInstance(LOCAL, new Route("0.0.0.0/0", "igw-0main", "active")).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("routes to igw-0main but the instance has no public IP");
            assertThat(result.remediation()).contains("modify-subnet-attribute --subnet-id subnet-0pub1a");
        }

        @Test
        void run_whenPrivateSubnetWithoutNatOrEndpoints_failsWithTheOptions() {
            CheckResult result = check.run(privateInstance(LOCAL).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("no 0.0.0.0/0 route");
            assertThat(result.remediation()).contains("create-route --route-table-id rtb-0public", "ecs-agent");
        }

        @Test
        void run_whenPublicIpButNoInternetRoute_fails() {
            CheckResult result = check.run(healthy().containerInstance(Fact.missing("container instance"))
                    .instanceRouteTable(known(routeTable(LOCAL))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
        }

        @Test
        void run_whenNatRouteIsABlackhole_failsQuotingTheState() {
            CheckResult result = check.run(privateInstance(LOCAL, new Route("0.0.0.0/0", "nat-0gone", "blackhole"))
                    .build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("nat-0gone is blackhole");
        }

        @Test
        void run_whenNatGatewayIsNotAvailable_fails() {
            CheckResult result = check.run(privateInstance(LOCAL, new Route("0.0.0.0/0", "nat-0abc", "active"))
                    .natGateways(known(List.of(new NatGatewayFacts("nat-0abc", "subnet-0pub1b", "failed", "public"))))
                    .build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("failed, public");
        }

        @Test
        void run_whenNoPathFoundButAgentIsConnected_warnsInsteadOfFailing() {
            CheckResult result = check.run(privateInstance(LOCAL)
                    .containerInstance(known(containerInstance(CLUSTER, "ACTIVE", true, List.of(GPU_UUID)))).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("agent is connected");
        }
    }

    @Nested
    @DisplayName("filters on the way out")
    class Filters {
        @Test
        void run_whenSecurityGroupAllowsNoHttpsOut_fails() {
            SecurityGroupFacts onlyHttp = new SecurityGroupFacts("sg-0instance", "i", List.of(),
                    List.of(Permission.tcp(80, 80, List.of("0.0.0.0/0"), List.of())));

            CheckResult result = check.run(healthy().securityGroups(securityGroupsWithInstanceGroup(onlyHttp)).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("allow no HTTPS (tcp 443) out");
            assertThat(result.remediation()).contains("authorize-security-group-egress --group-id sg-0instance");
        }

        @Test
        void run_whenNetworkAclDeniesHttpsBeforeAllowingAll_fails() {
            NetworkAclFacts acl = new NetworkAclFacts("acl-0strict", List.of(
                    new Entry(50, true, "6", 443, 443, "0.0.0.0/0", false),
                    new Entry(100, true, "-1", null, null, "0.0.0.0/0", true),
                    new Entry(100, false, "-1", null, null, "0.0.0.0/0", true)));

            CheckResult result = check.run(healthy().instanceNetworkAcl(known(acl)).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("acl-0strict blocks HTTPS");
            assertThat(result.evidence()).anySatisfy(e -> assertThat(e).contains("outbound rule 50: DENY tcp port 443"));
        }

        @Test
        void run_whenNetworkAclAdmitsNoReplies_failsExplainingStatelessness() {
            NetworkAclFacts acl = new NetworkAclFacts("acl-0oneway", List.of(
                    new Entry(100, true, "-1", null, null, "0.0.0.0/0", true),
                    new Entry(100, false, "6", 443, 443, "0.0.0.0/0", true)));

            CheckResult result = check.run(healthy().instanceNetworkAcl(known(acl)).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("stateless", "inbound tcp 1024-65535");
            assertThat(result.remediation()).contains("--ingress", "From=1024,To=65535");
        }

        @Test
        void run_whenCustomNetworkAclHasNoEntries_failsOnTheImplicitDeny() {
            CheckResult result = check.run(healthy().instanceNetworkAcl(known(new NetworkAclFacts("acl-0new", List.of())))
                    .build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.evidence()).anySatisfy(e -> assertThat(e).contains("rule *: DENY all"));
        }

        @Test
        void run_whenSecurityGroupsAreDenied_stillJudgesTheRoute() {
            CheckResult result = check.run(healthy().securityGroups(Fact.denied("ec2:DescribeSecurityGroups", "")).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence()).anySatisfy(e -> assertThat(e).contains("ec2:DescribeSecurityGroups"));
        }
    }

    @Nested
    @DisplayName("missing facts")
    class MissingFacts {
        @Test
        void run_whenRouteTablesAreDenied_isUnknown() {
            CheckResult result = check.run(healthy().instanceRouteTable(Fact.denied("ec2:DescribeRouteTables", "")).build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("ec2:DescribeRouteTables");
        }

        @Test
        void run_whenThereIsNoInstance_skips() {
            CheckResult result = check.run(healthy().instance(Fact.missing("instance")).build());

            assertThat(result.status()).isEqualTo(Status.SKIP);
        }

        @Test
        void run_whenInstanceGroupIsNotAmongTheCollected_doesNotJudgeIt() {
            CheckResult result = check.run(healthy().securityGroups(known(List.of(new SecurityGroupFacts("sg-0alb", "alb",
                    List.of(), List.of())))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }
    }

    @Nested
    @DisplayName("which NAT gateway and whose agent")
    class WhichNatGatewayAndWhoseAgent {
        @Test
        void run_whenTheRouteLeadsToAFailedNatBesideAnAvailableOne_failsOnTheRoutedOne() {
            CheckResult result = check.run(privateInstance(LOCAL, new Route("0.0.0.0/0", "nat-0abc", "active"))
                    .natGateways(known(List.of(new NatGatewayFacts("nat-0other", "subnet-0pub1b", "available", "public"),
                            new NatGatewayFacts("nat-0abc", "subnet-0pub1b", "failed", "public")))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("nat-0abc, which is not an available public NAT gateway (failed, public)");
            assertThat(result.evidence()).contains("nat-0abc failed (public)");
        }

        @Test
        void run_whenNoWayOutAndTheAgentIsDisconnected_fails() {
            CheckResult result = check.run(privateInstance(LOCAL)
                    .containerInstance(known(containerInstance(CLUSTER, "ACTIVE", false, List.of(GPU_UUID)))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
        }

        @Test
        void run_whenTheSubnetAssignsNoPublicIp_saysSo() {
            CheckResult result = check.run(privateInstance(LOCAL, new Route("0.0.0.0/0", "igw-0main", "active"))
                    .instanceSubnet(known(new SubnetFacts(SUBNET_A, VPC, "eu-west-1a", "10.0.1.0/24", false))).build());

            assertThat(result.summary()).contains("the instance has no public IP (the subnet does not assign one)");
        }
    }

    @Nested
    @DisplayName("which egress rules let HTTPS out")
    class WhichEgressRulesLetHttpsOut {
        @Test
        void run_whenEgressAllowsExactlyPort443_passes() {
            CheckResult result = check.run(egressOnly(healthy(), Permission.tcp(443, 443, List.of("0.0.0.0/0"), List.of()))
                    .build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence()).contains("sg-0instance egress: tcp 443 <-> 0.0.0.0/0");
        }

        @Test
        void run_whenHttpsMayOnlyGoToTheVpc_failsOnTheWayToTheInternet() {
            CheckResult result = check.run(egressOnly(healthy(), Permission.tcp(443, 443, List.of("10.0.0.0/16"), List.of()))
                    .build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.evidence()).contains("sg-0instance egress: tcp 443 <-> 10.0.0.0/16");
        }

        @Test
        void run_whenHttpsMayOnlyGoToAnotherGroup_failsOnTheWayToTheInternet() {
            // A group or prefix list as destination never holds the whole internet.
            CheckResult result = check.run(egressOnly(healthy(), Permission.tcp(443, 443, List.of(), List.of("sg-0proxy")))
                    .build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
        }

        @Test
        void run_whenHttpsGoesToTheEndpointsSecurityGroup_passesOverTheEndpoints() {
            CheckResult result = check.run(egressOnly(privateInstance(LOCAL).vpcEndpoints(known(allEndpoints())),
                    Permission.tcp(443, 443, List.of(), List.of("sg-0endpoints"))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }

        @Test
        void run_whenHttpsGoesToAPrefixList_passesOverTheEndpoints() {
            CheckResult result = check.run(egressOnly(privateInstance(LOCAL).vpcEndpoints(known(allEndpoints())),
                    new Permission("tcp", 443, 443, List.of(), List.of(), List.of(), List.of("pl-6da54004"))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }

        @Test
        void run_whenTheGroupHasNoEgressRule_quotesThat() {
            CheckResult result = check.run(egressOnly(healthy()).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.evidence()).contains("sg-0instance egress: none");
        }
    }

    @Nested
    @DisplayName("what the evidence quotes")
    class WhatTheEvidenceQuotes {
        @Test
        void run_whenHealthy_quotesInstanceRoutesWayOutEgressAndNetworkAcl() {
            CheckResult result = check.run(healthy().build());

            assertThat(result.evidence()).containsExactly(
                    "i-0abc1234def567890 in subnet-0pub1a (10.0.1.0/24, eu-west-1a), public IP 203.0.113.10",
                    "route table rtb-0public: 10.0.0.0/16 -> local; 0.0.0.0/0 -> igw-0main",
                    "way out: public IP 203.0.113.10 and 0.0.0.0/0 -> igw-0main",
                    "sg-0instance egress: all traffic <-> 0.0.0.0/0",
                    "acl-0default outbound 443: outbound rule 100: ALLOW all all ports 0.0.0.0/0",
                    "acl-0default inbound replies 1024-65535: inbound rule 100: ALLOW all all ports 0.0.0.0/0");
        }

        @Test
        void run_whenPrivateBehindTheMainTable_saysBoth() {
            CheckResult result = check.run(privateInstance().instanceRouteTable(known(new RouteTableFacts("rtb-0main", true,
                    List.of(), List.of(LOCAL, new Route("0.0.0.0/0", "nat-0abc", "active")))))
                    .natGateways(known(List.of(new NatGatewayFacts("nat-0abc", "subnet-0pub1b", "available", "public"))))
                    .build());

            assertThat(result.evidence()).startsWith(
                    "i-0abc1234def567890 in subnet-0pub1a (10.0.1.0/24, eu-west-1a), public IP none",
                    "route table rtb-0main (the VPC's main table): 10.0.0.0/16 -> local; 0.0.0.0/0 -> nat-0abc",
                    "nat-0abc available (public)");
        }
    }
}
