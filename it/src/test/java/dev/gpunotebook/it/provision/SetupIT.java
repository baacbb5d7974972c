package dev.gpunotebook.it.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.EmulatorClients;
import dev.gpunotebook.it.emulator.FaultInjector;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;

@WithAwsEmulator
class SetupIT {

    private GpuNotebooks notebooks;
    private AwsEmulator emulator;

    @BeforeEach
    void connect(AwsEmulator emulator) {
        this.emulator = emulator;
        notebooks = Notebooks.connect(emulator.endpoint());
    }

    @AfterEach
    void close() {
        notebooks.close();
    }

    @Test
    void setup_whenRunTwice_findsTheSameResourcesAndCreatesNothing() {
        Notebooks.Recorder first = new Notebooks.Recorder();
        Environment created = notebooks.setup(first);
        notebooks.apiCalls().reset();
        Notebooks.Recorder second = new Notebooks.Recorder();

        Environment again = notebooks.setup(second);

        assertThat(first.steps(Phase.CREATED)).containsExactlyInAnyOrder("vpc", "subnets", "internet-route",
                "alb-security-group", "instance-security-group", "cluster", "instance-role", "execution-role",
                "log-group", "load-balancer", "listener");
        assertThat(second.steps(Phase.CREATED)).isEmpty();
        assertThat(Notebooks.mutatingCalls(notebooks)).isEmpty();
        assertThat(again).isEqualTo(created);
        try (Ec2Client ec2 = EmulatorClients.build(Ec2Client.builder(), emulator.endpoint())) {
            assertThat(ec2.describeVpcs(r -> r.filters(Filter.builder().name("tag:gpu-notebook:env").values("default")
                    .build())).vpcs()).hasSize(1);
        }
    }

    @Test
    void setup_whenDone_buildsTheSharedEnvironmentOfTheDesign() {
        Environment env = notebooks.setup(new Notebooks.Recorder());

        try (Ec2Client ec2 = EmulatorClients.build(Ec2Client.builder(), emulator.endpoint());
                EcsClient ecs = EmulatorClients.build(EcsClient.builder(), emulator.endpoint());
                ElasticLoadBalancingV2Client elb = EmulatorClients.build(ElasticLoadBalancingV2Client.builder(),
                        emulator.endpoint());
                IamClient iam = EmulatorClients.build(IamClient.builder(), emulator.endpoint());
                CloudWatchLogsClient logs = EmulatorClients.build(CloudWatchLogsClient.builder(), emulator.endpoint())) {
            assertThat(env.subnets()).hasSize(2);
            assertThat(env.subnets().get(0).availabilityZone()).isNotEqualTo(env.subnets().get(1).availabilityZone());
            assertThat(ec2.describeSubnets(r -> r.subnetIds(env.subnets().get(0).id())).subnets().get(0)
                    .mapPublicIpOnLaunch()).isTrue();
            assertThat(ec2.describeRouteTables(r -> r.filters(Filter.builder().name("association.subnet-id")
                    .values(env.subnets().get(0).id()).build())).routeTables().get(0).routes())
                    .anyMatch(route -> "0.0.0.0/0".equals(route.destinationCidrBlock())
                            && route.gatewayId() != null && route.gatewayId().startsWith("igw-"));

            SecurityGroup alb = ec2.describeSecurityGroups(r -> r.groupIds(env.albSecurityGroupId())).securityGroups().get(0);
            assertThat(alb.ipPermissions()).anyMatch(p -> p.fromPort() == 80 && p.toPort() == 80
                    && p.ipRanges().stream().anyMatch(range -> range.cidrIp().equals("0.0.0.0/0")));
            SecurityGroup instances = ec2.describeSecurityGroups(r -> r.groupIds(env.instanceSecurityGroupId()))
                    .securityGroups().get(0);
            assertThat(instances.ipPermissions()).singleElement().satisfies(p -> {
                assertThat(p.fromPort()).isEqualTo(32768);
                assertThat(p.toPort()).isEqualTo(65535);
                assertThat(p.ipRanges()).isEmpty();
                assertThat(p.userIdGroupPairs()).extracting(g -> g.groupId()).containsExactly(env.albSecurityGroupId());
            });

            assertThat(ecs.describeClusters(r -> r.clusters(env.clusterName())).clusters()).singleElement()
                    .satisfies(c -> assertThat(c.status()).isEqualTo("ACTIVE"));
            assertThat(iam.listAttachedRolePolicies(r -> r.roleName("gpu-notebook-default-instance")).attachedPolicies())
                    .extracting(p -> p.policyName()).containsExactly("AmazonEC2ContainerServiceforEC2Role");
            assertThat(iam.getInstanceProfile(r -> r.instanceProfileName(env.instanceProfileName())).instanceProfile()
                    .roles()).extracting(role -> role.roleName()).containsExactly("gpu-notebook-default-instance");
            assertThat(iam.getRolePolicy(r -> r.roleName("gpu-notebook-default-task-execution")
                    .policyName("read-notebook-tokens")).policyDocument()).contains("parameter/gpu-notebook/default/");
            assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("/gpu-notebook/default")).logGroups())
                    .singleElement().satisfies(g -> assertThat(g.retentionInDays()).isEqualTo(30));
            assertThat(elb.describeListeners(r -> r.loadBalancerArn(env.loadBalancerArn())).listeners())
                    .singleElement().satisfies(l -> {
                        assertThat(l.port()).isEqualTo(80);
                        assertThat(l.defaultActions().get(0).typeAsString()).isEqualTo("fixed-response");
                    });
            assertThat(elb.describeTags(r -> r.resourceArns(env.loadBalancerArn())).tagDescriptions().get(0).tags())
                    .anyMatch(t -> t.key().equals("gpu-notebook:env") && t.value().equals("default"));
            assertThat(List.of(env.vpcId(), env.listenerArn(), env.executionRoleArn())).doesNotContainNull();
        }
    }

    /**
     * AWS refuses one step of setup with AccessDenied, injected at the HTTP layer (moto enforces no IAM) with AWS's
     * own error body: setup must remove everything it had created. The listener is the last step (it waits for the
     * whole network and the load balancer); the load balancer fails with the network made; the log group fails
     * while the other steps without dependencies (VPC, cluster, roles), started with it, still run to their end.
     */
    @Nested
    class WhenAwsDeniesAStep {

        private static final String DENIED = "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: %s"
                + " because no identity-based policy allows the %s action";

        static Stream<Arguments> denials() {
            return Stream.of(
                    Arguments.of("listener", "CreateListener", "elasticloadbalancing:CreateListener",
                            List.of("vpc", "subnets", "internet-route", "alb-security-group", "instance-security-group",
                                    "cluster", "instance-role", "execution-role", "log-group", "load-balancer")),
                    Arguments.of("load-balancer", "CreateLoadBalancer", "elasticloadbalancing:CreateLoadBalancer",
                            List.of("vpc", "subnets", "internet-route", "alb-security-group")),
                    Arguments.of("log-group", "Logs_20140328.CreateLogGroup", "logs:CreateLogGroup",
                            List.of("vpc", "cluster", "instance-role", "execution-role")));
        }

        @ParameterizedTest(name = "{0} denied")
        @MethodSource("denials")
        void setup_whenAStepIsDenied_removesEverythingItCreatedAndNamesTheAction(String step, String operation,
                String iamAction, List<String> createdBefore, FaultInjector faults) {
            String message = DENIED.formatted(iamAction, iamAction);
            if (operation.contains(".")) {
                faults.injectJson(operation, 400, FaultInjector.jsonError("AccessDeniedException", message));
            } else {
                faults.injectQueryError(operation, 403, FaultInjector.queryError("AccessDenied", message));
            }
            Set<String> before = AccountInventory.take(emulator);
            Notebooks.Recorder recorder = new Notebooks.Recorder();

            try (GpuNotebooks denied = Notebooks.connect(faults.endpoint())) {
                assertThatThrownBy(() -> denied.setup(recorder)).isInstanceOf(GpuNotebookException.class)
                        .hasMessageContaining("AWS denied " + iamAction)
                        .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(Reason.ACCESS_DENIED);
            }

            assertThat(recorder.steps(Phase.FAILED)).containsExactly(step);
            assertThat(AccountInventory.added(before, AccountInventory.take(emulator))).as("left behind").isEmpty();
            assertThat(recorder.steps(Phase.CREATED)).containsAll(createdBefore);
            assertThat(recorder.steps(Phase.ROLLED_BACK)).containsExactlyInAnyOrderElementsOf(recorder.steps(Phase.CREATED));
        }
    }
}
