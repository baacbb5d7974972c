package dev.gpunotebook.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackSettingsTest {

    private static final String BOT = "xoxb-test-not-a-real-bot-token";
    private static final String APP = "xapp-test-not-a-real-app-token";

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of(SlackSettings.BOT_TOKEN, BOT, SlackSettings.APP_TOKEN, APP));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Nested
    class WhenTheTokensAreValid {

        @Test
        void fromEnvironment_whenOnlyTheTokensAreSet_usesSlacksApiAndOpenMode() {
            SlackSettings settings = SlackSettings.fromEnvironment(env());

            assertThat(settings.apiUrl()).hasToString("https://slack.com/api/");
            assertThat(settings.policy().isOpen()).isTrue();
            assertThat(settings.policy().maxGpus()).isEqualTo(AccessPolicy.UNLIMITED);
            assertThat(settings.botToken().reveal()).isEqualTo(BOT);
        }

        @Test
        void fromEnvironment_whenListsAndCapsAreSet_readsThem() {
            SlackSettings settings = SlackSettings.fromEnvironment(env(
                    SlackSettings.ALLOWED_USERS, "U0ALICE, U0BOB", SlackSettings.ADMINS, "W0ADMIN",
                    SlackSettings.MAX_PER_USER, "2", SlackSettings.MAX_GPUS, "8",
                    SlackSettings.API_URL, "http://127.0.0.1:9000/api"));

            assertThat(settings.policy().allowedUsers()).containsExactlyInAnyOrder("U0ALICE", "U0BOB");
            assertThat(settings.policy().isAdmin("W0ADMIN")).isTrue();
            assertThat(settings.policy().maxNotebooksPerUser()).isEqualTo(2);
            assertThat(settings.policy().maxGpus()).isEqualTo(8);
            assertThat(settings.apiUrl()).hasToString("http://127.0.0.1:9000/api/");
        }

        @Test
        void fromEnvironment_whenCapsAreSetWithoutAnAllowlist_keepsTheCapsInOpenMode() {
            SlackSettings settings = SlackSettings.fromEnvironment(env(
                    SlackSettings.MAX_PER_USER, "1", SlackSettings.MAX_GPUS, "4"));

            assertThat(settings.policy().isOpen()).isTrue();
            assertThat(settings.policy().maxNotebooksPerUser()).isEqualTo(1);
            assertThat(settings.policy().maxGpus()).isEqualTo(4);
        }

        @Test
        void fromEnvironment_whenNoTimingIsSet_updatesProgressAtMostOnceASecondAndReapsEveryMinute() {
            SlackSettings settings = SlackSettings.fromEnvironment(env());

            assertThat(settings.progressInterval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(settings.reaperInterval()).isEqualTo(Duration.ofMinutes(1));
        }

        @Test
        void toString_whenPrinted_neverShowsATokenValue() {
            SlackSettings settings = SlackSettings.fromEnvironment(env());

            assertThat(settings.toString()).doesNotContain(BOT).doesNotContain(APP);
            assertThat(settings.botToken()).hasToString("[redacted]");
        }
    }

    @Nested
    class WhenAValueIsMissingOrMalformed {

        @ParameterizedTest(name = "{0}={1}")
        @CsvSource({
                "SLACK_BOT_TOKEN, '', is not set",
                "SLACK_APP_TOKEN, '  ', is not set",
                "SLACK_BOT_TOKEN, xapp-test-not-a-real-secret, expected xoxb-",
                "SLACK_APP_TOKEN, xoxb-test-not-a-real-secret, expected xapp-",
                "SLACK_BOT_TOKEN, xoxb-short, expected xoxb-",
                "SLACK_API_URL, ftp://slack.example/api/, must be an http or https URL",
                "SLACK_API_URL, 'http://exa mple', is not a URL",
                "GPU_NOTEBOOK_ALLOWED_USERS, 'U0ALICE,alice', which is not a Slack user id",
                "GPU_NOTEBOOK_MAX_GPUS, 0, at least 1",
                "GPU_NOTEBOOK_MAX_NOTEBOOKS_PER_USER, many, at least 1"})
        void fromEnvironment_whenInvalid_failsNamingTheVariableButNotTheTokenValue(String name, String value,
                String expected) {
            assertThatThrownBy(() -> SlackSettings.fromEnvironment(env(name, value)))
                    .isInstanceOf(GpuNotebookException.class)
                    .hasMessageContaining(name).hasMessageContaining(expected)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-a-real-secret"));
        }
    }

    @Nested
    class WhenTheAccessVariablesAreRead {

        @Test
        void fromEnvironment_whenTheListsHaveBlankEntries_skipsThem() {
            // A trailing or doubled comma is a typing slip, not a user id to refuse.
            SlackSettings settings = SlackSettings.fromEnvironment(env(
                    SlackSettings.ALLOWED_USERS, " U0ALICE,, U0BOB ,", SlackSettings.ADMINS, ",W0ADMIN"));

            assertThat(settings.policy().allowedUsers()).containsExactlyInAnyOrder("U0ALICE", "U0BOB");
            assertThat(settings.policy().admins()).containsExactly("W0ADMIN");
        }

        @Test
        void fromEnvironment_whenTheAllowlistIsOnlyCommas_staysInOpenMode() {
            assertThat(SlackSettings.fromEnvironment(env(SlackSettings.ALLOWED_USERS, " , ")).policy().isOpen())
                    .isTrue();
        }

        @Test
        void fromEnvironment_whenAnAdminIsNoUserId_namesTheVariableAndTheValue() {
            assertThatThrownBy(() -> SlackSettings.fromEnvironment(env(SlackSettings.ADMINS, "U0ADMIN,root")))
                    .isInstanceOf(GpuNotebookException.class)
                    .hasMessage("GPU_NOTEBOOK_ADMINS holds 'root', which is not a Slack user id: use ids such as"
                            + " U012AB3CD, comma-separated.");
        }

        @Test
        void fromEnvironment_whenCapsAreOneWithSpaces_readsThem() {
            SlackSettings settings = SlackSettings.fromEnvironment(env(
                    SlackSettings.MAX_PER_USER, " 1 ", SlackSettings.MAX_GPUS, "1"));

            assertThat(settings.policy().maxNotebooksPerUser()).isEqualTo(1);
            assertThat(settings.policy().maxGpus()).isEqualTo(1);
        }

        @Test
        void fromEnvironment_whenACapIsBlank_leavesItUncapped() {
            assertThat(SlackSettings.fromEnvironment(env(SlackSettings.MAX_PER_USER, "  ")).policy()
                    .maxNotebooksPerUser()).isEqualTo(AccessPolicy.UNLIMITED);
        }

        @ParameterizedTest(name = "{0}={1}")
        @CsvSource({"GPU_NOTEBOOK_MAX_GPUS, -2", "GPU_NOTEBOOK_MAX_NOTEBOOKS_PER_USER, 0",
                "GPU_NOTEBOOK_MAX_GPUS, 1.5", "GPU_NOTEBOOK_MAX_GPUS, 99999999999"})
        void fromEnvironment_whenACapIsNoWholeNumberOfAtLeastOne_namesTheVariableAndTheValue(String name,
                String value) {
            assertThatThrownBy(() -> SlackSettings.fromEnvironment(env(name, value)))
                    .isInstanceOf(GpuNotebookException.class)
                    .hasMessage(name + " must be a whole number of at least 1, got '" + value + "'.");
        }
    }
}
