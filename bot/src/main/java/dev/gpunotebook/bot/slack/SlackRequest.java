package dev.gpunotebook.bot.slack;

import java.util.Objects;

/**
 * Who asked what, where: a {@code /notebook} line or a button press.
 *
 * @param user the requesting Slack user id
 * @param channel the channel the request came from
 * @param responseUrl Slack's response URL for this request, or empty
 * @param text the command line, without {@code /notebook}
 */
public record SlackRequest(String user, String channel, String responseUrl, String text) {

    public SlackRequest {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a request needs a user");
        }
        if (channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("a request needs a channel");
        }
        responseUrl = responseUrl == null ? "" : responseUrl;
        text = Objects.requireNonNullElse(text, "");
    }
}
