package dev.gpunotebook.core.diagnose.snapshot;

import dev.gpunotebook.core.diagnose.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the line the notebook image logs at start so that {@code gpu.visible} can compare what
 * the container sees with what ECS assigned. The line is {@code GPU_PROBE } followed by one JSON
 * object:
 *
 * <pre>
 * GPU_PROBE {"status": "ok", "uuids": ["GPU-9ce1ef66-..."], "cuda_available": true,
 *            "cuda_count": 1, "error": ""}
 * </pre>
 *
 * {@code uuids} are the UUIDs of {@code nvidia-smi -L} (the form ECS registers as GPU ids);
 * {@code cuda_available}/{@code cuda_count} come from the framework (for example
 * {@code torch.cuda}); both are needed because {@code CUDA_VISIBLE_DEVICES=} hides GPUs from
 * CUDA but not from nvidia-smi. Anything before {@code GPU_PROBE} (a log prefix) is ignored.
 */
public final class GpuProbeLine {
    public static final String MARKER = "GPU_PROBE";

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
        List<String> uuids = json.get("uuids") instanceof List<?> list
                ? list.stream().filter(String.class::isInstance).map(String.class::cast).toList()
                : List.of();
        Boolean cudaAvailable = json.get("cuda_available") instanceof Boolean b ? b : null;
        Integer cudaCount = json.get("cuda_count") instanceof BigDecimal n ? n.intValue() : null;
        String error = json.get("error") instanceof String e ? e : "";
        return Optional.of(new GpuProbeFacts(loggedAt, status, uuids, cudaAvailable, cudaCount, error));
    }
}
