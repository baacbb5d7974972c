package dev.gpunotebook.core.idle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.ManualClock;
import dev.gpunotebook.core.cloud.FakeCloud;
import dev.gpunotebook.core.idle.JupyterProbe.Reading;
import dev.gpunotebook.core.idle.ReapReport.Outcome;
import dev.gpunotebook.core.lifecycle.NotebookLister;
import dev.gpunotebook.core.lifecycle.NotebookStopper;
import dev.gpunotebook.core.lifecycle.OperationLocks;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.pricing.PriceTable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The reaper over a fake account holding one running notebook, alice (idle limit 60 minutes, warned 5 minutes
 * before), whose Jupyter answers what {@link #jupyter} says. Time is a {@link ManualClock}.
 */
class IdleReaperTest {

    private static final Environment ENV = FakeCloud.ENVIRONMENT;
    private static final NotebookName ALICE = NotebookName.of("alice");
    private static final Instant LAUNCHED = Instant.parse("2026-01-05T08:00:00Z");
    /** Jupyter's last activity: alice's idle period starts here. */
    private static final Instant LAST_USED = Instant.parse("2026-01-05T09:00:00Z");

    private final FakeCloud aws = new FakeCloud();
    private final ManualClock clock = new ManualClock(LAST_USED);
    private final OperationLocks locks = new OperationLocks();
    private final List<Notice> notices = new CopyOnWriteArrayList<>();
    private volatile JupyterStatus jupyter = idleSince(LAST_USED);
    private final IdleReaper reaper = new IdleReaper(aws.cloud(),
            new NotebookLister(aws.cloud(), PriceTable.builtIn(), clock), new NotebookStopper(aws.cloud(), clock), locks,
            (baseUrl, token) -> new Reading.Read(jupyter), JupyterAddress.LOAD_BALANCER, notices::add, clock,
            IdlePolicy.defaults());

    private static JupyterStatus idleSince(Instant lastActivity) {
        return new JupyterStatus(0, 0, lastActivity, LAUNCHED);
    }

    @BeforeEach
    void aliceRuns() {
        aws.addNotebook("alice", "running", 1, LAUNCHED);
    }

    private List<Notice.Kind> noticeKinds() {
        return notices.stream().map(Notice::kind).toList();
    }

    @Nested
    class AStopWhileAStartOfTheSameNotebookRuns {

        @Test
        void reapOnce_whenAStartHoldsTheNotebook_leavesItRunningAndReportsWhy() {
            clock.advance(Duration.ofMinutes(61));

            // The pass runs while the start holds alice's lock, as when a start is in flight on another thread.
            ReapReport report = locks.run(ENV.env(), ALICE, "start", () -> reaper.reapOnce(ENV));

            assertThat(report.entries()).singleElement().satisfies(entry -> {
                assertThat(entry.outcome()).isEqualTo(Outcome.STOP_FAILED);
                assertThat(entry.detail()).contains("alice is busy: a start of it is in progress");
            });
            assertThat(aws.calls).noneMatch(call -> call.startsWith("UpdateService") || call.startsWith("StopInstances"));
            assertThat(aws.ec2.instance("i-alice").state()).isEqualTo("running");
            assertThat(notices).isEmpty();
        }

        @Test
        void reapOnce_whenTheStartHasFinished_stopsTheNotebookAndTellsItsOwner() {
            clock.advance(Duration.ofMinutes(61));
            locks.run(ENV.env(), ALICE, "start", () -> "started");

            ReapReport report = reaper.reapOnce(ENV);

            assertThat(report.with(Outcome.STOPPED)).containsExactly(ALICE);
            assertThat(aws.calls).containsSubsequence("UpdateService notebook-alice desiredCount=0", "StopInstances i-alice");
            assertThat(noticeKinds()).containsExactly(Notice.Kind.STOPPED_IDLE);
        }
    }

    @Nested
    class AWarningBeforeTheStop {

        @Test
        void reapOnce_whenRunTwiceInOneIdlePeriod_warnsTheOwnerOnce() {
            clock.advance(Duration.ofMinutes(56));
            ReapReport first = reaper.reapOnce(ENV);
            clock.advance(Duration.ofMinutes(1));

            ReapReport second = reaper.reapOnce(ENV);

            assertThat(first.with(Outcome.WARNED)).containsExactly(ALICE);
            assertThat(second.entries()).singleElement().satisfies(entry -> {
                assertThat(entry.outcome()).isEqualTo(Outcome.IDLE);
                assertThat(entry.detail()).contains("owner already warned");
            });
            assertThat(noticeKinds()).containsExactly(Notice.Kind.IDLE_WARNING);
        }

        @Test
        void reapOnce_whenUsedAfterTheWarningAndIdleAgain_warnsTheOwnerAgain() {
            clock.advance(Duration.ofMinutes(56));
            reaper.reapOnce(ENV);
            // The owner runs a cell at 09:57: Jupyter's last activity moves and a new idle period begins.
            jupyter = idleSince(LAST_USED.plus(Duration.ofMinutes(57)));
            clock.advance(Duration.ofMinutes(57));

            ReapReport again = reaper.reapOnce(ENV);

            assertThat(again.with(Outcome.WARNED)).containsExactly(ALICE);
            assertThat(noticeKinds()).containsExactly(Notice.Kind.IDLE_WARNING, Notice.Kind.IDLE_WARNING);
        }

        @Test
        void reapOnce_whenAConnectionWasOpenInBetween_warnsTheOwnerAgain() {
            clock.advance(Duration.ofMinutes(56));
            reaper.reapOnce(ENV);
            // An open connection is use, though it need not move Jupyter's last activity.
            jupyter = new JupyterStatus(0, 1, LAST_USED, LAUNCHED);
            clock.advance(Duration.ofMinutes(1));
            ReapReport inUse = reaper.reapOnce(ENV);
            jupyter = idleSince(LAST_USED);
            clock.advance(Duration.ofMinutes(1));

            ReapReport idleAgain = reaper.reapOnce(ENV);

            assertThat(inUse.with(Outcome.IN_USE)).containsExactly(ALICE);
            assertThat(idleAgain.with(Outcome.WARNED)).containsExactly(ALICE);
            assertThat(noticeKinds()).containsExactly(Notice.Kind.IDLE_WARNING, Notice.Kind.IDLE_WARNING);
        }
    }
}
