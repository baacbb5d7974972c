package dev.gpunotebook.core.diagnose.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GpuProbeLineTest {
    private static final Instant AT = Instant.parse("2025-01-06T09:05:00Z");
    // UUID from fixtures/gpu/h200/nvidia-smi-L.txt
    private static final String UUID = "GPU-9ce1ef66-8d1b-ee6c-d33e-b9d14cd2ca95";

    @Test
    void parse_whenLineHasALogPrefix_readsTheProbe() {
        String line = "2025-01-06 09:05:00 [probe] GPU_PROBE {\"status\": \"usable\", \"reason\": \"1 GPU visible\", "
                + "\"gpus\": [{\"index\": 0, \"name\": \"NVIDIA H200\", \"uuid\": \"" + UUID + "\", \"memoryMiB\": 143771}], "
                + "\"torch\": {\"available\": true, \"cudaAvailable\": true, \"deviceCount\": 1}}";

        GpuProbeFacts probe = GpuProbeLine.parse(line, AT).orElseThrow();

        assertThat(probe.status()).isEqualTo("usable");
        assertThat(probe.visibleGpuUuids()).containsExactly(UUID);
        assertThat(probe.cudaAvailable()).isTrue();
        assertThat(probe.cudaDeviceCount()).isEqualTo(1);
        assertThat(probe.loggedAt()).isEqualTo(AT);
    }

    @Test
    void parse_whenCudaIsHidden_keepsNvidiaSmiAndCudaApart() {
        String line = "GPU_PROBE {\"status\": \"no-device\", \"reason\": \"PyTorch sees no CUDA device\", "
                + "\"gpus\": [{\"uuid\": \"" + UUID + "\"}], \"torch\": {\"cudaAvailable\": false, \"deviceCount\": 0}}";

        GpuProbeFacts probe = GpuProbeLine.parse(line, AT).orElseThrow();

        assertThat(probe.visibleGpuUuids()).hasSize(1);
        assertThat(probe.cudaAvailable()).isFalse();
        assertThat(probe.cudaDeviceCount()).isZero();
    }

    @Test
    void parse_whenNoMarkerOrBrokenJson_isEmpty() {
        assertThat(GpuProbeLine.parse("jupyter started", AT)).isEmpty();
        assertThat(GpuProbeLine.parse("GPU_PROBE {\"status\": ", AT)).isEmpty();
        assertThat(GpuProbeLine.parse("GPU_PROBE {\"gpus\": []}", AT)).isEmpty();
        assertThat(GpuProbeLine.parse(null, AT)).isEmpty();
    }
}
