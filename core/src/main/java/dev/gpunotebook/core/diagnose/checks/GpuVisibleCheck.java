package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.GpuProbeFacts;
import dev.gpunotebook.core.diagnose.snapshot.GpuProbeLine;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies that the notebook container really sees the GPUs ECS assigned to it, from the
 * {@code GPU_PROBE} line the image logs at start (see {@link GpuProbeLine}): the UUIDs
 * {@code nvidia-smi -L} lists must include the task's assigned GPU ids, and CUDA must be able to
 * use them ({@code CUDA_VISIBLE_DEVICES=} hides GPUs from CUDA but not from nvidia-smi, so both are
 * compared). UNKNOWN when the image logs no probe.
 *
 * <p>Needs CloudWatch Logs FilterLogEvents ({@code logs:FilterLogEvents}) on the task's log stream
 * and ECS DescribeTasks (the containers' {@code gpuIds}).
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-gpu.html">https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-gpu.html</a>
 */
public final class GpuVisibleCheck extends BaseCheck {
    static final String DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-gpu.html";

    public GpuVisibleCheck() {
        super(CheckIds.GPU_VISIBLE, Area.NOTEBOOK, DOCS, CheckIds.SERVICE_PLACEMENT);
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        GpuProbeFacts probe = need(s.gpuProbe(), "the notebook's " + GpuProbeLine.MARKER + " log line",
                () -> unknown("The notebook logged no " + GpuProbeLine.MARKER + " line (an image without the GPU "
                        + "probe?), so what the container sees is not known.", List.of()));
        List<String> assigned = s.tasks().toOptional().orElse(List.of()).stream().filter(TaskFacts::isRunning)
                .flatMap(t -> t.containers().stream()).flatMap(c -> c.gpuIds().stream()).distinct().toList();
        List<String> evidence = new ArrayList<>();
        evidence.add(GpuProbeLine.MARKER + (probe.loggedAt() == null ? "" : " at " + probe.loggedAt()) + ": status "
                + probe.status() + ", nvidia-smi sees " + (probe.visibleGpuUuids().isEmpty() ? "no GPU"
                        : String.join(", ", probe.visibleGpuUuids())) + ", CUDA "
                + (probe.cudaAvailable() == null ? "unknown" : probe.cudaAvailable() ? "available" : "not available")
                + (probe.cudaDeviceCount() == null ? "" : " (" + probe.cudaDeviceCount() + " device(s))")
                + (probe.error().isBlank() ? "" : ", error: " + probe.error()));
        evidence.add("GPUs ECS assigned to the running task: " + (assigned.isEmpty() ? "none reported"
                : String.join(", ", assigned)));
        String gpuSetup = "Check the container's resourceRequirements (type GPU), that the instance runs the ECS GPU "
                + "AMI with ECS_ENABLE_GPU_SUPPORT=true, and that the task definition does not set NVIDIA_VISIBLE_DEVICES.";
        if (probe.visibleGpuUuids().isEmpty()) {
            return fail("The notebook container sees no GPU" + (probe.error().isBlank() ? "." : ": " + probe.error() + "."),
                    evidence, gpuSetup);
        }
        List<String> hidden = assigned.stream().filter(id -> !probe.visibleGpuUuids().contains(id)).toList();
        if (!hidden.isEmpty()) {
            return fail("ECS assigned " + String.join(", ", hidden) + " to the task, but the container does not see "
                    + (hidden.size() == 1 ? "it." : "them."), evidence, gpuSetup);
        }
        if (Boolean.FALSE.equals(probe.cudaAvailable()) || Integer.valueOf(0).equals(probe.cudaDeviceCount())) {
            return fail("nvidia-smi sees the GPU, but CUDA cannot use it: CUDA_VISIBLE_DEVICES is empty, or the driver "
                    + "is older than the CUDA version the image needs.", evidence, "Do not set CUDA_VISIBLE_DEVICES in "
                    + "the task definition, and use an image built for the instance's driver (nvidia-smi shows its "
                    + "CUDA version).");
        }
        if (!probe.status().equals(GpuProbeLine.USABLE)) {
            return fail("The GPU probe reports " + probe.status() + (probe.error().isBlank() ? "." : ": "
                    + probe.error() + "."), evidence, gpuSetup);
        }
        return pass("The notebook container sees " + probe.visibleGpuUuids().size() + " GPU(s)"
                + (Boolean.TRUE.equals(probe.cudaAvailable()) ? " and CUDA can use them." : "."), evidence);
    }
}
