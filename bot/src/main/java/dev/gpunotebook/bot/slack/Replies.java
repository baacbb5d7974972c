package dev.gpunotebook.bot.slack;

import java.util.Optional;

/** Where the answers to one request go; {@link SlackReplies} over the Web API, a fake in tests. */
interface Replies {

    /** Posts a message in the request's channel; empty when Slack refused (the bot is not in a private channel). */
    Optional<String> post(SlackMessage message);

    /** Replaces the message {@link #post} made. */
    void update(String ts, SlackMessage message);

    /** The final message for the channel: updates {@code ts} if there is one, else answers through the response URL. */
    void finish(Optional<String> ts, SlackMessage message);

    /** A message only the requesting user sees. */
    void ephemeral(SlackMessage message);
}
