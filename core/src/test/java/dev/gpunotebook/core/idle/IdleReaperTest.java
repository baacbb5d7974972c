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
import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.model.Tags;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    /** Why Jupyter cannot be read, or null when it answers {@link #jupyter}. */
    private volatile String unreachable;
    /** What the reaper asked Jupyter with: base URL and token. */
    private final List<String> probes = new CopyOnWriteArrayList<>();
    private final IdleReaper reaper = new IdleReaper(aws.cloud(),
            new NotebookLister(aws.cloud(), PriceTable.builtIn(), clock), new NotebookStopper(aws.cloud(), clock), locks,
            this::probe, JupyterAddress.LOAD_BALANCER, notices::add, clock, IdlePolicy.defaults());

    private Reading probe(URI baseUrl, String token) {
        probes.add(baseUrl + " " + token);
        return unreachable == null ? new Reading.Read(jupyter) : new Reading.Unreachable(unreachable);
    }

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

    /** What a pass reports of alice. */
    private static ReapReport.Entry alice(Outcome outcome, String detail) {
        return new ReapReport.Entry(ALICE, outcome, detail);
    }

    /** Sets the notebook's idle limit, as {@code start --idle-minutes} tags it. */
    private void idleLimit(String notebook, int minutes) {
        aws.ec2.tag("i-" + notebook, Map.of(Tags.IDLE_MINUTES, Integer.toString(minutes)));
    }

    private List<String> stopCalls() {
        return aws.calls.stream().filter(call -> call.startsWith("UpdateService") || call.startsWith("StopInstances"))
                .toList();
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

    @Nested
    class WhichNotebooksItAsks {

        @Test
        void reapOnce_whenANotebookIsStopped_leavesItOutOfThePass() {
            aws.addNotebook("bob", "stopped", 0, LAUNCHED);

            ReapReport report = reaper.reapOnce(ENV);

            assertThat(report.entries()).extracting(ReapReport.Entry::name).containsExactly(ALICE);
        }

        @Test
        void reapOnce_whenANotebookRuns_asksItsJupyterAtItsUrlWithTheTokenFromSsm() {
            reaper.reapOnce(ENV);

            assertThat(probes).containsExactly(
                    "http://gpu-notebook-default-1.us-east-1.elb.amazonaws.com/notebook/alice/ token-of-alice");
        }

        @Test
        void reapOnce_whenTheIdleLimitIsZero_neverStopsItNorAsksJupyter() {
            idleLimit("alice", 0);
            clock.advance(Duration.ofDays(3));

            ReapReport report = reaper.reapOnce(ENV);

            assertThat(report.entries())
                    .containsExactly(alice(Outcome.NEVER_STOPS, "idle limit 0: never stops by itself"));
            assertThat(probes).isEmpty();
            assertThat(stopCalls()).isEmpty();
        }
    }

    @Nested
    class AJupyterThatCannotBeRead {

        @Test
        void reapOnce_whenJupyterIsUnreachable_keepsTheNotebookRunningPastItsLimitAndSaysWhy() {
            unreachable = "cannot connect to http://lb/notebook/alice/api/status (connection refused or no route)";
            clock.advance(Duration.ofHours(3));

            ReapReport report = reaper.reapOnce(ENV);

            assertThat(report.entries()).containsExactly(alice(Outcome.UNREACHABLE, unreachable + "; kept running"));
            assertThat(stopCalls()).isEmpty();
            assertThat(notices).isEmpty();
        }

        @Test
        void reapOnce_whenItsTokenCannotBeRead_keepsTheNotebookRunningAndSaysWhy() {
            aws.refuse("GetParameter /gpu-notebook/default/alice/jupyter-token (decrypted)", GpuNotebookException.of(
                    Reason.ACCESS_DENIED, "AWS denied ssm:GetParameter (AccessDeniedException)."));
            clock.advance(Duration.ofHours(3));

            ReapReport report = reaper.reapOnce(ENV);

            assertThat(report.entries()).containsExactly(alice(Outcome.UNREACHABLE,
                    "cannot read its token: AWS denied ssm:GetParameter (AccessDeniedException)."));
            assertThat(probes).isEmpty();
            assertThat(stopCalls()).isEmpty();
        }
    }

    @Nested
    class AnIdleNotebook {

        @Test
        void reapOnce_whenIdleButNotNearItsLimit_reportsForHowLongOfHowMany() {
            clock.advance(Duration.ofMinutes(30));

            ReapReport report = reaper.reapOnce(ENV);

            assertThat(report.entries()).containsExactly(alice(Outcome.IDLE, "idle for 30 of 60 minutes"));
            assertThat(notices).isEmpty();
        }

        @Test
        void reapOnce_whenNearItsLimit_warnsTheOwnerWhenItWillStop() {
            clock.advance(Duration.ofMinutes(56));

            ReapReport report = reaper.reapOnce(ENV);

            assertThat(report.entries()).containsExactly(alice(Outcome.WARNED,
                    "idle for 56 of 60 minutes; stops at 10:00 UTC"));
            assertThat(notices).singleElement().satisfies(notice -> {
                assertThat(notice.ownerId()).isEqualTo(FakeCloud.OWNER);
                assertThat(notice.notebook()).isEqualTo(ALICE);
                assertThat(notice.kind()).isEqualTo(Notice.Kind.IDLE_WARNING);
                assertThat(notice.message()).isEqualTo("Your notebook alice has been idle for 56 minutes and will"
                        + " stop at 10:00 UTC to save cost (its idle limit is 60 minutes). Run a cell or use a terminal"
                        + " in it to keep it running; its work folder is kept either way.");
                assertThat(notice.optionalAction()).isEmpty();
            });
            assertThat(stopCalls()).isEmpty();
        }

        @Test
        void reapOnce_whenPastItsLimit_stopsItAndTellsTheOwnerThePriceWithAStartAgainButton() {
            clock.advance(Duration.ofMinutes(61));

            ReapReport report = reaper.reapOnce(ENV);

            assertThat(report.entries()).containsExactly(alice(Outcome.STOPPED, "idle for 61 minutes (limit 60)"));
            assertThat(notices).singleElement().satisfies(notice -> {
                assertThat(notice.kind()).isEqualTo(Notice.Kind.STOPPED_IDLE);
                assertThat(notice.ownerId()).isEqualTo(FakeCloud.OWNER);
                assertThat(notice.message()).isEqualTo("Your notebook alice was idle for 61 minutes, so it was"
                        + " stopped to save cost ($0.526 per hour). Its work folder is kept; Start again resumes it with"
                        + " the same URL and token.");
                assertThat(notice.optionalAction()).contains(new Notice.Action("Start again", "start alice"));
            });
        }

        @Test
        void reapOnce_whenPastItsLimit_leavesAReasonThatStatusShowsAsWritten() {
            clock.advance(Duration.ofMinutes(61));

            reaper.reapOnce(ENV);

            // The stopper replaces what a tag may not hold with spaces; the reaper's reason needs none replaced.
            assertThat(aws.ec2.instance("i-alice").tag(NotebookLister.STOP_REASON_TAG))
                    .isEqualTo("idle for 61 minutes - limit 60 - stopped by the idle reaper at 2026-01-05T10:01:00Z");
        }

        @Test
        void reapOnce_whenTheNotebookHasItsOwnLimit_stopsItAtThatLimit() {
            idleLimit("alice", 30);
            clock.advance(Duration.ofMinutes(31));

            ReapReport report = reaper.reapOnce(ENV);

            assertThat(report.entries()).containsExactly(alice(Outcome.STOPPED, "idle for 31 minutes (limit 30)"));
            assertThat(stopCalls()).contains("StopInstances i-alice");
        }

        @Test
        void reapOnce_whenTwoNotebooksNearTheirLimitsTogether_warnsEachOwner() {
            // Bob was last used when alice was: both idle periods start at the same moment.
            aws.addNotebook("bob", "running", 1, LAUNCHED);
            clock.advance(Duration.ofMinutes(56));

            ReapReport report = reaper.reapOnce(ENV);

            assertThat(report.with(Outcome.WARNED)).containsExactly(ALICE, NotebookName.of("bob"));
            assertThat(notices).extracting(Notice::notebook).containsExactly(ALICE, NotebookName.of("bob"));
        }
    }

    @Nested
    class TheReport {

        @Test
        void with_whenNotebooksEndedDifferently_namesOnlyThoseWithTheOutcome() {
            aws.addNotebook("bob", "running", 1, LAUNCHED);
            idleLimit("bob", 0);
            clock.advance(Duration.ofMinutes(61));

            ReapReport report = reaper.reapOnce(ENV);

            assertThat(report.with(Outcome.STOPPED)).containsExactly(ALICE);
            assertThat(report.with(Outcome.NEVER_STOPS)).containsExactly(NotebookName.of("bob"));
            assertThat(report.with(Outcome.WARNED)).isEmpty();
        }
    }
}
