package dev.gpunotebook.bot.slack;

import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest state of each step of a long command, in the order the steps first reported. Core calls
 * it from several threads; events never hold a secret (core's contract).
 */
final class ProgressBoard implements ProgressListener {

    private final Map<String, ProgressEvent> latest = new LinkedHashMap<>();
    private long version;

    @Override
    public synchronized void onEvent(ProgressEvent event) {
        latest.put(event.step(), event);
        version++;
    }

    synchronized List<ProgressEvent> snapshot() {
        return new ArrayList<>(latest.values());
    }

    /** Grows with every event, for a caller that wants to skip an update when nothing changed. */
    synchronized long version() {
        return version;
    }

    /** One line per step: its mark, its name, running / done / failed, and the detail. */
    static String line(ProgressEvent event) {
        String state = switch (event.phase()) {
            case RUNNING -> ":hourglass_flowing_sand: running";
            case CREATED -> ":white_check_mark: done (created)";
            case FOUND -> ":white_check_mark: done (already there)";
            case UPDATED -> ":white_check_mark: done (updated)";
            case CHECKED -> ":white_check_mark: done (checked)";
            case DELETED -> ":white_check_mark: done (deleted)";
            case FAILED -> ":x: failed";
            case ROLLED_BACK -> ":leftwards_arrow_with_hook: rolled back";
            case WARNING -> ":warning: warning";
        };
        String detail = event.detail().isEmpty() ? "" : ": " + SlackText.escape(event.detail());
        return "`" + SlackText.escape(event.step()) + "` " + state + detail;
    }
}
