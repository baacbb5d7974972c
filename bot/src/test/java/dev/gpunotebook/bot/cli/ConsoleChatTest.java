package dev.gpunotebook.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpunotebook.bot.command.CommandParser;
import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.command.ParsedCommand;
import dev.gpunotebook.bot.handler.Connector;
import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebooks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConsoleChatTest {

    /** A connector that records the options of each command that reaches it and refuses, like an unreachable AWS. */
    private static final class RecordingConnector implements Connector {

        final List<GlobalOptions> connected = new ArrayList<>();

        @Override
        public GpuNotebooks connect(GlobalOptions options) {
            connected.add(options);
            throw GpuNotebookException.of(GpuNotebookException.Reason.AWS, "AWS cannot be reached from this test;"
                    + " check the endpoint.");
        }
    }

    private final RecordingConnector connector = new RecordingConnector();

    private String chat(String launch, String... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String input = String.join("\n", lines) + "\n";
        GlobalOptions options = ((ParsedCommand) CommandParser.forCommandLine()
                .parse(Arrays.asList(("console " + launch).strip().split(" ")))).options();
        int status = new ConsoleChat(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), connector, "tester", false).run(options);
        assertThat(status).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The one JSON object among the console's lines (after its prompt). */
    private static JsonObject json(String printed) {
        return JsonParser.parseString(printed.substring(printed.indexOf('{'), printed.lastIndexOf('}') + 1))
                .getAsJsonObject();
    }

    @Nested
    class ALineWithOutputJson {

        @Test
        void run_whenHelpIsAskedAsJson_answersWithTheJsonDocumentOfTheCommandLine() {
            String printed = chat("", "/notebook help start --output json");

            assertThat(json(printed).get("help").getAsString()).contains("/notebook start").contains("--instance-type");
        }

        @Test
        void run_whenAListAsJsonFails_answersWithAJsonError() {
            String printed = chat("", "/notebook list --output json");

            assertThat(json(printed).keySet()).containsExactly("error");
            assertThat(json(printed).get("error").getAsString()).contains("AWS cannot be reached");
            assertThat(printed).doesNotContain("Error: ");
        }

        @Test
        void run_whenADiagnoseAsJsonFails_answersWithAJsonError() {
            String printed = chat("", "/notebook diagnose alice --output json");

            assertThat(json(printed).get("error").getAsString()).contains("AWS cannot be reached");
        }

        @Test
        void run_whenADeleteAsJsonNeedsConfirmation_asksInJson() {
            String printed = chat("", "/notebook delete alice --output json");

            assertThat(json(printed).get("command").getAsString()).isEqualTo("/notebook delete alice --yes");
        }

        @Test
        void run_whenTheNextLineHasNoOutputOption_answersItInTextAgain() {
            String printed = chat("", "/notebook list --output json", "/notebook list");

            assertThat(printed).contains("\"error\"").contains("Error: AWS cannot be reached");
        }
    }

    @Nested
    class ALineWithoutOutput {

        @Test
        void run_whenHelpIsAsked_answersInText() {
            String printed = chat("", "/notebook help start");

            assertThat(printed).contains("/notebook start").doesNotContain("{");
        }

        @Test
        void run_whenTheConsoleWasStartedWithOutputJson_saysThatJsonIsGivenPerLine() {
            String printed = chat("--output json", "/notebook list");

            assertThat(printed).contains("--output json is given per line").contains("Error: AWS cannot be reached");
        }
    }

    @Nested
    class TheOptionsALineRunsWith {

        @Test
        void run_whenALineGivesOnlyAnEndpoint_keepsTheConsolesRegionAndProfile() {
            chat("--region eu-west-1 --profile dev", "/notebook list --endpoint-url http://localhost:4566");

            assertThat(connector.connected).singleElement().satisfies(options -> {
                assertThat(options.region()).isEqualTo("eu-west-1");
                assertThat(options.profile()).isEqualTo("dev");
                assertThat(options.endpointUrl()).isEqualTo(URI.create("http://localhost:4566"));
            });
        }

        @Test
        void run_whenALineGivesLocalToAConsoleWithoutIt_refusesWithoutReachingAws() {
            String printed = chat("", "/notebook list --local", "/notebook list --local --output json");

            assertThat(printed).contains("Error: --local cannot be given on a line");
            assertThat(json(printed).get("error").getAsString()).contains("console --local");
            assertThat(connector.connected).isEmpty();
        }

        @Test
        void run_whenALineHasAMistypedCommand_suggestsTheNearestAndReachesNoAws() {
            String printed = chat("", "/notebook stauts alice");

            assertThat(printed).contains("unknown command 'stauts'").contains("Did you mean:").contains("status");
            assertThat(connector.connected).isEmpty();
        }

        @Test
        void run_whenTheVersionIsAsked_answersItWithoutAws() {
            String printed = chat("", "/notebook --version");

            assertThat(printed).containsPattern("gpu-notebook [0-9]+\\.[0-9]+\\.[0-9]+");
            assertThat(connector.connected).isEmpty();
        }

        @Test
        void run_whenALineDoesNotParse_answersWithTheReasonAndGoesOn() {
            String printed = chat("", "/notebook list --output yaml", "/notebook help --output json");

            assertThat(printed).contains("invalid --output 'yaml'");
            assertThat(json(printed).get("help").getAsString()).contains("Commands:");
        }
    }
}
