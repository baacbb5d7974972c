package dev.gpunotebook.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.gpunotebook.bot.command.CommandParser;
import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.command.OutputFormat;
import dev.gpunotebook.bot.command.ParsedCommand;
import java.net.URI;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConsoleOptionsTest {

    private static GlobalOptions launch(String args) {
        return ((ParsedCommand) CommandParser.forCommandLine()
                .parse(Arrays.asList(("console " + args).strip().split(" ")))).options();
    }

    private static GlobalOptions line(String options) {
        return ((ParsedCommand) CommandParser.forChat().parseLine("/notebook list " + options)).options();
    }

    @Nested
    class ALinesOptionsOverrideTheConsolesOneByOne {

        private final ConsoleOptions console =
                new ConsoleOptions(launch("--region eu-west-1 --profile dev --endpoint-url http://localhost:5000"));

        @Test
        void forLine_whenTheLineGivesNoOption_keepsAllOfTheConsoles() {
            assertThat(console.forLine(line(""))).isEqualTo(new GlobalOptions("eu-west-1", "dev",
                    URI.create("http://localhost:5000"), OutputFormat.TEXT, false));
        }

        @Test
        void forLine_whenTheLineGivesOnlyAnEndpoint_keepsTheConsolesRegionAndProfile() {
            assertThat(console.forLine(line("--endpoint-url http://localhost:4566"))).isEqualTo(new GlobalOptions(
                    "eu-west-1", "dev", URI.create("http://localhost:4566"), OutputFormat.TEXT, false));
        }

        @Test
        void forLine_whenTheLineGivesOnlyARegion_keepsTheConsolesEndpointAndProfile() {
            assertThat(console.forLine(line("--region us-west-2"))).isEqualTo(new GlobalOptions("us-west-2", "dev",
                    URI.create("http://localhost:5000"), OutputFormat.TEXT, false));
        }

        @Test
        void forLine_whenTheLineGivesOnlyAProfile_keepsTheConsolesRegionAndEndpoint() {
            assertThat(console.forLine(line("--profile ops"))).isEqualTo(new GlobalOptions("eu-west-1", "ops",
                    URI.create("http://localhost:5000"), OutputFormat.TEXT, false));
        }
    }

    @Nested
    class TheOutputFormat {

        @Test
        void forLine_whenTheLineAsksForJson_answersInJson() {
            assertThat(new ConsoleOptions(launch("")).forLine(line("--output json")).output())
                    .isEqualTo(OutputFormat.JSON);
        }

        @Test
        void forLine_whenTheLineDoesNotAskForJson_answersInText() {
            assertThat(new ConsoleOptions(launch("--output json")).forLine(line("")).output())
                    .isEqualTo(OutputFormat.TEXT);
        }
    }

    @Nested
    class TheLocalFlag {

        @Test
        void forLine_whenTheConsoleIsLocal_keepsItsEmulatorForLinesThatRepeatLocal() {
            GlobalOptions options = new ConsoleOptions(launch("--local")).forLine(line("--local --region eu-west-1"));

            assertThat(options).isEqualTo(new GlobalOptions("eu-west-1", null, null, OutputFormat.TEXT, false));
        }

        @Test
        void forLine_whenTheConsoleIsNotLocal_refusesALineWithLocalAndSaysHowToStartOne() {
            ConsoleOptions console = new ConsoleOptions(launch("--region eu-west-1"));

            assertThatIllegalArgumentException().isThrownBy(() -> console.forLine(line("--local")))
                    .withMessageContaining("--local cannot be given on a line")
                    .withMessageContaining("console --local");
        }
    }

    @Nested
    class Construction {

        @Test
        void constructor_whenNoLaunchOptionsAreGiven_refusesWithTheirName() {
            assertThatNullPointerException().isThrownBy(() -> new ConsoleOptions(null)).withMessage("launch");
        }
    }
}
