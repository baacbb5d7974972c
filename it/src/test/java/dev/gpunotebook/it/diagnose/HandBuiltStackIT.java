package dev.gpunotebook.it.diagnose;

import static dev.gpunotebook.it.diagnose.DiagnosedStack.check;
import static dev.gpunotebook.it.diagnose.DiagnosedStack.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.FaultInjector;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * A GPU notebook stack built with plain SDK calls the way a Terraform user builds it: their own
 * names, their own security groups, a fixed or a dynamic host port, none of gpu-notebook's tags.
 * Diagnosed with {@code --cluster/--service} only. The ECS agent is played by
 * {@link EcsAgentSimulator}, whose registered resources (GPUs included) are injected because moto
 * registers none.
 */
@WithAwsEmulator
class HandBuiltStackIT {

    private static final String CLUSTER = "ml-gpu";
    private static final String SERVICE = "jupyter-svc";

    private AwsEmulator emulator;
    private FaultInjector faults;
    private Ec2Client ec2;
    private GpuNotebooks notebooks;
    private EcsAgentSimulator agent;
    private String hostGroupId;
    private String albGroupId;

    @BeforeEach
    void setUp(AwsEmulator emulator, FaultInjector faults) {
        emulator.reset();
        faults.reset();
        this.emulator = emulator;
        this.faults = faults;
        ec2 = emulator.client(Ec2Client.builder());
        agent = new EcsAgentSimulator(emulator);
        notebooks = GpuNotebooks.connect(AwsSettings.emulator(faults.endpoint(), AwsEmulator.REGION),
                EnvironmentConfig.defaults());
    }

    @AfterEach
    void tearDown() {
        notebooks.close();
        agent.close();
        ec2.close();
    }

    /** The stack, with {@code hostPort} 8888 (fixed) or 0 (dynamic) and the matching host security group rule. */
    private void build(int hostPort) {
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.42.0.0/16")).vpc().vpcId();
        String subnetA = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.42.1.0/24").availabilityZone("us-east-1a"))
                .subnet().subnetId();
        String subnetB = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.42.2.0/24").availabilityZone("us-east-1b"))
                .subnet().subnetId();
        ec2.modifySubnetAttribute(r -> r.subnetId(subnetA).mapPublicIpOnLaunch(a -> a.value(true)));
        String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
        String rtb = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
        ec2.createRoute(r -> r.routeTableId(rtb).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        ec2.associateRouteTable(r -> r.routeTableId(rtb).subnetId(subnetA));
        ec2.associateRouteTable(r -> r.routeTableId(rtb).subnetId(subnetB));
        albGroupId = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("ml-alb").description("alb")).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(albGroupId).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(80).toPort(80).ipRanges(x -> x.cidrIp("203.0.113.0/24"))));
        hostGroupId = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("ml-gpu-hosts").description("hosts")).groupId();
        int from = hostPort == 0 ? 32768 : hostPort;
        int to = hostPort == 0 ? 65535 : hostPort;
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(hostGroupId).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(from).toPort(to).userIdGroupPairs(g -> g.groupId(albGroupId))));

        String profileArn;
        try (IamClient iam = emulator.client(IamClient.builder().region(software.amazon.awssdk.regions.Region.AWS_GLOBAL))) {
            iam.createRole(r -> r.roleName("ml-ecs-host").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
                    + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                    + "\"Action\":\"sts:AssumeRole\"}]}"));
            iam.attachRolePolicy(r -> r.roleName("ml-ecs-host").policyArn(
                    "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"));
            profileArn = iam.createInstanceProfile(r -> r.instanceProfileName("ml-ecs-host")).instanceProfile().arn();
            iam.addRoleToInstanceProfile(r -> r.instanceProfileName("ml-ecs-host").roleName("ml-ecs-host"));
        }
        String ami;
        try (SsmClient ssm = emulator.client(SsmClient.builder())) {
            ami = ssm.getParameter(r -> r.name("/aws/service/ecs/optimized-ami/amazon-linux-2/gpu/recommended/image_id"))
                    .parameter().value();
        }
        String userData = "#!/bin/bash\necho ECS_CLUSTER=" + CLUSTER + " >> /etc/ecs/ecs.config\n"
                + "echo ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config\n";
        String instanceId = ec2.runInstances(r -> r.imageId(ami).instanceType("g4dn.xlarge").minCount(1).maxCount(1)
                .subnetId(subnetA).securityGroupIds(hostGroupId).iamInstanceProfile(p -> p.arn(profileArn))
                .userData(Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8))))
                .instances().get(0).instanceId();

        try (EcsClient ecs = emulator.client(EcsClient.builder());
                ElasticLoadBalancingV2Client elb = emulator.client(ElasticLoadBalancingV2Client.builder())) {
            ecs.createCluster(r -> r.clusterName(CLUSTER));
            String lb = elb.createLoadBalancer(r -> r.name("ml-alb").subnets(subnetA, subnetB).securityGroups(albGroupId))
                    .loadBalancers().get(0).loadBalancerArn();
            String tg = elb.createTargetGroup(r -> r.name("ml-jupyter").protocol("HTTP").port(8888).vpcId(vpc)
                    .targetType("instance").healthCheckPath("/api").healthCheckPort("traffic-port")
                    .matcher(m -> m.httpCode("200"))).targetGroups().get(0).targetGroupArn();
            elb.createListener(r -> r.loadBalancerArn(lb).protocol("HTTP").port(80)
                    .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
            String td = ecs.registerTaskDefinition(r -> r.family("ml-jupyter").networkMode("bridge")
                    .containerDefinitions(c -> c.name("notebook").image("quay.io/jupyter/pytorch-notebook:cuda12-latest")
                            .memory(14000).essential(true)
                            .portMappings(p -> p.containerPort(8888).hostPort(hostPort).protocol("tcp"))
                            .resourceRequirements(x -> x.type("GPU").value("1"))
                            .command("start-notebook.py", "--port=8888")))
                    .taskDefinition().taskDefinitionArn();
            ecs.createService(r -> r.cluster(CLUSTER).serviceName(SERVICE).taskDefinition(td).desiredCount(1)
                    .launchType(LaunchType.EC2).deploymentConfiguration(d -> d.minimumHealthyPercent(0).maximumPercent(100))
                    .loadBalancers(l -> l.targetGroupArn(tg).containerName("notebook").containerPort(8888)));
        }
        agent.boot(instanceId);
        agent.injectDescribeContainerInstances(faults);
    }

    @Nested
    class WhenItIsHealthy {

        @Test
        void diagnose_whenTheHostPortIsFixed_findsNoFailure() {
            build(8888);

            Diagnosis diagnosis = notebooks.diagnose(CLUSTER, SERVICE);

            assertThat(diagnosis.counts().get(Status.FAIL)).as(describe(diagnosis)).isZero();
            assertThat(check(diagnosis, "agent.registration").status()).as(describe(diagnosis)).isEqualTo(Status.PASS);
            assertThat(check(diagnosis, "network.alb-to-instance").status()).isEqualTo(Status.PASS);
            assertThat(diagnosis.target().notebook()).isNull();
        }

        @Test
        void diagnose_whenTheHostPortIsDynamic_findsNoFailure() {
            build(0);

            Diagnosis diagnosis = notebooks.diagnose("arn:aws:ecs:us-east-1:123456789012:cluster/" + CLUSTER, SERVICE);

            assertThat(diagnosis.counts().get(Status.FAIL)).as(describe(diagnosis)).isZero();
            assertThat(check(diagnosis, "network.alb-to-instance").status()).isEqualTo(Status.PASS);
        }
    }

    @Nested
    class WhenItIsBroken {

        @Test
        void diagnose_whenTheHostGroupDoesNotAdmitTheAlb_failsNetworkAlbToInstance() {
            build(8888);
            var rules = ec2.describeSecurityGroups(r -> r.groupIds(hostGroupId)).securityGroups().get(0).ipPermissions();
            ec2.revokeSecurityGroupIngress(r -> r.groupId(hostGroupId).ipPermissions(rules));

            Diagnosis diagnosis = notebooks.diagnose(CLUSTER, SERVICE);

            CheckResult path = check(diagnosis, "network.alb-to-instance");
            assertThat(path.status()).as(describe(diagnosis)).isEqualTo(Status.FAIL);
            assertThat(path.remediation()).contains(hostGroupId).contains("8888");
        }

        @Test
        void diagnose_whenTheClustersOnlyInstanceIsStopped_failsInstanceStateAndStillReadsWhatTheInstanceNames() {
            build(0);
            String instanceId = ec2.describeInstances().reservations().get(0).instances().get(0).instanceId();
            ec2.stopInstances(r -> r.instanceIds(instanceId));

            Diagnosis diagnosis = notebooks.diagnose(CLUSTER, SERVICE);

            // Neither the running instances nor (no tags) the environment's hold it: it is read by id, then its type.
            assertThat(check(diagnosis, "instance.state").status()).as(describe(diagnosis)).isEqualTo(Status.FAIL);
            assertThat(check(diagnosis, "instance.state").summary()).contains(instanceId, "stopped");
            assertThat(check(diagnosis, "instance.type").status()).as(describe(diagnosis)).isEqualTo(Status.PASS);
        }

        @Test
        void diagnose_whenTheServiceDoesNotExist_failsWithoutCrashing() {
            build(8888);

            Diagnosis diagnosis = notebooks.diagnose(CLUSTER, "no-such-service");

            // The cluster's only container instance is not judged for a service that does not exist.
            assertThat(diagnosis.checks().stream().filter(c -> c.status() == Status.FAIL).map(c -> c.id()))
                    .as(describe(diagnosis)).containsExactly("instance.state");
            assertThat(check(diagnosis, "instance.state").summary()).contains("no-such-service", "does not exist");
        }
    }
}
