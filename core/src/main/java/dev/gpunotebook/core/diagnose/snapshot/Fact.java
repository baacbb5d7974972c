package dev.gpunotebook.core.diagnose.snapshot;

import java.util.Optional;
import java.util.function.Function;

/**
 * One AWS fact as the collector found it. A fact is either known, or it is known not to exist,
 * or it could not be read: access was denied (the check then reports UNKNOWN naming the IAM
 * action), or the API/emulator does not provide it. Checks must handle every case; that is why
 * a snapshot never holds a bare null for something it tried to read.
 */
public sealed interface Fact<T> permits Fact.Known, Fact.Missing, Fact.Denied, Fact.Unavailable {

    static <T> Fact<T> known(T value) {
        return new Known<>(value);
    }

    /** The resource does not exist (for example DescribeInstances found no such instance). */
    static <T> Fact<T> missing(String what) {
        return new Missing<>(what);
    }

    /** The call was refused: {@code iamAction} is the action to grant, e.g. {@code iam:GetRole}. */
    static <T> Fact<T> denied(String iamAction, String message) {
        return new Denied<>(iamAction, message);
    }

    /** The fact could not be read for another reason (API not offered here, not collected...). */
    static <T> Fact<T> unavailable(String reason) {
        return new Unavailable<>(reason);
    }

    default Optional<T> toOptional() {
        return this instanceof Known<T> known ? Optional.of(known.value()) : Optional.empty();
    }

    default boolean isKnown() {
        return this instanceof Known;
    }

    /** The same fact with its known value transformed; the other cases carry over unchanged. */
    default <U> Fact<U> map(Function<? super T, ? extends U> mapper) {
        if (this instanceof Known<T> known) {
            return new Known<>(mapper.apply(known.value()));
        }
        if (this instanceof Missing<T> missing) {
            return new Missing<>(missing.what());
        }
        if (this instanceof Denied<T> denied) {
            return new Denied<>(denied.iamAction(), denied.message());
        }
        return new Unavailable<>(((Unavailable<T>) this).reason());
    }

    /** Words for a person, used as evidence when the fact is not known. */
    String describe();

    record Known<T>(T value) implements Fact<T> {
        public Known {
            Validate.nonNull(value, "value");
        }

        @Override
        public String describe() {
            return String.valueOf(value);
        }
    }

    record Missing<T>(String what) implements Fact<T> {
        public Missing {
            Validate.nonBlank(what, "what");
        }

        @Override
        public String describe() {
            return what + " does not exist";
        }
    }

    record Denied<T>(String iamAction, String message) implements Fact<T> {
        public Denied {
            Validate.nonBlank(iamAction, "iamAction");
            message = message == null ? "" : message;
        }

        @Override
        public String describe() {
            return "access denied to " + iamAction + (message.isBlank() ? "" : " (" + message + ")");
        }
    }

    record Unavailable<T>(String reason) implements Fact<T> {
        public Unavailable {
            Validate.nonBlank(reason, "reason");
        }

        @Override
        public String describe() {
            return "not available: " + reason;
        }
    }
}
