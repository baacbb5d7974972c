package dev.gpunotebook.core.diagnose.snapshot;

import java.util.List;
import java.util.Map;

/** Argument checks shared by the immutable records of the diagnostics layer. */
public final class Validate {
    private Validate() {
    }

    public static String nonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    public static <T> T nonNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    public static int nonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
        return value;
    }

    /** An immutable copy; a null list (an AWS field that was absent) becomes empty. */
    public static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    /** An immutable copy keeping the given order (evidence lists it); a null map becomes empty. */
    public static <K, V> Map<K, V> map(Map<K, V> value) {
        if (value == null) {
            return Map.of();
        }
        Map<K, V> copy = new java.util.LinkedHashMap<>();
        value.forEach((k, v) -> copy.put(nonNull(k, "key"), nonNull(v, "value")));
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** A port or port-range bound: -1 (all, as AWS writes it for protocol -1) or 0..65535. */
    public static Integer port(Integer value, String name) {
        if (value != null && (value < -1 || value > 65535)) {
            throw new IllegalArgumentException(name + " out of range: " + value);
        }
        return value;
    }
}
