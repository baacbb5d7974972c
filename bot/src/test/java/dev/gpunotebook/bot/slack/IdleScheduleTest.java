package dev.gpunotebook.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.command.OutputFormat;
import dev.gpunotebook.bot.handler.Connector;
import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebooks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The bot's schedule of the idle reaper, with time moved by hand. A pass starts by connecting to AWS with
 * the bot's options; the connector here notes that and fails, so each connection asked for is one pass run.
 * (That the pass stops idle notebooks and tells their owners in Slack is SlackBotIT's, against a real
 * Jupyter Server.)
 */
class IdleScheduleTest {

    private static final GlobalOptions LAUNCH = new GlobalOptions("eu-west-1", null, null, OutputFormat.TEXT, false);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final FakeTicker ticker = new FakeTicker();
    private final List<Runnable> worker = new ArrayList<>();

    /** Counts passes: every pass asks for a connection first. */
    private static final class PassCounter implements Connector {
        private final List<GlobalOptions> asked = new ArrayList<>();
        private final RuntimeException failure;

        PassCounter(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public GpuNotebooks connect(GlobalOptions options) {
            asked.add(options);
            throw failure;
        }
    }

    private IdleSchedule schedule(Connector connector) {
        return new IdleSchedule(connector, LAUNCH, notice -> { }, (notebooks, notifier) -> {
            throw new AssertionError("no connection, so no reaper is made");
        });
    }

    /** Moves time on minute by minute, the workers running what each minute hands them. */
    private void minutesPass(int minutes) {
        for (int i = 0; i < minutes; i++) {
            ticker.advance(MINUTE);
            workersRun();
        }
    }

    /** Runs what the ticker handed to the bot's workers. */
    private void workersRun() {
        List<Runnable> handed = List.copyOf(worker);
        worker.clear();
        handed.forEach(Runnable::run);
    }

    @Nested
    class WhenAnIntervalIsSet {

        @Test
        void start_whenEachIntervalPasses_runsOnePassOnTheWorkersWithTheBotsOptions() {
            PassCounter aws = new PassCounter(GpuNotebookException.of(GpuNotebookException.Reason.CREDENTIALS,
                    "no AWS account in this test"));
            schedule(aws).start(ticker, worker::add, MINUTE);

            ticker.advance(Duration.ofSeconds(59));
            workersRun();
            assertThat(aws.asked).as("passes before the first minute").isEmpty();

            ticker.advance(Duration.ofSeconds(1));
            assertThat(aws.asked).as("passes run on the ticker's own thread").isEmpty();
            workersRun();
            assertThat(aws.asked).containsExactly(LAUNCH);

            minutesPass(2);
            assertThat(aws.asked).containsExactly(LAUNCH, LAUNCH, LAUNCH);
        }

        @Test
        void start_whenAPassFailsUnexpectedly_runsTheNextPassAnyway() {
            PassCounter aws = new PassCounter(new IllegalStateException("boom"));
            schedule(aws).start(ticker, worker::add, MINUTE);

            minutesPass(3);

            assertThat(aws.asked).hasSize(3);
            assertThat(ticker.waiting()).isEqualTo(1);
        }

        @Test
        void start_whenThePassBeforeStillWaitsForAWorker_skipsTheTickRatherThanQueueAnother() {
            PassCounter aws = new PassCounter(new IllegalStateException("boom"));
            schedule(aws).start(ticker, worker::add, MINUTE);

            ticker.advance(Duration.ofMinutes(3));

            assertThat(worker).as("passes handed to the workers while they were busy").hasSize(1);
            workersRun();
            minutesPass(1);
            assertThat(aws.asked).hasSize(2);
        }
    }

    @Nested
    class WhenTheIntervalIsZero {

        @Test
        void start_whenIdleAutoStopIsOff_schedulesNothing() {
            PassCounter aws = new PassCounter(new IllegalStateException("never asked"));

            Ticker.Scheduled scheduled = schedule(aws).start(ticker, worker::add, Duration.ZERO);
            ticker.advance(Duration.ofDays(1));
            workersRun();

            assertThat(scheduled).isNull();
            assertThat(ticker.waiting()).isZero();
            assertThat(aws.asked).isEmpty();
        }
    }
}
