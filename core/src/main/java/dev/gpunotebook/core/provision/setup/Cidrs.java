package dev.gpunotebook.core.provision.setup;

import dev.gpunotebook.core.GpuNotebookException;
import java.util.ArrayList;
import java.util.List;

/** Carves subnet blocks out of a VPC's CIDR. */
final class Cidrs {

    /** Subnets are 1/16 of the VPC, so there is room to add more later. */
    private static final int EXTRA_PREFIX_BITS = 4;

    private Cidrs() {
    }

    static List<String> split(String vpcCidr, int count) {
        String[] parts = vpcCidr.split("/");
        int prefix = Integer.parseInt(parts[1]);
        int subnetPrefix = prefix + EXTRA_PREFIX_BITS;
        if (subnetPrefix > 28) {
            throw GpuNotebookException.invalidInput("The VPC CIDR " + vpcCidr + " is too small to hold subnets of /"
                    + subnetPrefix + ": use a /24 or larger block.");
        }
        long base = toLong(parts[0]) & mask(prefix);
        long size = 1L << (32 - subnetPrefix);
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            blocks.add(toDotted(base + i * size) + "/" + subnetPrefix);
        }
        return blocks;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static long toLong(String dotted) {
        long value = 0;
        for (String octet : dotted.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }

    private static String toDotted(long value) {
        return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
    }
}
