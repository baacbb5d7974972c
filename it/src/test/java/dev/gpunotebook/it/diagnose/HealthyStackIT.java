package dev.gpunotebook.it.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.Diagnosis;
import java.util.List;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.FaultInjector;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WithAwsEmulator
class HealthyStackIT {

    private DiagnosedStack stack;

    @BeforeEach
    void setUp(AwsEmulator emulator, FaultInjector faults) {
        stack = new DiagnosedStack(emulator, faults);
    }

    @AfterEach
    void tearDown() {
        stack.close();
    }

    @Test
    void diagnose_whenStartMadeTheStack_findsNoFailure() {
        stack.start("alice");

        Diagnosis diagnosis = stack.diagnose("alice");

        assertThat(diagnosis.counts().get(Status.FAIL)).as(DiagnosedStack.describe(diagnosis)).isZero();
        assertThat(DiagnosedStack.statuses(diagnosis)).as(DiagnosedStack.describe(diagnosis))
                .containsEntry("credentials", Status.PASS).containsEntry("instance.state", Status.PASS)
                .containsEntry("agent.config", Status.PASS).containsEntry("agent.registration", Status.PASS)
                .containsEntry("network.outbound", Status.PASS).containsEntry("network.alb-to-instance", Status.PASS)
                // moto offers no EC2 quotas (NoSuchResourceException) and its load balancer's name does not resolve
                .containsEntry("quota.vcpu", Status.UNKNOWN);
        assertThat(diagnosis.apiCalls()).isPositive();
    }

    @Test
    void diagnose_whenTheNotebookRuns_readsItsInstanceOnce() {
        String instanceId = stack.start("alice").instanceId();
        int before = stack.faults.answersTo("DescribeInstances").size();

        stack.diagnose("alice");

        // Two DescribeInstances: the running instances (for the quota) and the environment's others.
        List<String> all = stack.faults.answersTo("DescribeInstances");
        List<String> answers = all.subList(0, all.size() - before); // WireMock lists the newest first
        assertThat(answers).hasSize(2);
        assertThat(answers.stream().mapToInt(body -> body.split("<instanceId>" + instanceId + "</instanceId>", -1).length
                - 1).sum()).as(String.join("\n\n", answers)).isEqualTo(1);
    }

    @Test
    void diagnoseAll_whenTwoNotebooksRun_diagnosesBothInOneCollection() {
        stack.start("alice");
        stack.start("bob");
        stack.agent.injectDescribeContainerInstances(stack.faults);

        var diagnoses = stack.notebooks.diagnoseAll();

        assertThat(diagnoses).extracting(d -> d.target().notebook()).containsExactly("alice", "bob");
        assertThat(diagnoses).allSatisfy(d -> assertThat(d.counts().get(Status.FAIL)).as(DiagnosedStack.describe(d))
                .isZero());
        assertThat(diagnoses.get(0).apiCalls()).isEqualTo(diagnoses.get(1).apiCalls());
    }
}
