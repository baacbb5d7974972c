package dev.gpunotebook.bot.slack;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.model.SafeText;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Slack bot's configuration, read from environment variables and validated at startup. A
 * missing or malformed value fails fast with a message naming the variable; a token's value is
 * never part of a message ({@link Secret}). AWS region, profile and endpoint are given as for the
 * command line ({@code --region}, {@code --profile}, {@code --endpoint-url}, or the SDK's
 * {@code AWS_REGION}, {@code AWS_PROFILE}, {@code AWS_ENDPOINT_URL}).
 *
 * <table>
 * <caption>variables</caption>
 * <tr><td>SLACK_BOT_TOKEN</td><td>required, {@code xoxb-...}: the Bot User OAuth Token</td></tr>
 * <tr><td>SLACK_APP_TOKEN</td><td>required, {@code xapp-...}: an app-level token with connections:write</td></tr>
 * <tr><td>SLACK_API_URL</td><td>the Web API base URL (default {@value #DEFAULT_API_URL})</td></tr>
 * <tr><td>GPU_NOTEBOOK_ALLOWED_USERS</td><td>Slack user ids who may start notebooks (comma-separated); unset: everyone</td></tr>
 * <tr><td>GPU_NOTEBOOK_ADMINS</td><td>Slack user ids who may act on any notebook and run setup</td></tr>
 * <tr><td>GPU_NOTEBOOK_MAX_NOTEBOOKS_PER_USER</td><td>notebooks one user may own at once (unset: no cap)</td></tr>
 * <tr><td>GPU_NOTEBOOK_MAX_GPUS</td><td>GPUs all notebooks together may hold (unset: no cap)</td></tr>
 * </table>
 *
 * @param botToken the bot token, {@code xoxb-}
 * @param appToken the app-level token, {@code xapp-}
 * @param apiUrl the Web API base URL, ending with {@code /}
 * @param policy the allowlists and caps
 * @param progressInterval the least time between two updates of a progress message (Slack rate-limits chat.update)
 */
public record SlackSettings(Secret botToken, Secret appToken, URI apiUrl, AccessPolicy policy,
        Duration progressInterval, Duration reaperInterval) {

    public static final String BOT_TOKEN = "SLACK_BOT_TOKEN";
    public static final String APP_TOKEN = "SLACK_APP_TOKEN";
    public static final String API_URL = "SLACK_API_URL";
    public static final String ALLOWED_USERS = "GPU_NOTEBOOK_ALLOWED_USERS";
    public static final String ADMINS = "GPU_NOTEBOOK_ADMINS";
    public static final String MAX_PER_USER = "GPU_NOTEBOOK_MAX_NOTEBOOKS_PER_USER";
    public static final String MAX_GPUS = "GPU_NOTEBOOK_MAX_GPUS";
    public static final String DEFAULT_API_URL = "https://slack.com/api/";
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);
    /** Minutes between two runs of the idle reaper; 0 turns idle auto-stop off. */
    public static final String REAPER_MINUTES = "GPU_NOTEBOOK_REAPER_MINUTES";
    public static final Duration DEFAULT_REAPER_INTERVAL = Duration.ofMinutes(1);

    private static final Pattern BOT_TOKEN_FORM = Pattern.compile("xoxb-[A-Za-z0-9-]{10,250}");
    private static final Pattern APP_TOKEN_FORM = Pattern.compile("xapp-[A-Za-z0-9-]{10,250}");

    public SlackSettings {
        Objects.requireNonNull(policy, "policy");
        requireForm(BOT_TOKEN, botToken, BOT_TOKEN_FORM, "xoxb-",
                "the Bot User OAuth Token from the app's OAuth & Permissions page");
        requireForm(APP_TOKEN, appToken, APP_TOKEN_FORM, "xapp-",
                "an app-level token with the connections:write scope, from the app's Basic Information page");
        apiUrl = normalized(apiUrl);
        if (progressInterval == null || progressInterval.isNegative()) {
            throw GpuNotebookException.invalidInput("The progress interval must be zero or more.");
        }
        if (reaperInterval == null || reaperInterval.isNegative()) {
            throw GpuNotebookException.invalidInput("The idle reaper interval must be zero (off) or more.");
        }
    }

    /** Reads and validates the variables; throws {@link GpuNotebookException} (invalid input) naming the variable. */
    public static SlackSettings fromEnvironment(Map<String, String> env) {
        Secret bot = secret(env, BOT_TOKEN);
        Secret app = secret(env, APP_TOKEN);
        URI api = apiUrl(env.getOrDefault(API_URL, "").isBlank() ? DEFAULT_API_URL : env.get(API_URL).trim());
        AccessPolicy policy;
        try {
            policy = new AccessPolicy(users(env, ALLOWED_USERS), users(env, ADMINS), cap(env, MAX_PER_USER),
                    cap(env, MAX_GPUS));
        } catch (IllegalArgumentException e) {
            throw GpuNotebookException.invalidInput(e.getMessage());
        }
        return new SlackSettings(bot, app, api, policy, DEFAULT_PROGRESS_INTERVAL, reaperInterval(env));
    }

    public SlackSettings withProgressInterval(Duration interval) {
        return new SlackSettings(botToken, appToken, apiUrl, policy, interval, reaperInterval);
    }

    public SlackSettings withReaperInterval(Duration interval) {
        return new SlackSettings(botToken, appToken, apiUrl, policy, progressInterval, interval);
    }

    private static Duration reaperInterval(Map<String, String> env) {
        String value = env.getOrDefault(REAPER_MINUTES, "").trim();
        if (value.isEmpty()) {
            return DEFAULT_REAPER_INTERVAL;
        }
        try {
            int minutes = Integer.parseInt(value);
            if (minutes >= 0 && minutes <= 60) {
                return Duration.ofMinutes(minutes);
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw GpuNotebookException.invalidInput(REAPER_MINUTES + " must be a whole number of minutes from 0 (idle"
                + " auto-stop off) to 60, not " + dev.gpunotebook.core.model.SafeText.quote(value) + ".");
    }

    @Override
    public String toString() {
        return "SlackSettings[apiUrl=" + apiUrl + ", reaper=" + reaperInterval + ", open=" + policy.isOpen() + ", allowed="
                + policy.allowedUsers().size() + ", admins=" + policy.admins().size() + "]";
    }

    private static Secret secret(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw GpuNotebookException.invalidInput(name + " is not set: the Slack bot needs it (see the README's"
                    + " Slack setup).");
        }
        return new Secret(value.trim());
    }

    private static void requireForm(String name, Secret token, Pattern form, String prefix, String what) {
        if (token == null) {
            throw GpuNotebookException.invalidInput(name + " is not set.");
        }
        if (!form.matcher(token.reveal()).matches()) {
            // Never the value: only what it should look like.
            throw GpuNotebookException.invalidInput(name + " is malformed: expected " + prefix
                    + " followed by letters, digits and dashes (" + what + ").");
        }
    }

    private static URI apiUrl(String text) {
        try {
            return normalized(new URI(text));
        } catch (URISyntaxException e) {
            throw GpuNotebookException.invalidInput(API_URL + " is not a URL: expected an http or https URL such as "
                    + DEFAULT_API_URL);
        }
    }

    private static URI normalized(URI uri) {
        if (uri == null || uri.getHost() == null || uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getQuery() != null || uri.getUserInfo() != null) {
            throw GpuNotebookException.invalidInput(API_URL + " must be an http or https URL with a host, no query"
                    + " and no user info, such as " + DEFAULT_API_URL);
        }
        String text = uri.toString();
        return text.endsWith("/") ? uri : URI.create(text + "/");
    }

    private static Set<String> users(Map<String, String> env, String name) {
        String value = env.getOrDefault(name, "");
        Set<String> users = new LinkedHashSet<>();
        for (String user : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            if (!AccessPolicy.USER_ID.matcher(user).matches()) {
                throw GpuNotebookException.invalidInput(name + " holds " + SafeText.quote(user)
                        + ", which is not a Slack user id: use ids such as U012AB3CD, comma-separated.");
            }
            users.add(user);
        }
        return users;
    }

    private static int cap(Map<String, String> env, String name) {
        String value = env.getOrDefault(name, "").trim();
        if (value.isEmpty()) {
            return AccessPolicy.UNLIMITED;
        }
        try {
            int cap = Integer.parseInt(value);
            if (cap >= 1) {
                return cap;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw GpuNotebookException.invalidInput(name + " must be a whole number of at least 1, got "
                + SafeText.quote(value) + ".");
    }
}
