package dev.gpunotebook.bot.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    @Nested
    class TheHelpTextMatchesTheReadme {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = ';', value = {
                "SETUP;setup",
                "START;start [NAME] [--instance-type T] [--gpus N] [--image URI] [--volume-gib N] [--idle-minutes N]"
                        + " [--owner ID] [--new-token]",
                "STOP;stop NAME",
                "DELETE;delete NAME [--yes]",
                "LIST;list",
                "STATUS;status NAME",
                "DIAGNOSE;diagnose [NAME | --cluster C --service S]",
                "HELP;help [COMMAND]",
                "CONSOLE;console",
                "SLACK;slack",
                "VERSION;version",
                "COMPLETION;completion bash|zsh"})
        void line_whenAskedForAnyVerb_isTheLineOfTheReadmesCommandList(Verb verb, String readme) {
            assertThat(Usage.line(verb)).isEqualTo(readme);
        }

        @Test
        void globalOptions_whenShown_areTheReadmesGlobalOptionsWithoutHelpOrVersion() {
            assertThat(Usage.GLOBAL_OPTIONS)
                    .isEqualTo("[--region R] [--profile P] [--endpoint-url URL] [--output text|json] [--local]");
        }

        @Test
        void forCommand_whenAskedForStop_givesTheLineTheDescriptionTheNameAndTheGlobalOptions() {
            // Descriptions start in one column for every command: two spaces after "--instance-type T".
            assertThat(Usage.forCommand(Verb.STOP, FrontEnd.CHAT)).isEqualTo("""
                    Usage: /notebook stop NAME
                    Stop a notebook's task and GPU instance.
                      NAME               a notebook
                    Global options (anywhere on the line): %s
                    """.formatted(Usage.GLOBAL_OPTIONS));
        }

        @Test
        void forCommand_whenAFlagIsDescribed_showsItWithoutAValueLabel() {
            assertThat(Usage.forCommand(Verb.DELETE, FrontEnd.COMMAND_LINE))
                    .contains("\n  --yes              do not ask for confirmation\n");
        }
    }

    @Nested
    class TheUtilitiesAreListedApart {

        @Test
        void general_whenOnTheCommandLine_listsVersionAndCompletionUnderOtherCommands() {
            String usage = Usage.general(FrontEnd.COMMAND_LINE);
            String others = usage.substring(usage.indexOf("Other commands:\n"));

            assertThat(others).startsWith("""
                    Other commands:
                      version
                          Show the version of gpu-notebook.
                      completion bash|zsh
                          Print a script that completes commands and options in bash or zsh.
                    Global options""");
            assertThat(usage.substring(0, usage.indexOf("Other commands:"))).doesNotContain("  version\n");
        }

        @Test
        void general_whenInChat_listsOnlyTheVersionUnderOtherCommands() {
            String usage = Usage.general(FrontEnd.CHAT);

            assertThat(usage).startsWith("Usage: /notebook <command> [options]\nCommands:\n  setup\n")
                    .contains("Other commands:\n  version\n      Show the version of gpu-notebook.\nGlobal options");
        }
    }
}
