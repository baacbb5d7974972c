package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.GPU_UUID;
import static dev.gpunotebook.core.diagnose.Snapshots.LAUNCHED;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.GpuProbeFacts;
import dev.gpunotebook.core.diagnose.snapshot.GpuProbeLine;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuVisibleCheckTest {
    private final GpuVisibleCheck check = new GpuVisibleCheck();

    private CheckResult runWith(GpuProbeFacts probe) {
        return check.run(healthy().gpuProbe(known(probe)).build());
    }

    @Test
    void run_whenContainerSeesTheAssignedGpuAndCudaUsesIt_passes() {
        CheckResult result = check.run(healthy().build());

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.evidence()).anySatisfy(e -> assertThat(e).contains(GPU_UUID));
    }

    @Test
    void run_whenProbeLineFromTheH200FixtureHidesCuda_failsOnCuda() {
        // fixtures/gpu/h200: with CUDA_VISIBLE_DEVICES= torch sees 0 devices, nvidia-smi -L still lists the GPU.
        GpuProbeFacts probe = GpuProbeLine.parse("GPU_PROBE {\"status\": \"no-device\", \"reason\": \"PyTorch sees no CUDA device\", "
                + "\"gpus\": [{\"uuid\": \"" + GPU_UUID + "\"}], \"torch\": {\"cudaAvailable\": false, \"deviceCount\": 0}}", LAUNCHED).orElseThrow();

        CheckResult result = runWith(probe);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).contains("CUDA cannot use it", "CUDA_VISIBLE_DEVICES");
    }

    @Test
    void run_whenContainerSeesNoGpu_fails() {
        CheckResult result = runWith(new GpuProbeFacts(LAUNCHED, "error", List.of(), false, 0,
                "nvidia-smi: command not found"));

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).contains("sees no GPU", "command not found");
        assertThat(result.remediation()).contains("resourceRequirements");
    }

    @Test
    void run_whenTheAssignedGpuIsNotTheVisibleOne_fails() {
        CheckResult result = runWith(new GpuProbeFacts(LAUNCHED, "usable", List.of("GPU-00000000-0000-0000-0000-000000000000"),
                true, 1, null));

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).contains("ECS assigned " + GPU_UUID);
    }

    @Test
    void run_whenProbeReportsAnError_fails() {
        CheckResult result = runWith(new GpuProbeFacts(LAUNCHED, "error", List.of(GPU_UUID), true, 1,
                "CUDA driver version is insufficient"));

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).contains("insufficient");
    }

    @Test
    void run_whenTheImageLogsNoProbe_isUnknown() {
        CheckResult result = check.run(healthy().gpuProbe(Fact.missing("GPU_PROBE line")).build());

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(result.summary()).contains("GPU_PROBE");
    }

    @Test
    void run_whenLogsAreDenied_isUnknownNamingTheAction() {
        CheckResult result = check.run(healthy().gpuProbe(Fact.denied("logs:FilterLogEvents", "")).build());

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(result.summary()).contains("logs:FilterLogEvents");
    }
}
