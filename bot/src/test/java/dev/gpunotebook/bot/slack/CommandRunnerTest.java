package dev.gpunotebook.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.bot.command.CommandParser;
import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.command.OutputFormat;
import dev.gpunotebook.bot.command.ParsedCommand;
import dev.gpunotebook.bot.handler.Connector;
import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        private final Error fatal;

        NoAws() {
            this(null);
        }

        /** @param fatal what a connection throws instead, such as a class missing from the jar; null: none */
        NoAws(Error fatal) {
            this.fatal = fatal;
        }

        @Override
        public GpuNotebooks connect(GlobalOptions options) {
            asked.add(options);
            if (fatal != null) {
                throw fatal;
            }
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
        return run(new NoAws(), existing(uses, 1), policy, GlobalOptions.defaults(), user, line);
    }

    /** Runs {@code line} for {@code user} on a bot launched with {@code launch}'s AWS options. */
    private static Ran run(NoAws aws, ExistingNotebooks existing, AccessPolicy policy, GlobalOptions launch,
            String user, String line) {
        RecordingReplies replies = new RecordingReplies(() -> Duration.ZERO);

        run(new CommandRunner(aws, existing, new Authorization(policy), launch, new FakeTicker(),
                Duration.ofSeconds(1)), user, line, replies);

        return new Ran(replies, aws);
    }

    private static void run(CommandRunner runner, String user, String line, Replies replies) {
        ParsedCommand parsed = (ParsedCommand) CommandParser.forChat().parseLine(line);
        runner.run(new SlackRequest(user, "C0GENERAL", "", line), parsed, replies);
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

    /**
     * The notebooks that exist, as a fixed list, and the GPUs of each instance type (0 for a type not listed);
     * notes the options and the types it was asked about.
     */
    private static final class KnownNotebooks implements ExistingNotebooks {
        private final List<NotebookUse> uses;
        private final Map<String, Integer> gpusByType;
        private final List<GlobalOptions> asked = new ArrayList<>();
        private final List<String> typesAsked = new ArrayList<>();

        KnownNotebooks(List<NotebookUse> uses, Map<String, Integer> gpusByType) {
            this.uses = uses;
            this.gpusByType = gpusByType;
        }

        @Override
        public List<NotebookUse> uses(GlobalOptions options) {
            asked.add(options);
            return uses;
        }

        @Override
        public int gpusOf(GlobalOptions options, String instanceType) {
            asked.add(options);
            typesAsked.add(instanceType);
            return gpusByType.getOrDefault(instanceType, 0);
        }
    }

    @Nested
    class WhereTheBotsAwsCallsGo {

        private final GlobalOptions launch = new GlobalOptions("eu-west-1", "ops", URI.create("http://localhost:4566"),
                OutputFormat.TEXT, false);

        @Test
        void run_whenTheCommandNamesNoRegion_usesTheRegionProfileAndEndpointTheBotWasLaunchedWith() {
            NoAws aws = new NoAws();

            run(aws, existing(List.of(), 1), LISTED, launch, ALICE, "list");

            assertThat(aws.asked).containsExactly(launch);
        }

        @Test
        void run_whenTheCommandNamesARegion_usesThatRegionWithTheBotsProfileAndEndpoint() {
            NoAws aws = new NoAws();

            run(aws, existing(List.of(), 1), LISTED, launch, ALICE, "list --region us-east-2");

            assertThat(aws.asked).containsExactly(new GlobalOptions("us-east-2", "ops",
                    URI.create("http://localhost:4566"), OutputFormat.TEXT, false));
        }

        @Test
        void run_whenATypedProfileSlipsPastTheIntake_stillUsesTheBotsOwnProfile() {
            // The intake refuses --profile; should one reach the runner anyway, the bot's credentials still hold.
            NoAws aws = new NoAws();

            run(aws, existing(List.of(), 1), LISTED, launch, ALICE, "list --profile admin");

            assertThat(aws.asked).extracting(GlobalOptions::profile).containsExactly("ops");
        }

        @Test
        void run_whenAuthorizationWeighsTheNotebooks_readsThemWhereTheCommandWillRun() {
            KnownNotebooks known = new KnownNotebooks(List.of(), Map.of());

            run(new NoAws(), known, LISTED, launch, ALICE, "start a --region us-east-2");

            assertThat(known.asked).isNotEmpty().allSatisfy(options -> {
                assertThat(options.region()).isEqualTo("us-east-2");
                assertThat(options.profile()).isEqualTo("ops");
            });
        }
    }

    @Nested
    class TheGpusAStartIsWeighedWith {

        private final AccessPolicy capOfFour = new AccessPolicy(Set.of(), Set.of(), AccessPolicy.UNLIMITED, 4);

        @Test
        void run_whenTheInstanceTypeHasMoreGpusThanAsked_countsTheInstancesGpus() {
            // An instance's GPUs are held whole, whatever --gpus the task asks for.
            KnownNotebooks known = new KnownNotebooks(List.of(use("a", ALICE, 1)), Map.of("g5.12xlarge", 4));

            Ran ran = run(new NoAws(), known, capOfFour, GlobalOptions.defaults(), BOB,
                    "start b --instance-type g5.12xlarge --gpus 1");

            assertThat(ran.reachedAws()).isFalse();
            assertThat(ran.shown()).contains("5 GPUs in all (1 in use + 4)");
        }

        @Test
        void run_whenTheInstanceTypeIsUnknown_countsTheGpusAsked() {
            KnownNotebooks known = new KnownNotebooks(List.of(use("a", ALICE, 1)), Map.of());

            Ran ran = run(new NoAws(), known, capOfFour, GlobalOptions.defaults(), BOB,
                    "start b --instance-type x9.large --gpus 4");

            assertThat(ran.shown()).contains("5 GPUs in all (1 in use + 4)");
        }

        @Test
        void run_whenNeitherTypeNorGpusAreGiven_weighsTheDefaultInstanceType() {
            KnownNotebooks known = new KnownNotebooks(List.of(use("a", ALICE, 3)),
                    Map.of(NotebookSpec.DEFAULT_INSTANCE_TYPE, 2));

            Ran ran = run(new NoAws(), known, capOfFour, GlobalOptions.defaults(), BOB, "start b");

            assertThat(known.typesAsked).containsExactly(NotebookSpec.DEFAULT_INSTANCE_TYPE);
            assertThat(ran.shown()).contains("5 GPUs in all (3 in use + 2)");
        }

        @Test
        void run_whenNoGpusAreGivenAndTheTypeIsUnknown_countsOne() {
            KnownNotebooks known = new KnownNotebooks(List.of(use("a", ALICE, 4)), Map.of());

            assertThat(run(new NoAws(), known, capOfFour, GlobalOptions.defaults(), BOB, "start b").shown())
                    .contains("5 GPUs in all (4 in use + 1)");
        }
    }

    @Nested
    class WhenTheCommandIsAllowed {

        private final List<NotebookUse> alicesNotebook = List.of(use("alice", ALICE, 1));

        @Test
        void run_whenHelpIsAsked_answersTheRequesterAloneWithTheChatUsage() {
            Ran ran = run(LISTED, List.of(), MALLORY, "help stop");

            assertThat(ran.reachedAws()).isFalse();
            assertThat(ran.replies.sent()).extracting(RecordingReplies.Sent::kind).containsExactly("ephemeral");
            assertThat(ran.shown()).contains("Usage: /notebook stop NAME");
        }

        @Test
        void run_whenDeleteIsNotConfirmed_asksTheRequesterFirstWithoutReachingAws() {
            Ran ran = run(LISTED, alicesNotebook, ALICE, "delete alice");

            assertThat(ran.reachedAws()).isFalse();
            assertThat(ran.replies.sent()).extracting(RecordingReplies.Sent::kind).containsExactly("ephemeral");
            assertThat(ran.shown()).contains("Delete notebook alice and everything in it");
        }

        @Test
        void run_whenAStartRuns_postsItsProgressInTheChannelAndFinishesItWithTheOutcome() {
            Ran ran = run(LISTED, List.of(), ALICE, "start nb");

            assertThat(ran.replies.sent()).extracting(RecordingReplies.Sent::kind).containsExactly("post", "finish");
            assertThat(ran.replies.sent("post").get(0).shown()).contains("Starting notebook nb");
            assertThat(ran.replies.sent("finish").get(0).shown()).contains("no AWS account in this test");
        }

        @Test
        void run_whenAConfirmedDeleteRuns_postsItsProgressInTheChannel() {
            Ran ran = run(LISTED, alicesNotebook, ALICE, "delete alice --yes");

            assertThat(ran.reachedAws()).isTrue();
            assertThat(ran.replies.sent("post")).singleElement()
                    .satisfies(post -> assertThat(post.shown()).contains("Deleting notebook alice"));
        }

        @Test
        void run_whenAnAdminRunsSetup_postsItsProgressInTheChannel() {
            Ran ran = run(LISTED, List.of(), ADMIN, "setup");

            assertThat(ran.replies.sent("post")).singleElement()
                    .satisfies(post -> assertThat(post.shown()).contains("Setting up the environment"));
        }

        @Test
        void run_whenTheCommandDiesWithAnError_stillClosesTheProgressMessage() {
            // The channel must not show "running" for ever after a crash; the error itself goes on up.
            NoAws dying = new NoAws(new NoClassDefFoundError("software/amazon/awssdk/services/ecs/EcsClient"));
            RecordingReplies replies = new RecordingReplies(() -> Duration.ZERO);
            CommandRunner runner = new CommandRunner(dying, existing(List.of(), 1), new Authorization(LISTED),
                    GlobalOptions.defaults(), new FakeTicker(), Duration.ofSeconds(1));

            assertThatThrownBy(() -> run(runner, ALICE, "start nb", replies))
                    .isInstanceOf(NoClassDefFoundError.class);
            assertThat(replies.sent("finish")).singleElement().satisfies(finish -> assertThat(finish.shown())
                    .contains("The bot stopped before start finished; nothing more is known."));
        }
    }

    @Nested
    class WhenTheExistingNotebooksCannotBeRead {

        @Test
        void run_whenReadingThemFails_answersTheRequesterWithTheReasonAndRunsNothing() {
            NoAws aws = new NoAws();
            ExistingNotebooks unreadable = new ExistingNotebooks() {
                @Override
                public List<NotebookUse> uses(GlobalOptions options) {
                    throw GpuNotebookException.of(GpuNotebookException.Reason.CREDENTIALS,
                            "The AWS credentials have expired.");
                }

                @Override
                public int gpusOf(GlobalOptions options, String instanceType) {
                    return 1;
                }
            };

            Ran ran = run(aws, unreadable, LISTED, GlobalOptions.defaults(), ALICE, "stop alice");

            assertThat(ran.reachedAws()).isFalse();
            assertThat(ran.replies.sent()).extracting(RecordingReplies.Sent::kind).containsExactly("ephemeral");
            assertThat(ran.shown()).contains("The AWS credentials have expired.");
        }
    }
}
