package dev.gpunotebook.core.model;

import dev.gpunotebook.core.GpuNotebookException;
import java.util.regex.Pattern;

/**
 * The name of a shared environment (VPC, cluster, load balancer). Short, because it is part of
 * every derived AWS name: {@code gn-<env>-<notebook>} must fit a 32-character target group name.
 */
public record EnvironmentName(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9]{0,7}");
    public static final EnvironmentName DEFAULT = new EnvironmentName("default");

    public EnvironmentName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw GpuNotebookException.invalidInput("Invalid environment name " + SafeText.quote(value)
                    + ": use 1 to 8 lower-case letters or digits, starting with a letter (for example: prod).");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
