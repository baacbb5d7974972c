package dev.gpunotebook.core.diagnose.snapshot;

/**
 * What is diagnosed: an ECS service in a cluster and region. {@code notebook} is the
 * gpu-notebook name when the stack was made by {@code start}, or null for a stack built by hand
 * ({@code diagnose --cluster C --service S}).
 */
public record DiagnosisTarget(String cluster, String service, String notebook, String region) {
    public DiagnosisTarget {
        Validate.nonBlank(cluster, "cluster");
        Validate.nonBlank(service, "service");
        Validate.nonBlank(region, "region");
        if (notebook != null && notebook.isBlank()) {
            notebook = null;
        }
    }
}
