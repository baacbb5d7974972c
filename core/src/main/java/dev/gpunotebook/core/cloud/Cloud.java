package dev.gpunotebook.core.cloud;

/** All the AWS ports gpu-notebook uses, for one account and region. */
public record Cloud(String region, Ec2Gateway ec2, EcsGateway ecs, ElbGateway elb, IamGateway iam, SsmGateway ssm,
        QuotaGateway quotas, LogsGateway logs) {
    public Cloud {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region is required");
        }
    }
}
