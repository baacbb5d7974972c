package dev.gpunotebook.core.model;

/** Where a notebook is in its life, derived from its instance and its ECS service. */
public enum NotebookState {
    STARTING, RUNNING, STOPPING, STOPPED, FAILED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
