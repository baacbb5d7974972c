package dev.gpunotebook.bot.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.bot.command.CommandParser;
import dev.gpunotebook.bot.command.CompletionCommand;
import dev.gpunotebook.bot.command.CompletionScript;
import dev.gpunotebook.bot.command.FrontEnd;
import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.command.ParsedCommand;
import dev.gpunotebook.bot.command.StartCommand;
import dev.gpunotebook.bot.command.Usage;
import dev.gpunotebook.bot.command.Verb;
import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.provision.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandHandlerTest {

    /** A connector that fails the test if a command reaches AWS. */
    private static final Connector NO_AWS = options -> {
        throw new AssertionError("this command must not connect to AWS");
    };

    private static ParsedCommand chat(String line) {
        return (ParsedCommand) CommandParser.forChat().parseLine(line);
    }

    private static Outcome handle(FrontEnd frontEnd, String line) {
        ParsedCommand parsed = frontEnd == FrontEnd.CHAT ? chat(line)
                : (ParsedCommand) CommandParser.forCommandLine().parse(List.of(line.split(" ")));
        return new CommandHandler(NO_AWS, frontEnd).handle(parsed, "U0ME", ProgressListener.NONE);
    }

    @Nested
    class CommandsThatNeedNoAws {

        @Test
        void handle_whenHelpIsAsked_answersWithTheUsageOfThatFrontEnd() {
            Outcome outcome = handle(FrontEnd.CHAT, "/notebook help start");

            assertThat(outcome).isInstanceOfSatisfying(Outcome.Help.class, help ->
                    assertThat(help.text()).contains("/notebook start").contains("--instance-type"));
            assertThat(outcome.exitCode()).isZero();
        }

        @Test
        void handle_whenDeleteFromChatIsNotConfirmed_asksWithTheExactCommandToConfirm() {
            Outcome outcome = handle(FrontEnd.CHAT, "/notebook delete alice");

            assertThat(outcome).isInstanceOfSatisfying(Outcome.NeedsConfirmation.class, confirm -> {
                assertThat(confirm.question()).contains("alice");
                assertThat(confirm.confirmCommand()).isEqualTo("/notebook delete alice --yes");
            });
        }

    }

    @Nested
    class Stop {

        @Test
        void handle_whenStopIsAsked_goesToCoreAndReportsItsRefusal() {
            Connector busy = options -> {
                throw GpuNotebookException.of(GpuNotebookException.Reason.CONFLICT, "Notebook alice is busy");
            };

            Outcome outcome = new CommandHandler(busy, FrontEnd.CHAT)
                    .handle(chat("/notebook stop alice"), "U0ME", ProgressListener.NONE);

            assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed ->
                    assertThat(failed.message()).isEqualTo("Notebook alice is busy"));
            assertThat(outcome.exitCode()).isEqualTo(1);
        }
    }

    @Nested
    class FailuresFromCore {

        @ParameterizedTest
        @CsvSource({"INVALID_INPUT,2", "CREDENTIALS,2", "QUOTA,1", "ACCESS_DENIED,1", "AWS,1"})
        void handle_whenCoreRefuses_turnsTheReasonIntoAnExitCode(GpuNotebookException.Reason reason, int expected) {
            Connector failing = options -> {
                throw GpuNotebookException.of(reason, "what happened and what to do");
            };

            Outcome outcome = new CommandHandler(failing, FrontEnd.COMMAND_LINE)
                    .handle(chat("/notebook list"), "U0ME", ProgressListener.NONE);

            assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed ->
                    assertThat(failed.message()).isEqualTo("what happened and what to do"));
            assertThat(outcome.exitCode()).isEqualTo(expected);
        }
    }

    @Nested
    class TheStartSpec {

        @Test
        void spec_whenOnlyANameIsGiven_usesTheDefaultsAndTheRequesterAsOwner() {
            NotebookSpec spec = CommandHandler.spec((StartCommand) chat("/notebook start alice").command(), "U0ME");

            assertThat(spec).isEqualTo(NotebookSpec.defaults(spec.name(), "U0ME"));
            assertThat(spec.name().value()).isEqualTo("alice");
        }

        @Test
        void spec_whenOptionsAreGiven_carriesEachOfThem() {
            NotebookSpec spec = CommandHandler.spec((StartCommand) chat("/notebook start b --instance-type g5.12xlarge"
                    + " --gpus 4 --image repo/nb:1 --volume-gib 200 --idle-minutes 0 --owner U0BOSS").command(), "U0ME");

            assertThat(spec).isEqualTo(new NotebookSpec(spec.name(), "U0BOSS", "g5.12xlarge", 4, "repo/nb:1", 200, 0));
        }

        @ParameterizedTest
        @CsvSource({"U012AB3CD,u012ab3cd", "Alice.Smith@corp,alice-smith-corp", "---,notebook",
                "averyveryverylongusername-x,averyveryverylonguse"})
        void spec_whenNoNameIsGiven_derivesAValidOneFromTheOwner(String owner, String expected) {
            NotebookSpec spec = CommandHandler.spec((StartCommand) chat("/notebook start").command(), owner);

            assertThat(spec.name().value()).isEqualTo(expected);
        }
    }

    @Nested
    class EnvironmentVariables {

        @Test
        void fromEnvironment_whenNothingIsSet_usesTheDefaults() {
            assertThat(EnvironmentSettings.fromEnvironment(Map.of()).env().value()).isEqualTo("default");
        }

        @Test
        void fromEnvironment_whenAdoptingAVpc_readsItsSubnets() {
            var config = EnvironmentSettings.fromEnvironment(Map.of("GPU_NOTEBOOK_VPC_ID", "vpc-1",
                    "GPU_NOTEBOOK_SUBNET_IDS", "subnet-a, subnet-b", "GPU_NOTEBOOK_ALLOWED_CIDRS", "10.0.0.0/8"));

            assertThat(config.vpcId()).isEqualTo("vpc-1");
            assertThat(config.subnetIds()).containsExactly("subnet-a", "subnet-b");
            assertThat(config.allowedCidrs()).containsExactly("10.0.0.0/8");
        }

        @Test
        void fromEnvironment_whenSubnetsComeWithoutAVpc_namesBothVariables() {
            assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(Map.of("GPU_NOTEBOOK_SUBNET_IDS", "subnet-a")))
                    .hasMessageContaining("GPU_NOTEBOOK_SUBNET_IDS").hasMessageContaining("GPU_NOTEBOOK_VPC_ID");
        }

        @Test
        void fromEnvironment_whenEveryAdoptionIsSet_readsEachTrimmed() {
            var config = EnvironmentSettings.fromEnvironment(Map.of("GPU_NOTEBOOK_ENV", "dev",
                    "GPU_NOTEBOOK_VPC_ID", " vpc-1 ", "GPU_NOTEBOOK_SUBNET_IDS", "subnet-a,,subnet-b,",
                    "GPU_NOTEBOOK_CLUSTER", " gpu ", "GPU_NOTEBOOK_LOAD_BALANCER_ARN", " arn:alb ",
                    "GPU_NOTEBOOK_CERTIFICATE_ARN", " arn:cert ", "GPU_NOTEBOOK_AMI_PARAMETER", " /ami/al2023 "));

            assertThat(config.env().value()).isEqualTo("dev");
            assertThat(config.vpcId()).isEqualTo("vpc-1");
            assertThat(config.subnetIds()).containsExactly("subnet-a", "subnet-b");
            assertThat(config.clusterName()).isEqualTo("gpu");
            assertThat(config.loadBalancerArn()).isEqualTo("arn:alb");
            assertThat(config.certificateArn()).isEqualTo("arn:cert");
            assertThat(config.https()).isTrue();
            assertThat(config.amiParameter()).isEqualTo("/ami/al2023");
        }

        @Test
        void fromEnvironment_whenTheVariablesAreBlank_keepsTheDefaults() {
            // A variable exported empty is a variable not set, not an id that is blank.
            Map<String, String> blank = Map.of("GPU_NOTEBOOK_VPC_ID", " ", "GPU_NOTEBOOK_SUBNET_IDS", " , ",
                    "GPU_NOTEBOOK_CLUSTER", "", "GPU_NOTEBOOK_LOAD_BALANCER_ARN", " ", "GPU_NOTEBOOK_ALLOWED_CIDRS", "",
                    "GPU_NOTEBOOK_CERTIFICATE_ARN", "  ", "GPU_NOTEBOOK_AMI_PARAMETER", "");

            assertThat(EnvironmentSettings.fromEnvironment(blank)).isEqualTo(EnvironmentConfig.defaults());
        }

        @Test
        void fromEnvironment_whenTheEnvironmentNameIsTooLong_refusesIt() {
            assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(Map.of("GPU_NOTEBOOK_ENV", "production1")))
                    .isInstanceOf(GpuNotebookException.class).hasMessageContaining("1 to 8");
        }
    }

    /** A connector that notes each connection asked for, then fails as AWS without credentials would. */
    private static final class RecordingConnector implements Connector {
        private final List<GlobalOptions> asked = new ArrayList<>();

        @Override
        public GpuNotebooks connect(GlobalOptions options) {
            asked.add(options);
            throw GpuNotebookException.of(GpuNotebookException.Reason.CREDENTIALS, "no AWS account in this test");
        }
    }

    @Nested
    class AnswersThatNeedNoAws {

        @Test
        void handle_whenGeneralHelpIsAskedInChat_answersTheChatUsage() {
            assertThat(handle(FrontEnd.CHAT, "/notebook help")).isEqualTo(new Outcome.Help(Usage.general(FrontEnd.CHAT), 0));
        }

        @Test
        void handle_whenHelpOfACommandIsAskedOnTheCommandLine_answersWithTheCommandLinePrefix() {
            assertThat(handle(FrontEnd.COMMAND_LINE, "help stop"))
                    .isEqualTo(new Outcome.Help(Usage.forCommand(Verb.STOP, FrontEnd.COMMAND_LINE), 0));
        }

        @Test
        void handle_whenTheVersionIsAsked_answersTheBuiltVersion() {
            assertThat(handle(FrontEnd.CHAT, "/notebook version")).isEqualTo(new Outcome.Version(ProductVersion.current()));
        }

        @Test
        void handle_whenACompletionScriptIsAsked_answersTheScriptForThatShell() {
            Outcome outcome = handle(FrontEnd.COMMAND_LINE, "completion zsh");

            assertThat(outcome).isEqualTo(new Outcome.Script("zsh", CompletionScript.forShell(CompletionCommand.Shell.ZSH)));
            assertThat(outcome.exitCode()).isZero();
        }

        @Test
        void handle_whenDeleteFromChatIsNotConfirmed_asksAboutTheWorkFolderToo() {
            assertThat(handle(FrontEnd.CHAT, "/notebook delete alice")).isEqualTo(new Outcome.NeedsConfirmation(
                    "Delete notebook alice and everything in it, including its work folder?",
                    "/notebook delete alice --yes"));
        }
    }

    @Nested
    class CommandsThatGoToAws {

        @Test
        void handle_whenDeleteOnTheCommandLineIsNotConfirmed_goesToAwsAsTheShellUserAskedForIt() {
            // Only a chat asks again: on the command line, delete NAME is the decision.
            RecordingConnector aws = new RecordingConnector();

            Outcome outcome = new CommandHandler(aws, FrontEnd.COMMAND_LINE)
                    .handle(chat("/notebook delete alice"), "me", ProgressListener.NONE);

            assertThat(aws.asked).hasSize(1);
            assertThat(outcome).isEqualTo(new Outcome.Failed("no AWS account in this test", 2));
        }

        @Test
        void handle_whenDeleteFromChatIsConfirmed_goesToAws() {
            RecordingConnector aws = new RecordingConnector();

            new CommandHandler(aws, FrontEnd.CHAT).handle(chat("/notebook delete alice --yes"), "U0ME",
                    ProgressListener.NONE);

            assertThat(aws.asked).hasSize(1);
        }

        @Test
        void handle_whenACommandGoesToAws_connectsWithItsGlobalOptions() {
            RecordingConnector aws = new RecordingConnector();

            new CommandHandler(aws, FrontEnd.CHAT).handle(chat("/notebook status alice --region eu-west-1"), "U0ME",
                    ProgressListener.NONE);

            assertThat(aws.asked).extracting(GlobalOptions::region).containsExactly("eu-west-1");
        }

        @Test
        void handle_whenSomethingUnexpectedBreaks_answersOneLineNamingTheCommandAndExitsWithOne() {
            Connector broken = options -> {
                throw new IllegalStateException("a bug with a long story");
            };

            Outcome outcome = new CommandHandler(broken, FrontEnd.COMMAND_LINE)
                    .handle(chat("/notebook list"), "me", ProgressListener.NONE);

            assertThat(outcome).isEqualTo(new Outcome.Failed("Unexpected error (IllegalStateException) while running"
                    + " list; nothing more is known. Try again, or report it with the command you ran.", 1));
        }
    }

    /** What each command asks of core, over {@link RecordingOperations} instead of AWS. */
    @Nested
    class WhatEachCommandAsksOfCore {

        private final RecordingOperations core = new RecordingOperations().add("alice").add("bob");

        private Outcome handle(FrontEnd frontEnd, String line) {
            ParsedCommand parsed = frontEnd == FrontEnd.CHAT ? chat(line)
                    : (ParsedCommand) CommandParser.forCommandLine().parse(List.of(line.split(" ")));
            return CommandHandler.over(options -> core, frontEnd).handle(parsed, "U0ME", ProgressListener.NONE);
        }

        @Test
        void handle_whenSetupIsAsked_setsUpAndAnswersWithTheEnvironment() {
            Outcome outcome = handle(FrontEnd.COMMAND_LINE, "setup");

            assertThat(core.calls).containsExactly("setup");
            assertThat(outcome).isEqualTo(new Outcome.SetupDone(RecordingOperations.ENVIRONMENT));
        }

        @Test
        void handle_whenStartIsAsked_startsTheSpecTheOptionsMakeForTheRequester() {
            Outcome outcome = handle(FrontEnd.CHAT, "/notebook start carol --gpus 2 --new-token");

            assertThat(core.calls).containsExactly("start carol with a new token");
            assertThat(core.started.owner()).isEqualTo("U0ME");
            assertThat(core.started.gpus()).isEqualTo(2);
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Started.class, started ->
                    assertThat(started.result().spec()).isEqualTo(core.started));
            assertThat(outcome.exitCode()).isZero();
        }

        @Test
        void handle_whenStartKeepsTheToken_saysNoNewToken() {
            handle(FrontEnd.CHAT, "/notebook start carol");

            assertThat(core.calls).containsExactly("start carol");
        }

        @Test
        void handle_whenStopIsAsked_stopsThatNotebookInTheRequestersName() {
            Outcome outcome = handle(FrontEnd.CHAT, "/notebook stop alice");

            assertThat(core.calls).containsExactly("stop alice by U0ME");
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Stopped.class, stopped ->
                    assertThat(stopped.result().instanceId()).isEqualTo("i-alice"));
        }

        @Test
        void handle_whenAConfirmedDeleteIsAsked_deletesThatNotebook() {
            Outcome outcome = handle(FrontEnd.CHAT, "/notebook delete bob --yes");

            assertThat(core.calls).containsExactly("delete bob");
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Deleted.class, deleted ->
                    assertThat(deleted.result().deleted()).containsExactly("instance i-bob"));
        }

        @Test
        void handle_whenListIsAsked_answersWithEveryNotebook() {
            Outcome outcome = handle(FrontEnd.COMMAND_LINE, "list");

            assertThat(core.calls).containsExactly("list");
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Listed.class, listed ->
                    assertThat(listed.notebooks()).extracting(n -> n.name().value()).containsExactly("alice", "bob"));
        }

        @Test
        void handle_whenStatusOfAKnownNotebookIsAsked_answersWithIt() {
            Outcome outcome = handle(FrontEnd.CHAT, "/notebook status bob");

            assertThat(core.calls).containsExactly("status bob");
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Status.class, status ->
                    assertThat(status.notebook().instanceId()).isEqualTo("i-bob"));
        }

        @Test
        void handle_whenStatusOfAnUnknownNotebookIsAsked_failsPointingAtList() {
            Outcome outcome = handle(FrontEnd.CHAT, "/notebook status zoe");

            assertThat(outcome).isEqualTo(new Outcome.Failed(
                    "There is no notebook named 'zoe'; `list` shows the notebooks.", 1));
        }

        @Test
        void handle_whenDiagnoseNamesAKnownNotebook_diagnosesItAlone() {
            Outcome outcome = handle(FrontEnd.CHAT, "/notebook diagnose alice");

            assertThat(core.calls).containsExactly("status alice", "diagnose alice");
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Diagnosed.class, diagnosed -> {
                assertThat(diagnosed.wholeEnvironment()).isFalse();
                assertThat(diagnosed.diagnoses()).extracting(d -> d.target().service()).containsExactly("notebook-alice");
            });
        }

        @Test
        void handle_whenDiagnoseNamesAnUnknownNotebook_failsNamingBothWaysOnWithoutDiagnosing() {
            Outcome outcome = handle(FrontEnd.CHAT, "/notebook diagnose zoe");

            assertThat(core.calls).containsExactly("status zoe");
            assertThat(outcome).isEqualTo(new Outcome.Failed("There is no notebook named 'zoe' to diagnose; `list`"
                    + " shows the notebooks, and `diagnose --cluster C --service S` checks any other ECS service.", 1));
        }

        @Test
        void handle_whenDiagnoseNamesAClusterAndService_diagnosesThatServiceWithoutLookingForANotebook() {
            Outcome outcome = handle(FrontEnd.COMMAND_LINE, "diagnose --cluster shared --service jupyter");

            assertThat(core.calls).containsExactly("diagnose service jupyter of shared");
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Diagnosed.class, diagnosed -> {
                assertThat(diagnosed.wholeEnvironment()).isFalse();
                assertThat(diagnosed.diagnoses()).extracting(d -> d.target().cluster()).containsExactly("shared");
            });
        }

        @Test
        void handle_whenDiagnoseNamesNothing_diagnosesTheWholeEnvironment() {
            Outcome outcome = handle(FrontEnd.COMMAND_LINE, "diagnose");

            assertThat(core.calls).containsExactly("diagnose all");
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Diagnosed.class, diagnosed -> {
                assertThat(diagnosed.wholeEnvironment()).isTrue();
                assertThat(diagnosed.diagnoses()).hasSize(2);
            });
        }
    }
}
