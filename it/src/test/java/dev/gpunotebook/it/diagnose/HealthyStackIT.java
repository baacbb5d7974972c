package dev.gpunotebook.it.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.Diagnosis;
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

        System.out.println(DiagnosedStack.describe(diagnosis));
        assertThat(diagnosis.counts().get(Status.FAIL)).as(DiagnosedStack.describe(diagnosis)).isZero();
    }
}
