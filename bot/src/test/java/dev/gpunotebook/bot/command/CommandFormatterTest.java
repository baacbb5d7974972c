package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.model.NotebookName;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandFormatterTest {

    private static ParsedCommand plain(Command command) {
        return new ParsedCommand(command, GlobalOptions.defaults());
    }

    @Nested
    class WhenACommandIsWrittenBack {

        @Test
        void toLine_whenStartHasEveryOption_writesThemInUsageOrder() {
            StartCommand start = new StartCommand(new NotebookName("alice"), "g5.xlarge", 1, "nb:1", 30, 0, "U1", true);

            assertThat(CommandFormatter.toLine(plain(start))).isEqualTo(
                    "start alice --instance-type g5.xlarge --gpus 1 --image nb:1 --volume-gib 30"
                            + " --idle-minutes 0 --owner U1 --new-token");
        }

        @Test
        void toTokens_whenAValueStartsWithADash_usesTheEqualsForm() {
            StartCommand start = new StartCommand(null, null, null, null, null, null, "-odd", false);

            assertThat(CommandFormatter.toTokens(start)).containsExactly("start", "--owner=-odd");
        }

        @Test
        void toLine_whenDiagnosingAService_writesClusterThenService() {
            assertThat(CommandFormatter.toLine(plain(DiagnoseCommand.service("gpu", "jupyter"))))
                    .isEqualTo("diagnose --cluster gpu --service jupyter");
        }

        @Test
        void toLine_whenDeleteIsConfirmed_addsYes() {
            assertThat(CommandFormatter.toLine(plain(new DeleteCommand(new NotebookName("x"), true))))
                    .isEqualTo("delete x --yes");
        }

        @Test
        void toLine_whenHelpHasATopic_writesTheTopicWord() {
            assertThat(CommandFormatter.toLine(plain(new HelpCommand(Verb.STATUS)))).isEqualTo("help status");
        }
    }

    @Nested
    class WhenGlobalOptionsAreWrittenBack {

        @Test
        void toLine_whenOptionsAreTheDefaults_writesNoGlobalOption() {
            assertThat(CommandFormatter.toLine(plain(new ListCommand()))).isEqualTo("list");
        }

        @Test
        void toLine_whenEveryOptionIsGiven_appendsThemAfterTheCommand() {
            GlobalOptions options = new GlobalOptions("eu-west-1", "dev", URI.create("http://localhost:5000"),
                    OutputFormat.JSON, false);

            assertThat(CommandFormatter.toLine(new ParsedCommand(new ListCommand(), options))).isEqualTo(
                    "list --region eu-west-1 --profile dev --endpoint-url http://localhost:5000 --output json");
        }

        @Test
        void toLine_whenLocalIsSet_appendsTheFlag() {
            GlobalOptions options = new GlobalOptions(null, null, null, OutputFormat.TEXT, true);

            assertThat(CommandFormatter.toLine(new ParsedCommand(new SetupCommand(), options))).isEqualTo("setup --local");
        }
    }

    @Nested
    class WhenEachCommandIsWrittenBack {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"setup", "start", "stop alice", "delete alice", "list", "status nb-1", "diagnose",
                "diagnose alice", "help", "help diagnose", "version", "console", "slack", "completion zsh"})
        void toLine_whenTheLineWasWrittenAsTheUsageReadsIt_givesTheSameLineBack(String line) {
            ParsedCommand parsed = (ParsedCommand) CommandParser.forCommandLine().parseLine(line);

            assertThat(CommandFormatter.toLine(parsed)).isEqualTo(line);
        }
    }
}
