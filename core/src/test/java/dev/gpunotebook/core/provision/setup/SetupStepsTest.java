package dev.gpunotebook.core.provision.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.cloud.FakeCloud;
import dev.gpunotebook.core.cloud.FakeEc2Network;
import dev.gpunotebook.core.cloud.FakeEc2Network.SecurityGroup;
import dev.gpunotebook.core.cloud.IngressRule;
import dev.gpunotebook.core.cloud.LoadBalancerInfo;
import dev.gpunotebook.core.cloud.SubnetInfo;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.provision.StepOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Setup's steps where configuration adopts existing resources, and each step's own rollback. */
class SetupStepsTest {

    private static final EnvironmentConfig DEFAULTS = EnvironmentConfig.defaults();
    private static final Map<String, String> HAND_MADE = Map.of("Name", "made by hand");
    private static final String OWN_ALB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/own/7";

    private final SetupWorld world = new SetupWorld();
    private final FakeCloud aws = world.aws;
    private final FakeEc2Network network = aws.ec2.network;

    @AfterEach
    void shutdown() {
        world.close();
    }

    /**
     * A VPC of someone else's (of the configured block, so that setup can carve subnets from it) with two subnets in
     * two zones and a third one, none tagged for gpu-notebook.
     */
    private void givenOwnVpc() {
        network.add(new FakeEc2Network.Vpc("vpc-own", "10.42.0.0/16", HAND_MADE));
        network.add(new SubnetInfo("subnet-a", "vpc-own", "10.42.201.0/24", "us-east-1a", true, HAND_MADE));
        network.add(new SubnetInfo("subnet-b", "vpc-own", "10.42.202.0/24", "us-east-1b", true, HAND_MADE));
        network.add(new SubnetInfo("subnet-c", "vpc-own", "10.42.203.0/24", "us-east-1c", false, HAND_MADE));
    }

    /** A load balancer of someone else's in {@code vpc-own}, with its own security group and no listener. */
    private void givenOwnLoadBalancer() {
        givenOwnVpc();
        network.add(new SecurityGroup("sg-own", "own-alb", "vpc-own", "own", List.of(), HAND_MADE));
        aws.elb.add(new LoadBalancerInfo(OWN_ALB_ARN, "own", "own-7.us-east-1.elb.amazonaws.com", "vpc-own",
                List.of("sg-own")), OWN_ALB_ARN.replace(":loadbalancer/", ":listener/") + "/443", 443);
    }

    private List<String> phasesOf(String step) {
        return world.events.stream().filter(e -> e.step().equals(step)).map(e -> e.phase() + " " + e.detail()).toList();
    }

    @Nested
    class AConfiguredVpc {

        @Test
        void setup_whenAVpcAndTwoSubnetsAreConfigured_usesThemAndCreatesNoNetwork() {
            givenOwnVpc();

            Environment env = world.setup(DEFAULTS.withVpc("vpc-own", List.of("subnet-a", "subnet-b")));

            assertThat(env.vpcId()).isEqualTo("vpc-own");
            assertThat(env.subnets()).containsExactly(new Environment.Subnet("subnet-a", "us-east-1a"),
                    new Environment.Subnet("subnet-b", "us-east-1b"));
            assertThat(aws.changes()).noneMatch(call -> call.startsWith("CreateVpc") || call.startsWith("CreateSubnet")
                    || call.startsWith("CreateInternetGateway") || call.startsWith("CreateRouteTable"));
            assertThat(network.securityGroups()).extracting(SecurityGroup::vpcId).containsOnly("vpc-own");
            assertThat(phasesOf("vpc")).containsExactly("RUNNING ", "FOUND adopted vpc-own");
            assertThat(phasesOf("subnets")).containsExactly("RUNNING ",
                    "FOUND subnet-a (us-east-1a), subnet-b (us-east-1b)");
        }

        @Test
        void setup_whenTheVpcIsConfigured_leavesItsRoutingAsItIs() {
            givenOwnVpc();

            world.setup(DEFAULTS.withVpc("vpc-own", List.of("subnet-a", "subnet-b")));

            assertThat(network.internetGateways()).isEmpty();
            assertThat(network.routeTables()).isEmpty();
            assertThat(phasesOf("internet-route")).containsExactly("RUNNING ",
                    "FOUND adopted VPC: routing left as configured");
        }

        @Test
        void setup_whenAConfiguredSubnetIsNotInTheVpc_refusesNamingTheSubnetsItFound() {
            givenOwnVpc();
            network.add(new SubnetInfo("subnet-x", "vpc-other", "10.9.0.0/24", "us-east-1b", true, HAND_MADE));

            assertThatThrownBy(() -> world.setup(DEFAULTS.withVpc("vpc-own", List.of("subnet-a", "subnet-x"))))
                    .isInstanceOf(GpuNotebookException.class)
                    .hasMessage("The configured subnets [subnet-a, subnet-x] are not all in vpc-own; found only"
                            + " [subnet-a]. Check the subnet ids and the VPC id.")
                    .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(Reason.INVALID_INPUT);
            assertThat(network.subnets()).hasSize(4);
        }

        @Test
        void setup_whenOnlyTheVpcIsConfigured_usesTheSubnetsTaggedForThisEnvironmentOnly() {
            givenOwnVpc();
            network.add(new SubnetInfo("subnet-t1", "vpc-own", "10.42.208.0/24", "us-east-1a", true,
                    Map.of("gpu-notebook:env", "team")));
            network.add(new SubnetInfo("subnet-d1", "vpc-own", "10.42.209.0/24", "us-east-1a", true,
                    Map.of("gpu-notebook:env", "default")));
            network.add(new SubnetInfo("subnet-d2", "vpc-own", "10.42.210.0/24", "us-east-1b", true,
                    Map.of("gpu-notebook:env", "default")));

            Environment env = world.setup(DEFAULTS.withVpc("vpc-own", List.of()));

            assertThat(env.subnets()).extracting(Environment.Subnet::id).containsExactly("subnet-d1", "subnet-d2");
            assertThat(aws.changes()).noneMatch(call -> call.startsWith("CreateSubnet"));
        }

        @Test
        void setup_whenOnlyOneSubnetIsTaggedForThisEnvironment_createsTwoNewOnes() {
            givenOwnVpc();
            network.add(new SubnetInfo("subnet-d1", "vpc-own", "10.42.128.0/24", "us-east-1a", true,
                    Map.of("gpu-notebook:env", "default")));

            Environment env = world.setup(DEFAULTS.withVpc("vpc-own", List.of()));

            assertThat(env.subnets()).extracting(Environment.Subnet::id).doesNotContain("subnet-d1").hasSize(2);
            assertThat(aws.changes()).filteredOn(call -> call.startsWith("CreateSubnet")).hasSize(2);
        }
    }

    @Nested
    class AConfiguredCluster {

        @Test
        void setup_whenTheConfiguredClusterIsActive_joinsItAndCreatesNone() {
            aws.ecs.addCluster("team-gpu");

            Environment env = world.setup(DEFAULTS.withCluster("team-gpu"));

            assertThat(env.clusterName()).isEqualTo("team-gpu");
            assertThat(aws.ecs.clusters()).containsExactly("team-gpu");
            assertThat(phasesOf("cluster")).containsExactly("RUNNING ",
                    "FOUND arn:aws:ecs:us-east-1:123456789012:cluster/team-gpu");
        }

        @Test
        void setup_whenTheConfiguredClusterDoesNotExist_refusesNamingItAndTheRegion() {
            assertThatThrownBy(() -> world.setup(DEFAULTS.withCluster("team-gpu"))).isInstanceOf(GpuNotebookException.class)
                    .hasMessage("The configured ECS cluster 'team-gpu' does not exist or is not ACTIVE in us-east-1."
                            + " Check the cluster name and region.")
                    .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(Reason.NOT_FOUND);
            assertThat(aws.ecs.clusters()).isEmpty();
        }
    }

    @Nested
    class AConfiguredLoadBalancer {

        @Test
        void setup_whenALoadBalancerIsConfigured_usesItAndItsSecurityGroupAndCreatesNeither() {
            givenOwnLoadBalancer();

            Environment env = world.setup(DEFAULTS.withVpc("vpc-own", List.of("subnet-a", "subnet-b"))
                    .withLoadBalancer(OWN_ALB_ARN));

            assertThat(env.loadBalancerArn()).isEqualTo(OWN_ALB_ARN);
            assertThat(env.loadBalancerDns()).isEqualTo("own-7.us-east-1.elb.amazonaws.com");
            assertThat(env.albSecurityGroupId()).isEqualTo("sg-own");
            assertThat(aws.elb.loadBalancers()).hasSize(1);
            assertThat(network.securityGroup("gpu-notebook-default-alb")).isEmpty();
            assertThat(network.securityGroup("own-alb")).hasValueSatisfying(g -> assertThat(g.ingress()).isEmpty());
            assertThat(phasesOf("alb-security-group")).containsExactly("RUNNING ",
                    "FOUND adopted sg-own of the configured load balancer");
        }

        @Test
        void setup_whenALoadBalancerIsConfigured_admitsItsSecurityGroupToTheInstances() {
            givenOwnLoadBalancer();

            world.setup(DEFAULTS.withVpc("vpc-own", List.of("subnet-a", "subnet-b")).withLoadBalancer(OWN_ALB_ARN));

            assertThat(network.securityGroup("gpu-notebook-default-instances")).hasValueSatisfying(g ->
                    assertThat(g.ingress()).singleElement().satisfies(rule ->
                            assertThat(rule.sameAs(IngressRule.fromGroup(32768, 65535, "sg-own", ""))).isTrue()));
        }

        @Test
        void setup_whenTheConfiguredLoadBalancerHasNoListenerOnThePort_addsOneToIt() {
            givenOwnLoadBalancer();

            Environment env = world.setup(DEFAULTS.withVpc("vpc-own", List.of("subnet-a", "subnet-b"))
                    .withLoadBalancer(OWN_ALB_ARN));

            assertThat(aws.elb.listeners()).filteredOn(l -> l.port() == 80).singleElement().satisfies(listener -> {
                assertThat(listener.loadBalancerArn()).isEqualTo(OWN_ALB_ARN);
                assertThat(listener.arn()).isEqualTo(env.listenerArn());
            });
        }
    }

    @Nested
    class EachStepsRollback {

        private final SetupContext context = new SetupContext(aws.cloud(), DEFAULTS, false);

        @Test
        void rollback_whenTheListenerWasCreated_deletesItAndKeepsTheLoadBalancer() {
            Environment env = world.setup(DEFAULTS);
            context.listenerArn = env.listenerArn();

            new ListenerStep().rollback(context);

            assertThat(aws.elb.listeners()).isEmpty();
            assertThat(aws.elb.loadBalancers()).hasSize(1);
        }

        @Test
        void rollback_whenTheLoadBalancerWasCreated_deletesIt() {
            Environment env = world.setup(DEFAULTS);
            context.loadBalancerArn = env.loadBalancerArn();

            new LoadBalancerStep().rollback(context);

            assertThat(aws.elb.loadBalancers()).isEmpty();
        }

        @Test
        void apply_whenLookingOnlyAndTheListenerIsMissing_recordsItAsMissing() {
            SetupContext lookup = new SetupContext(aws.cloud(), DEFAULTS, true);

            StepOutcome outcome = new ListenerStep().apply(lookup);

            assertThat(outcome).isEqualTo(StepOutcome.checked("missing"));
            assertThat(lookup.missing).containsExactly("listener");
        }
    }

    /** A step that makes several resources and fails after the first must remove what it made: the runner cannot. */
    @Nested
    class AStepThatFailsPartWay {

        @Test
        void setup_whenTheSecondSubnetConflictsWithOneMadeByHand_removesTheFirstSubnetToo() {
            givenOwnVpc();
            // Where setup carves its second subnet (10.42.16.0/20) from the configured block.
            network.add(new SubnetInfo("subnet-in-the-way", "vpc-own", "10.42.16.0/24", "us-east-1b", true, HAND_MADE));

            assertThatThrownBy(() -> world.setup(DEFAULTS.withVpc("vpc-own", List.of())))
                    .hasMessageContaining("InvalidSubnet.Conflict");

            assertThat(network.subnets()).extracting(SubnetInfo::id)
                    .containsExactly("subnet-a", "subnet-b", "subnet-c", "subnet-in-the-way");
        }

        @Test
        void setup_whenTheLoadBalancersGroupCannotHoldAnotherRule_removesTheGroupAndTheVpc() {
            List<String> tooManyBlocks = java.util.stream.IntStream.rangeClosed(1,
                    FakeEc2Network.INGRESS_RULES_PER_GROUP + 1).mapToObj(i -> "198.51." + i + ".0/24").toList();

            assertThatThrownBy(() -> world.setup(DEFAULTS.withAllowedCidrs(tooManyBlocks)))
                    .hasMessageContaining("RulesPerSecurityGroupLimitExceeded").satisfies(e ->
                            assertThat(e.getSuppressed()).as("rollback left nothing behind").isEmpty());

            assertThat(network.securityGroups()).isEmpty();
            assertThat(network.vpcs()).isEmpty();
        }

        @Test
        void setup_whenTheInstanceProfileNameIsTaken_removesTheRoleItMadeAndLeavesTheProfile() {
            aws.iam.add(new dev.gpunotebook.core.cloud.FakeIam.InstanceProfile("gpu-notebook-default-instance",
                    "arn:aws:iam::123456789012:instance-profile/gpu-notebook-default-instance", "", Map.of()));

            assertThatThrownBy(() -> world.setup(DEFAULTS)).hasMessageContaining("EntityAlreadyExists");

            assertThat(aws.iam.role("gpu-notebook-default-instance")).isEmpty();
            assertThat(aws.iam.instanceProfile("gpu-notebook-default-instance")).isPresent();
        }

        @Test
        void setup_whenTheSubnetsAlreadyUseARouteTable_removesTheGatewayItMade() {
            network.add(new FakeEc2Network.Vpc("vpc-1", "10.42.0.0/16",
                    Map.of("gpu-notebook:env", "default", "Name", "gpu-notebook-default")));
            Map<String, String> ours = Map.of("gpu-notebook:env", "default");
            network.add(new SubnetInfo("subnet-1", "vpc-1", "10.42.0.0/20", "us-east-1a", true, ours));
            network.add(new SubnetInfo("subnet-2", "vpc-1", "10.42.16.0/20", "us-east-1b", true, ours));
            network.add(new FakeEc2Network.RouteTable("rtb-own", "vpc-1", "", List.of("subnet-1"), HAND_MADE));

            assertThatThrownBy(() -> world.setup(DEFAULTS)).hasMessageContaining("Resource.AlreadyAssociated");

            assertThat(network.internetGateways()).isEmpty();
            assertThat(network.routeTables()).extracting(FakeEc2Network.RouteTable::id).containsExactly("rtb-own");
        }

        @Test
        void setup_whenTheConfiguredLoadBalancersGroupIsInAnotherVpc_removesTheInstancesGroupItMade() {
            givenOwnLoadBalancer();
            network.add(new FakeEc2Network.Vpc("vpc-second", "10.1.0.0/16", HAND_MADE));
            network.add(new SubnetInfo("subnet-s1", "vpc-second", "10.1.1.0/24", "us-east-1a", true, HAND_MADE));
            network.add(new SubnetInfo("subnet-s2", "vpc-second", "10.1.2.0/24", "us-east-1b", true, HAND_MADE));

            assertThatThrownBy(() -> world.setup(DEFAULTS.withVpc("vpc-second", List.of("subnet-s1", "subnet-s2"))
                    .withLoadBalancer(OWN_ALB_ARN))).hasMessageContaining("InvalidGroup.NotFound");

            assertThat(network.securityGroups()).extracting(SecurityGroup::id).containsExactly("sg-own");
        }
    }
}
