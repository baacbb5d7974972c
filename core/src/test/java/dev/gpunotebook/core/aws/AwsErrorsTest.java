package dev.gpunotebook.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

class AwsErrorsTest {

    private static Ec2Exception ec2(String code, String message, int status) {
        return (Ec2Exception) Ec2Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void translate_whenAccessDenied_namesTheIamAction() {
        GpuNotebookException e = AwsErrors.translate("ec2:RunInstances",
                ec2("UnauthorizedOperation", "You are not authorized to perform this operation.", 403));

        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("ec2:RunInstances").contains("Allow the IAM action");
    }

    @Test
    void translate_whenVcpuLimitExceeded_namesTheQuotaAndHowToRaiseIt() {
        GpuNotebookException e = AwsErrors.translate("ec2:RunInstances", ec2("VcpuLimitExceeded",
                "You have requested more vCPU capacity than your current vCPU limit of 0 allows", 400));

        assertThat(e.reason()).isEqualTo(Reason.QUOTA);
        assertThat(e.getMessage()).contains("L-DB2E81BA").contains("Service Quotas");
    }

    @Test
    void translate_whenNoCapacity_suggestsAnotherZoneOrType() {
        GpuNotebookException e = AwsErrors.translate("ec2:RunInstances", ec2("InsufficientInstanceCapacity",
                "We currently do not have sufficient g5.xlarge capacity in the Availability Zone you requested.", 500));

        assertThat(e.reason()).isEqualTo(Reason.CAPACITY);
        assertThat(e.getMessage()).contains("another Availability Zone").contains("--instance-type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RequestLimitExceeded", "Throttling", "ThrottlingException"})
    void translate_whenThrottledAfterRetries_saysToWait(String code) {
        assertThat(AwsErrors.translate("ec2:DescribeInstances", ec2(code, "Rate exceeded", 400)).reason())
                .isEqualTo(Reason.THROTTLED);
    }

    @Test
    void translate_whenNoCredentials_pointsAtProfileOrLocal() {
        GpuNotebookException e = AwsErrors.translate("ec2:DescribeVpcs",
                SdkClientException.create("Unable to load credentials from any of the providers in the chain"));

        assertThat(e.reason()).isEqualTo(Reason.CREDENTIALS);
        assertThat(e.getMessage()).contains("--profile").contains("--local");
    }

    @Test
    void translate_whenEmulatorAnswersHtml500_keepsTheMessageOnOneShortLine() {
        GpuNotebookException e = AwsErrors.translate("ecs:CreateService", ec2(null,
                "<html>\n<body>" + "x".repeat(1000) + "</body></html>", 500));

        assertThat(e.getMessage()).startsWith("ecs:CreateService failed: HTTP 500").doesNotContain("\n").hasSizeLessThan(400);
    }
}
