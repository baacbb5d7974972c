package dev.gpunotebook.core.provision.start;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.cloud.FakeCloud;
import dev.gpunotebook.core.cloud.FakeElb;
import dev.gpunotebook.core.cloud.InstanceInfo;
import dev.gpunotebook.core.cloud.LaunchSpec;
import dev.gpunotebook.core.cloud.ServiceSpec;
import dev.gpunotebook.core.cloud.TargetGroupInfo;
import dev.gpunotebook.core.cloud.TargetGroupSpec;
import dev.gpunotebook.core.cloud.TaskDefinitionSpec;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.model.Tags;
import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A whole start over an account in memory where the default environment is set up. */
class NotebookStarterTest {

    private static final NotebookSpec ALICE = NotebookSpec.defaults(NotebookName.of("alice"), FakeCloud.OWNER);
    private static final Map<String, String> ALICES_TAGS = Tags.notebook(FakeCloud.ENVIRONMENT.env(), ALICE);
    private static final String TOKEN = "/gpu-notebook/default/alice/jupyter-token";
    private static final List<String> CREATING_STEPS = List.of("token", "target-group", "listener-rule",
            "task-definition", "instance", "service");

    private final FakeCloud aws = new FakeCloud();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    {
        aws.addEnvironment();
        aws.quota(64);
    }

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
    }

    private StartResult start(NotebookSpec spec) {
        return new NotebookStarter(aws.cloud(), executor).start(FakeCloud.ENVIRONMENT, spec, events::add);
    }

    private StartResult startWithNewToken(NotebookSpec spec) {
        return new NotebookStarter(aws.cloud(), executor).start(FakeCloud.ENVIRONMENT, spec, true, events::add);
    }

    private List<Phase> phasesOf(String step) {
        return events.stream().filter(e -> e.step().equals(step)).map(ProgressEvent::phase).toList();
    }

    /** Nothing of alice's is left in the account but what it held before start. */
    private void assertNothingOfAlicesIsLeft() {
        assertThat(aws.ec2.findInstances(Tags.selector(FakeCloud.ENVIRONMENT.env(), ALICE.name())))
                .allSatisfy(i -> assertThat(i.state()).isEqualTo("shutting-down"));
        assertThat(aws.elb.targetGroups()).isEmpty();
        assertThat(aws.elb.pathRules()).isEmpty();
        assertThat(aws.ecs.taskDefinition("gpu-notebook-default-alice")).isEmpty();
        assertThat(aws.ecs.service("notebook-alice")).isNull();
        assertThat(aws.ssm.values).doesNotContainKey(TOKEN);
    }

    @Nested
    class ANewNotebook {

        private final StartResult result = start(ALICE);

        @Test
        void start_whenNew_launchesTheGpuInstanceFromTheAmiIntoTheClusterWithGpuSupport() {
            LaunchSpec launch = aws.ec2.launchSpec(result.instanceId());

            assertThat(launch.imageId()).isEqualTo("ami-0123456789abcdef0");
            assertThat(launch.instanceType()).isEqualTo("g4dn.xlarge");
            assertThat(launch.subnetId()).isEqualTo("subnet-1");
            assertThat(launch.securityGroupIds()).containsExactly("sg-instance");
            assertThat(launch.instanceProfileName()).isEqualTo("gpu-notebook-default-instance");
            assertThat(launch.rootVolumeGib()).isEqualTo(100);
            assertThat(launch.userData()).contains("\nECS_CLUSTER=gpu-notebook-default\n",
                    "\nECS_ENABLE_GPU_SUPPORT=true\n", "\nECS_INSTANCE_ATTRIBUTES={\"gpu-notebook\":\"alice\"}\n");
            assertThat(launch.tags()).isEqualTo(ALICES_TAGS);
        }

        @Test
        void start_whenNew_storesAFreshTokenInTheNotebooksSecureParameter() {
            assertThat(aws.ssm.values.get(TOKEN)).matches("[A-Za-z0-9_-]{43}");
            assertThat(result.tokenParameter()).isEqualTo(TOKEN);
        }

        @Test
        void start_whenNew_registersJupyterWithTheGpuTheTokenAsASecretAndTheWorkFolder() {
            TaskDefinitionSpec task = aws.ecs.taskDefinition("gpu-notebook-default-alice").orElseThrow();

            assertThat(task.containerName()).isEqualTo("jupyter");
            assertThat(task.image()).isEqualTo(NotebookSpec.DEFAULT_IMAGE);
            assertThat(task.gpus()).isEqualTo(1);
            assertThat(task.containerPort()).isEqualTo(8888);
            // 10% below the type's 16 GiB, so that the task fits what the agent registers.
            assertThat(task.memoryMib()).isEqualTo(14746);
            assertThat(task.command()).containsExactly("start-notebook.py", "--ServerApp.base_url=/notebook/alice/",
                    "--ServerApp.root_dir=/home/jovyan/work", "--ServerApp.ip=0.0.0.0", "--ServerApp.port=8888");
            assertThat(task.environment()).containsOnly(entry("JUPYTER_BASE_URL", "/notebook/alice/"),
                    entry("NVIDIA_DRIVER_CAPABILITIES", "compute,utility"));
            assertThat(task.secrets()).containsOnly(entry("JUPYTER_TOKEN", TOKEN));
            assertThat(task.executionRoleArn()).isEqualTo(FakeCloud.ENVIRONMENT.executionRoleArn());
            assertThat(List.of(task.logGroup(), task.logRegion(), task.logStreamPrefix()))
                    .containsExactly("/gpu-notebook/default", "us-east-1", "alice");
            assertThat(List.of(task.volumeName(), task.hostPath(), task.containerPath()))
                    .containsExactly("work", "/home/gpu-notebook/alice", "/home/jovyan/work");
            assertThat(task.tags()).isEqualTo(ALICES_TAGS);
        }

        @Test
        void start_whenNew_neverPutsTheTokenIntoTheTaskDefinitionOrAnEvent() {
            String token = aws.ssm.values.get(TOKEN);

            assertThat(aws.ecs.taskDefinition("gpu-notebook-default-alice").orElseThrow().toString())
                    .doesNotContain(token);
            assertThat(events).noneMatch(e -> e.detail().contains(token));
        }

        @Test
        void start_whenNew_createsATargetGroupWhoseHealthCheckAsksJupytersApi() {
            TargetGroupInfo group = aws.elb.targetGroups().get(0);
            TargetGroupSpec asked = aws.elb.targetGroupSpec(group.arn());

            assertThat(aws.elb.targetGroups()).hasSize(1);
            assertThat(asked).isEqualTo(new TargetGroupSpec("gn-default-alice", "vpc-1", 8888, "/notebook/alice/api",
                    ALICES_TAGS));
        }

        @Test
        void start_whenNew_routesTheNotebooksPathToItsTargetGroup() {
            assertThat(aws.elb.pathRules()).singleElement().isEqualTo(new FakeElb.Rule(
                    aws.elb.pathRules().get(0).arn(), FakeCloud.ENVIRONMENT.listenerArn(), 1, "/notebook/alice/*",
                    aws.elb.targetGroups().get(0).arn(), ALICES_TAGS));
        }

        @Test
        void start_whenNew_createsTheServiceBehindTheTargetGroupPinnedToTheNotebooksInstance() {
            ServiceSpec service = aws.ecs.serviceSpec("notebook-alice");

            assertThat(service).isEqualTo(new ServiceSpec("gpu-notebook-default", "notebook-alice",
                    aws.ecs.findTaskDefinition("gpu-notebook-default-alice").orElseThrow(),
                    aws.elb.targetGroups().get(0).arn(), "jupyter", 8888, "attribute:gpu-notebook == alice", 600,
                    ALICES_TAGS));
        }

        @Test
        void start_whenNew_answersTheUrlWithoutATokenAndWhatItDid() {
            assertThat(result.url()).isEqualTo("http://gpu-notebook-default-1.us-east-1.elb.amazonaws.com/notebook/alice/");
            assertThat(result.instanceId()).isEqualTo(aws.ec2.findInstances(ALICES_TAGS).get(0).id());
            assertThat(result.createdAnything()).isTrue();
            assertThat(result.resumed()).isFalse();
            assertThat(result.tokenReplaced()).isFalse();
            assertThat(result.region()).isEqualTo("us-east-1");
            assertThat(result.spec()).isEqualTo(ALICE);
        }

        @Test
        void start_whenNew_reportsTheChecksThenEachCreation() {
            for (String check : List.of("instance-type", "vcpu-quota", "ami")) {
                assertThat(phasesOf(check)).as(check).containsExactly(Phase.RUNNING, Phase.CHECKED);
            }
            for (String step : CREATING_STEPS) {
                assertThat(phasesOf(step)).as(step).containsExactly(Phase.RUNNING, Phase.CREATED);
            }
        }

        @Test
        void start_whenNew_changesNothingBeforeTheChecksHavePassed() {
            int firstChange = aws.calls.indexOf(aws.changes().get(0));

            assertThat(aws.calls.subList(0, firstChange)).contains("GetServiceQuota L-DB2E81BA",
                    "DescribeInstanceTypeOfferings g4dn.xlarge", "GetParameter " + FakeCloud.ENVIRONMENT.config()
                            .amiParameter());
        }
    }

    @Nested
    class ASecondNotebook {

        @Test
        void start_whenAnotherNotebookRuns_givesThisOneItsOwnPathAtTheNextPriority() {
            start(ALICE);
            NotebookSpec bob = NotebookSpec.defaults(NotebookName.of("bob"), "U0BOB");

            StartResult result = start(bob);

            assertThat(aws.elb.pathRules()).extracting(FakeElb.Rule::pathPattern, FakeElb.Rule::priority)
                    .containsExactlyInAnyOrder(tuple("/notebook/alice/*", 1),
                            tuple("/notebook/bob/*", 2));
            assertThat(result.url()).endsWith("/notebook/bob/");
            assertThat(aws.ec2.launchSpec(result.instanceId()).tags()).containsEntry("gpu-notebook:owner", "U0BOB");
        }

        @Test
        void start_whenAnotherNotebookUsesTheQuota_countsItsVcpus() {
            aws.quota(4);
            start(ALICE);

            assertThatThrownBy(() -> start(NotebookSpec.defaults(NotebookName.of("bob"), "U0BOB")))
                    .isInstanceOf(GpuNotebookException.class).hasMessageContaining("allows 4 and 4 are in use");
        }
    }

    @Nested
    class ASecondStart {

        @Test
        void start_whenTheNotebookRuns_changesNothingAndAnswersTheSameInstanceAndUrl() {
            StartResult first = start(ALICE);
            aws.calls.clear();
            events.clear();

            StartResult second = start(ALICE);

            assertThat(aws.changes()).isEmpty();
            assertThat(second.instanceId()).isEqualTo(first.instanceId());
            assertThat(second.url()).isEqualTo(first.url());
            assertThat(second.createdAnything()).isFalse();
            assertThat(second.report().changedAnything()).isFalse();
            for (String step : CREATING_STEPS) {
                assertThat(phasesOf(step)).as(step).containsExactly(Phase.RUNNING, Phase.FOUND);
            }
        }
    }

    @Nested
    class AStoppedNotebook {

        private final StartResult first = start(ALICE);

        /** What stop leaves: the service at no task, the instance stopped. */
        private void stopAlice() {
            aws.ecs.scaleService("gpu-notebook-default", "notebook-alice", 0, false);
            aws.ec2.add(new InstanceInfo(first.instanceId(), "g4dn.xlarge", "stopped", "", "us-east-1a", "subnet-1",
                    "ami-0123456789abcdef0", "", Instant.EPOCH, ALICES_TAGS));
            aws.calls.clear();
            events.clear();
        }

        @Test
        void start_whenStopped_startsTheSameInstanceAndOneTaskAgainAndCreatesNothing() {
            stopAlice();

            StartResult resumed = start(ALICE);

            assertThat(resumed.resumed()).isTrue();
            assertThat(resumed.instanceId()).isEqualTo(first.instanceId());
            assertThat(resumed.createdAnything()).isFalse();
            assertThat(resumed.report().changedAnything()).isTrue();
            assertThat(aws.changes()).containsExactlyInAnyOrder("StartInstances " + first.instanceId(),
                    "UpdateService notebook-alice desiredCount=1");
            assertThat(phasesOf("instance")).containsExactly(Phase.RUNNING, Phase.UPDATED);
            assertThat(phasesOf("service")).containsExactly(Phase.RUNNING, Phase.UPDATED);
        }

        @Test
        void start_whenResumingFailsAtTheRule_stopsTheInstanceAgainInsteadOfTerminatingIt() {
            // Someone removed the listener by hand: the rule step cannot even look.
            aws.elb.deleteListener(FakeCloud.ENVIRONMENT.listenerArn());
            stopAlice();

            assertThatThrownBy(() -> start(ALICE)).hasMessageContaining("ListenerNotFound");

            // The instance step starts beside the target group's, before the rule's can fail, so it always runs.
            assertThat(aws.changes()).containsExactly("StartInstances " + first.instanceId(),
                    "StopInstances " + first.instanceId());
        }
    }

    @Nested
    class ANewToken {

        @Test
        void start_whenANewTokenIsAskedOfARunningNotebook_replacesItAndRestartsTheTask() {
            start(ALICE);
            String old = aws.ssm.values.get(TOKEN);
            aws.calls.clear();

            StartResult result = startWithNewToken(ALICE);

            assertThat(result.tokenReplaced()).isTrue();
            assertThat(aws.ssm.values.get(TOKEN)).isNotEqualTo(old).matches("[A-Za-z0-9_-]{43}");
            assertThat(aws.changes()).containsExactly("PutParameter " + TOKEN + " (overwrite)",
                    "UpdateService notebook-alice desiredCount=1 forceNewDeployment");
        }
    }

    @Nested
    class WhenAStepFails {

        @Test
        void start_whenTheClusterIsGone_removesEverythingItCreatedAndSaysWhy() {
            aws.ecs.deleteCluster("gpu-notebook-default");

            assertThatThrownBy(() -> start(ALICE)).hasMessageContaining("ClusterNotFoundException");

            assertNothingOfAlicesIsLeft();
            for (String step : List.of("token", "target-group", "listener-rule", "task-definition", "instance")) {
                assertThat(phasesOf(step)).as(step).containsExactly(Phase.RUNNING, Phase.CREATED, Phase.ROLLED_BACK);
            }
            assertThat(phasesOf("service")).containsExactly(Phase.RUNNING, Phase.FAILED);
        }

        @Test
        void start_whenItFailsBesideAnotherNotebook_removesOnlyWhatThisStartCreated() {
            StartResult bob = start(NotebookSpec.defaults(NotebookName.of("bob"), "U0BOB"));
            List<TargetGroupInfo> bobsGroup = aws.elb.targetGroups();
            List<FakeElb.Rule> bobsRule = aws.elb.pathRules();
            Map<String, String> bobsToken = Map.copyOf(aws.ssm.values);
            aws.ec2.noCapacityFor("g4dn.xlarge");

            assertThatThrownBy(() -> start(ALICE)).hasMessageContaining("InsufficientInstanceCapacity");

            assertThat(aws.elb.targetGroups()).isEqualTo(bobsGroup);
            assertThat(aws.elb.pathRules()).isEqualTo(bobsRule);
            assertThat(aws.ssm.values).isEqualTo(bobsToken);
            assertThat(aws.ecs.service("notebook-bob")).isNotNull();
            assertThat(aws.ec2.instance(bob.instanceId()).state()).isEqualTo("pending");
            assertThat(aws.ecs.taskDefinition("gpu-notebook-default-bob")).isPresent();
        }

        @Test
        void start_whenEc2HasNoCapacityForTheType_removesEverythingElseItCreated() {
            aws.ec2.noCapacityFor("g4dn.xlarge");

            assertThatThrownBy(() -> start(ALICE)).isInstanceOf(GpuNotebookException.class)
                    .hasMessageContaining("InsufficientInstanceCapacity")
                    .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(Reason.CAPACITY);

            assertNothingOfAlicesIsLeft();
            assertThat(aws.ec2.findInstances(ALICES_TAGS)).isEmpty();
            assertThat(aws.changes()).noneMatch(call -> call.startsWith("CreateService"));
        }

        @Test
        void start_whenTheQuotaIsTooLow_refusesBeforeChangingAnything() {
            aws.quota(2);

            assertThatThrownBy(() -> start(ALICE)).isInstanceOf(GpuNotebookException.class)
                    .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(Reason.QUOTA);

            assertThat(aws.changes()).isEmpty();
            assertThat(events).noneMatch(e -> CREATING_STEPS.contains(e.step()));
        }

        @Test
        void start_whenANewTokenWasPutAndALaterStepFails_putsTheOldTokenBack() {
            start(ALICE);
            String old = aws.ssm.values.get(TOKEN);
            aws.elb.deleteListener(FakeCloud.ENVIRONMENT.listenerArn());

            assertThatThrownBy(() -> startWithNewToken(ALICE)).hasMessageContaining("ListenerNotFound");

            assertThat(aws.ssm.values.get(TOKEN)).isEqualTo(old);
        }
    }

    @Nested
    class ThePlan {

        @Test
        void planDependencies_whenAsked_namesEveryStepWithTheStepsItWaitsFor() {
            Map<String, java.util.Set<String>> plan = NotebookStarter.planDependencies();

            assertThat(plan.keySet()).containsExactly("instance-type", "vcpu-quota", "ami", "token", "target-group",
                    "listener-rule", "task-definition", "instance", "service");
            assertThat(plan.get("vcpu-quota")).containsExactly("instance-type");
            assertThat(plan.get("listener-rule")).contains("target-group");
            assertThat(plan.get("task-definition")).contains("token");
        }
    }
}
