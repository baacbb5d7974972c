package dev.gpunotebook.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.bot.command.CommandParser;
import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.command.ParsedCommand;
import dev.gpunotebook.bot.handler.Connector;
import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.model.NotebookName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Who may run what, checked where Slack's commands run: a refused command never reaches AWS. AWS here is a
 * connector that records who asked for it and then fails, so "reached AWS" is exactly "the command ran".
 */
class CommandRunnerTest {

    private static final String ALICE = "U0ALICE";
    private static final String BOB = "U0BOB";
    private static final String ADMIN = "U0ADMIN";
    private static final String MALLORY = "U0MALLORY";
    private static final AccessPolicy LISTED = new AccessPolicy(Set.of(ALICE, BOB), Set.of(ADMIN),
            AccessPolicy.UNLIMITED, AccessPolicy.UNLIMITED);

    /** What one command did: the answers Slack would have shown, and whether it went on to AWS. */
    private record Ran(RecordingReplies replies, NoAws aws) {

        String shown() {
            return String.join("\n", replies.sent().stream().map(RecordingReplies.Sent::shown).toList());
        }

        boolean reachedAws() {
            return !aws.asked.isEmpty();
        }
    }

    /** An AWS that is never there: it notes each connection asked for, then fails as unreachable AWS would. */
    private static final class NoAws implements Connector {
        private final List<GlobalOptions> asked = new ArrayList<>();

        @Override
        public GpuNotebooks connect(GlobalOptions options) {
            asked.add(options);
            throw GpuNotebookException.of(GpuNotebookException.Reason.CREDENTIALS, "no AWS account in this test");
        }
    }

    /** The notebooks that exist, as a fixed list; every instance type has {@code gpusPerInstance} GPUs. */
    private static ExistingNotebooks existing(List<NotebookUse> uses, int gpusPerInstance) {
        return new ExistingNotebooks() {
            @Override
            public List<NotebookUse> uses(GlobalOptions options) {
                return uses;
            }

            @Override
            public int gpusOf(GlobalOptions options, String instanceType) {
                return gpusPerInstance;
            }
        };
    }

    private static NotebookUse use(String name, String owner, int gpus) {
        return new NotebookUse(NotebookName.of(name), owner, gpus);
    }

    private static Ran run(AccessPolicy policy, List<NotebookUse> uses, String user, String line) {
        FakeTicker ticker = new FakeTicker();
        RecordingReplies replies = new RecordingReplies(ticker::now);
        NoAws aws = new NoAws();
        CommandRunner runner = new CommandRunner(aws, existing(uses, 1), new Authorization(policy),
                GlobalOptions.defaults(), ticker, Duration.ofSeconds(1));
        ParsedCommand parsed = (ParsedCommand) CommandParser.forChat().parseLine(line);

        runner.run(new SlackRequest(user, "C0GENERAL", "", line), parsed, replies);

        return new Ran(replies, aws);
    }

    @Nested
    class WhenOnlyListedUsersMayStart {

        private final List<NotebookUse> alicesNotebook = List.of(use("alice", ALICE, 1));

        @Test
        void stop_whenTheNotebookIsSomeoneElses_isRefusedNamingTheOwnerAndNeverReachesAws() {
            Ran ran = run(LISTED, alicesNotebook, BOB, "stop alice");

            assertThat(ran.reachedAws()).isFalse();
            assertThat(ran.replies.sent()).extracting(RecordingReplies.Sent::kind).containsExactly("ephemeral");
            assertThat(ran.shown()).contains("belongs to " + ALICE).contains("only its owner or an admin")
                    .contains("may stop it");
        }

        @Test
        void stop_whenItsOwnerAsks_reachesAws() {
            assertThat(run(LISTED, alicesNotebook, ALICE, "stop alice").reachedAws()).isTrue();
        }

        @Test
        void stop_whenAnAdminAsks_reachesAws() {
            assertThat(run(LISTED, alicesNotebook, ADMIN, "stop alice").reachedAws()).isTrue();
        }

        @Test
        void delete_whenTheNotebookIsSomeoneElses_isRefusedAndNeverReachesAws() {
            Ran ran = run(LISTED, alicesNotebook, BOB, "delete alice --yes");

            assertThat(ran.reachedAws()).isFalse();
            assertThat(ran.shown()).contains("belongs to " + ALICE).contains("may delete it");
        }

        @Test
        void start_whenTheNameIsSomeoneElses_isRefusedSoTheTokenStaysWithItsOwner() {
            Ran ran = run(LISTED, alicesNotebook, BOB, "start alice");

            assertThat(ran.reachedAws()).isFalse();
            assertThat(ran.shown()).contains("belongs to " + ALICE).doesNotContain("lab?token");
        }

        @Test
        void setup_whenAListedUserWhoIsNoAdminAsks_isRefusedNamingTheVariableAndNeverReachesAws() {
            Ran ran = run(LISTED, List.of(), ALICE, "setup");

            assertThat(ran.reachedAws()).isFalse();
            assertThat(ran.replies.sent()).extracting(RecordingReplies.Sent::kind).containsExactly("ephemeral");
            assertThat(ran.shown()).contains("Only an admin (GPU_NOTEBOOK_ADMINS) may run setup");
        }

        @Test
        void setup_whenAnAdminAsks_reachesAws() {
            assertThat(run(LISTED, List.of(), ADMIN, "setup").reachedAws()).isTrue();
        }
    }

    @Nested
    class WhenEveryMemberMayStartButCapsAreSet {

        @Test
        void start_whenTheUserAlreadyOwnsTheMostNotebooksOneMay_isRefusedByTheCapAndNeverReachesAws() {
            AccessPolicy open = new AccessPolicy(Set.of(), Set.of(), 1, AccessPolicy.UNLIMITED);

            Ran ran = run(open, List.of(use("m1", MALLORY, 1)), MALLORY, "start m2");

            assertThat(ran.reachedAws()).isFalse();
            assertThat(ran.shown()).contains("GPU_NOTEBOOK_MAX_NOTEBOOKS_PER_USER = 1");
        }

        @Test
        void start_whenTheGpusWouldExceedTheCap_isRefusedByTheCapAndNeverReachesAws() {
            AccessPolicy open = new AccessPolicy(Set.of(), Set.of(), AccessPolicy.UNLIMITED, 2);

            Ran ran = run(open, List.of(use("a", ALICE, 1), use("b", BOB, 1)), MALLORY, "start m");

            assertThat(ran.reachedAws()).isFalse();
            assertThat(ran.shown()).contains("3 GPUs in all (2 in use + 1)").contains("GPU_NOTEBOOK_MAX_GPUS");
        }

        @Test
        void start_whenUnderBothCaps_reachesAws() {
            AccessPolicy open = new AccessPolicy(Set.of(), Set.of(), 2, 2);

            assertThat(run(open, List.of(use("m1", MALLORY, 1)), MALLORY, "start m2").reachedAws()).isTrue();
        }
    }
}
