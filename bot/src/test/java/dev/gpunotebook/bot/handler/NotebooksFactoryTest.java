package dev.gpunotebook.bot.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.bot.command.CommandParser;
import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.command.ParsedCommand;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.model.EnvironmentConfig;
import java.net.URI;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NotebooksFactoryTest {

    private static final URI LOCAL = URI.create("http://127.0.0.1:41234");
    private static final URI OTHER = URI.create("http://localhost:4566");

    private static GlobalOptions options(String line) {
        return ((ParsedCommand) CommandParser.forChat().parseLine("/notebook list " + line)).options();
    }

    private static AwsSettings settings(URI localEndpoint, String line) {
        try (NotebooksFactory factory = new NotebooksFactory(EnvironmentConfig.defaults(), localEndpoint)) {
            return factory.settings(options(line));
        }
    }

    @Nested
    class WithALocalEmulator {

        @Test
        void settings_whenACommandGivesNoOption_usesTheEmulatorInItsRegionWithFixedCredentials() {
            assertThat(settings(LOCAL, "")).isEqualTo(AwsSettings.emulator(LOCAL, "us-east-1"));
        }

        @Test
        void settings_whenACommandGivesOnlyAnEndpoint_keepsTheLocalRegionAndCredentials() {
            AwsSettings settings = settings(LOCAL, "--endpoint-url " + OTHER);

            assertThat(settings).isEqualTo(new AwsSettings("us-east-1", "", OTHER, true));
        }

        @Test
        void settings_whenACommandGivesOnlyARegion_keepsTheEmulator() {
            AwsSettings settings = settings(LOCAL, "--region eu-west-1");

            assertThat(settings).isEqualTo(new AwsSettings("eu-west-1", "", LOCAL, true));
        }

        @Test
        void settings_whenACommandGivesAProfile_usesItsCredentialsInsteadOfTheFixedOnes() {
            AwsSettings settings = settings(LOCAL, "--profile dev");

            assertThat(settings).isEqualTo(new AwsSettings("us-east-1", "dev", LOCAL, false));
        }

        @Test
        void settings_whenACommandGivesEverything_usesAllOfIt() {
            AwsSettings settings = settings(LOCAL, "--endpoint-url " + OTHER + " --region eu-west-1 --profile dev");

            assertThat(settings).isEqualTo(new AwsSettings("eu-west-1", "dev", OTHER, false));
        }
    }

    @Nested
    class WithoutALocalEmulator {

        @Test
        void settings_whenACommandGivesNoOption_leavesEverythingToTheSdksChain() {
            assertThat(settings(null, "")).isEqualTo(AwsSettings.defaults());
        }

        @Test
        void settings_whenACommandGivesAnEndpointAndARegion_usesThemWithTheSdksCredentials() {
            AwsSettings settings = settings(null, "--endpoint-url " + OTHER + " --region eu-west-1");

            assertThat(settings).isEqualTo(new AwsSettings("eu-west-1", "", OTHER, false));
        }
    }
}
