package dev.gpunotebook.core.idle;

import dev.gpunotebook.core.model.NotebookName;
import java.util.List;

/**
 * What one pass of the idle reaper found, one entry per notebook it looked at. Holds no secret.
 *
 * @param entries in name order
 */
public record ReapReport(List<Entry> entries) {

    public enum Outcome {
        /** Idle past its limit: stopped, and the owner told. */
        STOPPED,
        /** Idle close to its limit: the owner was warned (once per idle period). */
        WARNED,
        /** Idle, but not yet close to its limit. */
        IDLE,
        /** Jupyter reports use. */
        IN_USE,
        /** Idle limit 0. */
        NEVER_STOPS,
        /** Jupyter could not be read: kept running, not stopped on a guess. */
        UNREACHABLE,
        /** Idle past its limit, but the stop failed or another operation held the notebook. */
        STOP_FAILED
    }

    public record Entry(NotebookName name, Outcome outcome, String detail) {
        public Entry {
            if (name == null || outcome == null) {
                throw new IllegalArgumentException("name and outcome are required");
            }
            detail = detail == null ? "" : detail;
        }
    }

    public ReapReport {
        entries = List.copyOf(entries);
    }

    public List<NotebookName> with(Outcome outcome) {
        return entries.stream().filter(e -> e.outcome() == outcome).map(Entry::name).toList();
    }
}
