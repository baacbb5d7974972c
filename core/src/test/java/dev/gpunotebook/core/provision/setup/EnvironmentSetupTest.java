package dev.gpunotebook.core.provision.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.cloud.Ec2Gateway.ResourceKind;
import dev.gpunotebook.core.cloud.FakeCloud;
import dev.gpunotebook.core.cloud.FakeEc2Network;
import dev.gpunotebook.core.cloud.FakeEc2Network.RouteTable;
import dev.gpunotebook.core.cloud.FakeEc2Network.SecurityGroup;
import dev.gpunotebook.core.cloud.FakeElb;
import dev.gpunotebook.core.cloud.FakeIam.InstanceProfile;
import dev.gpunotebook.core.cloud.FakeIam.Role;
import dev.gpunotebook.core.cloud.FakeLogs.LogGroup;
import dev.gpunotebook.core.cloud.IngressRule;
import dev.gpunotebook.core.cloud.LoadBalancerInfo;
import dev.gpunotebook.core.cloud.SubnetInfo;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.EnvironmentName;
import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Setup as a whole, over an account in memory: what it makes, what a second run makes (nothing), locate, rollback. */
class EnvironmentSetupTest {

    private static final EnvironmentConfig DEFAULTS = EnvironmentConfig.defaults();
    private static final List<String> EVERY_STEP = List.of("vpc", "subnets", "internet-route", "alb-security-group",
            "instance-security-group", "cluster", "instance-role", "execution-role", "log-group", "load-balancer",
            "listener");

    private final SetupWorld world = new SetupWorld();
    private final FakeCloud aws = world.aws;
    private final FakeEc2Network network = aws.ec2.network;
    private final List<ProgressEvent> events = world.events;

    @AfterEach
    void shutdown() {
        world.close();
    }

    private Environment setup(EnvironmentConfig config) {
        return world.setup(config);
    }

    private Environment locate(EnvironmentConfig config) {
        return world.locate(config);
    }

    private static Map<String, String> tagged(String name) {
        return Map.of("gpu-notebook:env", "default", "Name", name);
    }

    private SecurityGroup group(String name) {
        return network.securityGroup(name).orElseThrow(() -> new AssertionError("no security group " + name));
    }

    @Nested
    class OnAnEmptyAccount {

        private final Environment env = setup(DEFAULTS);

        @Test
        void setup_whenTheAccountIsEmpty_createsAVpcOfTheConfiguredBlockTaggedForTheEnvironment() {
            assertThat(network.vpcs()).singleElement().satisfies(vpc -> {
                assertThat(vpc.cidr()).isEqualTo("10.42.0.0/16");
                assertThat(vpc.tags()).isEqualTo(tagged("gpu-notebook-default"));
                assertThat(env.vpcId()).isEqualTo(vpc.id());
            });
        }

        @Test
        void setup_whenTheAccountIsEmpty_createsTwoPublicSubnetsOfTheVpcInTwoZones() {
            assertThat(network.subnets()).extracting(SubnetInfo::vpcId, SubnetInfo::cidr, SubnetInfo::availabilityZone,
                    SubnetInfo::tags).containsExactly(
                    tuple(env.vpcId(), "10.42.0.0/20", "us-east-1a",
                            tagged("gpu-notebook-default-public-us-east-1a")),
                    tuple(env.vpcId(), "10.42.16.0/20", "us-east-1b",
                            tagged("gpu-notebook-default-public-us-east-1b")));
            assertThat(env.subnets()).containsExactlyElementsOf(network.subnets().stream()
                    .map(s -> new Environment.Subnet(s.id(), s.availabilityZone())).toList());
        }

        @Test
        void setup_whenTheAccountIsEmpty_routesBothSubnetsToAnInternetGatewayOfTheVpc() {
            assertThat(network.internetGateways()).singleElement().satisfies(gateway -> {
                assertThat(gateway.vpcId()).isEqualTo(env.vpcId());
                assertThat(gateway.tags()).isEqualTo(tagged("gpu-notebook-default"));
                assertThat(network.routeTables()).singleElement().satisfies(table -> {
                    assertThat(table.vpcId()).isEqualTo(env.vpcId());
                    assertThat(table.gatewayId()).isEqualTo(gateway.id());
                    assertThat(table.subnetIds()).containsExactlyElementsOf(
                            env.subnets().stream().map(Environment.Subnet::id).toList());
                    assertThat(table.tags()).isEqualTo(tagged("gpu-notebook-default-public"));
                });
            });
        }

        @Test
        void setup_whenTheAccountIsEmpty_letsClientsReachOnlyTheHttpListenerPort() {
            SecurityGroup alb = group("gpu-notebook-default-alb");

            assertThat(alb.id()).isEqualTo(env.albSecurityGroupId());
            assertThat(alb.vpcId()).isEqualTo(env.vpcId());
            assertThat(alb.ingress()).singleElement()
                    .satisfies(rule -> assertThat(rule.sameAs(IngressRule.fromCidr(80, "0.0.0.0/0", ""))).isTrue());
            assertThat(alb.tags()).isEqualTo(tagged("gpu-notebook-default-alb"));
        }

        @Test
        void setup_whenTheAccountIsEmpty_letsOnlyTheLoadBalancerReachTheEcsDynamicHostPorts() {
            SecurityGroup instances = group("gpu-notebook-default-instances");

            assertThat(instances.id()).isEqualTo(env.instanceSecurityGroupId());
            assertThat(instances.vpcId()).isEqualTo(env.vpcId());
            assertThat(instances.ingress()).singleElement().satisfies(rule -> assertThat(rule.sameAs(
                    IngressRule.fromGroup(32768, 65535, env.albSecurityGroupId(), ""))).isTrue());
            assertThat(instances.tags()).isEqualTo(tagged("gpu-notebook-default-instances"));
        }

        @Test
        void setup_whenTheAccountIsEmpty_createsTheClusterNamedForTheEnvironment() {
            assertThat(aws.ecs.clusters()).containsExactly("gpu-notebook-default");
            assertThat(aws.ecs.clusterTags("gpu-notebook-default")).isEqualTo(tagged("gpu-notebook-default"));
            assertThat(env.clusterName()).isEqualTo("gpu-notebook-default");
        }

        @Test
        void setup_whenTheAccountIsEmpty_givesTheInstancesTheEcsAgentsPolicyThroughAProfile() {
            Role role = aws.iam.role("gpu-notebook-default-instance").orElseThrow();
            InstanceProfile profile = aws.iam.instanceProfile("gpu-notebook-default-instance").orElseThrow();

            assertThat(role.servicePrincipal()).isEqualTo("ec2.amazonaws.com");
            assertThat(role.managedPolicyArns())
                    .containsExactly("arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role");
            assertThat(role.inlinePolicyName()).isEmpty();
            assertThat(role.tags()).isEqualTo(tagged("gpu-notebook-default-instance"));
            assertThat(profile.roleName()).isEqualTo(role.name());
            assertThat(profile.tags()).isEqualTo(tagged("gpu-notebook-default-instance"));
            assertThat(env.instanceProfileName()).isEqualTo(profile.name());
        }

        @Test
        void setup_whenTheAccountIsEmpty_letsTasksReadOnlyThisEnvironmentsParameters() {
            Role role = aws.iam.role("gpu-notebook-default-task-execution").orElseThrow();
            JsonObject policy = JsonParser.parseString(role.inlinePolicyJson()).getAsJsonObject();
            JsonObject parameters = policy.getAsJsonArray("Statement").get(0).getAsJsonObject();
            JsonObject decrypt = policy.getAsJsonArray("Statement").get(1).getAsJsonObject();

            assertThat(role.servicePrincipal()).isEqualTo("ecs-tasks.amazonaws.com");
            assertThat(role.managedPolicyArns())
                    .containsExactly("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
            assertThat(role.inlinePolicyName()).isEqualTo("read-notebook-tokens");
            assertThat(parameters.get("Action").toString()).isEqualTo("[\"ssm:GetParameters\"]");
            assertThat(parameters.get("Resource").getAsString())
                    .isEqualTo("arn:aws:ssm:*:*:parameter/gpu-notebook/default/*");
            // Decrypting is allowed only on behalf of SSM in this region: the key cannot be used directly.
            assertThat(decrypt.get("Action").toString()).isEqualTo("[\"kms:Decrypt\"]");
            assertThat(decrypt.getAsJsonObject("Condition").getAsJsonObject("StringEquals").get("kms:ViaService")
                    .getAsString()).isEqualTo("ssm.us-east-1.amazonaws.com");
            assertThat(role.tags()).isEqualTo(tagged("gpu-notebook-default-task-execution"));
            assertThat(env.executionRoleArn()).isEqualTo(role.arn());
        }

        @Test
        void setup_whenTheAccountIsEmpty_keepsTheLogsThirtyDays() {
            assertThat(aws.logs.logGroup("/gpu-notebook/default")).hasValue(
                    new LogGroup("/gpu-notebook/default", 30, tagged("/gpu-notebook/default")));
            assertThat(env.logGroupName()).isEqualTo("/gpu-notebook/default");
        }

        @Test
        void setup_whenTheAccountIsEmpty_putsAnHttpListenerOnALoadBalancerInBothSubnets() {
            LoadBalancerInfo alb = aws.elb.loadBalancers().get(0);

            assertThat(aws.elb.loadBalancers()).hasSize(1);
            assertThat(alb.name()).isEqualTo("gpu-notebook-default");
            assertThat(alb.vpcId()).isEqualTo(env.vpcId());
            assertThat(alb.securityGroupIds()).containsExactly(env.albSecurityGroupId());
            assertThat(aws.elb.tagsOf(alb.arn())).isEqualTo(tagged("gpu-notebook-default"));
            assertThat(aws.elb.listeners()).singleElement().isEqualTo(new FakeElb.Listener(env.listenerArn(), alb.arn(),
                    80, "", tagged("gpu-notebook-default")));
            assertThat(env.loadBalancerArn()).isEqualTo(alb.arn());
            assertThat(env.loadBalancerDns()).isEqualTo(alb.dnsName());
        }

        @Test
        void setup_whenTheAccountIsEmpty_reportsEveryStepRunningThenCreated() {
            for (String step : EVERY_STEP) {
                assertThat(events).filteredOn(e -> e.step().equals(step)).extracting(ProgressEvent::phase)
                        .as(step).containsExactly(Phase.RUNNING, Phase.CREATED);
            }
        }

        @Test
        void setup_whenTheAccountIsEmpty_describesWhatEachStepCreated() {
            String gateway = network.internetGateways().get(0).id();
            String routeTable = network.routeTables().get(0).id();

            assertThat(events).filteredOn(e -> e.phase() == Phase.CREATED)
                    .extracting(e -> e.step() + ": " + e.detail()).containsExactlyInAnyOrder(
                    "vpc: " + env.vpcId() + " (10.42.0.0/16)",
                    "subnets: " + env.subnets().get(0).id() + ", " + env.subnets().get(1).id(),
                    "internet-route: " + gateway + ", " + routeTable + " (0.0.0.0/0 -> " + gateway + ")",
                    "alb-security-group: " + env.albSecurityGroupId() + " (tcp 80 from [0.0.0.0/0])",
                    "instance-security-group: " + env.instanceSecurityGroupId() + " (tcp 32768-65535 from "
                            + env.albSecurityGroupId() + ")",
                    "cluster: arn:aws:ecs:us-east-1:123456789012:cluster/gpu-notebook-default",
                    "instance-role: arn:aws:iam::123456789012:instance-profile/gpu-notebook-default-instance",
                    "execution-role: " + env.executionRoleArn(),
                    "log-group: /gpu-notebook/default (30 days)",
                    "load-balancer: " + env.loadBalancerArn() + " (" + env.loadBalancerDns() + ")",
                    "listener: " + env.listenerArn() + " (HTTP 80)");
        }

    }

    @Nested
    class InARegionOfTwoZones {

        @Test
        void setup_whenTheRegionHasExactlyTwoZones_putsASubnetInEach() {
            network.zones("us-east-1a", "us-east-1b");

            Environment env = setup(DEFAULTS);

            assertThat(env.subnets()).extracting(Environment.Subnet::availabilityZone)
                    .containsExactly("us-east-1a", "us-east-1b");
        }
    }

    @Nested
    class WithACertificate {

        @Test
        void setup_whenACertificateIsConfigured_listensWithHttpsOn443AndAdmitsClientsOnlyThere() {
            String certificate = "arn:aws:acm:us-east-1:123456789012:certificate/abc";

            Environment env = setup(DEFAULTS.withCertificate(certificate));

            assertThat(aws.elb.listeners()).singleElement().satisfies(listener -> {
                assertThat(listener.port()).isEqualTo(443);
                assertThat(listener.certificateArn()).isEqualTo(certificate);
            });
            assertThat(group("gpu-notebook-default-alb").ingress()).singleElement()
                    .satisfies(rule -> assertThat(rule.sameAs(IngressRule.fromCidr(443, "0.0.0.0/0", ""))).isTrue());
            assertThat(events).anyMatch(e -> e.detail().equals(env.listenerArn() + " (HTTPS 443)"));
        }
    }

    @Nested
    class WithAllowedCidrs {

        @Test
        void setup_whenTwoBlocksAreAllowed_admitsEachOnTheListenerPortAndNothingElse() {
            setup(DEFAULTS.withAllowedCidrs(List.of("203.0.113.0/24", "198.51.100.7/32")));

            assertThat(group("gpu-notebook-default-alb").ingress()).extracting(IngressRule::fromPort,
                    IngressRule::toPort, IngressRule::cidr).containsExactly(
                    tuple(80, 80, "203.0.113.0/24"),
                    tuple(80, 80, "198.51.100.7/32"));
        }
    }

    @Nested
    class ASecondRun {

        private final Environment first = setup(DEFAULTS);

        @Test
        void setup_whenRunAgain_changesNothingAndReturnsTheSameEnvironment() {
            aws.calls.clear();
            events.clear();

            Environment second = setup(DEFAULTS);

            assertThat(aws.changes()).isEmpty();
            assertThat(second).isEqualTo(first);
            for (String step : EVERY_STEP) {
                assertThat(events).filteredOn(e -> e.step().equals(step)).extracting(ProgressEvent::phase)
                        .as(step).containsExactly(Phase.RUNNING, Phase.FOUND);
            }
        }

        @Test
        void setup_whenAnotherBlockIsAllowedSinceTheFirstRun_addsOnlyItsRule() {
            aws.calls.clear();

            setup(DEFAULTS.withAllowedCidrs(List.of("0.0.0.0/0", "203.0.113.0/24")));

            assertThat(aws.changes()).containsExactly("AuthorizeSecurityGroupIngress " + first.albSecurityGroupId()
                    + " tcp 80-80 from 203.0.113.0/24");
        }

        @Test
        void setup_whenTheLoadBalancersRuleWasRemovedFromTheInstancesGroup_putsItBack() {
            SecurityGroup instances = group("gpu-notebook-default-instances");
            network.add(new SecurityGroup(instances.id(), instances.name(), instances.vpcId(), instances.description(),
                    List.of(), instances.tags()));
            aws.calls.clear();
            events.clear();

            setup(DEFAULTS);

            assertThat(aws.changes()).containsExactly("AuthorizeSecurityGroupIngress " + instances.id()
                    + " tcp 32768-65535 from " + first.albSecurityGroupId());
            assertThat(events).anyMatch(e -> e.step().equals("load-balancer") && e.phase() == Phase.FOUND
                    && e.detail().equals(first.loadBalancerArn() + " (" + first.loadBalancerDns() + ")"));
        }

        @Test
        void setup_whenTheRouteTableWasDeletedByHand_makesOnlyANewOneThroughTheSameGateway() {
            String gateway = network.internetGateways().get(0).id();
            aws.ec2.delete(ResourceKind.ROUTE_TABLE, network.routeTables().get(0).id());
            aws.calls.clear();

            setup(DEFAULTS);

            assertThat(aws.changes()).singleElement().asString().startsWith("CreateRouteTable ");
            assertThat(network.routeTables()).singleElement().extracting(RouteTable::gatewayId).isEqualTo(gateway);
        }

        @Test
        void setup_whenTheInstanceProfileWasDeletedByHand_makesOnlyTheProfileForTheSameRole() {
            aws.iam.deleteInstanceProfile("gpu-notebook-default-instance", "gpu-notebook-default-instance");
            aws.calls.clear();

            Environment second = setup(DEFAULTS);

            assertThat(aws.changes()).containsExactly("CreateInstanceProfile gpu-notebook-default-instance");
            assertThat(second).isEqualTo(first);
        }
    }

    @Nested
    class Locating {

        @Test
        void locate_whenSetUp_findsTheSameEnvironmentAndChangesNothing() {
            Environment made = setup(DEFAULTS);
            aws.calls.clear();
            events.clear();

            Environment found = locate(DEFAULTS);

            assertThat(found).isEqualTo(made);
            assertThat(aws.changes()).isEmpty();
            assertThat(events).filteredOn(e -> e.phase() != Phase.RUNNING).extracting(ProgressEvent::phase)
                    .containsOnly(Phase.FOUND).hasSize(EVERY_STEP.size());
        }

        @Test
        void locate_whenNothingIsSetUp_namesEveryMissingPieceAndCreatesNothing() {
            assertThatThrownBy(() -> locate(DEFAULTS)).isInstanceOf(GpuNotebookException.class)
                    .hasMessage("The environment 'default' is not set up in us-east-1 (missing: alb-security-group,"
                            + " cluster, execution-role, instance-role, instance-security-group, internet-route,"
                            + " listener, load-balancer, log-group, subnets, vpc). Run `gpu-notebook setup` first.")
                    .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(Reason.NOT_FOUND);
            assertThat(aws.changes()).isEmpty();
            assertThat(events).filteredOn(e -> e.phase() != Phase.RUNNING).extracting(ProgressEvent::phase)
                    .containsOnly(Phase.CHECKED);
        }

        @Test
        void locate_whenOnlyTheLogGroupWasDeleted_namesOnlyIt() {
            setup(DEFAULTS);
            aws.logs.deleteLogGroup("/gpu-notebook/default");

            assertThatThrownBy(() -> locate(DEFAULTS)).hasMessageContaining("(missing: log-group)");
        }

        @Test
        void locate_whenTheConfigurationAllowsAnotherBlock_onlyLooksAndAddsNoRule() {
            setup(DEFAULTS);
            aws.calls.clear();

            locate(DEFAULTS.withAllowedCidrs(List.of("203.0.113.0/24")));

            assertThat(aws.changes()).isEmpty();
        }

        @Test
        void locate_whenTheInstancesGroupLacksItsRule_onlyLooksAndAddsNone() {
            Environment made = setup(DEFAULTS);
            SecurityGroup instances = group("gpu-notebook-default-instances");
            network.add(new SecurityGroup(instances.id(), instances.name(), instances.vpcId(), instances.description(),
                    List.of(), instances.tags()));
            aws.calls.clear();

            Environment found = world.environmentSetup().locate(DEFAULTS);

            assertThat(found).isEqualTo(made);
            assertThat(aws.changes()).isEmpty();
        }
    }

    @Nested
    class WhenAStepFails {

        @Test
        void setup_whenTheConfiguredLoadBalancerDoesNotExist_refusesAndRemovesEverythingItCreated() {
            String missing = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/gone/1";

            assertThatThrownBy(() -> setup(DEFAULTS.withLoadBalancer(missing))).isInstanceOf(GpuNotebookException.class)
                    .hasMessage("The configured load balancer " + missing + " does not exist in us-east-1.")
                    .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(Reason.NOT_FOUND);

            assertThat(aws.changes()).anyMatch(call -> call.startsWith("Create"));
            assertThat(network.vpcs()).isEmpty();
            assertThat(network.subnets()).isEmpty();
            assertThat(network.internetGateways()).isEmpty();
            assertThat(network.routeTables()).isEmpty();
            assertThat(network.securityGroups()).isEmpty();
            assertThat(aws.ecs.clusters()).isEmpty();
            assertThat(aws.iam.role("gpu-notebook-default-instance")).isEmpty();
            assertThat(aws.iam.instanceProfile("gpu-notebook-default-instance")).isEmpty();
            assertThat(aws.iam.role("gpu-notebook-default-task-execution")).isEmpty();
            assertThat(aws.logs.logGroup("/gpu-notebook/default")).isEmpty();
            assertThat(events).anyMatch(e -> e.step().equals("vpc") && e.phase() == Phase.ROLLED_BACK);
        }

        @Test
        void setup_whenTheRegionHasOneZone_removesWhatItCreatedButKeepsTheVpcItFound() {
            network.add(new FakeEc2Network.Vpc("vpc-kept", "10.42.0.0/16", tagged("gpu-notebook-default")));
            network.zones("us-east-1a");

            assertThatThrownBy(() -> setup(DEFAULTS)).isInstanceOf(GpuNotebookException.class).hasMessage(
                    "Region us-east-1 offers fewer than two Availability Zones; an Application Load Balancer needs two.");

            assertThat(network.vpcs()).extracting(FakeEc2Network.Vpc::id).containsExactly("vpc-kept");
            assertThat(network.subnets()).isEmpty();
            assertThat(aws.ecs.clusters()).isEmpty();
            assertThat(aws.logs.logGroup("/gpu-notebook/default")).isEmpty();
            assertThat(aws.changes()).noneMatch(call -> call.equals("DeleteVpc vpc-kept"));
        }
    }

    @Nested
    class AnotherEnvironment {

        @Test
        void setup_whenTheEnvironmentIsNamed_namesAndTagsEverythingForIt() {
            Environment env = setup(EnvironmentConfig.defaults(new EnvironmentName("team")));

            assertThat(env.clusterName()).isEqualTo("gpu-notebook-team");
            assertThat(network.vpcs()).singleElement().extracting(FakeEc2Network.Vpc::tags)
                    .isEqualTo(Map.of("gpu-notebook:env", "team", "Name", "gpu-notebook-team"));
            assertThat(aws.iam.role("gpu-notebook-team-task-execution")).hasValueSatisfying(role ->
                    assertThat(role.inlinePolicyJson()).contains("parameter/gpu-notebook/team/*"));
        }
    }

    @Nested
    class ThePlan {

        @Test
        void planDependencies_whenAsked_namesEveryStepWithTheStepsItWaitsFor() {
            Map<String, java.util.Set<String>> plan = EnvironmentSetup.planDependencies();

            assertThat(plan.keySet()).containsExactlyElementsOf(EVERY_STEP);
            assertThat(plan.get("vpc")).isEmpty();
            assertThat(plan.get("instance-security-group")).containsExactly("alb-security-group");
            assertThat(plan.get("load-balancer")).containsExactlyInAnyOrder("subnets", "alb-security-group",
                    "internet-route");
        }
    }
}
