package dev.gpunotebook.core.diagnose.snapshot;

import java.time.Instant;
import java.util.List;

/**
 * The latest {@code GPU_PROBE {json}} line the notebook container logged (CloudWatch Logs
 * FilterLogEvents on the task's awslogs stream, pattern {@code GPU_PROBE}), parsed by
 * {@link GpuProbeLine}. The GPU ids ECS assigned to the task are in
 * {@link TaskFacts.ContainerState#gpuIds()}.
 *
 * @param status           {@code ok} or {@code error}, as the probe wrote it
 * @param visibleGpuUuids  the UUIDs {@code nvidia-smi -L} listed inside the container
 * @param cudaAvailable    whether CUDA could use a GPU (null when the probe could not tell)
 * @param cudaDeviceCount  how many devices CUDA saw (null when unknown)
 * @param error            what went wrong, empty when nothing did
 */
public record GpuProbeFacts(Instant loggedAt, String status, List<String> visibleGpuUuids, Boolean cudaAvailable,
        Integer cudaDeviceCount, String error) {
    public GpuProbeFacts {
        Validate.nonBlank(status, "status");
        visibleGpuUuids = Validate.list(visibleGpuUuids);
        error = error == null ? "" : error;
    }
}
