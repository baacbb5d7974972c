package dev.gpunotebook.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.ManualClock;
import dev.gpunotebook.core.cloud.FakeCloud;
import dev.gpunotebook.core.cloud.FakeEcs;
import dev.gpunotebook.core.cloud.ServiceInfo;
import dev.gpunotebook.core.lifecycle.NotebookStopper.StopResult;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotebookStopperTest {

    private static final Instant LAUNCHED = Instant.parse("2026-01-05T08:00:00Z");
    private static final Instant STOP_ASKED = Instant.parse("2026-01-05T10:00:00Z");
    /** Far past any wait of stop's: a pause beyond it means the wait does not look at the clock. */
    private static final Duration GIVE_UP = Duration.ofMinutes(10);

    private final FakeCloud aws = new FakeCloud();
    private final ManualClock clock = new ManualClock(STOP_ASKED);
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    /** Stop's pause between two looks at the service: the clock moves instead of the test sleeping. */
    private void pause(Duration duration) {
        clock.advance(duration);
        if (waited().compareTo(GIVE_UP) > 0) {
            throw new AssertionError("stop still waits for the task after " + waited() + " on the clock");
        }
    }

    private Duration waited() {
        return Duration.between(STOP_ASKED, clock.instant());
    }

    private StopResult stop() {
        return stop("stopped by " + FakeCloud.OWNER);
    }

    private StopResult stop(String reason) {
        return new NotebookStopper(aws.cloud(), clock, this::pause).stop(FakeCloud.ENVIRONMENT, NotebookName.of("alice"),
                reason, events::add);
    }

    /** Alice's service made by hand or left at a count, with alice's tags (or none) and no task running. */
    private void aliceService(int desired, Map<String, String> tags) {
        ServiceInfo started = aws.ecs.service("notebook-alice");
        aws.ecs.add(new ServiceInfo(started.arn(), started.name(), "ACTIVE", desired, 0, 0, started.taskDefinitionArn(),
                tags));
    }

    private Map<String, String> aliceTags() {
        return aws.ec2.instance("i-alice").tags();
    }

    private List<String> changingCalls() {
        return aws.calls.stream().filter(call -> call.startsWith("UpdateService") || call.startsWith("StopInstances")
                || call.startsWith("CreateTags") || call.startsWith("Terminate") || call.startsWith("Delete")).toList();
    }

    private static GpuNotebookException incorrectInstanceState() {
        return GpuNotebookException.of(Reason.CONFLICT, "EC2 refused ec2:StopInstances because the instance is in the"
                + " middle of another change");
    }

    /** The calls stop made after it scaled the service down. */
    private List<String> callsAfterTheScaleDown() {
        int scaleDown = aws.calls.indexOf("UpdateService notebook-alice desiredCount=0");
        assertThat(scaleDown).as("the service was scaled to 0").isNotNegative();
        return aws.calls.subList(scaleDown + 1, aws.calls.size());
    }

    @Nested
    class AnInstanceThatIsStillStarting {

        @Test
        void stop_whenTheInstanceIsPending_refusesAndChangesNothing() {
            aws.addNotebook("alice", "pending", 0, LAUNCHED);

            assertThatThrownBy(NotebookStopperTest.this::stop)
                    .isInstanceOf(GpuNotebookException.class).hasMessageContaining("still starting")
                    .hasMessageContaining("i-alice is pending").hasMessageContaining("Nothing was changed")
                    .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(Reason.CONFLICT);
            assertThat(aws.calls).noneMatch(call -> call.startsWith("UpdateService") || call.startsWith("StopInstances")
                    || call.startsWith("CreateTags"));
            assertThat(aws.ec2.instance("i-alice").state()).isEqualTo("pending");
            assertThat(aws.ecs.service("notebook-alice").desiredCount()).isEqualTo(1);
        }
    }

    @Nested
    class WaitingForTheTaskToStop {

        @Test
        void stop_whenEcsTakesThreeLooksToStopTheTask_stopsTheInstanceOnlyOnceNoTaskRuns() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            aws.ecs.taskStopsAfterLooks(3);

            StopResult stopped = stop();

            assertThat(callsAfterTheScaleDown()).containsExactly(
                    "DescribeServices notebook-alice", "DescribeServices notebook-alice",
                    "DescribeServices notebook-alice", "DescribeServices notebook-alice",
                    "CreateTags i-alice [gpu-notebook:stop-reason]", "StopInstances i-alice");
            // Three pauses of two seconds between the four looks.
            assertThat(waited()).isEqualTo(Duration.ofSeconds(6));
            assertThat(stopped.instanceState()).isEqualTo("stopping");
            assertThat(events).noneMatch(e -> e.phase() == Phase.WARNING);
        }

        @Test
        void stop_whenTheTaskOutlastsTheWait_stopsTheInstanceAfterNinetySecondsOnTheClockAndSaysSo() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            aws.ecs.taskStopsAfterLooks(FakeEcs.NEVER);

            StopResult stopped = stop();

            assertThat(waited()).isBetween(Duration.ofSeconds(90), Duration.ofSeconds(92));
            assertThat(events).filteredOn(e -> e.phase() == Phase.WARNING).singleElement().satisfies(e ->
                    assertThat(e.detail()).contains("still running after 90 s").contains("stopping the instance anyway"));
            assertThat(callsAfterTheScaleDown()).endsWith("StopInstances i-alice");
            assertThat(stopped.instanceState()).isEqualTo("stopping");
        }

        @Test
        void stop_whenRunAgainAfterAnInterruptedStop_stillWaitsForTheTaskBeforeStoppingTheInstance() {
            // The interrupted stop scaled the service to 0; ECS needs two more looks to stop the task.
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            aws.ecs.taskStopsAfterLooks(2);
            aws.ecs.scaleService(FakeCloud.ENVIRONMENT.clusterName(), "notebook-alice", 0, false);
            aws.calls.clear();

            stop();

            // Finding the service is ECS's first look at the stopping task, the wait's first its second.
            assertThat(aws.calls).containsExactly("DescribeInstances [alice, default]",
                    "DescribeServices notebook-alice", "DescribeServices notebook-alice", "DescribeServices notebook-alice",
                    "CreateTags i-alice [gpu-notebook:stop-reason]", "StopInstances i-alice");
            assertThat(waited()).isEqualTo(Duration.ofSeconds(2));
        }

        @Test
        void stop_whenInterruptedWhileWaiting_leavesTheInstanceRunningSaysToRunStopAgainAndKeepsTheInterrupt() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            aws.ecs.taskStopsAfterLooks(FakeEcs.NEVER);
            NotebookStopper interrupted = new NotebookStopper(aws.cloud(), clock, pause -> {
                throw new InterruptedException();
            });

            try {
                assertThatThrownBy(() -> interrupted.stop(FakeCloud.ENVIRONMENT, NotebookName.of("alice"), "test",
                        events::add)).isInstanceOf(GpuNotebookException.class)
                        .hasMessageContaining("Interrupted while waiting for the task of notebook-alice")
                        .hasMessageContaining("Run stop again");
                // The caller (a bot shutting down) must still see that it was interrupted.
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(aws.ec2.instance("i-alice").state()).isEqualTo("running");
            assertThat(aws.calls).doesNotContain("StopInstances i-alice");
        }
    }

    @Nested
    class ARunningNotebook {

        @Test
        void stop_whenRunning_scalesTheServiceToZeroThenStopsTheInstanceAndKeepsEverythingElse() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);

            StopResult stopped = stop();

            assertThat(changingCalls()).containsExactly("UpdateService notebook-alice desiredCount=0",
                    "CreateTags i-alice [gpu-notebook:stop-reason]", "StopInstances i-alice");
            assertThat(stopped.name()).isEqualTo(NotebookName.of("alice"));
            assertThat(stopped.instanceId()).isEqualTo("i-alice");
            assertThat(stopped.instanceState()).isEqualTo("stopping");
            assertThat(stopped.alreadyStopped()).isFalse();
            assertThat(stopped.changes()).containsExactly("service notebook-alice scaled to 0 tasks",
                    "instance i-alice stopped (its EBS volume and work folder are kept)");
            assertThat(aws.ssm.values).containsKey("/gpu-notebook/default/alice/jupyter-token");
            assertThat(aws.ecs.service("notebook-alice").desiredCount()).isZero();
        }

        @Test
        void stop_whenRunning_reportsEachStepAsItHappens() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);

            stop();

            assertThat(events).extracting(ProgressEvent::step, ProgressEvent::phase, ProgressEvent::detail)
                    .containsExactly(tuple("service", Phase.RUNNING, "notebook-alice desired count 1 -> 0"),
                            tuple("service", Phase.UPDATED, "notebook-alice scaled to 0 tasks"),
                            tuple("instance", Phase.RUNNING, "stopping i-alice"),
                            tuple("instance", Phase.UPDATED, "i-alice stopping"));
        }

        @Test
        void stop_whenGivenAReason_tagsTheInstanceWithItAndTheTimeForStatus() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);

            stop("stopped by U0ALICE");

            assertThat(aws.ec2.instance("i-alice").tag(NotebookLister.STOP_REASON_TAG))
                    .isEqualTo("stopped by U0ALICE at 2026-01-05T10:00:00Z");
        }

        @Test
        void stop_whenTheReasonHasCharactersEc2TagsRefuse_replacesThemAndKeepsAtMost250() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);

            stop("stopped by \"<U0ALICE>\"\n" + "x".repeat(300));

            String tag = aws.ec2.instance("i-alice").tag(NotebookLister.STOP_REASON_TAG);
            assertThat(tag).startsWith("stopped by   U0ALICE   x").hasSize(250).matches("[\\p{L}\\p{N} _.:/=+@-]+");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "  "})
        void stop_whenNoReasonIsGiven_stopsWithoutTaggingOne(String reason) {
            aws.addNotebook("alice", "running", 1, LAUNCHED);

            stop(reason);

            assertThat(aws.calls).noneMatch(call -> call.startsWith("CreateTags")).contains("StopInstances i-alice");
        }

        @Test
        void stop_whenEc2RefusesTheReasonTag_stopsAnywayAndWarns() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            aws.refuse("CreateTags i-alice [gpu-notebook:stop-reason]", GpuNotebookException.of(Reason.ACCESS_DENIED,
                    "AWS denied ec2:CreateTags (UnauthorizedOperation)."));

            StopResult stopped = stop();

            assertThat(stopped.instanceState()).isEqualTo("stopping");
            assertThat(events).filteredOn(e -> e.phase() == Phase.WARNING).singleElement().satisfies(e ->
                    assertThat(e.detail()).isEqualTo("could not tag why it stopped: AWS denied ec2:CreateTags"
                            + " (UnauthorizedOperation)."));
        }

        @Test
        void stop_whenTheServiceIsAlreadyAtZero_stopsOnlyTheInstance() {
            // What an interrupted stop leaves: the service at 0 tasks, the instance running.
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            aliceService(0, aliceTags());

            StopResult stopped = stop();

            assertThat(changingCalls()).containsExactly("CreateTags i-alice [gpu-notebook:stop-reason]",
                    "StopInstances i-alice");
            assertThat(stopped.changes()).containsExactly(
                    "instance i-alice stopped (its EBS volume and work folder are kept)");
        }

        @Test
        void stop_whenAServiceOfTheNotebooksNameIsNotTaggedAsIt_leavesThatServiceAlone() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            aliceService(1, Map.of());

            stop();

            assertThat(aws.ecs.service("notebook-alice").desiredCount()).isEqualTo(1);
            assertThat(changingCalls()).noneMatch(call -> call.startsWith("UpdateService"))
                    .contains("StopInstances i-alice");
        }

        @Test
        void stop_whenAnotherProcessStoppedTheInstanceDuringTheWait_reportsWhatEc2Answered() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            aws.ecs.taskStopsAfterLooks(1);
            StopResult stopped = new NotebookStopper(aws.cloud(), clock, pause -> {
                aws.ec2.changesStateTo("i-alice", "stopped");
                clock.advance(pause);
            }).stop(FakeCloud.ENVIRONMENT, NotebookName.of("alice"), "stopped by " + FakeCloud.OWNER, events::add);

            assertThat(stopped.instanceState()).isEqualTo("stopped");
            assertThat(events).last().isEqualTo(new ProgressEvent("instance", Phase.UPDATED, "i-alice stopped"));
        }
    }

    @Nested
    class ANotebookAlreadyStopped {

        @ParameterizedTest
        @ValueSource(strings = {"stopped", "stopping"})
        void stop_whenTheInstanceIsStoppedOrStopping_changesNothingAndSaysSo(String state) {
            aws.addNotebook("alice", state, 0, LAUNCHED);
            aliceService(0, aliceTags());

            StopResult stopped = stop();

            assertThat(changingCalls()).isEmpty();
            assertThat(stopped.alreadyStopped()).isTrue();
            assertThat(stopped.changes()).isEmpty();
            assertThat(stopped.instanceState()).isEqualTo(state);
            assertThat(events).containsExactly(new ProgressEvent("instance", Phase.FOUND, "i-alice already " + state));
        }

        @Test
        void stop_whenTheInstanceIsStoppedButTheServiceStillWantsATask_scalesOnlyTheServiceDown() {
            aws.addNotebook("alice", "stopped", 0, LAUNCHED);

            StopResult stopped = stop();

            assertThat(changingCalls()).containsExactly("UpdateService notebook-alice desiredCount=0");
            assertThat(stopped.alreadyStopped()).isFalse();
            assertThat(stopped.changes()).containsExactly("service notebook-alice scaled to 0 tasks");
            assertThat(stopped.instanceState()).isEqualTo("stopped");
        }
    }

    @Nested
    class ANotebookThatIsNotThere {

        @Test
        void stop_whenNothingOfTheNotebookExists_refusesAsNotFound() {
            assertThatThrownBy(NotebookStopperTest.this::stop).isInstanceOf(GpuNotebookException.class)
                    .hasMessage("There is no notebook named 'alice' in environment 'default' (us-east-1); nothing was"
                            + " stopped. `list` shows the notebooks.")
                    .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(Reason.NOT_FOUND);
            assertThat(changingCalls()).isEmpty();
        }

        @Test
        void stop_whenOnlyTheServiceIsLeft_scalesItDownAndSaysTheInstanceIsGone() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            aws.ec2.terminate("i-alice");

            assertThatThrownBy(NotebookStopperTest.this::stop).isInstanceOf(GpuNotebookException.class)
                    .hasMessageContaining("alice has no instance any more")
                    .hasMessageContaining("Delete it and start it")
                    .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(Reason.NOT_FOUND);
            assertThat(aws.ecs.service("notebook-alice").desiredCount()).isZero();
        }
    }

    @Nested
    class AnInstanceEc2RefusesToStop {

        @Test
        void stop_whenEc2RefusesToStopTheInstance_givesTheServiceItsTaskBack() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            GpuNotebookException refusal = incorrectInstanceState();
            aws.refuse("StopInstances i-alice", refusal);

            assertThatThrownBy(NotebookStopperTest.this::stop).isSameAs(refusal);

            assertThat(callsAfterTheScaleDown()).endsWith("StopInstances i-alice",
                    "UpdateService notebook-alice desiredCount=1");
            assertThat(aws.ecs.service("notebook-alice").desiredCount()).isEqualTo(1);
            assertThat(aws.ec2.instance("i-alice").state()).isEqualTo("running");
            assertThat(events).last()
                    .isEqualTo(new ProgressEvent("service", Phase.ROLLED_BACK, "desired count back to 1"));
        }

        @Test
        void stop_whenGivingTheTaskBackFailsToo_throwsTheStopRefusalCarryingTheOther() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            GpuNotebookException refusal = incorrectInstanceState();
            GpuNotebookException throttled = GpuNotebookException.of(Reason.THROTTLED, "AWS kept throttling"
                    + " ecs:UpdateService");
            aws.refuse("StopInstances i-alice", refusal);
            aws.refuse("UpdateService notebook-alice desiredCount=1", throttled);

            assertThatThrownBy(NotebookStopperTest.this::stop).isSameAs(refusal)
                    .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(throttled));
            assertThat(events).noneMatch(e -> e.phase() == Phase.ROLLED_BACK);
        }

        @Test
        void stop_whenEc2RefusesAndTheServiceWasAtZero_startsNoTask() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            aliceService(0, aliceTags());
            aws.refuse("StopInstances i-alice", incorrectInstanceState());

            assertThatThrownBy(NotebookStopperTest.this::stop).isInstanceOf(GpuNotebookException.class);

            assertThat(changingCalls()).noneMatch(call -> call.startsWith("UpdateService"));
            assertThat(aws.ecs.service("notebook-alice").desiredCount()).isZero();
        }
    }
}
