package dev.gpunotebook.core.provision;

/** Receives progress events; called from several threads when steps run in parallel. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = event -> { };

    void onEvent(ProgressEvent event);
}
