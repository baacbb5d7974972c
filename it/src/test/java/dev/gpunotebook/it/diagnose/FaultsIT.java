package dev.gpunotebook.it.diagnose;

import static dev.gpunotebook.it.diagnose.DiagnosedStack.check;
import static dev.gpunotebook.it.diagnose.DiagnosedStack.describe;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.model.Tags;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.FaultInjector;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * One fault at a time on a stack made by start, each found by its own check and by no other
 * (the dependent checks SKIP). Where moto models the misconfiguration the test makes it for real
 * on the emulator; where it does not (quotas, service events, stopped tasks, target health,
 * access denied) the test injects AWS's own response at the HTTP layer and says so.
 */
@WithAwsEmulator
class FaultsIT {

    private static final String ECS = "AmazonEC2ContainerServiceV20141113.";

    private DiagnosedStack stack;
    private AwsEmulator emulator;
    private FaultInjector faults;
    private Ec2Client ec2;
    private EcsClient ecs;
    private ElasticLoadBalancingV2Client elb;

    @BeforeEach
    void setUp(AwsEmulator emulator, FaultInjector faults) {
        this.emulator = emulator;
        this.faults = faults;
        stack = new DiagnosedStack(emulator, faults);
        ec2 = emulator.client(Ec2Client.builder());
        ecs = emulator.client(EcsClient.builder());
        elb = emulator.client(ElasticLoadBalancingV2Client.builder());
    }

    @AfterEach
    void tearDown() {
        ec2.close();
        ecs.close();
        elb.close();
        stack.close();
    }

    private static void assertOnlyFailure(Diagnosis diagnosis, String checkId) {
        assertThat(diagnosis.checks()).as(describe(diagnosis)).filteredOn(c -> c.status() == Status.FAIL)
                .extracting(CheckResult::id).containsExactly(checkId);
        assertThat(check(diagnosis, checkId).remediation()).as(describe(diagnosis)).isNotBlank();
    }

    private Instance instance(String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    /** Replaces start's instance with one launched by hand, as someone would with their own user data or type. */
    private String replaceInstance(StartResult started, String type, String userData) {
        Instance original = instance(started.instanceId());
        ec2.terminateInstances(r -> r.instanceIds(original.instanceId()));
        String id = ec2.runInstances(r -> r.imageId(original.imageId()).instanceType(type).minCount(1).maxCount(1)
                .subnetId(original.subnetId()).securityGroupIds(original.securityGroups().get(0).groupId())
                .iamInstanceProfile(p -> p.arn(original.iamInstanceProfile().arn()))
                .userData(Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)))
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(
                        x -> x.key(Tags.ENV).value("default"), x -> x.key(Tags.NOTEBOOK).value("alice"))))
                .instances().get(0).instanceId();
        stack.agent.boot(id);
        return id;
    }

    private String targetGroupArn() {
        return elb.describeTargetGroups(r -> r.names("gn-default-alice")).targetGroups().get(0).targetGroupArn();
    }

    /** What moto answers for a JSON-protocol ECS call, to change one field and inject it back. */
    private JsonObject motoJson(String operation, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(emulator.endpoint())
                .header("X-Amz-Target", ECS + operation).header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/ecs/aws4_request")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        String json = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        return JsonParser.parseString(json).getAsJsonObject();
    }

    @Nested
    class WhenTheEmulatorModelsTheFault {

        @Test
        void diagnose_whenTheInstanceGroupNoLongerAdmitsTheAlb_failsNetworkAlbToInstance() {
            stack.start("alice");
            String group = stack.env.instanceSecurityGroupId();
            var rules = ec2.describeSecurityGroups(r -> r.groupIds(group)).securityGroups().get(0).ipPermissions();
            ec2.revokeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(rules));

            Diagnosis diagnosis = stack.diagnose("alice");

            assertOnlyFailure(diagnosis, "network.alb-to-instance");
        }

        @Test
        void diagnose_whenTheSubnetHasNoInternetRoute_failsNetworkOutboundAndSkipsRegistration() {
            for (RouteTable table : ec2.describeRouteTables(r -> r.filters(f -> f.name("vpc-id")
                    .values(stack.env.vpcId()))).routeTables()) {
                if (table.routes().stream().anyMatch(x -> "0.0.0.0/0".equals(x.destinationCidrBlock()))) {
                    ec2.deleteRoute(r -> r.routeTableId(table.routeTableId()).destinationCidrBlock("0.0.0.0/0"));
                }
            }
            stack.start("alice"); // the agent finds no way out: it registers nowhere

            Diagnosis diagnosis = stack.diagnose("alice");

            assertOnlyFailure(diagnosis, "network.outbound");
            assertThat(check(diagnosis, "agent.registration").status()).isEqualTo(Status.SKIP);
        }

        @Test
        void diagnose_whenUserDataLacksEcsCluster_failsAgentConfigAndTheAgentSitsInDefault() {
            StartResult started = stack.start("alice");
            replaceInstance(started, "g4dn.xlarge", "#!/bin/bash\necho ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config\n");

            Diagnosis diagnosis = stack.diagnose("alice");

            assertOnlyFailure(diagnosis, "agent.config");
            assertThat(check(diagnosis, "agent.config").summary()).contains("ECS_CLUSTER");
            assertThat(stack.agent.registrations()).anyMatch(r -> r.cluster().equals("default"));
        }

        @Test
        void diagnose_whenTheInstanceTypeHasNoGpu_failsInstanceType() {
            StartResult started = stack.start("alice");
            replaceInstance(started, "m5.xlarge", "#!/bin/bash\ncat >> /etc/ecs/ecs.config <<EOF\n"
                    + "ECS_CLUSTER=gpu-notebook-default\nECS_ENABLE_GPU_SUPPORT=true\nEOF\n");

            Diagnosis diagnosis = stack.diagnose("alice");

            assertThat(check(diagnosis, "instance.type").status()).as(describe(diagnosis)).isEqualTo(Status.FAIL);
            assertThat(check(diagnosis, "instance.type").summary()).contains("m5.xlarge");
        }

        /** Registers a new revision of the notebook's task definition with the given GPUs and memory and deploys it. */
        private void resizeTask(int gpus, int memoryMiB) {
            var service = ecs.describeServices(r -> r.cluster("gpu-notebook-default").services("notebook-alice"))
                    .services().get(0);
            var td = ecs.describeTaskDefinition(r -> r.taskDefinition(service.taskDefinition())).taskDefinition();
            String resized = ecs.registerTaskDefinition(r -> r.family(td.family()).networkMode(td.networkMode())
                    .containerDefinitions(td.containerDefinitions().get(0).toBuilder().memory(memoryMiB)
                            .resourceRequirements(x -> x.type("GPU").value(Integer.toString(gpus))).build()))
                    .taskDefinition().taskDefinitionArn();
            ecs.updateService(r -> r.cluster("gpu-notebook-default").service("notebook-alice").taskDefinition(resized));
        }

        @Test
        void diagnose_whenTheTaskAsksForMoreMemoryThanTheInstanceRegisters_failsTaskResources() {
            stack.start("alice");
            resizeTask(1, 65536);

            Diagnosis diagnosis = stack.diagnose("alice");

            assertOnlyFailure(diagnosis, "task.resources");
            assertThat(check(diagnosis, "task.resources").summary()).contains("65536");
        }

        @Test
        void diagnose_whenTheTaskAsksForMoreGpusThanTheTypeHas_failsInstanceTypeAndSkipsTaskResources() {
            stack.start("alice");
            resizeTask(4, 8192);

            Diagnosis diagnosis = stack.diagnose("alice");

            assertOnlyFailure(diagnosis, "instance.type");
            assertThat(check(diagnosis, "instance.type").summary()).contains("requires 4");
            assertThat(check(diagnosis, "task.resources").status()).isEqualTo(Status.SKIP);
        }

        @Test
        void diagnose_whenTheHealthCheckPathMissesJupyter_failsTargetHealth() {
            stack.start("alice");
            elb.modifyTargetGroup(r -> r.targetGroupArn(targetGroupArn()).healthCheckPath("/"));

            Diagnosis diagnosis = stack.diagnose("alice");

            assertOnlyFailure(diagnosis, "target.health");
            assertThat(check(diagnosis, "target.health").remediation()).contains("/notebook/alice/api");
        }

        @Test
        void diagnose_whenTheInstanceIsStopped_failsInstanceState() {
            StartResult started = stack.start("alice");
            ec2.stopInstances(r -> r.instanceIds(started.instanceId()));

            Diagnosis diagnosis = stack.diagnose("alice");

            assertOnlyFailure(diagnosis, "instance.state");
        }

        @Test
        void diagnose_whenTheContainerInstanceIsDraining_failsAgentRegistration() {
            StartResult started = stack.start("alice");
            stack.agent.drain(started.instanceId());

            Diagnosis diagnosis = stack.diagnose("alice");

            assertOnlyFailure(diagnosis, "agent.registration");
            assertThat(check(diagnosis, "agent.registration").summary()).contains("DRAINING");
        }

        @Test
        void diagnose_whenTheContainerInstanceWasDeregistered_saysItIsRegisteredNowhere() {
            // moto forgets a deregistered container instance and launched the instance seconds ago, so the
            // check gives the agent its few minutes of grace (WARN); on an older instance the same facts FAIL.
            StartResult started = stack.start("alice");
            stack.agent.deregister(started.instanceId());

            Diagnosis diagnosis = stack.diagnose("alice");

            CheckResult registration = check(diagnosis, "agent.registration");
            assertThat(registration.status()).as(describe(diagnosis)).isIn(Status.WARN, Status.FAIL);
            assertThat(registration.summary()).contains(started.instanceId()).contains("not registered");
        }

        @Test
        void diagnose_whenTheListenerHasNoRuleForTheNotebook_failsAlbListener() {
            stack.start("alice");
            elb.describeRules(r -> r.listenerArn(stack.env.listenerArn())).rules().stream()
                    .filter(rule -> !Boolean.TRUE.equals(rule.isDefault()))
                    .forEach(rule -> elb.deleteRule(r -> r.ruleArn(rule.ruleArn())));

            Diagnosis diagnosis = stack.diagnose("alice");

            assertThat(check(diagnosis, "alb.listener").status()).as(describe(diagnosis)).isEqualTo(Status.FAIL);
        }
    }

    @Nested
    class WhenAwsAnswersAreInjected {

        @Test
        void diagnose_whenTheVcpuQuotaIsZeroAndTheInstanceStopped_failsQuotaVcpu() {
            // Injected: moto has no EC2 quotas; this is GetServiceQuota's real answer shape.
            StartResult started = stack.start("alice");
            ec2.stopInstances(r -> r.instanceIds(started.instanceId()));
            faults.injectJson("ServiceQuotasV20190624.GetServiceQuota", 200, "{\"Quota\":{\"ServiceCode\":\"ec2\","
                    + "\"QuotaArn\":\"arn:aws:servicequotas:us-east-1:123456789012:ec2/L-DB2E81BA\",\"QuotaCode\":"
                    + "\"L-DB2E81BA\",\"QuotaName\":\"Running On-Demand G and VT instances\",\"Value\":0.0,"
                    + "\"Unit\":\"None\",\"Adjustable\":true,\"GlobalQuota\":false}}");

            Diagnosis diagnosis = stack.diagnose("alice");

            assertOnlyFailure(diagnosis, "quota.vcpu");
            assertThat(check(diagnosis, "quota.vcpu").remediation()).contains("request-service-quota-increase");
        }

        @Test
        void diagnose_whenTheServiceEventSaysNoInstanceHasTheGpus_failsServicePlacement() throws Exception {
            // Injected: moto has no scheduler and never writes service events; this is its own DescribeServices
            // answer with the event ECS writes when no container instance has the GPUs.
            stack.start("alice");
            JsonObject services = motoJson("DescribeServices",
                    "{\"cluster\":\"gpu-notebook-default\",\"services\":[\"notebook-alice\"]}");
            JsonObject service = services.getAsJsonArray("services").get(0).getAsJsonObject();
            JsonArray events = new JsonArray();
            JsonObject event = new JsonObject();
            event.addProperty("id", "5b1f0d4e-0000-4000-8000-000000000001");
            event.addProperty("createdAt", Instant.now().getEpochSecond());
            event.addProperty("message", "(service notebook-alice) was unable to place a task because no container "
                    + "instance met all of its requirements. The closest matching (container-instance 0f1e2d3c) has "
                    + "insufficient GPU resource available. For more information, see the Troubleshooting section.");
            events.add(event);
            service.add("events", events);
            faults.injectJson(ECS + "DescribeServices", 200, services.toString());

            Diagnosis diagnosis = stack.diagnose("alice");

            assertThat(check(diagnosis, "service.placement").status()).as(describe(diagnosis)).isEqualTo(Status.FAIL);
            assertThat(check(diagnosis, "service.placement").summary()).containsIgnoringCase("GPU");
        }

        @Test
        void diagnose_whenTheLastTaskCouldNotPullItsImage_failsTaskStopped() {
            // Injected: moto runs no task; ListTasks and DescribeTasks answer as ECS does for a task that stopped.
            stack.start("alice");
            String arn = "arn:aws:ecs:us-east-1:123456789012:task/gpu-notebook-default/4e1ba5e2c6ac4b6f9a9b2f7e8d6c5b4a";
            faults.injectJson(ECS + "ListTasks", 200, "{\"taskArns\":[\"" + arn + "\"]}");
            String reason = "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to "
                    + "resolve ref quay.io/jupyter/pytorch-notebook:cuda12: dial tcp 54.1.2.3:443: i/o timeout";
            faults.injectJson(ECS + "DescribeTasks", 200, "{\"tasks\":[{\"taskArn\":\"" + arn + "\",\"clusterArn\":"
                    + "\"arn:aws:ecs:us-east-1:123456789012:cluster/gpu-notebook-default\",\"group\":"
                    + "\"service:notebook-alice\",\"lastStatus\":\"STOPPED\",\"desiredStatus\":\"STOPPED\",\"stopCode\":"
                    + "\"TaskFailedToStart\",\"stoppedReason\":\"" + reason + "\",\"stoppedAt\":"
                    + Instant.now().minusSeconds(120).getEpochSecond() + ",\"launchType\":\"EC2\",\"containers\":[{"
                    + "\"name\":\"jupyter\",\"lastStatus\":\"STOPPED\",\"reason\":\"" + reason + "\"}]}],\"failures\":[]}");

            Diagnosis diagnosis = stack.diagnose("alice");

            assertThat(check(diagnosis, "task.stopped").status()).as(describe(diagnosis)).isEqualTo(Status.FAIL);
            assertThat(check(diagnosis, "task.stopped").evidence()).anyMatch(e -> e.contains("CannotPullContainerError"));
        }

        @Test
        void diagnose_whenTheTargetIsUnhealthy_failsTargetHealthWithTheReason() {
            // Injected: moto never probes targets; DescribeTargetHealth's real XML for a target answering 404.
            StartResult started = stack.start("alice");
            faults.injectQueryError("DescribeTargetHealth", 200, "<DescribeTargetHealthResponse xmlns=\""
                    + "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><DescribeTargetHealthResult>"
                    + "<TargetHealthDescriptions><member><HealthCheckPort>32768</HealthCheckPort><Target><Port>32768"
                    + "</Port><Id>" + started.instanceId() + "</Id></Target><TargetHealth><State>unhealthy</State>"
                    + "<Reason>Target.ResponseCodeMismatch</Reason><Description>Health checks failed with these codes: "
                    + "[404]</Description></TargetHealth></member></TargetHealthDescriptions>"
                    + "</DescribeTargetHealthResult><ResponseMetadata><RequestId>0d2f1c6e-3a3b-4a6e-9d6c-1f2e3d4c5b6a"
                    + "</RequestId></ResponseMetadata></DescribeTargetHealthResponse>");

            Diagnosis diagnosis = stack.diagnose("alice");

            assertOnlyFailure(diagnosis, "target.health");
            assertThat(check(diagnosis, "target.health").summary()).contains("unhealthy");
        }

        @Test
        void diagnose_whenReadingUserDataIsDenied_isUnknownNamingTheIamAction() {
            // Injected: moto enforces no IAM; EC2's real UnauthorizedOperation answer.
            stack.start("alice");
            faults.injectQueryError("DescribeInstanceAttribute", 403, FaultInjector.ec2Error("UnauthorizedOperation",
                    "You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/dev is not "
                            + "authorized to perform: ec2:DescribeInstanceAttribute"));

            Diagnosis diagnosis = stack.diagnose("alice");

            CheckResult config = check(diagnosis, "agent.config");
            assertThat(config.status()).as(describe(diagnosis)).isEqualTo(Status.UNKNOWN);
            assertThat(config.summary()).contains("ec2:DescribeInstanceAttribute");
            assertThat(diagnosis.counts().get(Status.FAIL)).as(describe(diagnosis)).isZero();
        }

        @Test
        void diagnose_whenEveryEcsCallIsDenied_stillAnswersWithUnknownChecks() {
            // Injected: AccessDeniedException on the ECS describe calls, as ECS answers a user without ecs:Describe*.
            stack.start("alice");
            for (String op : new String[] {"DescribeServices", "ListTasks", "ListContainerInstances"}) {
                faults.injectJson(ECS + op, 400, FaultInjector.jsonError("AccessDeniedException", "User: "
                        + "arn:aws:iam::123456789012:user/dev is not authorized to perform: ecs:" + op));
            }

            Diagnosis diagnosis = stack.diagnose("alice");

            assertThat(diagnosis.checks()).as(describe(diagnosis)).anyMatch(c -> c.status() == Status.UNKNOWN
                    && c.summary().contains("ecs:DescribeServices"));
        }
    }
}
