package dev.gpunotebook.core.model;

/**
 * One notebook as list and status show it. Read from AWS tags; holds no secret: the URL has no token.
 */
public record NotebookSummary(
        NotebookName name,
        String owner,
        NotebookState state,
        String stateReason,
        String instanceType,
        String instanceId,
        String url) {

    public NotebookSummary {
        if (name == null || state == null) {
            throw new IllegalArgumentException("name and state are required");
        }
        owner = owner == null ? "" : owner;
        stateReason = stateReason == null ? "" : stateReason;
        instanceType = instanceType == null ? "" : instanceType;
        instanceId = instanceId == null ? "" : instanceId;
        url = url == null ? "" : url;
    }
}
