package dev.gpunotebook.core.diagnose.checks;

import java.util.Optional;

/** An IPv4 CIDR block, for "does this rule cover that network" questions. */
record Cidr(long base, int prefix) {
    static final Cidr ANYWHERE = new Cidr(0, 0);

    /** Empty for IPv6 or text that is not an IPv4 CIDR (or address, taken as /32). */
    static Optional<Cidr> parse(String text) {
        if (text == null || text.contains(":")) {
            return Optional.empty();
        }
        String[] parts = text.strip().split("/");
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4 || parts.length > 2) {
            return Optional.empty();
        }
        try {
            long address = 0;
            for (String octet : octets) {
                int value = Integer.parseInt(octet);
                if (value < 0 || value > 255) {
                    return Optional.empty();
                }
                address = address << 8 | value;
            }
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
            if (prefix < 0 || prefix > 32) {
                return Optional.empty();
            }
            return Optional.of(new Cidr(address & mask(prefix), prefix));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether every address of {@code other} is in this block. */
    boolean contains(Cidr other) {
        return other.prefix >= prefix && (other.base & mask(prefix)) == base;
    }

    /** Whether the text is a CIDR that contains {@code other}. */
    static boolean covers(String text, Cidr other) {
        return parse(text).map(c -> c.contains(other)).orElse(false);
    }

    boolean isAnywhere() {
        return prefix == 0;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }
}
