package dev.gpunotebook.core.diagnose.snapshot;

/** Service Quotas GetServiceQuota (service code ec2): the On-Demand vCPU quota of a family. */
public record VcpuQuota(String quotaCode, String quotaName, double value) {
    public VcpuQuota {
        Validate.nonBlank(quotaCode, "quotaCode");
        Validate.nonBlank(quotaName, "quotaName");
        if (value < 0 || Double.isNaN(value)) {
            throw new IllegalArgumentException("quota value must be a non-negative number: " + value);
        }
    }
}
