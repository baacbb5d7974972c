package dev.gpunotebook.bot.notify;

import dev.gpunotebook.bot.command.FrontEnd;
import dev.gpunotebook.core.idle.Notice;
import dev.gpunotebook.core.idle.Notifier;
import java.util.function.Consumer;

/**
 * The idle reaper's {@link Notifier} for the console and the command line: one line per notice, with
 * the command a "Start again" button would run. The Slack notifier (a direct message with a button)
 * replaces it in the Slack bot. Notices hold no token, so nothing secret reaches the log.
 *
 * <pre>{@code
 * Notifier notifier = new LogNotifier(System.err::println, FrontEnd.CHAT);
 * }</pre>
 */
public final class LogNotifier implements Notifier {

    private final Consumer<String> out;
    private final FrontEnd frontEnd;

    public LogNotifier(Consumer<String> out, FrontEnd frontEnd) {
        this.out = out;
        this.frontEnd = frontEnd;
    }

    @Override
    public void notify(Notice notice) {
        out.accept(line(notice, frontEnd));
    }

    static String line(Notice notice, FrontEnd frontEnd) {
        String to = notice.ownerId().isEmpty() ? "the owner" : notice.ownerId();
        String kind = switch (notice.kind()) {
            case IDLE_WARNING -> "idle warning";
            case STOPPED_IDLE -> "stopped (idle)";
        };
        String action = notice.optionalAction().map(a -> " [" + a.label() + ": " + frontEnd.prefix()
                + (frontEnd.prefix().isEmpty() ? "" : " ") + a.command() + "]").orElse("");
        return "[" + kind + "] to " + to + ": " + notice.message() + action;
    }
}
