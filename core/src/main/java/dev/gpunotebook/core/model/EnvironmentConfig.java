package dev.gpunotebook.core.model;

import dev.gpunotebook.core.GpuNotebookException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the shared environment is made: created from scratch, or adopting existing resources by id.
 * Empty strings and empty lists mean "create it".
 *
 * <pre>{@code
 * EnvironmentConfig config = EnvironmentConfig.defaults()
 *         .withAllowedCidrs(List.of("203.0.113.0/24"))
 *         .withVpc("vpc-0abc", List.of("subnet-1", "subnet-2"));
 * }</pre>
 */
public record EnvironmentConfig(
        EnvironmentName env,
        String vpcCidr,
        String vpcId,
        List<String> subnetIds,
        String clusterName,
        String loadBalancerArn,
        List<String> allowedCidrs,
        String certificateArn,
        int logRetentionDays,
        String amiParameter) {

    public static final String AL2_GPU_AMI_PARAMETER =
            "/aws/service/ecs/optimized-ami/amazon-linux-2/gpu/recommended/image_id";
    public static final String AL2023_GPU_AMI_PARAMETER =
            "/aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id";
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    public EnvironmentConfig {
        if (env == null) {
            throw GpuNotebookException.invalidInput("An environment name is required.");
        }
        vpcCidr = requireCidr(vpcCidr, "VPC CIDR");
        vpcId = vpcId == null ? "" : vpcId;
        subnetIds = List.copyOf(subnetIds == null ? List.of() : subnetIds);
        clusterName = clusterName == null ? "" : clusterName;
        loadBalancerArn = loadBalancerArn == null ? "" : loadBalancerArn;
        allowedCidrs = List.copyOf(allowedCidrs == null || allowedCidrs.isEmpty() ? List.of("0.0.0.0/0") : allowedCidrs);
        allowedCidrs.forEach(c -> requireCidr(c, "allowed client CIDR"));
        certificateArn = certificateArn == null ? "" : certificateArn;
        if (!RETENTION_DAYS.contains(logRetentionDays)) {
            throw GpuNotebookException.invalidInput("Invalid log retention " + logRetentionDays
                    + " days: CloudWatch Logs accepts one of " + RETENTION_DAYS + ".");
        }
        if (amiParameter == null || !amiParameter.startsWith("/")) {
            throw GpuNotebookException.invalidInput("Invalid AMI parameter " + SafeText.quote(amiParameter)
                    + ": expected an SSM parameter name such as " + AL2_GPU_AMI_PARAMETER + ".");
        }
        if (!subnetIds.isEmpty() && vpcId.isEmpty()) {
            throw GpuNotebookException.invalidInput("Subnets were given without their VPC: set the VPC id too.");
        }
        if (!vpcId.isEmpty() && subnetIds.size() == 1) {
            throw GpuNotebookException.invalidInput("An Application Load Balancer needs subnets in at least two"
                    + " Availability Zones: give two or more subnet ids, or none to create them.");
        }
    }

    public static EnvironmentConfig defaults() {
        return defaults(EnvironmentName.DEFAULT);
    }

    public static EnvironmentConfig defaults(EnvironmentName env) {
        return new EnvironmentConfig(env, "10.42.0.0/16", "", List.of(), "", "", List.of("0.0.0.0/0"), "", 30,
                AL2_GPU_AMI_PARAMETER);
    }

    public ResourceNames names() {
        return new ResourceNames(env);
    }

    public boolean https() {
        return !certificateArn.isEmpty();
    }

    public EnvironmentConfig withVpc(String id, List<String> subnets) {
        return new EnvironmentConfig(env, vpcCidr, id, subnets, clusterName, loadBalancerArn, allowedCidrs,
                certificateArn, logRetentionDays, amiParameter);
    }

    public EnvironmentConfig withCluster(String name) {
        return new EnvironmentConfig(env, vpcCidr, vpcId, subnetIds, name, loadBalancerArn, allowedCidrs,
                certificateArn, logRetentionDays, amiParameter);
    }

    public EnvironmentConfig withLoadBalancer(String arn) {
        return new EnvironmentConfig(env, vpcCidr, vpcId, subnetIds, clusterName, arn, allowedCidrs,
                certificateArn, logRetentionDays, amiParameter);
    }

    public EnvironmentConfig withAllowedCidrs(List<String> cidrs) {
        return new EnvironmentConfig(env, vpcCidr, vpcId, subnetIds, clusterName, loadBalancerArn, cidrs,
                certificateArn, logRetentionDays, amiParameter);
    }

    public EnvironmentConfig withCertificate(String arn) {
        return new EnvironmentConfig(env, vpcCidr, vpcId, subnetIds, clusterName, loadBalancerArn, allowedCidrs,
                arn, logRetentionDays, amiParameter);
    }

    public EnvironmentConfig withAmiParameter(String parameter) {
        return new EnvironmentConfig(env, vpcCidr, vpcId, subnetIds, clusterName, loadBalancerArn, allowedCidrs,
                certificateArn, logRetentionDays, parameter);
    }

    private static String requireCidr(String value, String what) {
        var m = value == null ? null : CIDR.matcher(value);
        if (m == null || !m.matches() || Integer.parseInt(m.group(5)) > 32
                || !m.group(1).equals(String.valueOf(Integer.parseInt(m.group(1))))
                || java.util.stream.IntStream.rangeClosed(1, 4).anyMatch(i -> Integer.parseInt(m.group(i)) > 255)) {
            throw GpuNotebookException.invalidInput("Invalid " + what + " " + SafeText.quote(value)
                    + ": expected IPv4 CIDR notation such as 10.0.0.0/16.");
        }
        return value;
    }
}
