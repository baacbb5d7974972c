package dev.gpunotebook.core.aws;

import static dev.gpunotebook.core.aws.AwsErrors.call;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.cloud.SsmGateway;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.Tag;

/** {@link SsmGateway} with the AWS SDK's SSM client. Secret values are never put into messages. */
final class AwsSsmGateway implements SsmGateway {

    private final SsmClient ssm;

    AwsSsmGateway(SsmClient ssm) {
        this.ssm = ssm;
    }

    @Override
    public String readPublicParameter(String name) {
        try {
            return ssm.getParameter(r -> r.name(name)).parameter().value();
        } catch (ParameterNotFoundException e) {
            throw GpuNotebookException.of(GpuNotebookException.Reason.NOT_FOUND, "The SSM parameter " + name
                    + " does not exist in this region, so the ECS GPU-optimized AMI cannot be found. Check the region,"
                    + " or configure another AMI parameter (for example the amazon-linux-2023 variant).", e);
        } catch (SdkException e) {
            throw AwsErrors.translate("ssm:GetParameter", e);
        }
    }

    @Override
    public Optional<String> findSecret(String name) {
        try {
            // Without decryption: we want the ARN, not the value.
            return Optional.of(ssm.getParameter(r -> r.name(name).withDecryption(false)).parameter().arn());
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.translate("ssm:GetParameter", e);
        }
    }

    @Override
    public void createSecret(String name, String value, String description, Map<String, String> tags) {
        call("ssm:PutParameter", () -> ssm.putParameter(r -> r.name(name).value(value).type(ParameterType.SECURE_STRING)
                .description(description).tier(ParameterTier.STANDARD).overwrite(false)
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                        .toList())));
    }

    @Override
    public void replaceSecret(String name, String value) {
        // Overwrite keeps the type, key and tags of the parameter; SSM keeps older versions (up to 100).
        call("ssm:PutParameter", () -> ssm.putParameter(r -> r.name(name).value(value)
                .type(ParameterType.SECURE_STRING).overwrite(true)));
    }

    @Override
    public String readSecret(String name) {
        try {
            return ssm.getParameter(r -> r.name(name).withDecryption(true)).parameter().value();
        } catch (ParameterNotFoundException e) {
            throw GpuNotebookException.of(GpuNotebookException.Reason.NOT_FOUND, "The token parameter " + name
                    + " does not exist; start the notebook again to create a new token.", e);
        } catch (SdkException e) {
            throw AwsErrors.translate("ssm:GetParameter", e);
        }
    }

    @Override
    public void deleteParameter(String name) {
        try {
            ssm.deleteParameter(r -> r.name(name));
        } catch (ParameterNotFoundException e) {
            // already gone
        } catch (SdkException e) {
            throw AwsErrors.translate("ssm:DeleteParameter", e);
        }
    }
}
