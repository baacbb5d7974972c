package dev.gpunotebook.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProgressMessageTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    // A new test instance per test: each test has its own time and its own Slack.
    private final FakeTicker ticker = new FakeTicker();
    private final RecordingReplies replies = new RecordingReplies(ticker::now);

    private ProgressMessage opened() {
        return opened(replies);
    }

    private ProgressMessage opened(RecordingReplies slack) {
        ProgressMessage progress = new ProgressMessage("Starting notebook alice", slack, ticker, SECOND);
        progress.open();
        return progress;
    }

    private static ProgressEvent running(String step) {
        return new ProgressEvent(step, Phase.RUNNING, "");
    }

    @Nested
    class WhenStepsReportFasterThanOnceASecond {

        @Test
        void onEvent_whenFiveStepsReportWithinASecond_updatesOnceASecondAfterTheFirstShowingAllFive() {
            ProgressMessage progress = opened();

            for (String step : List.of("vpc", "cluster", "instance", "task", "service")) {
                progress.onEvent(running(step));
                ticker.advance(Duration.ofMillis(100));
            }
            ticker.advance(Duration.ofMillis(499));

            assertThat(replies.sent("update")).as("updates before a second has passed").isEmpty();
            ticker.advance(Duration.ofMillis(1));
            assertThat(replies.sent("update")).singleElement().satisfies(update -> {
                assertThat(update.at()).isEqualTo(SECOND);
                assertThat(update.shown()).contains("`vpc`").contains("`cluster`").contains("`instance`")
                        .contains("`task`").contains("`service`");
            });
        }

        @Test
        void onEvent_whenStepsReportEvery50MsForTenSeconds_updatesAtMostOnceASecondAndStillShowsProgress() {
            ProgressMessage progress = opened();

            for (int i = 0; i < 200; i++) {
                progress.onEvent(new ProgressEvent("instance", Phase.RUNNING, "waited " + i * 50 + " ms"));
                ticker.advance(Duration.ofMillis(50));
            }

            List<Duration> times = replies.sent("update").stream().map(RecordingReplies.Sent::at).toList();
            assertThat(times).hasSizeBetween(9, 10);
            for (int i = 1; i < times.size(); i++) {
                assertThat(times.get(i).minus(times.get(i - 1))).as("time between update %d and %d", i, i + 1)
                        .isGreaterThanOrEqualTo(SECOND);
            }
        }

        @Test
        void onEvent_whenNothingChangedSinceTheLastUpdate_sendsNoUpdate() {
            ProgressMessage progress = opened();
            progress.onEvent(running("vpc"));
            ticker.advance(SECOND);

            ticker.advance(Duration.ofSeconds(10));

            assertThat(replies.sent("update")).hasSize(1);
            assertThat(ticker.waiting()).isZero();
        }
    }

    @Nested
    class WhenTheCommandEnds {

        @Test
        void finish_whenAnUpdateIsWaiting_sendsTheFinalMessageAndNoUpdateAfterIt() {
            ProgressMessage progress = opened();
            progress.onEvent(running("vpc"));
            ticker.advance(Duration.ofMillis(500));

            progress.finish(SlackRenderer.plain("Notebook alice is starting"));
            progress.onEvent(running("late"));
            ticker.advance(Duration.ofSeconds(5));

            assertThat(replies.sent()).extracting(RecordingReplies.Sent::kind).containsExactly("post", "finish");
            assertThat(ticker.waiting()).isZero();
        }
    }

    @Nested
    class WhenSlackRefusedThePost {

        @Test
        void onEvent_whenThereIsNoMessageToUpdate_sendsOnlyTheFinalAnswer() {
            RecordingReplies refusing = new RecordingReplies(ticker::now, false);
            ProgressMessage progress = opened(refusing);

            progress.onEvent(running("vpc"));
            ticker.advance(Duration.ofSeconds(5));
            progress.finish(SlackRenderer.plain("Notebook alice is starting"));

            assertThat(refusing.sent()).extracting(RecordingReplies.Sent::kind).containsExactly("post", "finish");
        }
    }
}
