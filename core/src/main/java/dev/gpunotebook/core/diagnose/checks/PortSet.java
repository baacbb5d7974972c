package dev.gpunotebook.core.diagnose.checks;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of TCP ports as sorted, disjoint ranges. Used to ask whether several security group
 * rules together cover the dynamic host-port range, and which network ACL rule blocks what.
 */
final class PortSet {
    private final List<int[]> ranges = new ArrayList<>();

    static PortSet of(int from, int to) {
        PortSet set = new PortSet();
        set.add(from, to);
        return set;
    }

    void add(int from, int to) {
        if (from > to) {
            return;
        }
        List<int[]> merged = new ArrayList<>();
        int[] adding = {from, to};
        for (int[] range : ranges) {
            if (range[1] + 1 < adding[0] || adding[1] + 1 < range[0]) {
                merged.add(range);
            } else {
                adding = new int[] {Math.min(range[0], adding[0]), Math.max(range[1], adding[1])};
            }
        }
        merged.add(adding);
        merged.sort((a, b) -> Integer.compare(a[0], b[0]));
        ranges.clear();
        ranges.addAll(merged);
    }

    void addAll(PortSet other) {
        for (int[] range : other.ranges) {
            add(range[0], range[1]);
        }
    }

    /** This set without the ports of {@code from..to}. */
    PortSet minus(int from, int to) {
        PortSet result = new PortSet();
        for (int[] range : ranges) {
            if (to < range[0] || range[1] < from) {
                result.add(range[0], range[1]);
                continue;
            }
            if (range[0] < from) {
                result.add(range[0], from - 1);
            }
            if (to < range[1]) {
                result.add(to + 1, range[1]);
            }
        }
        return result;
    }

    /** The ports of this set that are also in {@code from..to}. */
    PortSet intersect(int from, int to) {
        PortSet result = new PortSet();
        for (int[] range : ranges) {
            int low = Math.max(range[0], from);
            int high = Math.min(range[1], to);
            if (low <= high) {
                result.add(low, high);
            }
        }
        return result;
    }

    PortSet minus(PortSet other) {
        PortSet result = this;
        for (int[] range : other.ranges) {
            result = result.minus(range[0], range[1]);
        }
        return result;
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (int[] range : ranges) {
            parts.add(range[0] == range[1] ? String.valueOf(range[0]) : range[0] + "-" + range[1]);
        }
        return String.join(", ", parts);
    }
}
