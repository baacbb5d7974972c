package dev.gpunotebook.bot.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.bot.command.CommandParser;
import dev.gpunotebook.bot.command.FrontEnd;
import dev.gpunotebook.bot.command.ParsedCommand;
import dev.gpunotebook.bot.command.StartCommand;
import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.provision.ProgressListener;
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
        void fromEnvironment_whenTheEnvironmentNameIsTooLong_refusesIt() {
            assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(Map.of("GPU_NOTEBOOK_ENV", "production1")))
                    .isInstanceOf(GpuNotebookException.class).hasMessageContaining("1 to 8");
        }
    }
}
