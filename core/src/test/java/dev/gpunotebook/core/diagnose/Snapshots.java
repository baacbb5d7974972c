package dev.gpunotebook.core.diagnose;

import dev.gpunotebook.core.diagnose.snapshot.CallerIdentity;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts.Resources;
import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.GpuProbeFacts;
import dev.gpunotebook.core.diagnose.snapshot.ImageFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts.StateReason;
import dev.gpunotebook.core.diagnose.snapshot.InstanceTypeFacts;
import dev.gpunotebook.core.diagnose.snapshot.JupyterProbe;
import dev.gpunotebook.core.diagnose.snapshot.ListenerFacts;
import dev.gpunotebook.core.diagnose.snapshot.LoadBalancerFacts;
import dev.gpunotebook.core.diagnose.snapshot.LoadBalancerFacts.ZoneSubnet;
import dev.gpunotebook.core.diagnose.snapshot.NetworkAclFacts;
import dev.gpunotebook.core.diagnose.snapshot.NetworkAclFacts.Entry;
import dev.gpunotebook.core.diagnose.snapshot.RoleFacts;
import dev.gpunotebook.core.diagnose.snapshot.RouteTableFacts;
import dev.gpunotebook.core.diagnose.snapshot.RouteTableFacts.Route;
import dev.gpunotebook.core.diagnose.snapshot.RuleFacts;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts.Permission;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts.DeploymentConfig;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts.Deployment;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts.PlacementConstraint;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts.ServiceEvent;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts.ServiceLoadBalancer;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.SubnetFacts;
import dev.gpunotebook.core.diagnose.snapshot.TargetGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.TargetGroupFacts.HealthCheck;
import dev.gpunotebook.core.diagnose.snapshot.TargetHealthFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts.ContainerDefinitionFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts.PortMapping;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts.ContainerState;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts.NetworkBinding;
import dev.gpunotebook.core.diagnose.snapshot.UserData;
import dev.gpunotebook.core.diagnose.snapshot.VcpuQuota;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A healthy gpu-notebook stack as literal AWS facts: notebook "alice" on a g5.xlarge in a public
 * subnet behind an HTTPS ALB. Tests start from {@link #healthy()} and break one thing through the
 * builder (e.g. {@code healthy().instance(known(instance("stopped", reason)))}); the helpers
 * below make the usual variations short.
 */
public final class Snapshots {
    public static final String REGION = "eu-west-1";
    public static final String ACCOUNT = "123456789012";
    public static final String CLUSTER = "gpu-notebook-dev";
    public static final String SERVICE = "gpu-notebook-alice";
    public static final String NOTEBOOK = "alice";
    public static final String INSTANCE_ID = "i-0abc1234def567890";
    public static final String INSTANCE_TYPE = "g5.xlarge";
    public static final String AMI_ID = "ami-0ecsgpu000000001";
    public static final String SUBNET_A = "subnet-0pub1a";
    public static final String SUBNET_B = "subnet-0pub1b";
    public static final String VPC = "vpc-0main";
    public static final String INSTANCE_SG = "sg-0instance";
    public static final String ALB_SG = "sg-0alb";
    public static final String PROFILE_ARN = "arn:aws:iam::" + ACCOUNT + ":instance-profile/gpu-notebook-dev-instance";
    public static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/gpu-notebook-dev-instance";
    public static final String CONTAINER_INSTANCE_ARN = "arn:aws:ecs:" + REGION + ":" + ACCOUNT
            + ":container-instance/" + CLUSTER + "/0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    public static final String TASK_DEFINITION_ARN = "arn:aws:ecs:" + REGION + ":" + ACCOUNT
            + ":task-definition/gpu-notebook-alice:3";
    public static final String SERVICE_ARN = "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":service/" + CLUSTER + "/" + SERVICE;
    public static final String LB_ARN = "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT
            + ":loadbalancer/app/gpu-notebook-dev/50dc6c495c0c9188";
    public static final String LISTENER_ARN = "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT
            + ":listener/app/gpu-notebook-dev/50dc6c495c0c9188/f2f7dc8efc522ab2";
    public static final String TG_ARN = "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT
            + ":targetgroup/gpu-notebook-alice/73e2d6bc24d8a067";
    public static final String LB_DNS = "gpu-notebook-dev-1234567890." + REGION + ".elb.amazonaws.com";
    /** The H200's UUID from fixtures/gpu/h200 (nvidia-smi -L): the form ECS registers. */
    public static final String GPU_UUID = "GPU-9ce1ef66-8d1b-ee6c-d33e-b9d14cd2ca95";
    public static final String ECS_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role";
    public static final Instant LAUNCHED = Instant.parse("2025-01-06T09:00:00Z");

    public static final String USER_DATA = """
            #!/bin/bash
            cat <<'EOF' >> /etc/ecs/ecs.config
            ECS_CLUSTER=gpu-notebook-dev
            ECS_ENABLE_GPU_SUPPORT=true
            ECS_INSTANCE_ATTRIBUTES={"gpu-notebook":"alice"}
            EOF
            """;

    private Snapshots() {
    }

    public static <T> Fact<T> known(T value) {
        return Fact.known(value);
    }

    /** The healthy stack; change one fact through the builder to break it. */
    public static Snapshot.Builder healthy() {
        return Snapshot.builder(new DiagnosisTarget(CLUSTER, SERVICE, NOTEBOOK, REGION))
                .caller(known(new CallerIdentity(ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":user/dev")))
                .instance(known(instance("running", null)))
                .userData(known(UserData.ofText(USER_DATA)))
                .instanceType(known(instanceType(INSTANCE_TYPE, 4, 16384, 1)))
                .vcpuQuota(known(new VcpuQuota("L-DB2E81BA", "Running On-Demand G and VT instances", 16)))
                .runningVcpusInQuotaFamily(known(4))
                .image(known(image("al2023-ami-ecs-gpu-hvm-2023.0.20250101-kernel-6.1-x86_64", "x86_64")))
                .instanceRole(known(new RoleFacts(PROFILE_ARN, ROLE_ARN, List.of(ECS_POLICY), List.of())))
                .containerInstance(known(containerInstance(CLUSTER, "ACTIVE", true, List.of(GPU_UUID))))
                .instanceSubnet(known(new SubnetFacts(SUBNET_A, VPC, "eu-west-1a", "10.0.1.0/24", true)))
                .instanceRouteTable(known(routeTable(new Route("10.0.0.0/16", "local", "active"),
                        new Route("0.0.0.0/0", "igw-0main", "active"))))
                .instanceNetworkAcl(known(new NetworkAclFacts("acl-0default", List.of(
                        new Entry(100, true, "-1", null, null, "0.0.0.0/0", true),
                        new Entry(100, false, "-1", null, null, "0.0.0.0/0", true)))))
                .natGateways(known(List.of()))
                .vpcEndpoints(known(List.of()))
                .securityGroups(known(List.of(instanceSecurityGroup(List.of(
                                Permission.tcp(32768, 65535, List.of(), List.of(ALB_SG)))),
                        new SecurityGroupFacts(ALB_SG, "gpu-notebook-dev-alb",
                                List.of(Permission.tcp(443, 443, List.of("198.51.100.0/24"), List.of())),
                                List.of(Permission.all(List.of("0.0.0.0/0"), List.of()))))))
                .loadBalancerSubnets(known(List.of(
                        new SubnetFacts(SUBNET_A, VPC, "eu-west-1a", "10.0.1.0/24", true),
                        new SubnetFacts(SUBNET_B, VPC, "eu-west-1b", "10.0.2.0/24", true))))
                .taskDefinition(known(taskDefinition("bridge", jupyter(12288, null, 1, 0))))
                .service(known(service(1, 1, 0, List.of(event("(service gpu-notebook-alice) has reached a steady state.")))))
                .tasks(known(List.of(runningTask())))
                .loadBalancer(known(loadBalancer(List.of(new ZoneSubnet("eu-west-1a", SUBNET_A),
                        new ZoneSubnet("eu-west-1b", SUBNET_B)))))
                .listeners(known(List.of(new ListenerFacts(LISTENER_ARN, 443, "HTTPS", List.of(
                        rule("10", List.of("/notebook/alice/*"), "forward", TG_ARN),
                        defaultRule("fixed-response"))))))
                .targetGroup(known(targetGroup(healthCheck("/notebook/alice/api", "traffic-port", "200"))))
                .targetHealth(known(List.of(new TargetHealthFacts(INSTANCE_ID, 32768, "eu-west-1a", "healthy", null, null))))
                .jupyter(known(new JupyterProbe("https://" + LB_DNS + "/notebook/alice/api", 200, "2.14.2", null)))
                .gpuProbe(known(new GpuProbeFacts(LAUNCHED.plusSeconds(300), "usable", List.of(GPU_UUID), true, 1, null)))
                .apiCalls(42)
                .elapsed(Duration.ofMillis(1234));
    }

    public static InstanceFacts instance(String state, StateReason reason) {
        return instance(state, reason, "203.0.113.10", INSTANCE_TYPE);
    }

    public static InstanceFacts instance(String state, StateReason reason, String publicIp, String type) {
        return new InstanceFacts(INSTANCE_ID, type, state, reason, LAUNCHED, "eu-west-1a", SUBNET_A, VPC, publicIp,
                "10.0.1.10", AMI_ID, List.of(INSTANCE_SG), PROFILE_ARN);
    }

    public static InstanceTypeFacts instanceType(String type, int vcpus, long memoryMiB, int gpus) {
        return new InstanceTypeFacts(type, vcpus, memoryMiB, gpus, gpus > 0 ? "A10G" : null, gpus > 0 ? "NVIDIA" : null,
                List.of("x86_64"), Fact.known(List.of("eu-west-1a", "eu-west-1b", "eu-west-1c")));
    }

    public static ImageFacts image(String name, String architecture) {
        return new ImageFacts(AMI_ID, name, "", architecture, "591542846629", "amazon");
    }

    public static ContainerInstanceFacts containerInstance(String cluster, String status, boolean connected,
            List<String> gpus) {
        return containerInstance(cluster, status, connected, new Resources(4096, 15751, gpus, List.of(22, 2375, 2376,
                51678, 51679)), Map.of("gpu-notebook", "alice", "ecs.instance-type", INSTANCE_TYPE));
    }

    public static ContainerInstanceFacts containerInstance(String cluster, String status, boolean connected,
            Resources registered, Map<String, String> attributes) {
        String arn = CONTAINER_INSTANCE_ARN.replace("/" + CLUSTER + "/", "/" + cluster + "/");
        return new ContainerInstanceFacts(arn, INSTANCE_ID, cluster, status, null, connected, "1.89.0", registered,
                registered, attributes, 1, 0);
    }

    /** The healthy container instance of this cluster, registered with these resources instead. */
    public static ContainerInstanceFacts registeredWith(int cpu, int memoryMiB, int gpus) {
        return containerInstance(CLUSTER, "ACTIVE", true, new Resources(cpu, memoryMiB, gpuIds(gpus),
                List.of(22, 2375, 2376, 51678, 51679)), Map.of("gpu-notebook", "alice", "ecs.instance-type", INSTANCE_TYPE));
    }

    /** {@code count} distinct GPU UUIDs, the first of them {@link #GPU_UUID}. */
    public static List<String> gpuIds(int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> i == 0 ? GPU_UUID : GPU_UUID.substring(0, GPU_UUID.length() - 2) + String.format("%02x", i))
                .toList();
    }

    public static RouteTableFacts routeTable(Route... routes) {
        return new RouteTableFacts("rtb-0public", false, List.of(SUBNET_A), List.of(routes));
    }

    public static SecurityGroupFacts instanceSecurityGroup(List<Permission> ingress) {
        return new SecurityGroupFacts(INSTANCE_SG, "gpu-notebook-dev-instance", ingress,
                List.of(Permission.all(List.of("0.0.0.0/0"), List.of())));
    }

    /** The healthy security groups with the instance's group replaced. */
    public static Fact<List<SecurityGroupFacts>> securityGroupsWithInstanceGroup(SecurityGroupFacts instanceGroup) {
        List<SecurityGroupFacts> groups = new java.util.ArrayList<>(healthy().build().securityGroups().toOptional()
                .orElseThrow());
        groups.replaceAll(g -> g.groupId().equals(instanceGroup.groupId()) ? instanceGroup : g);
        return known(groups);
    }

    public static ContainerDefinitionFacts jupyter(Integer memory, Integer memoryReservation, int gpus, Integer hostPort) {
        return container(memory, memoryReservation, gpus, List.of(new PortMapping(8888, hostPort, "tcp")),
                List.of("start-notebook.py", "--ServerApp.base_url=/notebook/alice/", "--port=8888", "--ip=0.0.0.0"));
    }

    public static ContainerDefinitionFacts container(Integer memory, Integer memoryReservation, int gpus,
            List<PortMapping> ports, List<String> command) {
        return container(2048, memory, memoryReservation, gpus, ports, command);
    }

    /** The Jupyter container reserving these CPU units (null: none set), memory (MiB) and GPUs. */
    public static ContainerDefinitionFacts jupyterReserving(Integer cpu, Integer memory, int gpus) {
        ContainerDefinitionFacts usual = jupyter(memory, null, gpus, 0);
        return container(cpu, memory, null, gpus, usual.portMappings(), usual.command());
    }

    private static ContainerDefinitionFacts container(Integer cpu, Integer memory, Integer memoryReservation, int gpus,
            List<PortMapping> ports, List<String> command) {
        return new ContainerDefinitionFacts("jupyter", ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/gpu-notebook:1",
                cpu, memory, memoryReservation, true, ports, gpus, List.of("JUPYTER_TOKEN"), List.of(), List.of(),
                command);
    }

    public static TaskDefinitionFacts taskDefinition(String networkMode, ContainerDefinitionFacts... containers) {
        return new TaskDefinitionFacts(TASK_DEFINITION_ARN, networkMode, null, null,
                "arn:aws:iam::" + ACCOUNT + ":role/gpu-notebook-dev-execution", List.of(containers));
    }

    public static ServiceFacts service(int desired, int running, int pending, List<ServiceEvent> events) {
        return service(desired, running, pending, events, new DeploymentConfig(0, 100), "EC2",
                List.of(new ServiceLoadBalancer(TG_ARN, "jupyter", 8888)));
    }

    /** The healthy service, running, without its load balancer block. */
    public static ServiceFacts serviceWithoutLoadBalancer() {
        return service(1, 1, 0, List.of(), new DeploymentConfig(0, 100), "EC2", List.of());
    }

    public static ServiceFacts service(int desired, int running, int pending, List<ServiceEvent> events,
            DeploymentConfig deployment, String launchType, List<ServiceLoadBalancer> loadBalancers) {
        return new ServiceFacts(SERVICE_ARN, SERVICE, "ACTIVE", desired, running, pending, launchType, List.of(),
                TASK_DEFINITION_ARN, loadBalancers, events, deployment,
                List.of(new Deployment("PRIMARY", "COMPLETED", null, TASK_DEFINITION_ARN)),
                List.of(new PlacementConstraint("memberOf", "attribute:gpu-notebook == alice")), List.of());
    }

    /** The healthy service, placed by this {@code memberOf} expression instead of the notebook's attribute. */
    public static ServiceFacts serviceConstrainedBy(String expression) {
        ServiceFacts usual = service(1, 1, 0, List.of());
        return new ServiceFacts(usual.arn(), usual.name(), usual.status(), usual.desiredCount(), usual.runningCount(),
                usual.pendingCount(), usual.launchType(), usual.capacityProviders(), usual.taskDefinitionArn(),
                usual.loadBalancers(), usual.events(), usual.deploymentConfiguration(), usual.deployments(),
                List.of(new PlacementConstraint("memberOf", expression)), usual.awsvpcSecurityGroupIds());
    }

    public static ServiceEvent event(String message) {
        return event(LAUNCHED.plusSeconds(600), message);
    }

    public static ServiceEvent event(Instant at, String message) {
        return new ServiceEvent(at, message);
    }

    public static TaskFacts runningTask() {
        return runningTask("4e1ba5e2c6ac4b6f9a9b2f7e8d6c5b4a", new NetworkBinding(8888, 32768));
    }

    /** A running task of the service, its container bound to these host ports. */
    public static TaskFacts runningTask(String id, NetworkBinding... bindings) {
        return runningTask(id, List.of(bindings), List.of(GPU_UUID));
    }

    /** The running task with these GPUs assigned by ECS. */
    public static TaskFacts runningTaskAssigned(List<String> gpuIds) {
        return runningTask("4e1ba5e2c6ac4b6f9a9b2f7e8d6c5b4a", List.of(new NetworkBinding(8888, 32768)), gpuIds);
    }

    private static TaskFacts runningTask(String id, List<NetworkBinding> bindings, List<String> gpuIds) {
        return new TaskFacts(taskArn(id), TASK_DEFINITION_ARN, "RUNNING", "RUNNING", CONTAINER_INSTANCE_ARN, null, null,
                null, List.of(new ContainerState("jupyter", "RUNNING", null, null, bindings, gpuIds)));
    }

    public static TaskFacts stoppedTask(String id, Instant at, String reason, String stopCode, Integer exitCode,
            String containerReason) {
        return new TaskFacts(taskArn(id), TASK_DEFINITION_ARN, "STOPPED", "STOPPED", CONTAINER_INSTANCE_ARN, reason,
                stopCode, at, List.of(new ContainerState("jupyter", "STOPPED", exitCode, containerReason, List.of(),
                        List.of())));
    }

    public static String taskArn(String id) {
        return "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task/" + CLUSTER + "/" + id;
    }

    public static LoadBalancerFacts loadBalancer(List<ZoneSubnet> zones) {
        return new LoadBalancerFacts(LB_ARN, "gpu-notebook-dev", LB_DNS, "internet-facing", "application", "active",
                null, zones, List.of(ALB_SG));
    }

    public static RuleFacts rule(String priority, List<String> paths, String action, String targetGroupArn) {
        return new RuleFacts(LISTENER_ARN.replace(":listener/", ":listener-rule/") + "/" + priority, priority, false,
                paths, List.of(), List.of(), action, targetGroupArn == null ? List.of() : List.of(targetGroupArn));
    }

    public static RuleFacts defaultRule(String action, String... targetGroups) {
        return new RuleFacts(LISTENER_ARN.replace(":listener/", ":listener-rule/") + "/default", "default", true,
                List.of(), List.of(), List.of(), action, List.of(targetGroups));
    }

    public static TargetGroupFacts targetGroup(HealthCheck healthCheck) {
        return targetGroup(healthCheck, "instance", List.of(LB_ARN));
    }

    public static TargetGroupFacts targetGroup(HealthCheck healthCheck, String targetType, List<String> loadBalancers) {
        return new TargetGroupFacts(TG_ARN, "gpu-notebook-alice", 8888, "HTTP", targetType, healthCheck, loadBalancers);
    }

    public static HealthCheck healthCheck(String path, String port, String matcher) {
        return new HealthCheck(true, "HTTP", port, path, matcher, 30, 5, 2, 3);
    }
}
