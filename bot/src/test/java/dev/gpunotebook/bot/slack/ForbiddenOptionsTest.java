package dev.gpunotebook.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.bot.command.CommandParser;
import dev.gpunotebook.bot.command.ParsedCommand;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ForbiddenOptionsTest {

    private static ParsedCommand chat(String line) {
        return (ParsedCommand) CommandParser.forChat().parseLine(line);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "list --endpoint-url http://evil.example|--endpoint-url is not accepted",
            "start x --profile admin|--profile is not accepted",
            "status x --local|--local is not accepted",
            "start x --owner U0BOB|--owner is not accepted",
            "start x --profile p --endpoint-url http://e.example|--endpoint-url, --profile are not accepted"})
    void refusal_whenAnOptionWouldRedirectTheBot_saysWhichAndWhy(String line, String expected) {
        assertThat(ForbiddenOptions.refusal(chat(line))).hasValueSatisfying(reason ->
                assertThat(reason).contains(expected).contains("Slack user"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"start alice --gpus 2", "list --region eu-west-1", "delete alice --yes", "help"})
    void refusal_whenTheOptionsAreHarmless_isEmpty(String line) {
        assertThat(ForbiddenOptions.refusal(chat(line))).isEmpty();
    }

    @Nested
    class ARefusalReadsAsASentence {

        @Test
        void refusal_whenOneOptionIsRefused_speaksOfItInTheSingular() {
            assertThat(ForbiddenOptions.refusal(chat("list --profile admin"))).contains("--profile is not accepted in"
                    + " Slack: the bot's AWS endpoint and credentials are set where it runs, and the owner of a notebook"
                    + " is the Slack user who starts it. Leave it out.");
        }

        @Test
        void refusal_whenEveryForbiddenOptionIsGiven_namesEachInOrderInThePlural() {
            ParsedCommand parsed = chat("start x --owner U0BOB --local --profile p");

            assertThat(ForbiddenOptions.refusal(parsed)).hasValueSatisfying(reason -> assertThat(reason)
                    .startsWith("--profile, --local, --owner are not accepted in Slack:").endsWith("Leave them out."));
        }

        @Test
        void refusal_whenAStartNamesNoOwner_isEmpty() {
            // Only a typed --owner is refused: the owner of a plain start is the Slack user.
            assertThat(ForbiddenOptions.refusal(chat("start"))).isEmpty();
        }
    }
}
