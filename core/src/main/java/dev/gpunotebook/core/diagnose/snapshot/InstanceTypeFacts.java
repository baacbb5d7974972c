package dev.gpunotebook.core.diagnose.snapshot;

import java.util.List;

/**
 * EC2 DescribeInstanceTypes, one type: VCpuInfo.DefaultVCpus, MemoryInfo.SizeInMiB, GpuInfo
 * (total count, first GPU's name and manufacturer; null when the type has no GPU) and
 * ProcessorInfo.SupportedArchitectures. {@code offeredAvailabilityZones} comes from
 * DescribeInstanceTypeOfferings (location type availability-zone), a separate call.
 */
public record InstanceTypeFacts(
        String instanceType,
        int vcpus,
        long memoryMiB,
        int gpuCount,
        String gpuName,
        String gpuManufacturer,
        List<String> architectures,
        Fact<List<String>> offeredAvailabilityZones) {

    public InstanceTypeFacts {
        Validate.nonBlank(instanceType, "instanceType");
        if (vcpus <= 0) {
            throw new IllegalArgumentException("vcpus must be positive: " + vcpus);
        }
        if (memoryMiB <= 0) {
            throw new IllegalArgumentException("memoryMiB must be positive: " + memoryMiB);
        }
        Validate.nonNegative(gpuCount, "gpuCount");
        architectures = Validate.list(architectures);
        offeredAvailabilityZones = Validate.nonNull(offeredAvailabilityZones, "offeredAvailabilityZones")
                .map(List::copyOf);
    }
}
