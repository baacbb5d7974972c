package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns one AWS call of the diagnostics collector into a {@link Fact}: its value, or why there is
 * none. Access denied becomes {@link Fact#denied} naming the IAM action; "not found" becomes
 * {@link Fact#missing}; an API the region (or the emulator) does not offer, throttling that
 * outlasted the retries, or any other error becomes {@link Fact#unavailable}. Only credentials
 * that AWS rejects (or that cannot be found) end the diagnosis: nothing can be read then.
 */
final class FactCalls {

    /** Error codes that say the resource does not exist. */
    static final Set<String> NOT_FOUND = Set.of("ClusterNotFoundException", "ServiceNotFoundException",
            "InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed", "InvalidAMIID.NotFound",
            "InvalidAMIID.Malformed", "InvalidSubnetID.NotFound", "InvalidGroup.NotFound", "InvalidVpcID.NotFound",
            "TargetGroupNotFound", "LoadBalancerNotFound", "ListenerNotFound", "NoSuchEntity", "ResourceNotFoundException",
            "InvalidInstanceType");

    /** Error codes that say the API or the resource kind is not offered here. */
    static final Set<String> NOT_AVAILABLE = Set.of("NoSuchResourceException", "UnsupportedOperation",
            "UnsupportedOperationException", "OptInRequired", "InvalidAction", "UnknownOperationException");

    private FactCalls() {
    }

    /** The value of {@code call}, or the fact that says why it could not be read. */
    static <T> Fact<T> fact(String iamAction, String what, Supplier<T> call) {
        try {
            T value = call.get();
            return value == null ? Fact.missing(what) : Fact.known(value);
        } catch (SdkException e) {
            return failure(iamAction, what, e);
        }
    }

    /** The fact for a failed call; throws when the credentials themselves are refused. */
    static <T> Fact<T> failure(String iamAction, String what, SdkException e) {
        String code = AwsErrors.code(e);
        String message = AwsErrors.message(e).replaceAll("\\s+", " ").trim();
        if (AwsErrors.ACCESS_DENIED.contains(code)) {
            return Fact.denied(iamAction, shorten(message));
        }
        if (AwsErrors.BAD_CREDENTIALS.contains(code) || (e instanceof SdkClientException
                && (message.contains("Unable to load credentials") || message.contains("Unable to load region")))) {
            throw AwsErrors.translate(iamAction, e);
        }
        if (NOT_FOUND.contains(code) || code.endsWith(".NotFound")) {
            // AWS's message names the id ("The image id '[ami-0abc]' does not exist"): a batch read needs it.
            return Fact.missing(what + " (" + code + (message.isEmpty() ? "" : ": " + shorten(message)) + ")");
        }
        if (NOT_AVAILABLE.contains(code)) {
            return Fact.unavailable(iamAction + " is not available here: " + shorten(message) + " (" + code + ")");
        }
        if (AwsErrors.THROTTLING.contains(code)) {
            return Fact.unavailable(iamAction + " was throttled after retries (" + code + "); run diagnose again later");
        }
        if (e instanceof SdkClientException) {
            return Fact.unavailable("could not call " + iamAction + ": " + shorten(message));
        }
        return Fact.unavailable(iamAction + " failed: " + (code.isEmpty() ? "" : code + ": ") + shorten(message));
    }

    /**
     * Carries a failed fact over to another type ("the task definition" of a missing service is missing too).
     * A missing fact keeps naming what is missing at the root ("cluster c (ClusterNotFoundException)"), not
     * each thing that depends on it: carried along a chain, those would nest into an unreadable sentence.
     */
    @SuppressWarnings("unchecked")
    static <T> Fact<T> carry(Fact<?> failed, String what) {
        if (failed instanceof Fact.Missing<?> missing) {
            return Fact.missing(missing.what());
        }
        if (failed.isKnown()) {
            throw new IllegalArgumentException("carry() needs a fact that is not known");
        }
        return (Fact<T>) failed;
    }

    static GpuNotebookException unexpected(String what, Throwable cause) {
        return GpuNotebookException.of(GpuNotebookException.Reason.AWS, "Collecting " + what + " failed unexpectedly: "
                + cause + ". Run diagnose again; if it persists, report it with this message.", cause);
    }

    private static String shorten(String message) {
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
