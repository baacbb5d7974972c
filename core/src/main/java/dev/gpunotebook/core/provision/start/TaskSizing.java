package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.cloud.InstanceTypeInfo;

/**
 * How much memory a notebook task may ask for. The ECS agent registers the memory the kernel
 * reports (MemTotal), a few percent below the instance type's nominal figure, and a task that asks
 * for more than is registered never places. We leave 10% (at least 1 GiB) for that gap, the
 * agent, Docker and the NVIDIA driver.
 */
final class TaskSizing {

    static final int MIN_RESERVE_MIB = 1024;

    private TaskSizing() {
    }

    static int memoryMib(InstanceTypeInfo type) {
        long reserve = Math.max(MIN_RESERVE_MIB, type.memoryMib() / 10);
        return (int) Math.max(512, type.memoryMib() - reserve);
    }
}
