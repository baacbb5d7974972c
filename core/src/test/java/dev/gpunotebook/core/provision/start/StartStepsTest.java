package dev.gpunotebook.core.provision.start;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.cloud.FakeCloud;
import dev.gpunotebook.core.cloud.FakeElb;
import dev.gpunotebook.core.cloud.InstanceInfo;
import dev.gpunotebook.core.cloud.ServiceInfo;
import dev.gpunotebook.core.cloud.TargetGroupInfo;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.model.Tags;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.StepOutcome;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Start's creating steps one at a time, where a whole start cannot reach them: what each finds instead of
 * creating, and what each one's rollback removes or puts back.
 */
class StartStepsTest {

    private static final NotebookSpec ALICE = NotebookSpec.defaults(NotebookName.of("alice"), FakeCloud.OWNER);
    private static final Map<String, String> ALICES_TAGS = Tags.notebook(FakeCloud.ENVIRONMENT.env(), ALICE);
    private static final String LISTENER = FakeCloud.ENVIRONMENT.listenerArn();

    private final FakeCloud aws = new FakeCloud();

    {
        aws.addEnvironment();
    }

    private StartContext context(boolean newToken) {
        StartContext c = new StartContext(aws.cloud(), FakeCloud.ENVIRONMENT, ALICE, newToken, ProgressListener.NONE);
        c.instanceType = FakeCloud.G4DN_XLARGE;
        c.subnet = FakeCloud.ENVIRONMENT.subnets().get(0);
        c.amiId = "ami-0123456789abcdef0";
        return c;
    }

    private StartContext context() {
        return context(false);
    }

    private TargetGroupInfo targetGroup(String name, Map<String, String> tags) {
        TargetGroupInfo group = new TargetGroupInfo("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/"
                + name + "/9", name, 8888, "/notebook/alice/api", "traffic-port", tags);
        aws.elb.add(group);
        return group;
    }

    private void givenAlicesService(int desiredCount) {
        aws.ecs.add(new ServiceInfo("arn:aws:ecs:us-east-1:123456789012:service/gpu-notebook-default/notebook-alice",
                "notebook-alice", "ACTIVE", desiredCount, desiredCount, 0,
                "arn:aws:ecs:us-east-1:123456789012:task-definition/gpu-notebook-default-alice:1", ALICES_TAGS));
    }

    @Nested
    class TheTargetGroup {

        @Test
        void apply_whenTheNotebooksGroupExists_findsItAndCreatesNone() {
            TargetGroupInfo existing = targetGroup("gn-default-alice", ALICES_TAGS);
            StartContext c = context();

            StepOutcome outcome = new TargetGroupStep().apply(c);

            assertThat(outcome).isEqualTo(StepOutcome.found(existing.arn()));
            assertThat(c.targetGroupArn).isEqualTo(existing.arn());
            assertThat(aws.changes()).isEmpty();
        }

        @Test
        void apply_whenAGroupOfTheNameBelongsToNoNotebook_refusesToUseIt() {
            targetGroup("gn-default-alice", Map.of("Name", "made by hand"));

            assertThatThrownBy(() -> new TargetGroupStep().apply(context())).isInstanceOf(GpuNotebookException.class)
                    .hasMessage("A target group named gn-default-alice exists but is not tagged as notebook alice's."
                            + " Delete or rename it.")
                    .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(Reason.CONFLICT);
        }

        @Test
        void rollback_whenItWasCreated_deletesIt() {
            StartContext c = context();
            new TargetGroupStep().apply(c);

            new TargetGroupStep().rollback(c);

            assertThat(aws.elb.targetGroups()).isEmpty();
        }
    }

    @Nested
    class TheListenerRule {

        @Test
        void apply_whenOtherNotebooksHaveRules_takesTheLowestFreePriority() {
            TargetGroupInfo bobs = targetGroup("gn-default-bob", Map.of());
            aws.elb.add(new FakeElb.Rule(LISTENER + "/r1", LISTENER, 1, "/notebook/bob/*", bobs.arn(), Map.of()));
            aws.elb.add(new FakeElb.Rule(LISTENER + "/r3", LISTENER, 3, "/notebook/carol/*", bobs.arn(), Map.of()));
            StartContext c = context();
            c.targetGroupArn = targetGroup("gn-default-alice", ALICES_TAGS).arn();

            StepOutcome outcome = new ListenerRuleStep().apply(c);

            assertThat(aws.elb.pathRules()).filteredOn(r -> r.pathPattern().equals("/notebook/alice/*")).singleElement()
                    .satisfies(rule -> {
                        assertThat(rule.priority()).isEqualTo(2);
                        assertThat(rule.targetGroupArn()).isEqualTo(c.targetGroupArn);
                        assertThat(rule.tags()).isEqualTo(ALICES_TAGS);
                        assertThat(outcome).isEqualTo(StepOutcome.created(rule.arn() + " (/notebook/alice/*)"));
                    });
        }

        @Test
        void apply_whenTheNotebooksRuleExists_findsItAndCreatesNone() {
            TargetGroupInfo group = targetGroup("gn-default-alice", ALICES_TAGS);
            aws.elb.add(new FakeElb.Rule(LISTENER + "/r1", LISTENER, 1, "/notebook/alice/*", group.arn(), Map.of()));
            StartContext c = context();

            StepOutcome outcome = new ListenerRuleStep().apply(c);

            assertThat(outcome).isEqualTo(StepOutcome.found(LISTENER + "/r1"));
            assertThat(c.ruleArn).isEqualTo(LISTENER + "/r1");
            assertThat(aws.changes()).isEmpty();
        }

        @Test
        void rollback_whenItWasCreated_deletesOnlyThisNotebooksRule() {
            TargetGroupInfo bobs = targetGroup("gn-default-bob", Map.of());
            aws.elb.add(new FakeElb.Rule(LISTENER + "/r1", LISTENER, 1, "/notebook/bob/*", bobs.arn(), Map.of()));
            StartContext c = context();
            c.targetGroupArn = targetGroup("gn-default-alice", ALICES_TAGS).arn();
            new ListenerRuleStep().apply(c);

            new ListenerRuleStep().rollback(c);

            assertThat(aws.elb.pathRules()).extracting(FakeElb.Rule::pathPattern).containsExactly("/notebook/bob/*");
        }
    }

    @Nested
    class TheTaskDefinition {

        @Test
        void apply_whenTheFamilyHasAnActiveRevision_usesItAndRegistersNone() {
            String existing = aws.ecs.registerTaskDefinition(TaskDefinitionStep.spec(context()));
            aws.calls.clear();
            StartContext c = context();

            StepOutcome outcome = new TaskDefinitionStep().apply(c);

            assertThat(outcome).isEqualTo(StepOutcome.found(existing));
            assertThat(c.taskDefinitionArn).isEqualTo(existing);
            assertThat(aws.changes()).isEmpty();
        }

        @Test
        void rollback_whenItWasRegistered_deregistersTheFamily() {
            StartContext c = context();
            StepOutcome outcome = new TaskDefinitionStep().apply(c);

            new TaskDefinitionStep().rollback(c);

            assertThat(outcome).isEqualTo(StepOutcome.created(
                    "arn:aws:ecs:us-east-1:123456789012:task-definition/gpu-notebook-default-alice:1"));
            assertThat(aws.ecs.taskDefinition("gpu-notebook-default-alice")).isEmpty();
        }
    }

    @Nested
    class TheInstance {

        private InstanceInfo alicesInstance(String state) {
            InstanceInfo instance = new InstanceInfo("i-alice", "g4dn.xlarge", state, "", "us-east-1a", "subnet-1",
                    "ami-1", "", Instant.EPOCH, ALICES_TAGS);
            aws.ec2.add(instance);
            return instance;
        }

        @Test
        void apply_whenTheNotebooksInstanceRuns_usesItAndLaunchesNone() {
            StartContext c = context();
            c.existingInstance = alicesInstance("running");

            StepOutcome outcome = new InstanceStep().apply(c);

            assertThat(outcome).isEqualTo(StepOutcome.found("i-alice (g4dn.xlarge, running)"));
            assertThat(c.instance.id()).isEqualTo("i-alice");
            assertThat(aws.changes()).isEmpty();
        }

        @Test
        void apply_whenTheNotebooksInstanceIsStopped_startsItAgainKeepingItsDisk() {
            StartContext c = context();
            c.existingInstance = alicesInstance("stopped");

            StepOutcome outcome = new InstanceStep().apply(c);

            assertThat(outcome).isEqualTo(StepOutcome.updated("i-alice (g4dn.xlarge) started again, now pending; its"
                    + " work folder on the EBS volume is kept"));
            assertThat(aws.changes()).containsExactly("StartInstances i-alice");
            assertThat(c.resumedInstance).isTrue();
        }

        @Test
        void rollback_whenItStartedAStoppedInstance_stopsItAgainAndNeverTerminatesIt() {
            StartContext c = context();
            c.existingInstance = alicesInstance("stopped");
            new InstanceStep().apply(c);

            new InstanceStep().rollback(c);

            assertThat(aws.ec2.instance("i-alice").state()).isEqualTo("stopping");
            assertThat(aws.changes()).noneMatch(call -> call.startsWith("TerminateInstances"));
        }

        @Test
        void rollback_whenItLaunchedTheInstance_terminatesIt() {
            StartContext c = context();
            new InstanceStep().apply(c);

            new InstanceStep().rollback(c);

            assertThat(aws.ec2.instance(c.instance.id()).state()).isEqualTo("shutting-down");
        }
    }

    @Nested
    class TheService {

        private StartContext readyForTheService(boolean tokenRotated) {
            StartContext c = context(tokenRotated);
            c.tokenRotated = tokenRotated;
            c.taskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/gpu-notebook-default-alice:1";
            c.targetGroupArn = targetGroup("gn-default-alice", ALICES_TAGS).arn();
            return c;
        }

        @Test
        void apply_whenTheServiceRunsItsTask_findsItAndChangesNothing() {
            givenAlicesService(1);
            StartContext c = readyForTheService(false);

            StepOutcome outcome = new ServiceStep().apply(c);

            assertThat(outcome).isEqualTo(StepOutcome.found(aws.ecs.service("notebook-alice").arn()));
            assertThat(aws.changes()).isEmpty();
        }

        @Test
        void apply_whenTheServiceWasScaledToZero_asksForOneTaskAgain() {
            givenAlicesService(0);
            StartContext c = readyForTheService(false);

            StepOutcome outcome = new ServiceStep().apply(c);

            assertThat(outcome.detail()).endsWith("(desired count 0 -> 1)");
            assertThat(outcome.changed()).isTrue();
            assertThat(aws.changes()).containsExactly("UpdateService notebook-alice desiredCount=1");
        }

        @Test
        void apply_whenTheTokenWasReplacedWhileScaledToZero_startsTheTaskWithANewDeployment() {
            givenAlicesService(0);

            new ServiceStep().apply(readyForTheService(true));

            assertThat(aws.changes()).containsExactly("UpdateService notebook-alice desiredCount=1 forceNewDeployment");
        }

        @Test
        void apply_whenTheTokenWasReplacedWhileTheTaskRuns_restartsTheTaskToReadIt() {
            givenAlicesService(1);

            StepOutcome outcome = new ServiceStep().apply(readyForTheService(true));

            assertThat(outcome.detail()).endsWith("(new deployment: the task restarts with the new token)");
            assertThat(aws.changes()).containsExactly("UpdateService notebook-alice desiredCount=1 forceNewDeployment");
        }

        @Test
        void rollback_whenItScaledTheServiceUp_scalesItBackToZero() {
            givenAlicesService(0);
            StartContext c = readyForTheService(false);
            new ServiceStep().apply(c);

            new ServiceStep().rollback(c);

            assertThat(aws.ecs.service("notebook-alice").desiredCount()).isZero();
            assertThat(aws.changes()).last().isEqualTo("UpdateService notebook-alice desiredCount=0");
        }

        @Test
        void rollback_whenItRestartedTheTaskForANewToken_restartsItAgainForTheOldOne() {
            givenAlicesService(1);
            StartContext c = readyForTheService(true);
            new ServiceStep().apply(c);

            new ServiceStep().rollback(c);

            assertThat(aws.changes()).last().isEqualTo("UpdateService notebook-alice desiredCount=1 forceNewDeployment");
        }

        @Test
        void rollback_whenItCreatedTheService_deletesIt() {
            StartContext c = readyForTheService(false);
            new ServiceStep().apply(c);

            new ServiceStep().rollback(c);

            assertThat(aws.ecs.service("notebook-alice")).isNull();
        }
    }

    @Nested
    class TheToken {

        @Test
        void rollback_whenItCreatedTheToken_deletesTheParameter() {
            StartContext c = context();
            new TokenStep().apply(c);

            new TokenStep().rollback(c);

            assertThat(aws.ssm.values).isEmpty();
            assertThat(aws.changes()).last().isEqualTo("DeleteParameter /gpu-notebook/default/alice/jupyter-token");
        }
    }
}
