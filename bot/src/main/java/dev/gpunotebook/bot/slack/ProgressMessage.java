package dev.gpunotebook.bot.slack;

import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressListener;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One channel message that shows a long command's steps as they run: posted once, then updated
 * (chat.update) at most once per interval, since Slack rate-limits updates; the final update replaces
 * it with the outcome. Events come from several threads.
 */
final class ProgressMessage implements ProgressListener {

    private final String title;
    private final Replies replies;
    private final Ticker ticker;
    private final Duration interval;
    private final ProgressBoard board = new ProgressBoard();
    private Optional<String> ts = Optional.empty();
    private Ticker.Scheduled pending;
    private long shownVersion;
    private boolean finished;

    ProgressMessage(String title, Replies replies, Ticker ticker, Duration interval) {
        this.title = title;
        this.replies = replies;
        this.ticker = ticker;
        this.interval = interval;
    }

    /** Posts the message; without it (Slack refused), only the final answer is sent. */
    synchronized void open() {
        ts = replies.post(SlackRenderer.progress(title, List.of()));
    }

    @Override
    public void onEvent(ProgressEvent event) {
        board.onEvent(event);
        synchronized (this) {
            if (ts.isPresent() && !finished && pending == null) {
                pending = ticker.once(interval, this::flush);
            }
        }
    }

    /** The steps as they are now. */
    List<ProgressEvent> steps() {
        return board.snapshot();
    }

    /** Replaces the progress with the final message; no update follows it. */
    synchronized void finish(SlackMessage message) {
        finished = true;
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
        replies.finish(ts, message);
    }

    private synchronized void flush() {
        pending = null;
        if (finished || ts.isEmpty() || board.version() == shownVersion) {
            return;
        }
        shownVersion = board.version();
        replies.update(ts.get(), SlackRenderer.progress(title, board.snapshot()));
    }
}
