package dev.gpunotebook.it.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gpunotebook.bot.handler.Outcome;
import dev.gpunotebook.bot.render.JsonRenderer;
import dev.gpunotebook.bot.render.TextRenderer;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import dev.gpunotebook.it.emulator.FaultInjector;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import dev.gpunotebook.it.emulator.World;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

@WithAwsEmulator
class StartIT {

    @RegisterExtension
    static final SetUpStackExtension STACK = SetUpStackExtension.onTheEmulator().withCoreThroughFaultInjector();

    @Nested
    class AFirstStart {

        @Test
        void start_whenNew_launchesATaggedGpuInstanceThatJoinsTheClusterWithGpuSupport(SetUpStack stack) {
            StartResult result = stack.start("shape", new Notebooks.Recorder());

            List<Instance> instances = stack.probe.instances("shape");
            assertThat(instances).singleElement().satisfies(i -> {
                assertThat(i.instanceId()).isEqualTo(result.instanceId());
                assertThat(i.instanceTypeAsString()).isEqualTo("g4dn.xlarge");
                assertThat(i.iamInstanceProfile().arn()).endsWith("/gpu-notebook-default-instance");
                assertThat(i.securityGroups()).extracting(g -> g.groupId())
                        .containsExactly(stack.env.instanceSecurityGroupId());
                assertThat(tags(i)).containsEntry("gpu-notebook:env", "default").containsEntry("gpu-notebook:notebook", "shape")
                        .containsEntry("gpu-notebook:owner", "U0ALICE");
            });
            String userData = new String(Base64.getDecoder().decode(stack.probe.ec2.describeInstanceAttribute(r -> r
                    .instanceId(result.instanceId()).attribute("userData")).userData().value()), StandardCharsets.UTF_8);
            assertThat(userData.lines()).contains("ECS_CLUSTER=gpu-notebook-default", "ECS_ENABLE_GPU_SUPPORT=true",
                    "ECS_INSTANCE_ATTRIBUTES={\"gpu-notebook\":\"shape\"}");
            String ami = stack.probe.ssm.getParameter(r -> r.name(
                    "/aws/service/ecs/optimized-ami/amazon-linux-2/gpu/recommended/image_id")).parameter().value();
            assertThat(instances.get(0).imageId()).isEqualTo(ami);
        }

        @Test
        void start_whenNew_registersAGpuTaskWithADynamicHostPortAndTheTokenAsASecret(SetUpStack stack) {
            stack.start("task", new Notebooks.Recorder());

            TaskDefinition task = stack.probe.ecs.describeTaskDefinition(r -> r
                    .taskDefinition("gpu-notebook-default-task")).taskDefinition();
            ContainerDefinition jupyter = task.containerDefinitions().get(0);
            assertThat(task.networkModeAsString()).isEqualTo("bridge");
            assertThat(task.requiresCompatibilitiesAsStrings()).containsExactly("EC2");
            assertThat(jupyter.resourceRequirements()).singleElement().satisfies(req -> {
                assertThat(req.typeAsString()).isEqualTo("GPU");
                assertThat(req.value()).isEqualTo("1");
            });
            assertThat(jupyter.portMappings()).singleElement().satisfies(p -> {
                assertThat(p.containerPort()).isEqualTo(8888);
                assertThat(p.hostPort()).isZero();
            });
            // g4dn.xlarge has 16384 MiB; the task must ask for less than the agent registers.
            assertThat(jupyter.memory()).isBetween(8192, 15000);
            assertThat(jupyter.secrets()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("JUPYTER_TOKEN");
                // The parameter's name: ECS accepts it for a parameter in the task's own region.
                assertThat(s.valueFrom()).isEqualTo("/gpu-notebook/default/task/jupyter-token");
            });
            assertThat(jupyter.environment()).noneMatch(e -> e.name().contains("TOKEN"));
            assertThat(jupyter.command()).contains("--ServerApp.base_url=/notebook/task/");
            assertThat(jupyter.logConfiguration().options()).containsEntry("awslogs-group", "/gpu-notebook/default");
            assertThat(task.volumes()).singleElement().satisfies(v ->
                    assertThat(v.host().sourcePath()).isEqualTo("/home/gpu-notebook/task"));
        }

        @Test
        void start_whenNew_writesTheTokenWithOnePutAndNeverReadsItBack(SetUpStack stack) {
            stack.notebooks.apiCalls().reset();

            stack.start("calls", new Notebooks.Recorder());

            // One GetParameter for the AMI id, one to find the token parameter, one PutParameter to create it.
            List<String> ssmCalls = stack.notebooks.apiCalls().calls().stream().filter(c -> c.startsWith("Ssm:"))
                    .sorted().toList();
            assertThat(ssmCalls).containsExactly("Ssm:GetParameter", "Ssm:GetParameter", "Ssm:PutParameter");
        }

        @Test
        void start_whenNew_keepsTheTokenOutOfEverythingButTheSecureString(SetUpStack stack, FaultInjector faults) {
            Notebooks.Recorder recorder = new Notebooks.Recorder();
            StartResult result = stack.start("secret", recorder);

            var parameter = stack.probe.ssm.getParameter(r -> r.name(result.tokenParameter()).withDecryption(true))
                    .parameter();
            String token = parameter.value();
            assertThat(parameter.typeAsString()).isEqualTo("SecureString");
            assertThat(Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(32);
            String taskJson = stack.probe.ecs.describeTaskDefinition(r -> r
                    .taskDefinition("gpu-notebook-default-secret")).taskDefinition().toString();
            String userData = stack.probe.ec2.describeInstanceAttribute(r -> r.instanceId(result.instanceId())
                    .attribute("userData")).userData().value();
            assertThat(taskJson).doesNotContain(token);
            assertThat(new String(Base64.getDecoder().decode(userData), StandardCharsets.UTF_8)).doesNotContain(token);
            assertThat(recorder.all()).doesNotContain(token);
            Outcome.Started shown = new Outcome.Started(result);
            assertThat(TextRenderer.render(shown)).contains(result.tokenParameter()).doesNotContain(token);
            assertThat(JsonRenderer.render(shown)).contains(result.tokenParameter()).doesNotContain(token);
            assertThat(faults.requestsMatching("AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition"))
                    .allSatisfy(request -> assertThat(request.getBodyAsString()).doesNotContain(token));
        }

        @Test
        void start_whenNew_routesTheNotebookPathToATargetGroupCheckingJupytersApi(SetUpStack stack) {
            stack.start("route", new Notebooks.Recorder());

            TargetGroup group = stack.probe.targetGroups("route").get(0);
            assertThat(group.targetGroupName()).isEqualTo("gn-default-route");
            assertThat(group.healthCheckPath()).isEqualTo("/notebook/route/api");
            assertThat(group.healthCheckPort()).isEqualTo("traffic-port");
            assertThat(group.matcher().httpCode()).isEqualTo("200");
            assertThat(stack.probe.rules("route")).hasSize(1);
            var rule = stack.probe.elb.describeRules(r -> r.ruleArns(stack.probe.rules("route").get(0))).rules().get(0);
            assertThat(rule.actions().get(0).targetGroupArn()).isEqualTo(group.targetGroupArn());
        }

        @Test
        void start_whenNew_createsAServiceBehindTheTargetGroupPinnedToItsOwnInstance(SetUpStack stack,
                FaultInjector faults) {
            stack.start("svc", new Notebooks.Recorder());

            Service service = stack.probe.ecs.describeServices(r -> r.cluster(stack.env.clusterName())
                    .services("notebook-svc")).services().get(0);
            assertThat(service.desiredCount()).isEqualTo(1);
            assertThat(service.launchTypeAsString()).isEqualTo("EC2");
            assertThat(service.loadBalancers()).singleElement().satisfies(lb -> {
                assertThat(lb.containerName()).isEqualTo("jupyter");
                assertThat(lb.containerPort()).isEqualTo(8888);
                assertThat(lb.targetGroupArn()).isEqualTo(stack.probe.targetGroups("svc").get(0).targetGroupArn());
            });
            // moto drops placementConstraints (AWS keeps them): assert on what was sent.
            List<LoggedRequest> sent = faults.requestsMatching("AmazonEC2ContainerServiceV20141113.CreateService");
            assertThat(sent).singleElement().satisfies(request -> assertThat(request.getBodyAsString())
                    .contains("\"placementConstraints\":[{\"type\":\"memberOf\",\"expression\":\"attribute:gpu-notebook == svc\"}]"));
        }
    }

    @Nested
    class ASecondStartOfTheSameNotebook {

        @Test
        void start_whenRepeated_findsEverythingAndChangesNothing(SetUpStack stack) {
            StartResult first = stack.start("again", new Notebooks.Recorder());
            List<String> before = stack.probe.everything(stack.env.clusterName(), "again");
            stack.notebooks.apiCalls().reset();
            Notebooks.Recorder recorder = new Notebooks.Recorder();

            StartResult second = stack.start("again", recorder);

            assertThat(second.createdAnything()).isFalse();
            assertThat(second.instanceId()).isEqualTo(first.instanceId());
            assertThat(recorder.steps(Phase.CREATED)).isEmpty();
            assertThat(recorder.steps(Phase.FOUND)).containsExactlyInAnyOrder("token", "instance", "task-definition",
                    "target-group", "listener-rule", "service");
            assertThat(Notebooks.mutatingCalls(stack.notebooks)).isEmpty();
            assertThat(stack.probe.everything(stack.env.clusterName(), "again")).isEqualTo(before);
        }

        @Test
        void start_whenTwoNotebooks_givesEachItsOwnRulePriority(SetUpStack stack) {
            stack.start("one", new Notebooks.Recorder());
            stack.start("two", new Notebooks.Recorder());

            Map<String, String> priorities = stack.probe.elb.describeRules(r -> r.listenerArn(stack.env.listenerArn()))
                    .rules().stream().filter(r -> !r.isDefault())
                    .collect(Collectors.toMap(r -> r.ruleArn(), r -> r.priority()));
            assertThat(priorities.values()).containsExactlyInAnyOrder("1", "2");
        }
    }

    @Nested
    @WithAwsEmulator(world = World.PER_TEST)
    class TheLaunchRequest {

        /**
         * The form parameters of the one RunInstances core sent. moto answers DescribeInstances without metadata
         * options or volume encryption, so what was asked for is read from the request itself.
         */
        private Map<String, String> sent(FaultInjector faults) {
            List<LoggedRequest> launches = faults.requestsMatching("RunInstances");
            assertThat(launches).hasSize(1);
            return launches.get(0).formParameters().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().firstValue()));
        }

        @Test
        void start_whenNew_requiresImdsV2SessionTokensForTheInstanceMetadata(SetUpStack stack, FaultInjector faults) {
            stack.start("imds");

            assertThat(sent(faults)).containsEntry("MetadataOptions.HttpTokens", "required");
        }

        @Test
        void start_whenNew_givesTheInstanceAnEncryptedGp3RootVolume(SetUpStack stack, FaultInjector faults) {
            stack.start("disk");

            assertThat(sent(faults)).containsEntry("BlockDeviceMapping.1.DeviceName", "/dev/xvda")
                    .containsEntry("BlockDeviceMapping.1.Ebs.Encrypted", "true")
                    .containsEntry("BlockDeviceMapping.1.Ebs.VolumeType", "gp3")
                    .containsEntry("BlockDeviceMapping.1.Ebs.VolumeSize", "100");
        }
    }

    private static Map<String, String> tags(Instance instance) {
        return instance.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
    }
}
