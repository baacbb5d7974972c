package dev.gpunotebook.core.cloud;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.cloud.QuotaGateway.QuotaReading;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.model.ResourceNames;
import dev.gpunotebook.core.model.Tags;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One AWS account and region in memory, for core's unit tests: the EC2 instances, ECS services and task
 * definitions, SSM parameters and vCPU quota that the lifecycle, the idle reaper and the start checks read and
 * change, and the networks, cluster, load balancer, rules, target groups, roles and log group that setup and start
 * make, behind the ports they call. Every call lands in one list, as the AWS operation it stands for, so a test can
 * check the order across services (the task stopped before its instance); {@link #refuse} makes AWS refuse one.
 * Each test makes its own.
 *
 * <pre>{@code
 * FakeCloud aws = new FakeCloud();
 * aws.addNotebook("alice", "running", 1, launched);
 * new NotebookStopper(aws.cloud(), clock).stop(FakeCloud.ENVIRONMENT, NotebookName.of("alice"), "test", ProgressListener.NONE);
 * assertThat(aws.calls).containsSubsequence("UpdateService notebook-alice desiredCount=0", "StopInstances i-alice");
 * }</pre>
 */
public final class FakeCloud {

    public static final String REGION = "us-east-1";
    public static final String OWNER = "U0ALICE";
    /** What DescribeInstanceTypes says of g4dn.xlarge. */
    public static final InstanceTypeInfo G4DN_XLARGE = new InstanceTypeInfo("g4dn.xlarge", 4, 16384, 1, "NVIDIA T4",
            List.of("x86_64"));
    /** The environment {@code default} as setup leaves it, with made-up ids. */
    public static final Environment ENVIRONMENT = new Environment(EnvironmentConfig.defaults(), "vpc-1",
            List.of(new Environment.Subnet("subnet-1", "us-east-1a")), "gpu-notebook-default",
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/gpu-notebook-default/1",
            "gpu-notebook-default-1.us-east-1.elb.amazonaws.com", "sg-alb", "sg-instance",
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/gpu-notebook-default/1/2",
            "gpu-notebook-default-instance", "arn:aws:iam::123456789012:role/gpu-notebook-default-execution",
            "/gpu-notebook/default");

    private final CallLog log = new CallLog();
    public final List<String> calls = log;
    public final FakeEc2 ec2 = new FakeEc2(calls);
    public final FakeEcs ecs = new FakeEcs(calls);
    public final FakeSsm ssm = new FakeSsm(calls);
    public final FakeElb elb = new FakeElb(calls, ec2.network);
    public final FakeIam iam = new FakeIam(calls);
    public final FakeLogs logs = new FakeLogs(calls);
    private volatile QuotaReading quota = new QuotaReading.Unreadable("this test set no quota");

    /** The ports over this account. */
    public Cloud cloud() {
        QuotaGateway quotas = quotaCode -> {
            calls.add("GetServiceQuota " + quotaCode);
            return quota;
        };
        return new Cloud(REGION, ec2, ecs, elb, iam, ssm, quotas, logs);
    }

    /** The applied value of every EC2 vCPU quota from now on. */
    public void quota(double vcpus) {
        quota = new QuotaReading.Value(vcpus);
    }

    /**
     * A notebook as start leaves it, owned by {@link #OWNER}: its tagged g4dn.xlarge instance {@code i-<name>} in
     * {@code instanceState}, its service {@code notebook-<name>} at one desired task with {@code runningTasks}
     * running, and its token.
     */
    public void addNotebook(String name, String instanceState, int runningTasks, Instant launched) {
        NotebookSpec spec = NotebookSpec.defaults(NotebookName.of(name), OWNER);
        var tags = Tags.notebook(ENVIRONMENT.env(), spec);
        ec2.add(new InstanceInfo("i-" + name, spec.instanceType(), instanceState, "", "us-east-1a", "subnet-1",
                "ami-0123456789abcdef0", "", launched, tags));
        ecs.add(new ServiceInfo("arn:aws:ecs:us-east-1:123456789012:service/gpu-notebook-default/notebook-" + name,
                ENVIRONMENT.names().service(spec.name()), "ACTIVE", 1, runningTasks, 1 - runningTasks,
                "arn:aws:ecs:us-east-1:123456789012:task-definition/gpu-notebook-default-" + name + ":1", tags));
        ssm.values.put(ENVIRONMENT.names().tokenParameter(spec.name()), "token-of-" + name);
    }

    /**
     * From now on AWS refuses {@code call}, written as the fakes record it ({@code "StopInstances i-alice"}), with
     * {@code error}: the call is recorded and changes nothing.
     */
    public void refuse(String call, RuntimeException error) {
        log.refuse(call, error);
    }

    /**
     * A notebook as {@link #addNotebook} leaves it, with the parts only delete looks for as well: its task definition
     * {@code gpu-notebook-default-<name>}, its target group {@code gn-default-<name>} and its listener rule for
     * {@code /notebook/<name>/*} on the environment's listener (made if missing).
     */
    public void addNotebookWithRouting(String name, String instanceState, int runningTasks, Instant launched) {
        addNotebook(name, instanceState, runningTasks, launched);
        NotebookName notebook = NotebookName.of(name);
        ecs.addTaskDefinition(new TaskDefinitionSpec(ENVIRONMENT.names().taskFamily(notebook), "jupyter",
                "quay.io/jupyter/pytorch-notebook:cuda12-latest", 15000, 1, 8888, List.of(), Map.of(), Map.of(),
                ENVIRONMENT.executionRoleArn(), ENVIRONMENT.logGroupName(), REGION, "notebook", "work",
                "/var/lib/gpu-notebook/" + name, "/home/jovyan/work", Map.of()));
        String group = ENVIRONMENT.names().targetGroup(notebook);
        addLoadBalancer();
        String groupArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/" + group + "/1";
        elb.add(new TargetGroupInfo(groupArn, group, 80, ResourceNames.healthCheckPath(notebook), "traffic-port",
                Tags.notebook(ENVIRONMENT.env(), NotebookSpec.defaults(notebook, OWNER))));
        elb.add(new FakeElb.Rule(ruleArn(name), ENVIRONMENT.listenerArn(), 1, ResourceNames.baseUrl(notebook) + "*",
                groupArn, Map.of()));
    }

    /** The ARN of the listener rule {@link #addNotebookWithRouting} makes for the notebook. */
    public static String ruleArn(String name) {
        return "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/gpu-notebook-default/1/2/" + name;
    }

    /**
     * The shared resources of {@link #ENVIRONMENT} that start's calls need to exist: its VPC and subnet, its cluster,
     * its load balancer with the listener (and the listener's default rule).
     */
    public void addEnvironment() {
        Environment env = ENVIRONMENT;
        Map<String, String> tags = Tags.shared(env.env(), env.names().vpc());
        ec2.network.add(new FakeEc2Network.Vpc(env.vpcId(), env.config().vpcCidr(), tags));
        env.subnets().forEach(s -> ec2.network.add(new SubnetInfo(s.id(), env.vpcId(), "10.42.0.0/20",
                s.availabilityZone(), true, tags)));
        ecs.addCluster(env.clusterName());
        addLoadBalancer();
    }

    private void addLoadBalancer() {
        Environment env = ENVIRONMENT;
        if (elb.listeners().stream().noneMatch(listener -> listener.arn().equals(env.listenerArn()))) {
            elb.add(new LoadBalancerInfo(env.loadBalancerArn(), env.names().loadBalancer(), env.loadBalancerDns(),
                    env.vpcId(), List.of(env.albSecurityGroupId())), env.listenerArn(), 80);
        }
    }

    /** The calls that changed the account, in order: everything but the Describe, Get and List calls. */
    public List<String> changes() {
        return calls.stream().filter(call -> !call.startsWith("Describe") && !call.startsWith("Get")
                && !call.startsWith("List")).toList();
    }

    /** What a fake throws where AWS answers with an error code: the gateway's exception, naming the code. */
    static GpuNotebookException awsError(String code, String message) {
        return GpuNotebookException.of(GpuNotebookException.Reason.AWS, code + ": " + message);
    }

    /** What an operation the fakes leave out throws: a test that reaches it needs a fake that models it. */
    static UnsupportedOperationException notFaked(String operation) {
        return new UnsupportedOperationException(operation + " is not faked: no unit test has needed it yet");
    }
}
