package dev.gpunotebook.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.bot.command.CommandParser;
import dev.gpunotebook.bot.command.ParsedCommand;
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
}
