package dev.gpunotebook.it.diagnose;

import static dev.gpunotebook.it.diagnose.DiagnosedStack.check;
import static dev.gpunotebook.it.diagnose.DiagnosedStack.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.EmulatorClients;
import dev.gpunotebook.it.emulator.FaultInjector;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * {@code gpu.visible} end to end: the probe line goes into CloudWatch Logs on the emulator, where the
 * task's awslogs stream would be, and diagnose reads it back with FilterLogEvents. moto runs no task, so
 * ListTasks/DescribeTasks are injected with ECS's answer for a running task and the GPU it was assigned.
 */
@WithAwsEmulator
class GpuVisibleIT {

    private static final String ECS = "AmazonEC2ContainerServiceV20141113.";
    private static final String TASK_ID = "7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f";
    private static final String H200 = "GPU-9ce1ef66-8d1b-ee6c-d33e-b9d14cd2ca95";
    /**
     * What docker/notebook/gpu-probe printed with a stand-in nvidia-smi replaying the real H200 outputs of
     * ../shared/fixtures/gpu/h200 (query-csv-noheader.txt and nvidia-smi.txt), PyTorch not installed.
     */
    private static final String PROBE_LINE = "GPU_PROBE {\"status\":\"usable\",\"reason\":\"nvidia-smi lists 1 GPU(s);"
            + " PyTorch is not installed, CUDA not checked\",\"gpus\":[{\"index\":0,\"name\":\"NVIDIA H200\",\"uuid\":\""
            + H200 + "\",\"memoryMiB\":143771,\"memoryUsedMiB\":0}],\"driverVersion\":\"580.159.04\",\"cudaVersion\":"
            + "\"13.0\",\"torch\":{\"available\":false,\"version\":null,\"cudaVersion\":null,\"cudaAvailable\":null,"
            + "\"deviceCount\":null,\"error\":null},\"env\":{\"NVIDIA_VISIBLE_DEVICES\":null,\"CUDA_VISIBLE_DEVICES\":null},"
            + "\"checkedAt\":\"2026-11-28T22:03:26Z\"}";

    private DiagnosedStack stack;
    private FaultInjector faults;
    private CloudWatchLogsClient logs;

    @BeforeEach
    void setUp(AwsEmulator emulator, FaultInjector faults) {
        this.faults = faults;
        stack = new DiagnosedStack(emulator, faults);
        logs = EmulatorClients.build(CloudWatchLogsClient.builder(), emulator.endpoint());
    }

    @AfterEach
    void tearDown() {
        logs.close();
        stack.close();
    }

    private void runningTaskAssigned(String gpuId) {
        String arn = "arn:aws:ecs:us-east-1:123456789012:task/gpu-notebook-default/" + TASK_ID;
        faults.injectJson(ECS + "ListTasks", 200, "{\"taskArns\":[\"" + arn + "\"]}");
        faults.injectJson(ECS + "DescribeTasks", 200, "{\"tasks\":[{\"taskArn\":\"" + arn + "\",\"clusterArn\":"
                + "\"arn:aws:ecs:us-east-1:123456789012:cluster/gpu-notebook-default\",\"group\":\"service:notebook-alice\","
                + "\"taskDefinitionArn\":\"arn:aws:ecs:us-east-1:123456789012:task-definition/gpu-notebook-default-alice:1\","
                + "\"lastStatus\":\"RUNNING\",\"desiredStatus\":\"RUNNING\",\"launchType\":\"EC2\",\"startedAt\":"
                + Instant.now().minusSeconds(600).getEpochSecond() + ",\"containers\":[{\"name\":\"jupyter\","
                + "\"lastStatus\":\"RUNNING\",\"gpuIds\":[\"" + gpuId + "\"],\"networkBindings\":[{\"bindIP\":\"0.0.0.0\","
                + "\"containerPort\":8888,\"hostPort\":32768,\"protocol\":\"tcp\"}]}]}],\"failures\":[]}");
    }

    private void logged(String line) {
        String stream = "alice/jupyter/" + TASK_ID;
        logs.createLogStream(r -> r.logGroupName("/gpu-notebook/default").logStreamName(stream));
        logs.putLogEvents(r -> r.logGroupName("/gpu-notebook/default").logStreamName(stream).logEvents(
                e -> e.timestamp(Instant.now().minusSeconds(500).toEpochMilli()).message("Entered start.sh"),
                e -> e.timestamp(Instant.now().minusSeconds(499).toEpochMilli()).message(line)));
    }

    @Test
    void diagnose_whenTheContainerSeesTheGpuEcsAssigned_passesGpuVisible() {
        stack.start("alice");
        runningTaskAssigned(H200);
        logged(PROBE_LINE);

        Diagnosis diagnosis = stack.diagnose("alice");

        CheckResult gpu = check(diagnosis, "gpu.visible");
        assertThat(gpu.status()).as(describe(diagnosis)).isEqualTo(Status.PASS);
        assertThat(gpu.evidence()).anyMatch(e -> e.contains(H200));
    }

    @Test
    void diagnose_whenEcsAssignedAGpuTheContainerDoesNotSee_failsGpuVisibleNamingIt() {
        stack.start("alice");
        String other = "GPU-00000000-1111-2222-3333-444444444444";
        runningTaskAssigned(other);
        logged(PROBE_LINE);

        Diagnosis diagnosis = stack.diagnose("alice");

        CheckResult gpu = check(diagnosis, "gpu.visible");
        assertThat(gpu.status()).as(describe(diagnosis)).isEqualTo(Status.FAIL);
        assertThat(gpu.summary()).contains(other);
        assertThat(gpu.remediation()).contains("ECS_ENABLE_GPU_SUPPORT");
    }

    @Test
    void diagnose_whenTheContainerLoggedNoProbeLine_isUnknown() {
        stack.start("alice");
        runningTaskAssigned(H200);
        logged("[I 2026-11-28 22:03:30 ServerApp] Jupyter Server 2.14.2 is running at: http://0.0.0.0:8888/");

        Diagnosis diagnosis = stack.diagnose("alice");

        assertThat(check(diagnosis, "gpu.visible").status()).as(describe(diagnosis)).isEqualTo(Status.UNKNOWN);
    }
}
