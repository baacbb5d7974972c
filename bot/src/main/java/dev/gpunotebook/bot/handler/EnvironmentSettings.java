package dev.gpunotebook.bot.handler;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.EnvironmentName;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads the shared environment's configuration from environment variables, the same for the
 * command line, the console and the Slack bot.
 *
 * <table>
 * <caption>variables</caption>
 * <tr><td>GPU_NOTEBOOK_ENV</td><td>environment name (default {@code default})</td></tr>
 * <tr><td>GPU_NOTEBOOK_VPC_ID, GPU_NOTEBOOK_SUBNET_IDS</td><td>adopt a VPC and its subnets (comma-separated)</td></tr>
 * <tr><td>GPU_NOTEBOOK_CLUSTER</td><td>adopt an ECS cluster</td></tr>
 * <tr><td>GPU_NOTEBOOK_LOAD_BALANCER_ARN</td><td>adopt an Application Load Balancer</td></tr>
 * <tr><td>GPU_NOTEBOOK_ALLOWED_CIDRS</td><td>who may reach the load balancer (default 0.0.0.0/0)</td></tr>
 * <tr><td>GPU_NOTEBOOK_CERTIFICATE_ARN</td><td>ACM certificate: HTTPS on 443 instead of HTTP on 80</td></tr>
 * <tr><td>GPU_NOTEBOOK_AMI_PARAMETER</td><td>SSM parameter of the ECS GPU AMI id</td></tr>
 * </table>
 */
public final class EnvironmentSettings {

    private EnvironmentSettings() {
    }

    public static EnvironmentConfig fromEnvironment(Map<String, String> env) {
        EnvironmentConfig config = EnvironmentConfig.defaults(new EnvironmentName(
                env.getOrDefault("GPU_NOTEBOOK_ENV", EnvironmentName.DEFAULT.value())));
        String vpc = env.getOrDefault("GPU_NOTEBOOK_VPC_ID", "");
        if (!vpc.isBlank()) {
            config = config.withVpc(vpc.trim(), list(env.get("GPU_NOTEBOOK_SUBNET_IDS")));
        } else if (!list(env.get("GPU_NOTEBOOK_SUBNET_IDS")).isEmpty()) {
            throw GpuNotebookException.invalidInput("GPU_NOTEBOOK_SUBNET_IDS is set without GPU_NOTEBOOK_VPC_ID: set both.");
        }
        String cluster = env.getOrDefault("GPU_NOTEBOOK_CLUSTER", "");
        if (!cluster.isBlank()) {
            config = config.withCluster(cluster.trim());
        }
        String alb = env.getOrDefault("GPU_NOTEBOOK_LOAD_BALANCER_ARN", "");
        if (!alb.isBlank()) {
            config = config.withLoadBalancer(alb.trim());
        }
        List<String> cidrs = list(env.get("GPU_NOTEBOOK_ALLOWED_CIDRS"));
        if (!cidrs.isEmpty()) {
            config = config.withAllowedCidrs(cidrs);
        }
        String certificate = env.getOrDefault("GPU_NOTEBOOK_CERTIFICATE_ARN", "");
        if (!certificate.isBlank()) {
            config = config.withCertificate(certificate.trim());
        }
        String ami = env.getOrDefault("GPU_NOTEBOOK_AMI_PARAMETER", "");
        if (!ami.isBlank()) {
            config = config.withAmiParameter(ami.trim());
        }
        return config;
    }

    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
