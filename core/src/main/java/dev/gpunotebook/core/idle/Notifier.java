package dev.gpunotebook.core.idle;

/**
 * Tells a notebook's owner something the idle reaper did or is about to do. The bot sends these as
 * Slack direct messages with a button; the console and tests log or record them.
 */
@FunctionalInterface
public interface Notifier {

    void notify(Notice notice);
}
