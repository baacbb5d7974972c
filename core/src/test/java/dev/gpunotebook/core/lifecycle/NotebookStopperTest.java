package dev.gpunotebook.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.ManualClock;
import dev.gpunotebook.core.cloud.FakeCloud;
import dev.gpunotebook.core.cloud.FakeEcs;
import dev.gpunotebook.core.lifecycle.NotebookStopper.StopResult;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

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
        return new NotebookStopper(aws.cloud(), clock, this::pause).stop(FakeCloud.ENVIRONMENT, NotebookName.of("alice"),
                "stopped by " + FakeCloud.OWNER, events::add);
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
    }
}
