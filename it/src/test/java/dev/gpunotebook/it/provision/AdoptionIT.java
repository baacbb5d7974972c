package dev.gpunotebook.it.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.EmulatorClients;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** Setup adopting a VPC, subnets, a cluster and a load balancer that someone else made. */
@WithAwsEmulator
class AdoptionIT {

    private AwsEmulator emulator;
    private Ec2Client ec2;
    private EcsClient ecs;
    private ElasticLoadBalancingV2Client elb;

    @BeforeEach
    void setUp(AwsEmulator emulator) {
        this.emulator = emulator;
        ec2 = EmulatorClients.build(Ec2Client.builder(), emulator.endpoint());
        ecs = EmulatorClients.build(EcsClient.builder(), emulator.endpoint());
        elb = EmulatorClients.build(ElasticLoadBalancingV2Client.builder(), emulator.endpoint());
    }

    @AfterEach
    void tearDown() {
        ec2.close();
        ecs.close();
        elb.close();
    }

    private GpuNotebooks connect(EnvironmentConfig config) {
        return GpuNotebooks.connect(AwsSettings.emulator(emulator.endpoint(), AwsEmulator.REGION), config);
    }

    @Test
    void setup_whenResourcesAreConfigured_adoptsThemAndCreatesOnlyWhatIsMissing() {
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
        List<String> zones = ec2.describeAvailabilityZones().availabilityZones().stream().map(z -> z.zoneName()).toList();
        String subnetA = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.9.1.0/24").availabilityZone(zones.get(0)))
                .subnet().subnetId();
        String subnetB = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.9.2.0/24").availabilityZone(zones.get(1)))
                .subnet().subnetId();
        ecs.createCluster(r -> r.clusterName("team-gpu"));
        String albGroup = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("team-alb").description("team alb"))
                .groupId();
        String alb = elb.createLoadBalancer(r -> r.name("team-alb").subnets(subnetA, subnetB).securityGroups(albGroup))
                .loadBalancers().get(0).loadBalancerArn();
        EnvironmentConfig config = EnvironmentConfig.defaults().withVpc(vpc, List.of(subnetA, subnetB))
                .withCluster("team-gpu").withLoadBalancer(alb);
        Notebooks.Recorder recorder = new Notebooks.Recorder();

        Environment env;
        try (GpuNotebooks notebooks = connect(config)) {
            env = notebooks.setup(recorder);
            notebooks.start(NotebookSpec.defaults(NotebookName.of("adopted"), "U0ERIN"), new Notebooks.Recorder());
        }

        assertThat(env.vpcId()).isEqualTo(vpc);
        assertThat(env.subnets()).extracting(Environment.Subnet::id).containsExactly(subnetA, subnetB);
        assertThat(env.clusterName()).isEqualTo("team-gpu");
        assertThat(env.loadBalancerArn()).isEqualTo(alb);
        assertThat(env.albSecurityGroupId()).isEqualTo(albGroup);
        assertThat(recorder.steps(Phase.FOUND)).contains("vpc", "subnets", "internet-route", "alb-security-group",
                "cluster", "load-balancer");
        assertThat(recorder.steps(Phase.CREATED)).containsExactlyInAnyOrder("instance-security-group", "instance-role",
                "execution-role", "log-group", "listener");
        assertThat(ec2.describeVpcs().vpcs()).extracting(v -> v.vpcId()).doesNotHaveDuplicates()
                .filteredOn(id -> !id.equals(vpc)).allSatisfy(id -> assertThat(ec2.describeVpcs(r -> r.vpcIds(id))
                        .vpcs().get(0).isDefault()).isTrue());
        assertThat(elb.describeLoadBalancers().loadBalancers()).hasSize(1);
        assertThat(ecs.describeServices(r -> r.cluster("team-gpu").services("notebook-adopted")).services()).hasSize(1);
    }

    @Test
    void setup_whenTheConfiguredClusterDoesNotExist_saysSoAndLeavesNothingBehind() {
        Set<String> before = AccountInventory.take(emulator);
        Notebooks.Recorder recorder = new Notebooks.Recorder();

        try (GpuNotebooks notebooks = connect(EnvironmentConfig.defaults().withCluster("no-such-cluster"))) {
            assertThatThrownBy(() -> notebooks.setup(recorder))
                    .isInstanceOf(GpuNotebookException.class).hasMessageContaining("'no-such-cluster' does not exist");
        }

        // The steps that need nothing (VPC, roles, log group) ran beside the cluster's lookup: in this test's own
        // empty world they were created here, so only setup's rollback can have removed them.
        assertThat(AccountInventory.added(before, AccountInventory.take(emulator))).as("left behind").isEmpty();
        assertThat(recorder.steps(Phase.CREATED)).contains("vpc", "instance-role", "execution-role", "log-group");
        assertThat(recorder.steps(Phase.ROLLED_BACK)).containsExactlyInAnyOrderElementsOf(recorder.steps(Phase.CREATED));
    }
}
