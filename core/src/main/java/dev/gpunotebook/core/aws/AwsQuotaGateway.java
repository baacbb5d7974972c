package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.cloud.QuotaGateway;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;

/** {@link QuotaGateway} with the AWS SDK's Service Quotas client. */
final class AwsQuotaGateway implements QuotaGateway {

    private final ServiceQuotasClient quotas;

    AwsQuotaGateway(ServiceQuotasClient quotas) {
        this.quotas = quotas;
    }

    @Override
    public QuotaReading ec2Quota(String quotaCode) {
        try {
            Double value = quotas.getServiceQuota(r -> r.serviceCode("ec2").quotaCode(quotaCode)).quota().value();
            return value == null ? new QuotaReading.Unreadable("Service Quotas returned no value")
                    : new QuotaReading.Value(value);
        } catch (SdkException e) {
            String code = AwsErrors.code(e);
            if (AwsErrors.ACCESS_DENIED.contains(code)) {
                return new QuotaReading.Unreadable("access denied to servicequotas:GetServiceQuota");
            }
            return new QuotaReading.Unreadable((code.isEmpty() ? "" : code + ": ") + AwsErrors.message(e));
        }
    }
}
