package dev.gpunotebook.bot.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UsageTest {

    private static final Pattern OPTION = Pattern.compile("--[a-z-]+");

    @Nested
    class WhenACommandIsDescribed {

        @ParameterizedTest
        @EnumSource(Verb.class)
        void line_whenAskedForAnyVerb_startsWithItsWord(Verb verb) {
            assertThat(Usage.line(verb)).startsWith(verb.word());
        }

        @ParameterizedTest
        @EnumSource(Verb.class)
        void description_whenAskedForAnyVerb_isOneSentenceOnOneLine(Verb verb) {
            assertThat(Usage.description(verb)).isNotBlank().doesNotContain("\n").endsWith(".");
        }

        @ParameterizedTest
        @EnumSource(Verb.class)
        void line_whenAnyVerb_namesExactlyTheOptionsTheParserAccepts(Verb verb) {
            Set<String> accepted = new HashSet<>();
            CommandGrammar.of(FrontEnd.COMMAND_LINE).getSubcommands().get(verb.word()).getCommandSpec().options()
                    .stream().filter(option -> !option.inherited()).forEach(option -> accepted.add(option.longestName()));
            Set<String> named = new HashSet<>();
            Matcher options = OPTION.matcher(Usage.line(verb));
            while (options.find()) {
                named.add(options.group());
            }

            assertThat(named).as("options in the usage line of %s", verb.word()).isEqualTo(accepted);
        }

        @Test
        void forCommand_whenAskedForStartInChat_givesPrefixedLineDescriptionOptionsAndGlobals() {
            assertThat(Usage.forCommand(Verb.START, FrontEnd.CHAT))
                    .startsWith("Usage: /notebook start [NAME] [--instance-type T]")
                    .contains(Usage.description(Verb.START))
                    .contains("--gpus N           GPUs for the notebook, 1 to 8")
                    .contains(Usage.GLOBAL_OPTIONS);
        }
    }

    @Nested
    class WhenTheGeneralUsageIsShown {

        @Test
        void general_whenOnTheCommandLine_listsEveryCommand() {
            String usage = Usage.general(FrontEnd.COMMAND_LINE);

            assertThat(usage).startsWith("Usage: java -jar gpu-notebook.jar <command>");
            for (Verb verb : Verb.values()) {
                assertThat(usage).contains("  " + Usage.line(verb) + "\n");
            }
        }

        @Test
        void general_whenInChat_leavesOutTheFrontEndCommands() {
            String usage = Usage.general(FrontEnd.CHAT);

            assertThat(usage).contains("  diagnose [NAME").doesNotContain("  console\n").doesNotContain("  slack\n");
        }

        @Test
        void general_whenShown_pointsToTheHelpFlag() {
            assertThat(Usage.general(FrontEnd.COMMAND_LINE)).endsWith("Add --help or -h to a command for its help.\n");
        }

        @Test
        void general_whenShown_namesEveryGlobalOption() {
            assertThat(Usage.general(FrontEnd.CHAT))
                    .contains("--region R", "--profile P", "--endpoint-url URL", "--output text|json", "--local");
        }
    }
}
