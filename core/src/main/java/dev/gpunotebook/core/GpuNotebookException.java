package dev.gpunotebook.core;

/**
 * The one unchecked exception gpu-notebook throws at its callers. Its message always says what
 * went wrong and what to do about it, so front-ends can show it as it is.
 *
 * <pre>{@code
 * throw GpuNotebookException.of(Reason.QUOTA,
 *     "Running On-Demand G and VT instances (L-DB2E81BA) allows 8 vCPUs, 8 are in use ...");
 * }</pre>
 */
public class GpuNotebookException extends RuntimeException {

    /** Why an operation failed; front-ends pick exit codes and wording from it. */
    public enum Reason {
        /** Bad input from the user: a name, an option, a configuration value. */
        INVALID_INPUT,
        /** A needed resource (the shared environment, a notebook) does not exist. */
        NOT_FOUND,
        /** Another operation holds the resource, or its state does not allow this one. */
        CONFLICT,
        /** A service quota (vCPUs) is too low. */
        QUOTA,
        /** AWS has no capacity for the instance type in that Availability Zone. */
        CAPACITY,
        /** The caller lacks an IAM permission; the message names the action. */
        ACCESS_DENIED,
        /** AWS kept throttling after the SDK's retries with backoff. */
        THROTTLED,
        /** No or invalid credentials. */
        CREDENTIALS,
        /** Any other AWS error. */
        AWS
    }

    private final Reason reason;

    protected GpuNotebookException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public static GpuNotebookException of(Reason reason, String message) {
        return new GpuNotebookException(reason, message, null);
    }

    public static GpuNotebookException of(Reason reason, String message, Throwable cause) {
        return new GpuNotebookException(reason, message, cause);
    }

    public static GpuNotebookException invalidInput(String message) {
        return new GpuNotebookException(Reason.INVALID_INPUT, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
