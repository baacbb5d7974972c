package dev.gpunotebook.core.cloud;

/** Service Quotas: the On-Demand vCPU quota of an instance family. */
public interface QuotaGateway {

    /** The applied value of an EC2 quota, or why it cannot be read. */
    QuotaReading ec2Quota(String quotaCode);

    /** The result of reading a quota: a value, or a reason it could not be read. */
    sealed interface QuotaReading {
        record Value(double value) implements QuotaReading {
        }

        record Unreadable(String reason) implements QuotaReading {
        }
    }
}
