package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.GPU_UUID;
import static dev.gpunotebook.core.diagnose.Snapshots.LAUNCHED;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static dev.gpunotebook.core.diagnose.Snapshots.runningTaskAssigned;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.GpuProbeFacts;
import dev.gpunotebook.core.diagnose.snapshot.GpuProbeLine;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
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

    @Nested
    @DisplayName("what the evidence quotes")
    class WhatTheEvidenceQuotes {
        @Test
        void run_whenTheProbeSawEverything_quotesItAndTheAssignedGpus() {
            CheckResult result = check.run(healthy().build());

            assertThat(result.evidence()).containsExactly(
                    "GPU_PROBE at 2025-01-06T09:05:00Z: status usable, nvidia-smi sees " + GPU_UUID
                            + ", CUDA available (1 device(s))",
                    "GPUs ECS assigned to the running task: " + GPU_UUID);
        }

        @Test
        void run_whenTheProbeKnowsLittle_saysWhatIsUnknownAndQuotesTheError() {
            CheckResult result = check.run(healthy().tasks(known(List.of()))
                    .gpuProbe(known(new GpuProbeFacts(null, "error", List.of(), null, null, "nvidia-smi: command not found")))
                    .build());

            assertThat(result.evidence()).containsExactly(
                    "GPU_PROBE: status error, nvidia-smi sees no GPU, CUDA unknown, error: nvidia-smi: command not found",
                    "GPUs ECS assigned to the running task: none reported");
        }

        @Test
        void run_whenCudaIsNotAvailable_quotesThatAndItsDeviceCount() {
            CheckResult result = runWith(new GpuProbeFacts(LAUNCHED, "no-device", List.of(GPU_UUID), false, 0, null));

            assertThat(result.evidence().get(0)).endsWith(", CUDA not available (0 device(s))");
        }
    }

    @Nested
    @DisplayName("what the container sees")
    class WhatTheContainerSees {
        @Test
        void run_whenSeveralAssignedGpusAreHidden_namesThemAll() {
            String second = "GPU-1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901";
            CheckResult result = check.run(healthy().tasks(known(List.of(runningTaskAssigned(List.of(GPU_UUID, second)))))
                    .gpuProbe(known(new GpuProbeFacts(LAUNCHED, "usable", List.of("GPU-00000000-0000-0000-0000-000000000000"),
                            true, 1, null))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).isEqualTo("ECS assigned " + GPU_UUID + ", " + second + " to the task, but the "
                    + "container does not see them.");
        }

        @Test
        void run_whenOneAssignedGpuIsHidden_namesIt() {
            CheckResult result = runWith(new GpuProbeFacts(LAUNCHED, "usable", List.of("GPU-00000000-0000-0000-0000-000000000000"),
                    true, 1, null));

            assertThat(result.summary()).isEqualTo("ECS assigned " + GPU_UUID + " to the task, but the container does not "
                    + "see it.");
        }

        @Test
        void run_whenTheProbeCouldNotAskCuda_passesOnWhatNvidiaSmiSees() {
            // An image without PyTorch cannot say whether CUDA works: the GPUs are visible, nothing is claimed of CUDA.
            CheckResult result = runWith(new GpuProbeFacts(LAUNCHED, "usable", List.of(GPU_UUID), null, null, null));

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).isEqualTo("The notebook container sees 1 GPU(s).");
        }

        @Test
        void run_whenEverythingWorks_saysCudaCanUseTheGpus() {
            CheckResult result = check.run(healthy().build());

            assertThat(result.summary()).isEqualTo("The notebook container sees 1 GPU(s) and CUDA can use them.");
        }
    }
}
