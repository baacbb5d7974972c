package dev.gpunotebook.bot.slack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link Replies} that keeps what the bot would have sent, each with the time it was sent (a
 * {@link FakeTicker}'s), and gives every post the same message id. Whether Slack takes a post is the
 * test's choice.
 */
final class RecordingReplies implements Replies {

    static final String TS = "1700000000.000001";

    /** What was sent: {@code post}, {@code update}, {@code finish} or {@code ephemeral}, when, and the message. */
    record Sent(String kind, Duration at, SlackMessage message) {

        String shown() {
            return Shown.all(message);
        }
    }

    private final Supplier<Duration> clock;
    private final boolean postsAccepted;
    private final List<Sent> sent = new ArrayList<>();

    /** Slack takes every post; every reply is stamped with {@code clock}'s time. */
    RecordingReplies(Supplier<Duration> clock) {
        this(clock, true);
    }

    /** @param postsAccepted false: like a private channel the bot is not in, Slack refuses the post */
    RecordingReplies(Supplier<Duration> clock, boolean postsAccepted) {
        this.clock = clock;
        this.postsAccepted = postsAccepted;
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    List<Sent> sent(String kind) {
        return sent.stream().filter(s -> s.kind().equals(kind)).toList();
    }

    @Override
    public Optional<String> post(SlackMessage message) {
        sent.add(new Sent("post", clock.get(), message));
        return postsAccepted ? Optional.of(TS) : Optional.empty();
    }

    @Override
    public void update(String ts, SlackMessage message) {
        if (!TS.equals(ts)) {
            throw new AssertionError("update of a message that was never posted: " + ts);
        }
        sent.add(new Sent("update", clock.get(), message));
    }

    @Override
    public void finish(Optional<String> ts, SlackMessage message) {
        sent.add(new Sent("finish", clock.get(), message));
    }

    @Override
    public void ephemeral(SlackMessage message) {
        sent.add(new Sent("ephemeral", clock.get(), message));
    }
}
