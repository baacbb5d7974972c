package dev.gpunotebook.core.model;

/**
 * Every AWS name gpu-notebook derives, in one place, so that setup, start, delete and diagnose agree.
 * Lengths are safe by construction: environment names have at most 8 characters, notebook names 20.
 */
public record ResourceNames(EnvironmentName env) {

    public ResourceNames {
        if (env == null) {
            throw new IllegalArgumentException("env is required");
        }
    }

    public String cluster() {
        return "gpu-notebook-" + env;
    }

    public String loadBalancer() {
        return "gpu-notebook-" + env;
    }

    public String vpc() {
        return "gpu-notebook-" + env;
    }

    public String albSecurityGroup() {
        return "gpu-notebook-" + env + "-alb";
    }

    public String instanceSecurityGroup() {
        return "gpu-notebook-" + env + "-instances";
    }

    public String instanceRole() {
        return "gpu-notebook-" + env + "-instance";
    }

    public String executionRole() {
        return "gpu-notebook-" + env + "-task-execution";
    }

    public String logGroup() {
        return "/gpu-notebook/" + env;
    }

    /** Prefix of every SSM parameter of this environment; the execution role may read only these. */
    public String parameterPrefix() {
        return "/gpu-notebook/" + env + "/";
    }

    /** At most 32 characters: "gn-" + 8 + "-" + 20. */
    public String targetGroup(NotebookName name) {
        return "gn-" + env + "-" + name;
    }

    public String service(NotebookName name) {
        return "notebook-" + name;
    }

    public String taskFamily(NotebookName name) {
        return "gpu-notebook-" + env + "-" + name;
    }

    public String tokenParameter(NotebookName name) {
        return parameterPrefix() + name + "/jupyter-token";
    }

    /** Jupyter's {@code base_url}; the ALB routes {@code /notebook/<name>/*} to the notebook. */
    public static String baseUrl(NotebookName name) {
        return "/notebook/" + name + "/";
    }

    public static String healthCheckPath(NotebookName name) {
        return baseUrl(name) + "api";
    }

    /** The ECS container instance attribute that pins a notebook's task to its own instance. */
    public static final String INSTANCE_ATTRIBUTE = "gpu-notebook";
}
