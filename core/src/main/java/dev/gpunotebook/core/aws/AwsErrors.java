package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns AWS errors into messages that say what happened and what to do. Every call to AWS goes
 * through {@link #call}, naming the IAM action it needs, so an access-denied error can name it.
 */
final class AwsErrors {

    static final Set<String> ACCESS_DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "UnauthorizedAccess", "AuthorizationError", "AccessDeniedFault");
    static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded",
            "TooManyRequestsException", "RequestThrottled", "RequestThrottledException", "SlowDown");
    static final Set<String> BAD_CREDENTIALS = Set.of("UnrecognizedClientException", "InvalidClientTokenId",
            "AuthFailure", "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch", "InvalidSignatureException");

    private AwsErrors() {
    }

    static <T> T call(String iamAction, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(iamAction, e);
        }
    }

    static void run(String iamAction, Runnable call) {
        call(iamAction, () -> {
            call.run();
            return null;
        });
    }

    static String code(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            return code == null ? "" : code;
        }
        return "";
    }

    static String message(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorMessage() != null) {
            return service.awsErrorDetails().errorMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static GpuNotebookException translate(String iamAction, SdkException e) {
        String code = code(e);
        String message = message(e);
        if (ACCESS_DENIED.contains(code)) {
            return GpuNotebookException.of(Reason.ACCESS_DENIED, "AWS denied " + iamAction + " (" + code + "). Allow the"
                    + " IAM action " + iamAction + " for the credentials gpu-notebook uses; the README's IAM policy"
                    + " lists every action it needs.", e);
        }
        if ("VcpuLimitExceeded".equals(code)) {
            return GpuNotebookException.of(Reason.QUOTA, "EC2 refused to launch the instance: " + message
                    + " (VcpuLimitExceeded). Request a higher On-Demand vCPU quota for the instance family in the"
                    + " Service Quotas console (G and VT: L-DB2E81BA, P: L-417A185B), or stop another instance.", e);
        }
        if ("InsufficientInstanceCapacity".equals(code)) {
            return GpuNotebookException.of(Reason.CAPACITY, "AWS has no capacity for this instance type in this"
                    + " Availability Zone right now: " + message + " Try again later, use subnets in another"
                    + " Availability Zone, or choose another GPU type with --instance-type (for example g5.xlarge"
                    + " or g6.xlarge).", e);
        }
        if ("IncorrectInstanceState".equals(code)) {
            return GpuNotebookException.of(Reason.CONFLICT, "EC2 refused " + iamAction + " because the instance is in"
                    + " the middle of another change (" + shorten(message) + "). Wait until it has finished starting"
                    + " or stopping (`status NAME` shows its state), then try again.", e);
        }
        if ("UnsupportedOperation".equals(code)) {
            return GpuNotebookException.of(Reason.CONFLICT, "EC2 cannot do " + iamAction + " for this instance: "
                    + shorten(message) + " Delete the notebook and start it again to get an instance that can stop.", e);
        }
        if (THROTTLING.contains(code)) {
            return GpuNotebookException.of(Reason.THROTTLED, "AWS kept throttling " + iamAction + " (" + code + ") after"
                    + " retrying with backoff. Wait a minute and try again.", e);
        }
        if (BAD_CREDENTIALS.contains(code)) {
            // The message of a signature error can quote the signed request, so only the code is shown.
            return GpuNotebookException.of(Reason.CREDENTIALS, "AWS rejected the credentials (" + code + "). Check"
                    + " AWS_PROFILE or --profile, or refresh them (aws sso login).", e);
        }
        if (e instanceof SdkClientException) {
            return clientError(iamAction, e, message);
        }
        int status = e instanceof AwsServiceException s ? s.statusCode() : 0;
        return GpuNotebookException.of(Reason.AWS, iamAction + " failed: " + (code.isEmpty() ? "HTTP " + status : code)
                + ": " + shorten(message), e);
    }

    private static GpuNotebookException clientError(String iamAction, SdkException e, String message) {
        if (message.contains("Unable to load credentials") || message.contains("Unable to load region")) {
            return GpuNotebookException.of(Reason.CREDENTIALS, "No AWS " + (message.contains("region") ? "region" : "credentials")
                    + " found: set --region and --profile (or AWS_REGION and AWS_PROFILE), or try it on a local"
                    + " emulator with --local.", e);
        }
        return GpuNotebookException.of(Reason.AWS, "Could not call " + iamAction + ": " + shorten(message)
                + ". Check the network and --endpoint-url.", e);
    }

    private static String shorten(String message) {
        String oneLine = message.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
