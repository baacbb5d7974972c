package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.model.SafeText;
import dev.gpunotebook.core.model.NotebookName;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

    private final CommandParser cli = CommandParser.forCommandLine();
    private final CommandParser chat = CommandParser.forChat();

    private ParsedCommand parsed(CommandParser parser, String... tokens) {
        ParseResult result = parser.parse(Arrays.asList(tokens));
        assertThat(result).isInstanceOf(ParsedCommand.class);
        return (ParsedCommand) result;
    }

    private Command command(String... tokens) {
        return parsed(cli, tokens).command();
    }

    private UsageError error(CommandParser parser, String... tokens) {
        ParseResult result = parser.parse(Arrays.asList(tokens));
        assertThat(result).isInstanceOf(UsageError.class);
        return (UsageError) result;
    }

    private UsageError error(String... tokens) {
        return error(cli, tokens);
    }

    private static NotebookName name(String value) {
        return new NotebookName(value);
    }

    @Nested
    class WhenEachCommandIsGivenItsWords {

        @Test
        void parse_whenSetup_returnsSetupCommand() {
            assertThat(command("setup")).isEqualTo(new SetupCommand());
        }

        @Test
        void parse_whenList_returnsListCommand() {
            assertThat(command("list")).isEqualTo(new ListCommand());
        }

        @Test
        void parse_whenStopWithName_returnsStopOfThatName() {
            assertThat(command("stop", "alice")).isEqualTo(new StopCommand(name("alice")));
        }

        @Test
        void parse_whenStatusWithName_returnsStatusOfThatName() {
            assertThat(command("status", "nb-1")).isEqualTo(new StatusCommand(name("nb-1")));
        }

        @Test
        void parse_whenDeleteWithoutYes_returnsUnconfirmedDelete() {
            assertThat(command("delete", "alice")).isEqualTo(new DeleteCommand(name("alice"), false));
        }

        @Test
        void parse_whenDeleteWithYesBeforeTheName_returnsConfirmedDelete() {
            assertThat(command("delete", "--yes", "alice")).isEqualTo(new DeleteCommand(name("alice"), true));
        }

        @Test
        void parse_whenHelpWithATopic_returnsHelpOfThatCommand() {
            assertThat(command("help", "diagnose")).isEqualTo(new HelpCommand(Verb.DIAGNOSE));
        }

        @Test
        void parse_whenHelpAlone_returnsGeneralHelp() {
            assertThat(command("help")).isEqualTo(HelpCommand.general());
        }

        @Test
        void parse_whenTheVerbIsUpperCase_acceptsIt() {
            assertThat(command("LIST")).isEqualTo(new ListCommand());
        }

        @Test
        void parse_whenConsoleOrSlackOnTheCommandLine_returnsThem() {
            assertThat(command("console")).isEqualTo(new ConsoleCommand());
            assertThat(command("slack")).isEqualTo(new SlackCommand());
        }
    }

    @Nested
    class WhenStartIsGivenOptions {

        @Test
        void parse_whenStartAlone_returnsStartWithDerivedNameAndDefaults() {
            StartCommand start = (StartCommand) command("start");

            assertThat(start).isEqualTo(StartCommand.withDefaults());
            assertThat(start.optionalName()).isEmpty();
        }

        @Test
        void parse_whenEveryOptionIsGiven_returnsEachValue() {
            Command start = command("start", "alice", "--instance-type", "g5.2xlarge", "--gpus", "2",
                    "--image", "quay.io/jupyter/pytorch-notebook:cuda12-latest", "--volume-gib", "200",
                    "--idle-minutes", "0", "--owner", "U012AB3CD", "--new-token");

            assertThat(start).isEqualTo(new StartCommand(name("alice"), "g5.2xlarge", 2,
                    "quay.io/jupyter/pytorch-notebook:cuda12-latest", 200, 0, "U012AB3CD", true));
        }

        @Test
        void parse_whenOptionsUseEqualsAndComeBeforeTheName_readsThemTheSame() {
            assertThat(command("start", "--gpus=4", "--volume-gib=30", "bob"))
                    .isEqualTo(new StartCommand(name("bob"), null, 4, null, 30, null, null, false));
        }

        @Test
        void parse_whenTheValueAfterEqualsStartsWithDashes_takesItAsTheValue() {
            assertThat(command("start", "--owner=--odd"))
                    .isEqualTo(new StartCommand(null, null, null, null, null, null, "--odd", false));
        }

        @Test
        void parse_whenImageIsAnEcrUriWithDigest_acceptsIt() {
            String image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/notebook:1.0@sha256:" + "a".repeat(64);

            assertThat(((StartCommand) command("start", "--image", image)).image()).isEqualTo(image);
        }

        @Test
        void parse_whenImageIsAHostWithPort_acceptsIt() {
            assertThat(((StartCommand) command("start", "--image", "localhost:5000/nb")).image())
                    .isEqualTo("localhost:5000/nb");
        }
    }

    @Nested
    class WhenANameIsInvalid {

        @ParameterizedTest
        @ValueSource(strings = {"Alice", "a_b", "", "abcdefghijklmnopqrstu", "caf\u00E9", "-", "a.b"})
        void parse_whenStopNameBreaksTheRule_saysWhatIsAllowed(String bad) {
            UsageError error = error("stop", bad);

            assertThat(error.message()).contains("notebook name").contains("1 to 20 lowercase letters");
        }

        @Test
        void parse_whenNameIsUpperCase_quotesTheGivenValue() {
            assertThat(error("stop", "Alice").message()).isEqualTo(
                    "invalid notebook name 'Alice': expected 1 to 20 lowercase letters, digits or '-',"
                            + " starting with a letter or digit (for example: alice-gpu)");
        }

        @Test
        void parse_whenNameIsTwentyOneCharacters_refusesIt() {
            assertThat(error("status", "a".repeat(21)).message()).startsWith("invalid notebook name");
        }

        @Test
        void parse_whenNameIsTwentyCharacters_acceptsIt() {
            assertThat(command("status", "a".repeat(20))).isEqualTo(new StatusCommand(name("a".repeat(20))));
        }

        @Test
        void parse_whenNameIsHugeAndHasControlCharacters_showsAShortEscapedOneLineExcerpt() {
            String message = error("stop", "\u001B[31m" + "x".repeat(5000) + "\n").message();

            assertThat(message).contains("\\u001B[31m").contains("(5006 characters)").doesNotContain("\n", "\u001B");
            assertThat(message.length()).isLessThan(250);
        }

        @Test
        void parse_whenStopHasNoName_saysTheNameIsNeeded() {
            UsageError error = error("stop");

            assertThat(error.message()).isEqualTo("stop needs a notebook NAME: stop NAME");
            assertThat(error.usage()).isEqualTo(Usage.forCommand(Verb.STOP, FrontEnd.COMMAND_LINE));
        }

        @Test
        void parse_whenDeleteHasOnlyYes_saysTheNameIsNeeded() {
            assertThat(error("delete", "--yes").message()).startsWith("delete needs a notebook NAME");
        }
    }

    @Nested
    class WhenNumbersAreOutOfRange {

        @ParameterizedTest
        @ValueSource(strings = {"0", "9", "-1", "two", "1.5", "99999999999999999999", "0x2"})
        void parse_whenGpusIsNotOneToEight_namesTheRangeAndTheValue(String gpus) {
            assertThat(error("start", "--gpus", gpus).message())
                    .isEqualTo("--gpus must be a whole number from 1 to 8, got " + SafeText.quote(gpus));
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "8"})
        void parse_whenGpusIsAtABound_acceptsIt(String gpus) {
            assertThat(((StartCommand) command("start", "--gpus", gpus)).gpus()).isEqualTo(Integer.parseInt(gpus));
        }

        @Test
        void parse_whenVolumeIsBelowThirtyGib_explainsTheAmiNeedsThirty() {
            assertThat(error("start", "--volume-gib", "29").message()).isEqualTo(
                    "--volume-gib must be a whole number from 30 to 16384"
                            + " (the ECS GPU AMI root volume needs at least 30 GiB), got '29'");
        }

        @Test
        void parse_whenVolumeIsAboveTheMaximum_refusesIt() {
            assertThat(error("start", "--volume-gib", "16385").message()).startsWith("--volume-gib must be");
        }

        @Test
        void parse_whenVolumeIsAtTheMaximum_acceptsIt() {
            assertThat(((StartCommand) command("start", "--volume-gib", "16384")).volumeGib()).isEqualTo(16384);
        }

        @Test
        void parse_whenIdleMinutesIsMoreThanAWeek_refusesIt() {
            assertThat(error("start", "--idle-minutes", "10081").message())
                    .startsWith("--idle-minutes must be a whole number from 0 to 10080");
        }

        @Test
        void parse_whenIdleMinutesIsZero_meansNever() {
            assertThat(((StartCommand) command("start", "--idle-minutes", "0")).idleMinutes()).isZero();
        }
    }

    @Nested
    class WhenStartValuesHaveTheWrongShape {

        @ParameterizedTest
        @ValueSource(strings = {"g4dn", "G4DN.xlarge", "4g.xlarge", "g4dn.", "g4dn xlarge", "g4dn.x_large"})
        void parse_whenInstanceTypeIsMalformed_showsAnExample(String type) {
            assertThat(error("start", "--instance-type", type).message())
                    .isEqualTo("invalid --instance-type " + SafeText.quote(type)
                            + ": expected an instance type such as g4dn.xlarge");
        }

        @ParameterizedTest
        @ValueSource(strings = {"my image", "UPPER/case", "nb:", "nb@sha256:12", "/nb", "nb//x", "nb\tx"})
        void parse_whenImageIsNotAnImageReference_refusesIt(String image) {
            assertThat(error("start", "--image", image).message())
                    .startsWith("invalid --image " + SafeText.quote(image) + ": expected an image reference");
        }

        @ParameterizedTest
        @ValueSource(strings = {"has space", "a'b", "\u00FCser",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
        void parse_whenOwnerHasForbiddenCharactersOrIsTooLong_refusesIt(String owner) {
            assertThat(error("start", "--owner", owner).message()).startsWith("invalid --owner");
        }
    }

    @Nested
    class WhenOptionsAreMalformed {

        @Test
        void parse_whenAnOptionIsUnknown_namesItAndTheCommand() {
            UsageError error = error("start", "--gpu", "2");

            assertThat(error.message()).isEqualTo("unknown option '--gpu' for start");
            assertThat(error.usage()).isEqualTo(Usage.forCommand(Verb.START, FrontEnd.COMMAND_LINE));
        }

        @Test
        void parse_whenAnOptionOfAnotherCommandIsGiven_refusesIt() {
            assertThat(error("stop", "alice", "--yes").message()).isEqualTo("unknown option '--yes' for stop");
        }

        @Test
        void parse_whenASingleDashOptionIsGiven_refusesIt() {
            assertThat(error("list", "-l").message()).isEqualTo("unknown option '-l' for list");
        }

        @Test
        void parse_whenAValueIsMissingAtTheEnd_saysSo() {
            assertThat(error("start", "--gpus").message()).isEqualTo("missing value for --gpus");
        }

        @Test
        void parse_whenTheNextTokenIsAnOption_doesNotTakeItAsTheValue() {
            assertThat(error("start", "--image", "--gpus", "2").message()).isEqualTo("missing value for --image");
        }

        @Test
        void parse_whenTheValueAfterEqualsIsEmpty_saysItIsMissing() {
            assertThat(error("start", "--image=").message()).isEqualTo("missing value for --image");
        }

        @Test
        void parse_whenAnOptionIsRepeated_saysItIsGivenTwice() {
            assertThat(error("start", "--gpus", "1", "--gpus=2").message()).isEqualTo("--gpus is given more than once");
        }

        @Test
        void parse_whenAFlagIsRepeated_saysItIsGivenTwice() {
            assertThat(error("delete", "x", "--yes", "--yes").message()).isEqualTo("--yes is given more than once");
        }

        @Test
        void parse_whenAFlagHasAValue_saysItTakesNone() {
            assertThat(error("start", "--new-token=true").message()).isEqualTo("--new-token takes no value");
        }

        @Test
        void parse_whenStopHasTwoNames_refusesTheExtraArgument() {
            assertThat(error("stop", "a", "b").message()).isEqualTo("unexpected argument 'b' for stop");
        }

        @Test
        void parse_whenListHasAnArgument_refusesIt() {
            assertThat(error("list", "all").message()).isEqualTo("unexpected argument 'all' for list");
        }
    }

    @Nested
    class WhenDiagnoseTargetsSomething {

        @Test
        void parse_whenDiagnoseAlone_targetsTheEnvironment() {
            assertThat(command("diagnose")).isEqualTo(DiagnoseCommand.environment());
        }

        @Test
        void parse_whenDiagnoseHasAName_targetsThatNotebook() {
            DiagnoseCommand diagnose = (DiagnoseCommand) command("diagnose", "alice");

            assertThat(diagnose).isEqualTo(DiagnoseCommand.notebook(name("alice")));
            assertThat(diagnose.targetsService()).isFalse();
        }

        @Test
        void parse_whenDiagnoseHasClusterAndService_targetsThatService() {
            DiagnoseCommand diagnose = (DiagnoseCommand) command("diagnose", "--service", "jupyter", "--cluster=gpu");

            assertThat(diagnose).isEqualTo(DiagnoseCommand.service("gpu", "jupyter"));
            assertThat(diagnose.targetsService()).isTrue();
        }

        @Test
        void parse_whenDiagnoseHasArns_acceptsThem() {
            String cluster = "arn:aws:ecs:us-east-1:123456789012:cluster/gpu";
            String service = "arn:aws:ecs:us-east-1:123456789012:service/gpu/jupyter";

            assertThat(command("diagnose", "--cluster", cluster, "--service", service))
                    .isEqualTo(DiagnoseCommand.service(cluster, service));
        }

        @Test
        void parse_whenDiagnoseHasNameAndCluster_saysToGiveOne() {
            assertThat(error("diagnose", "alice", "--cluster", "c", "--service", "s").message())
                    .isEqualTo("give either a notebook NAME or --cluster with --service, not both");
        }

        @Test
        void parse_whenDiagnoseHasClusterWithoutService_saysServiceIsNeeded() {
            UsageError error = error("diagnose", "--cluster", "gpu");

            assertThat(error.message()).isEqualTo("--cluster needs --service: diagnose --cluster C --service S");
            assertThat(error.usage()).contains("diagnose [NAME | --cluster C --service S]");
        }

        @Test
        void parse_whenDiagnoseHasServiceWithoutCluster_saysClusterIsNeeded() {
            assertThat(error("diagnose", "--service", "s").message()).startsWith("--service needs --cluster");
        }

        @Test
        void parse_whenClusterNameHasASlash_refusesIt() {
            assertThat(error("diagnose", "--cluster", "a/b", "--service", "s").message())
                    .isEqualTo("invalid --cluster 'a/b': expected an ECS cluster name or ARN");
        }
    }

    @Nested
    class WhenGlobalOptionsAreGiven {

        @Test
        void parse_whenNoGlobalOptions_returnsTheDefaults() {
            assertThat(parsed(cli, "list").options()).isEqualTo(GlobalOptions.defaults());
        }

        @Test
        void parse_whenGlobalsStandBeforeBetweenAndAfter_collectsThemAll() {
            ParsedCommand parsed = parsed(cli, "--region", "eu-west-1", "start", "--profile=dev", "alice",
                    "--gpus", "2", "--output", "json", "--endpoint-url", "http://localhost:5000");

            assertThat(parsed.command()).isEqualTo(new StartCommand(name("alice"), null, 2, null, null, null, null, false));
            assertThat(parsed.options()).isEqualTo(new GlobalOptions("eu-west-1", "dev",
                    URI.create("http://localhost:5000"), OutputFormat.JSON, false));
        }

        @Test
        void parse_whenLocalIsGiven_asksForTheLocalEmulator() {
            assertThat(parsed(cli, "list", "--local").options().local()).isTrue();
        }

        @Test
        void parse_whenLocalAndEndpointAreGiven_refusesTheMix() {
            assertThat(error("--local", "list", "--endpoint-url", "http://localhost:5000").message())
                    .startsWith("--local and --endpoint-url exclude each other");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://host", "localhost:5000", "http://", "not a url", "file:///etc/passwd"})
        void parse_whenEndpointIsNotHttp_refusesIt(String url) {
            assertThat(error("list", "--endpoint-url", url).message())
                    .isEqualTo("invalid --endpoint-url " + SafeText.quote(url)
                            + ": expected an http or https URL such as http://localhost:5000");
        }

        @Test
        void parse_whenEndpointIsHttps_acceptsIt() {
            assertThat(parsed(cli, "list", "--endpoint-url=https://ecs.example.com").options().endpointUrl())
                    .isEqualTo(URI.create("https://ecs.example.com"));
        }

        @Test
        void parse_whenOutputIsYaml_saysTextOrJson() {
            assertThat(error("list", "--output", "yaml").message()).isEqualTo("invalid --output 'yaml': expected text or json");
        }

        @ParameterizedTest
        @ValueSource(strings = {"us-gov-west-1", "ap-southeast-4", "cn-north-1", "eusc-de-east-1"})
        void parse_whenRegionIsReal_acceptsIt(String region) {
            assertThat(parsed(cli, "list", "--region", region).options().region()).isEqualTo(region);
        }

        @ParameterizedTest
        @ValueSource(strings = {"US-EAST-1", "useast1", "us-east", "us east 1"})
        void parse_whenRegionHasTheWrongShape_refusesIt(String region) {
            assertThat(error("list", "--region", region).message()).startsWith("invalid --region");
        }

        @Test
        void parse_whenAGlobalOptionIsRepeated_saysSo() {
            assertThat(error("--region", "us-east-1", "list", "--region=eu-west-1").message())
                    .isEqualTo("--region is given more than once");
        }

        @Test
        void parse_whenAGlobalValueIsMissing_showsTheUsageOfTheCommand() {
            UsageError error = error("stop", "alice", "--profile");

            assertThat(error.message()).isEqualTo("missing value for --profile");
            assertThat(error.usage()).isEqualTo(Usage.forCommand(Verb.STOP, FrontEnd.COMMAND_LINE));
        }

        @Test
        void parse_whenLocalHasAValue_saysItTakesNone() {
            assertThat(error("list", "--local=yes").message()).isEqualTo("--local takes no value");
        }
    }

    @Nested
    class WhenHelpIsAsked {

        @Test
        void parse_whenHelpFlagFollowsACommand_returnsHelpOfThatCommand() {
            assertThat(command("start", "--help")).isEqualTo(new HelpCommand(Verb.START));
        }

        @Test
        void parse_whenShortHelpFlagPrecedesACommand_returnsHelpOfThatCommand() {
            assertThat(command("-h", "diagnose")).isEqualTo(new HelpCommand(Verb.DIAGNOSE));
        }

        @Test
        void parse_whenTheCommandIsOtherwiseInvalid_stillReturnsItsHelp() {
            assertThat(command("start", "--gpus", "99", "--bogus", "-h")).isEqualTo(new HelpCommand(Verb.START));
        }

        @Test
        void parse_whenHelpFlagStandsAlone_returnsGeneralHelp() {
            assertThat(command("--help")).isEqualTo(HelpCommand.general());
        }

        @Test
        void parse_whenHelpFlagComesWithGlobals_keepsThem() {
            assertThat(parsed(cli, "--output", "json", "-h").options().output()).isEqualTo(OutputFormat.JSON);
        }

        @Test
        void parse_whenHelpIsAskedForAnUnknownCommand_saysItIsUnknown() {
            assertThat(error("frobnicate", "--help").message()).startsWith("unknown command 'frobnicate'");
        }

        @Test
        void parse_whenHelpTopicIsUnknown_showsTheUsageOfHelp() {
            UsageError error = error("help", "nope");

            assertThat(error.message()).startsWith("unknown command 'nope'; commands: setup, start");
            assertThat(error.usage()).isEqualTo(Usage.forCommand(Verb.HELP, FrontEnd.COMMAND_LINE));
        }
    }

    @Nested
    class WhenNoCommandIsRecognised {

        @Test
        void parse_whenTokensAreEmpty_saysNoCommandWasGivenWithTheGeneralUsage() {
            UsageError error = error(cli);

            assertThat(error.message()).isEqualTo(
                    "no command given; commands: setup, start, stop, delete, list, status, diagnose, help, console, slack");
            assertThat(error.usage()).isEqualTo(Usage.general(FrontEnd.COMMAND_LINE));
        }

        @Test
        void parse_whenTheListIsNullOrHoldsNull_returnsAUsageError() {
            assertThat(cli.parse(null)).isInstanceOf(UsageError.class);
            assertThat(cli.parse(Arrays.asList((String) null))).isInstanceOf(UsageError.class);
        }

        @Test
        void parse_whenTheWordIsUnknown_listsTheCommands() {
            assertThat(error("launch", "foo").message()).startsWith("unknown command 'launch'; commands: setup,");
        }

        @Test
        void parse_whenAnOptionComesBeforeTheCommand_saysACommandIsExpected() {
            assertThat(error("--gpus", "2", "start").message()).startsWith("expected a command before option '--gpus'");
        }
    }

    @Nested
    class WhenTheFrontEndIsChat {

        @ParameterizedTest
        @ValueSource(strings = {"console", "slack"})
        void parse_whenChatAsksForAFrontEnd_refusesIt(String verb) {
            UsageError error = error(chat, verb);

            assertThat(error.message()).isEqualTo(verb + " is only available on the command line");
            assertThat(error.usage()).isEqualTo(Usage.general(FrontEnd.CHAT));
        }

        @Test
        void parse_whenChatAsksHelpForAFrontEnd_refusesIt() {
            assertThat(error(chat, "help", "slack").message()).isEqualTo("slack is only available on the command line");
            assertThat(error(chat, "console", "--help").message()).isEqualTo("console is only available on the command line");
        }

        @Test
        void parse_whenChatGivesNoCommand_listsOnlyChatCommands() {
            assertThat(error(chat).message()).endsWith("diagnose, help");
        }

        @Test
        void parse_whenChatGivesAnError_usesTheChatPrefixInTheUsage() {
            assertThat(error(chat, "stop").usage()).startsWith("Usage: /notebook stop NAME");
        }
    }

    @Nested
    class WhenTheLineComesFromChat {

        @Test
        void parseLine_whenTheLineHasTheSlashPrefix_dropsIt() {
            assertThat(chat.parseLine("/notebook start foo --gpus 2"))
                    .isEqualTo(new ParsedCommand(new StartCommand(name("foo"), null, 2, null, null, null, null, false),
                            GlobalOptions.defaults()));
        }

        @Test
        void parseLine_whenSlackGivesTheTextWithoutPrefix_parsesIt() {
            assertThat(chat.parseLine("  stop   foo ")).isEqualTo(new ParsedCommand(new StopCommand(name("foo")),
                    GlobalOptions.defaults()));
        }

        @Test
        void parseLine_whenTheLineIsOnlyThePrefix_saysNoCommandWasGiven() {
            assertThat(((UsageError) chat.parseLine("/notebook")).message()).startsWith("no command given");
        }

        @Test
        void parseLine_whenTheLineIsNull_returnsAUsageError() {
            assertThat(chat.parseLine(null)).isInstanceOf(UsageError.class);
        }

        @Test
        void parseLine_whenAValueIsQuoted_keepsItAsOneToken() {
            UsageError error = (UsageError) chat.parseLine("start --image 'my image'");

            assertThat(error.message()).startsWith("invalid --image 'my image'");
        }

        @Test
        void parseLine_whenAQuoteIsUnterminated_returnsAUsageError() {
            ParseResult result = chat.parseLine("/notebook start \"foo");

            assertThat(result).isEqualTo(new UsageError("unterminated quote: the \" at character 17 is never closed",
                    Usage.general(FrontEnd.CHAT)));
        }

        @Test
        void parseLine_whenAnotherSlashCommandIsUsed_callsItUnknown() {
            assertThat(((UsageError) chat.parseLine("/other list")).message()).startsWith("unknown command '/other'");
        }

        @Test
        void parseLine_whenTheCommandLineParserReadsTheSameLine_givesTheSameAsTokens() {
            List<String> tokens = List.of("diagnose", "--cluster", "c", "--service", "s", "--region", "us-east-1");

            assertThat(cli.parseLine(String.join(" ", tokens))).isEqualTo(cli.parse(tokens));
        }
    }
    @Nested
    class WhenAWordIsMistyped {

        @Test
        void parse_whenACommandIsMistyped_suggestsTheNearestCommand() {
            UsageError error = error("strat", "alice");

            assertThat(error.message()).startsWith("unknown command 'strat'; commands: setup,");
            assertThat(error.suggestions()).contains("start");
            assertThat(error.didYouMean()).startsWith("Did you mean: ").contains("start").endsWith("?");
        }

        @Test
        void parse_whenAnOptionIsMistyped_suggestsTheOptionOfThatCommand() {
            assertThat(error("start", "--gpu", "2").suggestions()).containsExactly("--gpus");
        }

        @Test
        void parseLine_whenAnOptionIsMistypedInChat_suggestsItToo() {
            UsageError error = (UsageError) chat.parseLine("/notebook start alice --instnce-type g5.xlarge");

            assertThat(error.message()).isEqualTo("unknown option '--instnce-type' for start");
            assertThat(error.suggestions()).containsExactly("--instance-type");
        }

        @Test
        void parse_whenNothingIsNear_suggestsNothing() {
            UsageError error = error("status", "alice", "--zzz");

            assertThat(error.suggestions()).isEmpty();
            assertThat(error.didYouMean()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"lsit", "stauts", "diagnos", "STRAT"})
        void parse_whenTwoLettersAreSwappedOrOneIsMissing_suggestsTheCommandFirst(String typed) {
            String meant = java.util.Map.of("lsit", "list", "stauts", "status", "diagnos", "diagnose", "STRAT", "start")
                    .get(typed);

            assertThat(error(typed).suggestions()).first().isEqualTo(meant);
        }

        @Test
        void parse_whenAHelpTopicIsMistyped_suggestsTheCommand() {
            UsageError error = error("help", "strat");

            assertThat(error.suggestions()).first().isEqualTo("start");
            assertThat(error.usage()).isEqualTo(Usage.forCommand(Verb.HELP, FrontEnd.COMMAND_LINE));
        }

        @Test
        void parse_whenChatNamesACommandLineOnlyCommand_suggestsNothingElse() {
            assertThat(error(chat, "completion", "bash").suggestions()).isEmpty();
        }

        @Test
        void parse_whenAGlobalOptionIsMistypedAfterACommand_suggestsIt() {
            assertThat(error("list", "--regoin", "eu-west-1").suggestions()).containsExactly("--region");
        }

        @Test
        void parse_whenAnOptionStandsAfterTheEndOfOptions_saysItIsAnUnexpectedArgument() {
            UsageError error = error("start", "alice", "--", "--gpus");

            assertThat(error.message()).isEqualTo("unexpected argument '--gpus' for start");
            assertThat(error.suggestions()).isEmpty();
        }

        @Test
        void parse_whenAValueIsGivenToAFlagOfACommand_namesTheFlag() {
            assertThat(error("delete", "alice", "--yes=no").message()).isEqualTo("--yes takes no value");
        }
    }

    @Nested
    class WhenTheVersionIsAsked {

        @ParameterizedTest
        @ValueSource(strings = {"--version", "version", "VERSION"})
        void parse_whenVersionIsAskedAlone_returnsTheVersionCommand(String word) {
            assertThat(command(word)).isEqualTo(new VersionCommand());
        }

        @Test
        void parse_whenVersionFollowsAnotherCommand_asksOnlyForTheVersion() {
            assertThat(command("start", "alice", "--version")).isEqualTo(new VersionCommand());
        }

        @Test
        void parseLine_whenChatAsksForTheVersion_returnsIt() {
            assertThat(((ParsedCommand) chat.parseLine("/notebook --version")).command()).isEqualTo(new VersionCommand());
        }

        @Test
        void parse_whenHelpAndVersionAreBothAsked_helpWins() {
            assertThat(command("--version", "--help")).isEqualTo(HelpCommand.general());
        }

        @Test
        void parse_whenVersionHasAValue_saysItTakesNone() {
            assertThat(error("--version=2").message()).isEqualTo("--version takes no value");
        }
    }

    @Nested
    class WhenACompletionScriptIsAsked {

        @ParameterizedTest
        @ValueSource(strings = {"bash", "zsh"})
        void parse_whenAShellIsNamed_returnsTheCompletionCommandForIt(String shell) {
            assertThat(command("completion", shell))
                    .isEqualTo(new CompletionCommand(CompletionCommand.Shell.valueOf(shell.toUpperCase(java.util.Locale.ROOT))));
        }

        @Test
        void parse_whenTheShellIsUnknown_namesTheShellsThereAre() {
            assertThat(error("completion", "fish").message())
                    .isEqualTo("no completion script for the shell 'fish': expected bash or zsh");
        }

        @Test
        void parse_whenNoShellIsNamed_saysOneIsNeeded() {
            UsageError error = error("completion");

            assertThat(error.message()).startsWith("completion needs").contains("bash|zsh");
            assertThat(error.usage()).isEqualTo(Usage.forCommand(Verb.COMPLETION, FrontEnd.COMMAND_LINE));
        }

        @Test
        void parse_whenChatAsksForACompletionScript_refusesIt() {
            assertThat(error(chat, "completion", "bash").message())
                    .isEqualTo("completion is only available on the command line");
        }
    }

    @Nested
    class WhenAValueLooksLikeAFileReference {

        @Test
        void parse_whenAValueStartsWithAt_keepsItLiterallyAndReadsNoFile() {
            StartCommand start = (StartCommand) command("start", "--owner", "@/etc/hostname");

            assertThat(start.owner()).isEqualTo("@/etc/hostname");
        }

        @Test
        void parseLine_whenSlackTextNamesAFileAsTheName_refusesTheNameAsTyped() {
            assertThat(((UsageError) chat.parseLine("stop @/etc/passwd")).message())
                    .startsWith("invalid notebook name '@/etc/passwd'");
        }
    }

    @Nested
    class WhenAValueStartsLikeAnOption {

        @Test
        void parse_whenAProfileStartsWithDashH_takesItAsTheValue() {
            assertThat(parsed(cli, "list", "--profile=-hx").options().profile()).isEqualTo("-hx");
        }

        @Test
        void parse_whenAnEndOfOptionsMarkerPrecedesTheName_readsTheNameAsAWord() {
            assertThat(command("stop", "--", "alice")).isEqualTo(new StopCommand(name("alice")));
        }
    }

    @Nested
    class WhenALineIsReadAtItsEdges {

        @Test
        void parseLine_whenThePrefixIsTypedInCapitals_dropsItAsWell() {
            assertThat(chat.parseLine("/NOTEBOOK list")).isEqualTo(new ParsedCommand(new ListCommand(),
                    GlobalOptions.defaults()));
        }

        @Test
        void parse_whenAGlobalOptionHasAnEmptyValueAfterEquals_saysItIsMissing() {
            UsageError error = error("list", "--region=");

            assertThat(error.message()).isEqualTo("missing value for --region");
            assertThat(error.usage()).isEqualTo(Usage.forCommand(Verb.LIST, FrontEnd.COMMAND_LINE));
        }

        @Test
        void parse_whenHelpIsAskedTwice_isStillAsked() {
            assertThat(command("--help", "stop", "--help")).isEqualTo(new HelpCommand(Verb.STOP));
        }

        @Test
        void parse_whenTheVersionIsAskedTwice_isStillAsked() {
            assertThat(command("--version", "list", "--version")).isEqualTo(new VersionCommand());
        }

        @Test
        void parse_whenAValueIsMissingButHelpIsAsked_returnsTheHelpOfThatCommand() {
            assertThat(command("start", "--gpus", "-h")).isEqualTo(new HelpCommand(Verb.START));
        }

        @Test
        void parse_whenAGlobalValueIsMissingBeforeAnyCommandButHelpIsAsked_returnsTheGeneralHelp() {
            assertThat(command("--region", "--help")).isEqualTo(HelpCommand.general());
        }

        @Test
        void parse_whenACommandStandsAfterTheEndOfOptions_saysItCameBeforeTheCommand() {
            UsageError error = error("--", "list");

            assertThat(error.message()).isEqualTo("unexpected argument 'list' before the command");
            assertThat(error.usage()).isEqualTo(Usage.general(FrontEnd.COMMAND_LINE));
        }

        @Test
        void parse_whenALoneDashFollowsACommand_takesItAsAnArgumentNotAnOption() {
            assertThat(error("stop", "alice", "-").message()).isEqualTo("unexpected argument '-' for stop");
        }

        @Test
        void parse_whenAWordPrecedesTheCommand_callsItAnUnknownCommandWithSuggestions() {
            UsageError error = error("lst", "--region", "eu-west-1");

            assertThat(error.message()).startsWith("unknown command 'lst'; commands: ");
            assertThat(error.suggestions()).containsExactly("list");
        }

        @Test
        void parse_whenAnOptionOfAnotherCommandHasAnEmptyValue_callsItUnknown() {
            assertThat(error("stop", "alice", "--image=").message()).isEqualTo("unknown option '--image' for stop");
        }

        @Test
        void parse_whenEveryGlobalOptionIsGiven_readsEachOfThem() {
            ParsedCommand parsed = parsed(cli, "--region", "eu-west-1", "list", "--profile", "dev",
                    "--endpoint-url=http://localhost:5000", "--output", "json");

            assertThat(parsed.options()).isEqualTo(new GlobalOptions("eu-west-1", "dev",
                    URI.create("http://localhost:5000"), OutputFormat.JSON, false));
        }

        @Test
        void parse_whenLocalIsGiven_setsItAndNothingElse() {
            assertThat(parsed(cli, "setup", "--local").options())
                    .isEqualTo(new GlobalOptions(null, null, null, OutputFormat.TEXT, true));
        }
    }
}
