package dev.gpunotebook.core.diagnose.snapshot;

import dev.gpunotebook.core.diagnose.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the line the notebook image's {@code gpu-probe} (docker/notebook/gpu-probe) logs at
 * container start, so that {@code gpu.visible} can compare what the container sees with what ECS
 * assigned. The line is {@code GPU_PROBE } followed by one JSON object:
 *
 * <pre>
 * GPU_PROBE {"status": "usable", "reason": "...", "gpus": [{"index": 0, "name": "NVIDIA H200",
 *            "uuid": "GPU-9ce1ef66-...", "memoryMiB": 143771}], "driverVersion": "570.133.20",
 *            "torch": {"available": true, "cudaAvailable": true, "deviceCount": 1}, ...}
 * </pre>
 *
 * {@code status} is {@code usable}, {@code no-device}, {@code no-driver} or {@code error}; the GPU
 * UUIDs are those nvidia-smi lists (the form ECS registers as GPU ids); {@code torch} says whether
 * CUDA is usable from PyTorch, which {@code CUDA_VISIBLE_DEVICES=} can hide from CUDA but not from
 * nvidia-smi. Anything before {@code GPU_PROBE} (a log prefix) is ignored.
 */
public final class GpuProbeLine {
    public static final String MARKER = "GPU_PROBE";
    /** The probe's status when the GPUs are visible and CUDA works. */
    public static final String USABLE = "usable";

    private GpuProbeLine() {
    }

    /** The probe in a log line, or empty when the line has no well-formed probe. */
    public static Optional<GpuProbeFacts> parse(String logLine, Instant loggedAt) {
        if (logLine == null) {
            return Optional.empty();
        }
        int marker = logLine.indexOf(MARKER);
        if (marker < 0) {
            return Optional.empty();
        }
        Object parsed;
        try {
            parsed = Json.parse(logLine.substring(marker + MARKER.length()).trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!(parsed instanceof Map<?, ?> json) || !(json.get("status") instanceof String status) || status.isBlank()) {
            return Optional.empty();
        }
        List<String> uuids = json.get("gpus") instanceof List<?> gpus
                ? gpus.stream().filter(Map.class::isInstance).map(gpu -> ((Map<?, ?>) gpu).get("uuid"))
                        .filter(String.class::isInstance).map(String.class::cast).toList()
                : List.of();
        Map<?, ?> torch = json.get("torch") instanceof Map<?, ?> t ? t : Map.of();
        Boolean cudaAvailable = torch.get("cudaAvailable") instanceof Boolean b ? b : null;
        Integer cudaCount = torch.get("deviceCount") instanceof BigDecimal n ? n.intValue() : null;
        String reason = json.get("reason") instanceof String r ? r : "";
        return Optional.of(new GpuProbeFacts(loggedAt, status, uuids, cudaAvailable, cudaCount,
                USABLE.equals(status) ? "" : reason));
    }
}
