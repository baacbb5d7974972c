package dev.gpunotebook.core.diagnose.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.gpunotebook.core.Json;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.StreamSupport;

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
        JsonNode json;
        try {
            json = Json.read(logLine.substring(marker + MARKER.length()).trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // textValue() is null for anything but a JSON string: a probe of another shape is no probe.
        String status = json.path("status").textValue();
        if (status == null || status.isBlank()) {
            return Optional.empty();
        }
        JsonNode gpus = json.path("gpus").isArray() ? json.path("gpus") : MissingNode.getInstance();
        List<String> uuids = StreamSupport.stream(gpus.spliterator(), false)
                .map(gpu -> gpu.path("uuid").textValue()).filter(Objects::nonNull).toList();
        JsonNode torch = json.path("torch");
        Boolean cudaAvailable = torch.path("cudaAvailable").isBoolean() ? torch.path("cudaAvailable").booleanValue() : null;
        Integer cudaCount = torch.path("deviceCount").isNumber() ? torch.path("deviceCount").intValue() : null;
        String reason = Objects.requireNonNullElse(json.path("reason").textValue(), "");
        return Optional.of(new GpuProbeFacts(loggedAt, status, uuids, cudaAvailable, cudaCount,
                USABLE.equals(status) ? "" : reason));
    }
}
