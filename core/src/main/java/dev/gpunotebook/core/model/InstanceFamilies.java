package dev.gpunotebook.core.model;

import java.util.Locale;

/**
 * Which On-Demand vCPU quota an instance type counts against. EC2 limits running On-Demand
 * instances by vCPUs per family bucket, and a GPU account's G/VT or P quota is often 0.
 */
public final class InstanceFamilies {

    /** An On-Demand vCPU quota of Service Quotas' {@code ec2} service. */
    public enum VcpuQuota {
        G_AND_VT("L-DB2E81BA", "Running On-Demand G and VT instances"),
        P("L-417A185B", "Running On-Demand P instances"),
        STANDARD("L-1216C47A", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances"),
        F("L-74FC7D96", "Running On-Demand F instances"),
        INF("L-1945791B", "Running On-Demand Inf instances"),
        TRN("L-2C3B7624", "Running On-Demand Trn instances"),
        X("L-7295265B", "Running On-Demand X instances"),
        HIGH_MEMORY("L-43DA4232", "Running On-Demand High Memory instances"),
        DL("L-6E869C2A", "Running On-Demand DL instances");

        private final String code;
        private final String displayName;

        VcpuQuota(String code, String displayName) {
            this.code = code;
            this.displayName = displayName;
        }

        public String code() {
            return code;
        }

        public String displayName() {
            return displayName;
        }

        /** The command that asks AWS for more, for a message to a person. */
        public String increaseCommand(int desiredVcpus) {
            return "aws service-quotas request-service-quota-increase --service-code ec2 --quota-code " + code
                    + " --desired-value " + desiredVcpus;
        }
    }

    private InstanceFamilies() {
    }

    /** The quota bucket of an instance type such as {@code g4dn.xlarge} or {@code p4d.24xlarge}. */
    public static VcpuQuota quotaFor(String instanceType) {
        String family = instanceType.toLowerCase(Locale.ROOT).split("\\.", 2)[0];
        if (family.startsWith("u-")) {
            return VcpuQuota.HIGH_MEMORY;
        }
        if (family.startsWith("inf")) {
            return VcpuQuota.INF;
        }
        if (family.startsWith("trn")) {
            return VcpuQuota.TRN;
        }
        if (family.startsWith("dl")) {
            return VcpuQuota.DL;
        }
        return switch (family.charAt(0)) {
            case 'g' -> VcpuQuota.G_AND_VT;
            case 'p' -> VcpuQuota.P;
            case 'f' -> VcpuQuota.F;
            case 'x' -> VcpuQuota.X;
            case 'v' -> family.startsWith("vt") ? VcpuQuota.G_AND_VT : VcpuQuota.STANDARD;
            default -> VcpuQuota.STANDARD;
        };
    }
}
