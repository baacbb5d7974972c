package dev.gpunotebook.core.lifecycle;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.model.EnvironmentName;
import dev.gpunotebook.core.model.NotebookName;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One operation at a time per notebook in this process: start, stop, delete and the idle reaper's
 * stop refuse at once, with a clear message, while another of them runs on the same notebook.
 * They never wait: a chat user gets an answer now, not a queue.
 *
 * <p>Why in-process and not a lock tag in AWS: EC2, ECS and SSM tags cannot be written conditionally,
 * so two processes could both "take" a tag lock, and a crashed process would leave it behind. One bot
 * process serves a team; across processes the steps still check the instance's state transitions
 * (EC2 itself refuses StartInstances on a stopping instance and StopInstances on a pending one with
 * IncorrectInstanceState, which becomes a "wait and try again" message), so no caller can leave a
 * half state behind.
 */
public final class OperationLocks {

    private final Map<String, String> running = new ConcurrentHashMap<>();

    /** Runs {@code action} as {@code operation} on the notebook, or refuses if another operation holds it. */
    public <T> T run(EnvironmentName env, NotebookName name, String operation, Supplier<T> action) {
        String key = env.value() + "/" + name.value();
        String other = running.putIfAbsent(key, operation);
        if (other != null) {
            throw GpuNotebookException.of(Reason.CONFLICT, "Notebook " + name + " is busy: " + article(other) + " "
                    + other + " of it is in progress. Nothing was changed; wait until it has finished (`status "
                    + name + "` shows its state), then try " + operation + " again.");
        }
        try {
            return action.get();
        } finally {
            running.remove(key, operation);
        }
    }

    /** The operation running on the notebook now, if any. */
    public java.util.Optional<String> current(EnvironmentName env, NotebookName name) {
        return java.util.Optional.ofNullable(running.get(env.value() + "/" + name.value()));
    }

    private static String article(String word) {
        return "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
    }
}
