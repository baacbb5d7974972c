package dev.gpunotebook.it.diagnose;

import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.FaultInjector;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * A GPU ECS stack built with plain SDK calls, the way a Terraform user would: their own names
 * (cluster {@value #CLUSTER}, service {@value #SERVICE}), their own security groups and none of
 * gpu-notebook's tags. The plain shape is a bridge-mode task with a dynamic host port (none given)
 * on a g4dn.xlarge with the ECS GPU AMI, behind an ALB whose HTTP listener on port 80 forwards
 * everything to Jupyter at {@code /}; {@code withX()} varies one thing at a time:
 *
 * <pre>{@code
 * HandBuiltStack.Built built = HandBuiltStack.plain().withHostPort(8888).build(emulator, faults, agent);
 * Diagnosis diagnosis = notebooks.diagnose(HandBuiltStack.CLUSTER, HandBuiltStack.SERVICE);
 * }</pre>
 *
 * <p>The agent simulator registers the instance where its user data sends it, and moto's missing GPU
 * registration is injected, so the stack is healthy unless a variant breaks it.
 */
record HandBuiltStack(boolean awsvpc, boolean sidecarFirst, boolean loadBalancer, byte[] userData,
        Integer hostPort, int listenerPort, String host, String basePath) {

    static final String CLUSTER = "ml-gpu";
    static final String SERVICE = "jupyter-svc";
    static final String SHELL_USER_DATA = "#!/bin/bash\necho ECS_CLUSTER=" + CLUSTER
            + " >> /etc/ecs/ecs.config\necho ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config\n";

    /** Ids of what {@link #build} made; {@code taskGroupId} is null unless the task is in awsvpc mode. */
    record Built(String instanceId, String albGroupId, String hostGroupId, String taskGroupId) {
    }

    static HandBuiltStack plain() {
        return new HandBuiltStack(false, false, true, SHELL_USER_DATA.getBytes(StandardCharsets.UTF_8), null, 80,
                null, "/");
    }

    /** awsvpc mode behind an {@code ip} target group, with a log-router sidecar listed before the notebook. */
    HandBuiltStack withAwsvpcAndSidecarFirst() {
        return new HandBuiltStack(true, true, loadBalancer, userData, hostPort, listenerPort, host, basePath);
    }

    HandBuiltStack withoutLoadBalancer() {
        return new HandBuiltStack(awsvpc, sidecarFirst, false, userData, hostPort, listenerPort, host, basePath);
    }

    HandBuiltStack withUserData(byte[] bytes) {
        return new HandBuiltStack(awsvpc, sidecarFirst, loadBalancer, bytes, hostPort, listenerPort, host, basePath);
    }

    /** A fixed host port (the host group admits the ALB on it alone), or 0 for the dynamic range. */
    HandBuiltStack withHostPort(int port) {
        return new HandBuiltStack(awsvpc, sidecarFirst, loadBalancer, userData, port, listenerPort, host, basePath);
    }

    /** Only a rule for {@code hostHeader} and {@code base*} leads to Jupyter; the listener answers 404 otherwise. */
    HandBuiltStack withHostRule(int port, String hostHeader, String base) {
        return new HandBuiltStack(awsvpc, sidecarFirst, loadBalancer, userData, hostPort, port, hostHeader, base);
    }

    Built build(AwsEmulator emulator, FaultInjector faults, EcsAgentSimulator agent) {
        try (Ec2Client ec2 = emulator.client(Ec2Client.builder())) {
            return build(emulator, faults, agent, ec2);
        }
    }

    private Built build(AwsEmulator emulator, FaultInjector faults, EcsAgentSimulator agent, Ec2Client ec2) {
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
        String albGroup = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("ml-alb").description("alb")).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(albGroup).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(listenerPort).toPort(listenerPort).ipRanges(x -> x.cidrIp("203.0.113.0/24"))));
        String hostGroup = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("ml-hosts").description("hosts"))
                .groupId();
        String taskGroup = null;
        if (awsvpc) {
            // The task's own ENI admits the ALB; a careless extra rule opens it to the world too.
            taskGroup = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("ml-task").description("task")).groupId();
            String group = taskGroup;
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p.ipProtocol("tcp")
                    .fromPort(8888).toPort(8888).userIdGroupPairs(g -> g.groupId(albGroup))));
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p.ipProtocol("tcp")
                    .fromPort(8888).toPort(8888).ipRanges(x -> x.cidrIp("0.0.0.0/0"))));
        } else {
            boolean dynamic = hostPort == null || hostPort == 0;
            int from = dynamic ? 32768 : hostPort;
            int to = dynamic ? 65535 : hostPort;
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(hostGroup).ipPermissions(p -> p.ipProtocol("tcp")
                    .fromPort(from).toPort(to).userIdGroupPairs(g -> g.groupId(albGroup))));
        }
        String profileArn;
        try (IamClient iam = emulator.client(IamClient.builder().region(Region.AWS_GLOBAL))) {
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
        String instanceId = ec2.runInstances(r -> r.imageId(ami).instanceType("g4dn.xlarge").minCount(1).maxCount(1)
                .subnetId(subnetA).securityGroupIds(hostGroup).iamInstanceProfile(p -> p.arn(profileArn))
                .userData(Base64.getEncoder().encodeToString(userData)))
                .instances().get(0).instanceId();

        try (EcsClient ecs = emulator.client(EcsClient.builder());
                ElasticLoadBalancingV2Client elb = emulator.client(ElasticLoadBalancingV2Client.builder())) {
            ecs.createCluster(r -> r.clusterName(CLUSTER));
            String lb = elb.createLoadBalancer(r -> r.name("ml-alb").subnets(subnetA, subnetB).securityGroups(albGroup))
                    .loadBalancers().get(0).loadBalancerArn();
            String tg = elb.createTargetGroup(r -> r.name("ml-jupyter").protocol("HTTP").port(8888).vpcId(vpc)
                    .targetType(awsvpc ? "ip" : "instance").healthCheckPath(basePath + "api")
                    .healthCheckPort("traffic-port").matcher(m -> m.httpCode("200"))).targetGroups().get(0)
                    .targetGroupArn();
            if (host == null) {
                elb.createListener(r -> r.loadBalancerArn(lb).protocol("HTTP").port(listenerPort)
                        .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
            } else {
                String listener = elb.createListener(r -> r.loadBalancerArn(lb).protocol("HTTP").port(listenerPort)
                        .defaultActions(a -> a.type("fixed-response")
                                .fixedResponseConfig(f -> f.statusCode("404").contentType("text/plain"))))
                        .listeners().get(0).listenerArn();
                elb.createRule(r -> r.listenerArn(listener).priority(10).actions(a -> a.type("forward")
                        .targetGroupArn(tg)).conditions(
                                c -> c.field("host-header").hostHeaderConfig(h -> h.values(host)),
                                c -> c.field("path-pattern").pathPatternConfig(p -> p.values(basePath + "*"))));
            }
            ContainerDefinition notebook = ContainerDefinition.builder().name("notebook")
                    .image("quay.io/jupyter/pytorch-notebook:cuda12-latest").memory(14000).essential(true)
                    .portMappings(p -> p.containerPort(8888).hostPort(hostPort).protocol("tcp"))
                    .resourceRequirements(x -> x.type("GPU").value("1"))
                    .command("start-notebook.py", "--port=8888", "--ServerApp.base_url=" + basePath).build();
            ContainerDefinition sidecar = ContainerDefinition.builder().name("log-router")
                    .image("public.ecr.aws/aws-observability/aws-for-fluent-bit:stable").memory(256).essential(true)
                    .build();
            List<ContainerDefinition> containers = sidecarFirst ? List.of(sidecar, notebook) : List.of(notebook);
            String td = ecs.registerTaskDefinition(r -> r.family("ml-jupyter")
                    .networkMode(awsvpc ? NetworkMode.AWSVPC : NetworkMode.BRIDGE)
                    .containerDefinitions(containers)).taskDefinition().taskDefinitionArn();
            String taskGroupId = taskGroup;
            ecs.createService(r -> {
                r.cluster(CLUSTER).serviceName(SERVICE).taskDefinition(td).desiredCount(1).launchType(LaunchType.EC2)
                        .deploymentConfiguration(d -> d.minimumHealthyPercent(0).maximumPercent(100));
                if (loadBalancer) {
                    r.loadBalancers(l -> l.targetGroupArn(tg).containerName("notebook").containerPort(8888));
                }
                if (awsvpc) {
                    r.networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnetA)
                            .securityGroups(taskGroupId)));
                }
            });
        }
        agent.boot(instanceId);
        agent.injectDescribeContainerInstances(faults);
        return new Built(instanceId, albGroup, hostGroup, taskGroup);
    }
}
