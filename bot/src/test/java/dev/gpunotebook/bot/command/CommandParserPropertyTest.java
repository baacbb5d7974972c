package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.model.SafeText;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Group;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

class CommandParserPropertyTest {

    private static final int LONGEST_MESSAGE = 400;

    @Provide
    Arbitrary<List<String>> grammarLikeTokens() {
        return CommandArbitraries.grammarLikeTokens();
    }

    @Provide
    Arbitrary<List<String>> mutatedCommandTokens() {
        return CommandArbitraries.mutatedCommandTokens();
    }

    @Provide
    Arbitrary<String> grammarLikeLines() {
        return CommandArbitraries.grammarLikeLines();
    }

    @Provide
    Arbitrary<Command> commands() {
        return CommandArbitraries.commands();
    }

    @Provide
    Arbitrary<Command> chatCommands() {
        return CommandArbitraries.chatCommands();
    }

    @Provide
    Arbitrary<GlobalOptions> globalOptions() {
        return CommandArbitraries.globalOptions();
    }

    private static CommandParser parser(FrontEnd frontEnd) {
        return new CommandParser(frontEnd);
    }

    /** What every result must satisfy, whatever the input. */
    private static void assertWellFormed(ParseResult result, FrontEnd frontEnd) {
        assertThat(result).isNotNull();
        if (result instanceof UsageError error) {
            assertThat(error.message()).isNotBlank().hasSizeLessThan(LONGEST_MESSAGE);
            assertThat(error.message().codePoints()).noneMatch(Character::isISOControl);
            assertThat(error.usage()).startsWith("Usage: " + frontEnd.prefix());
        } else {
            ParsedCommand parsed = (ParsedCommand) result;
            assertThat(frontEnd.accepts(parsed.command().verb())).isTrue();
            assertThat(parser(frontEnd).parse(CommandFormatter.toTokens(parsed)))
                    .as("the canonical form of %s", parsed).isEqualTo(parsed);
        }
    }

    @Group
    class WhateverIsTyped {

        @Property
        void parseLine_forAnyString_returnsAWellFormedResult(@ForAll String line, @ForAll FrontEnd frontEnd) {
            assertWellFormed(parser(frontEnd).parseLine(line), frontEnd);
        }

        @Property
        void parseLine_forAnyGrammarLikeLine_returnsAWellFormedResult(
                @ForAll("grammarLikeLines") String line, @ForAll FrontEnd frontEnd) {
            assertWellFormed(parser(frontEnd).parseLine(line), frontEnd);
        }

        @Property
        void parse_forAnyTokens_returnsAWellFormedResult(@ForAll List<String> tokens, @ForAll FrontEnd frontEnd) {
            assertWellFormed(parser(frontEnd).parse(tokens), frontEnd);
        }

        @Property
        void parse_forAnyGrammarLikeTokens_returnsAWellFormedResult(
                @ForAll("grammarLikeTokens") List<String> tokens, @ForAll FrontEnd frontEnd) {
            assertWellFormed(parser(frontEnd).parse(tokens), frontEnd);
        }

        @Property(tries = 3000)
        @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
        void parse_forMutatedValidCommands_returnsAWellFormedResultAndReachesEveryCommand(
                @ForAll("mutatedCommandTokens") List<String> tokens, @ForAll FrontEnd frontEnd) {
            ParseResult result = parser(frontEnd).parse(tokens);

            assertWellFormed(result, frontEnd);
            Statistics.label("result").collect(result instanceof ParsedCommand parsed
                    ? parsed.command().verb().word() : "usage error");
            Statistics.label("result").coverage(coverage -> {
                coverage.check("usage error").percentage(p -> p > 20);
                for (Verb verb : Verb.values()) {
                    coverage.check(verb.word()).count(n -> n > 0);
                }
            });
        }

        @Property
        void parse_forTokensThatAreOnlyDashesAndEquals_returnsAWellFormedResult(
                @ForAll List<@StringLength(max = 6) @Chars({'-', '=', 'h'}) String> tokens,
                @ForAll FrontEnd frontEnd) {
            assertWellFormed(parser(frontEnd).parse(tokens), frontEnd);
        }
    }

    @Group
    class AValidCommandRoundTrips {

        @Property
        void parse_ofTheFormattedTokens_returnsTheSameCommandAndOptions(
                @ForAll("commands") Command command, @ForAll("globalOptions") GlobalOptions options) {
            ParsedCommand parsed = new ParsedCommand(command, options);

            assertThat(CommandParser.forCommandLine().parse(CommandFormatter.toTokens(parsed))).isEqualTo(parsed);
        }

        @Property
        void parseLine_ofTheFormattedLineInChat_returnsTheSameCommandAndOptions(
                @ForAll("chatCommands") Command command, @ForAll("globalOptions") GlobalOptions options,
                @ForAll boolean withPrefix) {
            ParsedCommand parsed = new ParsedCommand(command, options);
            String line = (withPrefix ? "/notebook " : "") + CommandFormatter.toLine(parsed);

            assertThat(CommandParser.forChat().parseLine(line)).isEqualTo(parsed);
        }

        @Property
        void tokenize_ofJoinedTokens_returnsTheTokens(@ForAll List<String> tokens) {
            assertThat(Tokenizer.tokenize(Tokenizer.join(tokens))).isEqualTo(tokens);
        }

        @Property
        void tokenize_ofJoinedQuoteHeavyTokens_returnsTheTokens(
                @ForAll List<@Chars({'\'', '"', '\\', ' ', '\u2018', '\u201D', 'a'}) String> tokens) {
            assertThat(Tokenizer.tokenize(Tokenizer.join(tokens))).isEqualTo(tokens);
        }
    }

    @Group
    class GlobalOptionsMayStandAnywhere {

        @Property
        void parse_whenGlobalsAndOptionsAreShuffledAroundTheVerb_returnsTheSameResult(
                @ForAll("commands") Command command, @ForAll("globalOptions") GlobalOptions options,
                @ForAll Random random) {
            List<List<String>> commandUnits = Units.of(command, random);
            List<String> verb = commandUnits.remove(0);
            Collections.shuffle(commandUnits, random);
            commandUnits.add(0, verb);
            List<List<String>> all = new ArrayList<>(commandUnits);
            for (List<String> global : Units.of(options, random)) {
                all.add(random.nextInt(all.size() + 1), global);
            }
            List<String> tokens = new ArrayList<>();
            all.forEach(tokens::addAll);

            assertThat(CommandParser.forCommandLine().parse(tokens))
                    .as("tokens %s", tokens).isEqualTo(new ParsedCommand(command, options));
        }
    }

    @Group
    class RulesMatchTheirDefinition {

        @Property
        void notebookName_forAnyShortString_isAcceptedExactlyWhenItFollowsTheRule(
                @ForAll @StringLength(max = 24) @CharRange(from = 'a', to = 'z') @CharRange(from = '0', to = '9')
                @Chars({'-', '_', 'A', '.', ' '}) String value) {
            ParseResult result = CommandParser.forCommandLine().parse(List.of("stop", value));

            boolean valid = !value.isEmpty() && value.length() <= 20 && value.charAt(0) != '-'
                    && value.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-');
            boolean stopsThatNotebook = result instanceof ParsedCommand parsed
                    && parsed.command() instanceof StopCommand stop && stop.name().value().equals(value);
            assertThat(stopsThatNotebook).as("stop %s", value).isEqualTo(valid);
        }

        @Property
        void gpus_forAnyWholeNumber_isAcceptedExactlyFromOneToEight(@ForAll int gpus) {
            assertThat(acceptsStartOption("--gpus", gpus)).isEqualTo(gpus >= 1 && gpus <= 8);
        }

        @Property
        void volumeGib_forAnyWholeNumber_isAcceptedExactlyFrom30To16384(@ForAll int gib) {
            assertThat(acceptsStartOption("--volume-gib", gib)).isEqualTo(gib >= 30 && gib <= 16384);
        }

        @Property
        void idleMinutes_forAnyWholeNumber_isAcceptedExactlyFromZeroToOneWeek(@ForAll int minutes) {
            assertThat(acceptsStartOption("--idle-minutes", minutes)).isEqualTo(minutes >= 0 && minutes <= 10080);
        }

        private boolean acceptsStartOption(String option, int value) {
            return CommandParser.forChat().parse(List.of("start", option + "=" + value)) instanceof ParsedCommand;
        }

        @Property
        void quote_forAnyString_isOneLineWithoutControlCharacters(@ForAll String value) {
            String quoted = SafeText.quote(value);

            assertThat(quoted.codePoints()).noneMatch(Character::isISOControl);
            assertThat(quoted.codePoints().filter(c -> Character.getType(c) == Character.FORMAT)).isEmpty();
            assertThat(quoted).hasSizeLessThanOrEqualTo(2 + SafeText.MAX_SHOWN * 7 + 30);
        }
    }

    /** An independent writer of command lines: option order and spelling vary, meaning does not. */
    static final class Units {

        private Units() {
        }

        static List<List<String>> of(Command command, Random random) {
            List<List<String>> units = new ArrayList<>();
            units.add(List.of(command.verb().word()));
            if (command instanceof StartCommand start) {
                positional(units, start.name());
                option(units, "--instance-type", start.instanceType(), random);
                option(units, "--gpus", start.gpus(), random);
                option(units, "--image", start.image(), random);
                option(units, "--volume-gib", start.volumeGib(), random);
                option(units, "--idle-minutes", start.idleMinutes(), random);
                option(units, "--owner", start.owner(), random);
                flag(units, "--new-token", start.newToken());
            } else if (command instanceof StopCommand stop) {
                positional(units, stop.name());
            } else if (command instanceof StatusCommand status) {
                positional(units, status.name());
            } else if (command instanceof DeleteCommand delete) {
                positional(units, delete.name());
                flag(units, "--yes", delete.confirmed());
            } else if (command instanceof DiagnoseCommand diagnose) {
                positional(units, diagnose.notebook());
                option(units, "--cluster", diagnose.cluster(), random);
                option(units, "--service", diagnose.service(), random);
            } else if (command instanceof HelpCommand help) {
                positional(units, help.topic() == null ? null : help.topic().word());
            } else if (command instanceof CompletionCommand completion) {
                positional(units, completion.shell().word());
            }
            return units;
        }

        static List<List<String>> of(GlobalOptions options, Random random) {
            List<List<String>> units = new ArrayList<>();
            option(units, "--region", options.region(), random);
            option(units, "--profile", options.profile(), random);
            option(units, "--endpoint-url", options.endpointUrl(), random);
            option(units, "--output", options.output() == OutputFormat.TEXT && random.nextBoolean()
                    ? null : options.output().word(), random);
            flag(units, "--local", options.local());
            return units;
        }

        private static void positional(List<List<String>> units, Object value) {
            if (value != null) {
                units.add(List.of(value.toString()));
            }
        }

        private static void option(List<List<String>> units, String name, Object value, Random random) {
            if (value == null) {
                return;
            }
            String text = value.toString();
            units.add(text.startsWith("-") || random.nextBoolean() ? List.of(name + "=" + text) : List.of(name, text));
        }

        private static void flag(List<List<String>> units, String name, boolean given) {
            if (given) {
                units.add(List.of(name));
            }
        }
    }
}
