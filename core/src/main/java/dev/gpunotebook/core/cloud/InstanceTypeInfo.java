package dev.gpunotebook.core.cloud;

import java.util.List;

/** An EC2 instance type's figures from DescribeInstanceTypes. */
public record InstanceTypeInfo(String type, int vcpus, long memoryMib, int gpus, String gpuName,
        List<String> architectures) {
    public InstanceTypeInfo {
        gpuName = gpuName == null ? "" : gpuName;
        architectures = List.copyOf(architectures);
    }
}
