package dev.gpunotebook.core.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which On-Demand vCPU quota an EC2 instance type counts against. AWS groups instance families
 * into quota buckets by the letters of the family ({@code g4dn.xlarge} is family {@code g4dn},
 * letters {@code g}); every running instance of the bucket uses vCPUs of the same quota, which is
 * why a new account that already runs one g5 cannot start a g4dn. Used by {@code quota.vcpu} and
 * by provisioning (pre-flight before RunInstances).
 */
public final class InstanceFamilies {

    /** A Service Quotas quota of service code {@code ec2}. */
    public record VcpuQuotaRef(String quotaCode, String quotaName) {

        /** The command that asks AWS for more, for a message to a person. */
        public String increaseCommand(int desiredVcpus) {
            return "aws service-quotas request-service-quota-increase --service-code ec2 --quota-code " + quotaCode
                    + " --desired-value " + desiredVcpus;
        }
    }

    public static final VcpuQuotaRef STANDARD = new VcpuQuotaRef("L-1216C47A",
            "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances");
    public static final VcpuQuotaRef G_AND_VT = new VcpuQuotaRef("L-DB2E81BA", "Running On-Demand G and VT instances");
    public static final VcpuQuotaRef P = new VcpuQuotaRef("L-417A185B", "Running On-Demand P instances");
    public static final VcpuQuotaRef F = new VcpuQuotaRef("L-74FC7D96", "Running On-Demand F instances");
    public static final VcpuQuotaRef INF = new VcpuQuotaRef("L-1945791B", "Running On-Demand Inf instances");
    public static final VcpuQuotaRef TRN = new VcpuQuotaRef("L-2C3B7624", "Running On-Demand Trn instances");
    public static final VcpuQuotaRef DL = new VcpuQuotaRef("L-6E869C2A", "Running On-Demand DL instances");
    public static final VcpuQuotaRef X = new VcpuQuotaRef("L-7295265B", "Running On-Demand X instances");
    public static final VcpuQuotaRef HIGH_MEMORY = new VcpuQuotaRef("L-43DA4232",
            "Running On-Demand High Memory instances");
    public static final VcpuQuotaRef HPC = new VcpuQuotaRef("L-F7808C92", "Running On-Demand HPC instances");

    private record Bucket(List<String> letters, VcpuQuotaRef quota) {
    }

    // Multi-letter classes first where a single letter would also match another bucket (dl vs d, inf vs i).
    private static final List<Bucket> BUCKETS = List.of(
            new Bucket(List.of("g", "gr", "vt"), G_AND_VT),
            new Bucket(List.of("p"), P),
            new Bucket(List.of("inf"), INF),
            new Bucket(List.of("trn"), TRN),
            new Bucket(List.of("dl"), DL),
            new Bucket(List.of("hpc"), HPC),
            new Bucket(List.of("f"), F),
            new Bucket(List.of("x"), X),
            new Bucket(List.of("u"), HIGH_MEMORY),
            new Bucket(List.of("a", "c", "d", "h", "i", "m", "r", "t", "z"), STANDARD));

    private InstanceFamilies() {
    }

    /** The quota the type counts against, or empty for a type of no known bucket (e.g. mac). */
    public static Optional<VcpuQuotaRef> quotaFor(String instanceType) {
        String letters = classLetters(instanceType);
        return BUCKETS.stream().filter(bucket -> bucket.letters().contains(letters)).map(Bucket::quota).findFirst();
    }

    /** The family: {@code g4dn} for {@code g4dn.xlarge}. */
    public static String familyOf(String instanceType) {
        String type = normalise(instanceType);
        int dot = type.indexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }

    /** Whether two types count against the same quota. */
    public static boolean sameQuota(String typeA, String typeB) {
        Optional<VcpuQuotaRef> a = quotaFor(typeA);
        return a.isPresent() && a.equals(quotaFor(typeB));
    }

    /** The leading letters of the family: {@code g} for g4dn, {@code inf} for inf2, {@code u} for u-6tb1. */
    static String classLetters(String instanceType) {
        String family = familyOf(instanceType);
        int end = 0;
        while (end < family.length() && Character.isLetter(family.charAt(end))) {
            end++;
        }
        return family.substring(0, end);
    }

    private static String normalise(String instanceType) {
        if (instanceType == null || instanceType.isBlank()) {
            throw new IllegalArgumentException("instance type must not be blank");
        }
        return instanceType.trim().toLowerCase(Locale.ROOT);
    }
}
