package dev.gpunotebook.core.diagnose.snapshot;

/**
 * An HTTP GET of the notebook's {@code <base_url>api} through the load balancer, from where
 * diagnose runs. {@code httpStatus} null when nothing answered (then {@code error} says why);
 * {@code version} is the {@code version} field of Jupyter's JSON answer, if any.
 */
public record JupyterProbe(String url, Integer httpStatus, String version, String error) {
    public JupyterProbe {
        Validate.nonBlank(url, "url");
        if (httpStatus == null && (error == null || error.isBlank())) {
            throw new IllegalArgumentException("a probe without an HTTP status must say what went wrong");
        }
    }
}
