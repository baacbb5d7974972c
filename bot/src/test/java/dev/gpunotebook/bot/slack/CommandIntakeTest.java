package dev.gpunotebook.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.bot.command.FrontEnd;
import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.command.Usage;
import dev.gpunotebook.bot.command.Verb;
import dev.gpunotebook.bot.handler.Connector;
import dev.gpunotebook.core.GpuNotebookException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The acknowledgement Slack shows at once, and what becomes of a command after it. The executor runs a command
 * on the caller's thread, so what the command sent is there to read as soon as {@code accept} returns.
 */
class CommandIntakeTest {

    private static final String ALICE = "U0ALICE";

    /** Runs each task at once on the caller's thread; after {@link #shutdown()} it refuses, as a pool does. */
    private static final class DirectExecutor extends AbstractExecutorService {
        private int ran;
        private boolean shutdown;

        @Override
        public void execute(Runnable task) {
            if (shutdown) {
                throw new RejectedExecutionException("shut down");
            }
            ran++;
            task.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return shutdown;
        }
    }

    /** Replies whose channel posts fail as a broken Slack call would; the rest are kept. */
    private static final class FailingPosts implements Replies {
        private final RecordingReplies kept = new RecordingReplies(() -> Duration.ZERO);

        @Override
        public Optional<String> post(SlackMessage message) {
            throw GpuNotebookException.of(GpuNotebookException.Reason.AWS, "Slack did not take the message.");
        }

        @Override
        public void update(String ts, SlackMessage message) {
            kept.update(ts, message);
        }

        @Override
        public void finish(Optional<String> ts, SlackMessage message) {
            kept.finish(ts, message);
        }

        @Override
        public void ephemeral(SlackMessage message) {
            kept.ephemeral(message);
        }
    }

    /** An empty environment, or one whose reading fails with {@code failure}'s throwable. */
    private static ExistingNotebooks existing(Supplier<? extends Throwable> failure) {
        return new ExistingNotebooks() {
            @Override
            public List<NotebookUse> uses(GlobalOptions options) {
                Throwable thrown = failure.get();
                if (thrown instanceof RuntimeException e) {
                    throw e;
                }
                if (thrown instanceof Error e) {
                    throw e;
                }
                return List.of();
            }

            @Override
            public int gpusOf(GlobalOptions options, String instanceType) {
                return 1;
            }
        };
    }

    /** A bot in open mode whose AWS is never there, its commands run at once, and what they sent to whom. */
    private static final class Bot {
        private final DirectExecutor executor = new DirectExecutor();
        private final List<SlackRequest> repliedTo = new ArrayList<>();
        private final CommandIntake intake;

        Bot(Supplier<? extends Throwable> existingFails, Replies replies) {
            Connector noAws = options -> {
                throw GpuNotebookException.of(GpuNotebookException.Reason.CREDENTIALS, "no AWS account in this test");
            };
            CommandRunner runner = new CommandRunner(noAws, existing(existingFails),
                    new Authorization(AccessPolicy.open()), GlobalOptions.defaults(), new FakeTicker(),
                    Duration.ofSeconds(1));
            intake = new CommandIntake(executor, runner, request -> {
                repliedTo.add(request);
                return replies;
            });
        }

        String accept(String text) {
            return intake.accept(new SlackRequest(ALICE, "C0GENERAL", "", text));
        }
    }

    private static Bot bot(RecordingReplies replies) {
        return new Bot(() -> null, replies);
    }

    private static String shown(RecordingReplies replies) {
        return String.join("\n", replies.sent().stream().map(RecordingReplies.Sent::shown).toList());
    }

    @Nested
    class WhenTheLineDoesNotParse {

        @Test
        void accept_whenACommandIsMistyped_answersTheErrorTheSuggestionAndTheChatUsageAndRunsNothing() {
            Bot bot = bot(new RecordingReplies(() -> Duration.ZERO));

            String answer = bot.accept("strat alice");

            assertThat(answer).startsWith("unknown command 'strat'; commands: setup, start,")
                    .contains("\nDid you mean: start?\n```Usage: /notebook &lt;command&gt; [options]\n")
                    .endsWith("Add --help or -h to a command for its help.\n```");
            assertThat(bot.executor.ran).isZero();
        }

        @Test
        void accept_whenThereIsNothingToSuggest_answersTheErrorAndTheUsageOfTheCommandOnly() {
            Bot bot = bot(new RecordingReplies(() -> Duration.ZERO));

            assertThat(bot.accept("stop")).isEqualTo("stop needs a notebook NAME: stop NAME\n```"
                    + SlackText.escape(Usage.forCommand(Verb.STOP, FrontEnd.CHAT)) + "```");
        }

        @Test
        void accept_whenTheLineHoldsSlackMarkup_escapesItSoNobodyIsPinged() {
            String answer = bot(new RecordingReplies(() -> Duration.ZERO)).accept("stop <!channel>");

            assertThat(answer).contains("&lt;!channel&gt;").doesNotContain("<!channel>");
        }
    }

    @Nested
    class WhenAnOptionIsRefused {

        @Test
        void accept_whenAnOptionWouldRedirectTheBot_answersTheRefusalAndRunsNothing() {
            Bot bot = bot(new RecordingReplies(() -> Duration.ZERO));

            String answer = bot.accept("list --endpoint-url http://evil.example");

            assertThat(answer).startsWith(":no_entry: --endpoint-url is not accepted in Slack:").endsWith("Leave it out.");
            assertThat(bot.executor.ran).isZero();
        }
    }

    @Nested
    class WhenTheCommandIsAccepted {

        @Test
        void accept_whenTheLineIsValid_saysItIsWorkingOnTheCommandAsTheParserReadIt() {
            RecordingReplies replies = new RecordingReplies(() -> Duration.ZERO);

            String answer = bot(replies).accept("/notebook STOP  alice --region=eu-west-1");

            assertThat(answer).isEqualTo(":hourglass_flowing_sand: Working on `stop alice --region eu-west-1`…");
        }

        @Test
        void accept_whenTheLineIsValid_runsTheCommandAndAnswersTheRequester() {
            RecordingReplies replies = new RecordingReplies(() -> Duration.ZERO);
            Bot bot = bot(replies);

            bot.accept("stop alice");

            assertThat(bot.executor.ran).isEqualTo(1);
            assertThat(bot.repliedTo).extracting(SlackRequest::user).containsExactly(ALICE);
            assertThat(shown(replies)).contains("no AWS account in this test");
        }

        @Test
        void accept_whenTheBotIsShuttingDown_saysToTryAgainAndRunsNothing() {
            RecordingReplies replies = new RecordingReplies(() -> Duration.ZERO);
            Bot bot = bot(replies);
            bot.executor.shutdown();

            assertThat(bot.accept("stop alice")).isEqualTo("The bot is shutting down; try again in a minute.");
            assertThat(replies.sent()).isEmpty();
        }
    }

    @Nested
    class WhenTheCommandFails {

        @Test
        void accept_whenTheCommandFailsAsExpected_answersTheRequesterWithTheReason() {
            FailingPosts replies = new FailingPosts();
            Bot bot = new Bot(() -> null, replies);

            bot.accept("setup");

            assertThat(replies.kept.sent()).extracting(RecordingReplies.Sent::kind).containsExactly("ephemeral");
            assertThat(shown(replies.kept)).contains("Error: Slack did not take the message.");
        }

        @Test
        void accept_whenTheCommandFailsUnexpectedly_apologisesNamingTheFailureAndKeepsServing() {
            RecordingReplies replies = new RecordingReplies(() -> Duration.ZERO);
            Bot bot = new Bot(() -> new IllegalStateException("a bug"), replies);

            String answer = bot.accept("stop alice");

            assertThat(answer).startsWith(":hourglass_flowing_sand: Working on");
            assertThat(shown(replies)).contains("Sorry, stop failed unexpectedly (IllegalStateException). The bot"
                    + " keeps serving; try again, or tell whoever runs it.");
            assertThat(bot.accept("help")).startsWith(":hourglass_flowing_sand: Working on `help`");
        }

        @Test
        void accept_whenTheCommandDiesOfAnErrorThatIsNoMachineFailure_apologisesAndKeepsServing() {
            RecordingReplies replies = new RecordingReplies(() -> Duration.ZERO);
            Bot bot = new Bot(() -> new NoClassDefFoundError("software/amazon/awssdk/services/ecs/EcsClient"),
                    replies);

            bot.accept("stop alice");

            assertThat(shown(replies)).contains("Sorry, stop failed unexpectedly (NoClassDefFoundError).");
        }

        @Test
        void accept_whenTheMachineFails_apologisesThenLetsTheErrorEndTheWorker() {
            // A VirtualMachineError leaves the JVM in doubt: the user hears of it, the worker thread does not go on.
            RecordingReplies replies = new RecordingReplies(() -> Duration.ZERO);
            Bot bot = new Bot(StackOverflowError::new, replies);

            assertThatThrownBy(() -> bot.accept("stop alice")).isInstanceOf(StackOverflowError.class);
            assertThat(shown(replies)).contains("Sorry, stop failed unexpectedly (StackOverflowError).");
        }
    }
}
