package dev.gpunotebook.bot.slack;

import static dev.gpunotebook.bot.slack.Shown.all;
import static dev.gpunotebook.bot.slack.Shown.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import dev.gpunotebook.bot.command.CommandParser;
import dev.gpunotebook.bot.command.ListCommand;
import dev.gpunotebook.bot.command.ParsedCommand;
import dev.gpunotebook.bot.handler.Outcome;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.model.NotebookState;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import dev.gpunotebook.core.provision.StepRunner.RunReport;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SlackRendererTest {

    private static final ListCommand LIST = new ListCommand();

    private static NotebookSummary notebook(int i, String reason) {
        return new NotebookSummary(NotebookName.of("nb" + i), "U0OWNER" + i, NotebookState.RUNNING, reason,
                "g4dn.xlarge", "i-0123456789abcdef" + i, "http://alb.example/notebook/nb" + i + "/");
    }

    @Nested
    class WhenUserTextHoldsSlackMarkup {

        @Test
        void outcome_whenAnErrorQuotesAMention_showsItEscapedSoNobodyIsPinged() {
            SlackMessage message = SlackRenderer.outcome(new Outcome.Failed("unknown command '<!channel>' & <@U0X>", 2),
                    LIST, "U0ME");

            assertThat(all(message)).contains("'&lt;!channel&gt;' &amp; &lt;@U0X&gt;")
                    .doesNotContain("<!channel>").doesNotContain("<@U0X>");
        }

        @Test
        void progress_whenADetailHoldsMarkup_escapesIt() {
            SlackMessage message = SlackRenderer.progress("Starting notebook x",
                    List.of(new ProgressEvent("instance", Phase.FAILED, "<!here> denied")));

            assertThat(all(message)).contains("`instance` :x: failed: &lt;!here&gt; denied").doesNotContain("<!here>");
        }

        @Test
        void usage_whenParsedFromAChannelPing_isRejectedWithTheValueEscaped() {
            var error = (dev.gpunotebook.bot.command.UsageError) CommandParser.forChat().parseLine("start <!channel>");

            assertThat(SlackText.escape(error.message())).contains("&lt;!channel&gt;").doesNotContain("<!");
        }
    }

    @Nested
    class WhenAMessageWouldExceedSlacksLimits {

        @Test
        void outcome_whenTheListIsHuge_keepsFiftyBlocksAndSaysHowManyAreLeftOut() {
            List<NotebookSummary> many = IntStream.range(0, 3000)
                    .mapToObj(i -> notebook(i, "reason " + "x".repeat(i % 7 * 20))).toList();

            SlackMessage message = SlackRenderer.outcome(new Outcome.Listed(many), LIST, "U0ME");

            assertThat(message.blocks()).hasSize(BlockBudget.MAX_BLOCKS);
            assertThat(texts(message)).allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(3000));
            assertThat(texts(message).get(texts(message).size() - 1)).matches("_\\d+ more blocks not shown: Slack"
                    + " shows at most 50 per message._");
        }

        @Test
        void section_whenTheTextIsLong_splitsItIntoSectionsOfAtMost3000Characters() {
            String help = IntStream.range(0, 400).mapToObj(i -> "line " + i + " " + "y".repeat(40))
                    .reduce((a, b) -> a + "\n" + b).orElseThrow();

            SlackMessage message = SlackRenderer.outcome(new Outcome.Help(help, 0), LIST, "U0ME");

            assertThat(message.blocks()).hasSizeGreaterThan(6).hasSizeLessThanOrEqualTo(BlockBudget.MAX_BLOCKS);
            assertThat(texts(message)).allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(3000));
            assertThat(String.join("", texts(message))).contains("line 0 ").contains("line 399 ");
        }

        @Test
        void chunks_whenALineIsLongerThanTheLimit_neverCutsAnEscapeInTwo() {
            String escaped = SlackText.escape("&".repeat(5000) + "<>".repeat(900));

            List<String> chunks = SlackText.chunks(escaped, BlockBudget.MAX_SECTION_TEXT);

            assertThat(String.join("", chunks)).isEqualTo(escaped);
            assertThat(chunks).allSatisfy(c -> {
                assertThat(c.length()).isLessThanOrEqualTo(BlockBudget.MAX_SECTION_TEXT);
                assertThat(c).matches("(&amp;|&lt;|&gt;)*");
            });
        }

        @Test
        void build_whenBlocksOverflow_keepsTheButtonsLast() {
            BlockBudget budget = new BlockBudget();
            IntStream.range(0, 80).forEach(i -> budget.section("item " + i));
            budget.actions(List.of(Buttons.diagnose(NotebookName.of("x"))));

            SlackMessage message = budget.build("fallback");

            assertThat(message.blocks()).hasSize(50);
            LayoutBlock last = message.blocks().get(49);
            assertThat(last).isInstanceOf(ActionsBlock.class);
            assertThat(all(message)).contains("32 more blocks not shown");
        }

        @Test
        void header_whenTheTitleIsLong_isCutTo150Characters() {
            SlackMessage message = new BlockBudget().header("t".repeat(400)).build("f".repeat(5000));

            assertThat(texts(message).get(0)).hasSize(BlockBudget.MAX_HEADER).endsWith("…");
            assertThat(message.text()).hasSize(BlockBudget.MAX_TEXT);
        }
    }

    @Nested
    class WhenTheOutcomeHasButtons {

        private final StartResult started = new StartResult(NotebookSpec.defaults(NotebookName.of("alice"), "U0ALICE"),
                "i-0abc", "http://alb.example/notebook/alice/", "/gpu-notebook/default/alice/jupyter-token", true,
                new RunReport(Map.of()));

        @Test
        void outcome_whenStarted_offersDiagnoseAndStopAndShowsTheUrlWithoutAToken() {
            SlackMessage message = SlackRenderer.outcome(new Outcome.Started(started), LIST, "U0ALICE");

            String json = GsonFactory.createSnakeCase().toJson(message.blocks());
            assertThat(json).contains("\"action_id\":\"notebook-diagnose\"").contains("\"value\":\"diagnose alice\"")
                    .contains("\"action_id\":\"notebook-stop\"").contains("\"value\":\"stop alice\"");
            assertThat(all(message)).contains("http://alb.example/notebook/alice/").doesNotContain("token=");
        }

        @Test
        void outcome_whenAStartFailed_offersDiagnoseForTheDerivedName() {
            ParsedCommand start = (ParsedCommand) CommandParser.forChat().parseLine("start");

            SlackMessage message = SlackRenderer.outcome(new Outcome.Failed("no capacity", 1), start.command(),
                    "U0CAROL");

            String json = GsonFactory.createSnakeCase().toJson(message.blocks());
            assertThat(json).contains("\"value\":\"diagnose u0carol\"").doesNotContain("notebook-stop");
        }

        @Test
        void outcome_whenADeleteNeedsConfirmation_offersADangerButtonWithAConfirmDialog() {
            SlackMessage message = SlackRenderer.outcome(new Outcome.NeedsConfirmation("Delete notebook alice?",
                    "/notebook delete alice --yes"), LIST, "U0ALICE");

            String json = GsonFactory.createSnakeCase().toJson(message.blocks());
            assertThat(json).contains("\"action_id\":\"notebook-delete\"").contains("\"style\":\"danger\"")
                    .contains("\"value\":\"/notebook delete alice --yes\"").contains("\"confirm\":{");
            assertThat(Buttons.ACTION_IDS.matcher("notebook-delete").matches()).isTrue();
        }

        @Test
        void privateLink_whenRendered_isTheOnlyMessageWithTheToken() {
            SlackMessage message = SlackRenderer.privateLink(NotebookName.of("alice"), started.url(), "T0KEN");

            assertThat(all(message)).contains("http://alb.example/notebook/alice/lab?token=T0KEN");
            assertThat(message.text()).doesNotContain("T0KEN");
        }
    }

    @Nested
    class WhenADiagnosisIsRendered {

        @Test
        void checkMark_whenGivenEachStatus_hasADistinctMark() {
            List<String> marks = List.of("PASS", "WARN", "FAIL", "SKIP", "UNKNOWN").stream()
                    .map(Report::checkMark).toList();

            assertThat(marks).doesNotHaveDuplicates().startsWith(":white_check_mark:", ":warning:", ":x:");
        }

        @Test
        void addTo_whenAFailHasARemedy_showsItUnderTheCheckEscaped() {
            Report report = new Report("Diagnosis of alice", "1 FAIL", List.of(new Report.Group("agent",
                    List.of(new Report.Item(Report.checkMark("FAIL"), "agent.config: ECS_CLUSTER missing",
                            "add ECS_CLUSTER=<name> to /etc/ecs/ecs.config")))));

            SlackMessage message = report.addTo(new BlockBudget()).build("diagnosis");

            assertThat(all(message)).contains("*agent*\n:x: agent.config: ECS_CLUSTER missing\n        _add"
                    + " ECS_CLUSTER=&lt;name&gt; to /etc/ecs/ecs.config_");
        }
    }

    @Nested
    class ADiagnosis {

        private Diagnosis diagnosis(int checksPerStatus) {
            List<CheckResult> checks = new ArrayList<>();
            for (int i = 0; i < checksPerStatus; i++) {
                checks.add(new CheckResult("network.outbound", Status.FAIL, "No way out <!channel> " + "z".repeat(i % 5 * 200),
                        List.of("rtb-1"), "Add a route 0.0.0.0/0 to igw-1", "https://docs.aws.amazon.com/"));
                checks.add(new CheckResult("credentials", Status.PASS, "Account 123456789012", List.of(), null, null));
            }
            return new Diagnosis(new DiagnosisTarget("gpu-notebook-default", "notebook-alice", "alice", "us-east-1"),
                    checks, 29, 590);
        }

        @Test
        void outcome_whenADiagnosisHasAFail_showsEachAreaTheMarksAndTheFixUnderTheFail() {
            SlackMessage message = SlackRenderer.outcome(new Outcome.Diagnosed(List.of(diagnosis(1)), false), LIST, "U0ME");

            String all = String.join("\n", texts(message));
            assertThat(all).contains("Diagnosis of notebook alice").contains(":x: network.outbound FAIL")
                    .contains("Fix: Add a route 0.0.0.0/0 to igw-1").contains(":white_check_mark: credentials PASS")
                    .contains("&lt;!channel&gt;").doesNotContain("<!channel>");
        }

        @Test
        void outcome_whenADiagnosisIsHuge_staysWithinSlacksLimits() {
            SlackMessage message = SlackRenderer.outcome(new Outcome.Diagnosed(List.of(diagnosis(60), diagnosis(60)),
                    true), LIST, "U0ME");

            assertThat(message.blocks()).hasSizeLessThanOrEqualTo(BlockBudget.MAX_BLOCKS);
            assertThat(texts(message)).allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(3000));
        }
    }
}
