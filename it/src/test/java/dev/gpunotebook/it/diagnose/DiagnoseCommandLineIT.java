package dev.gpunotebook.it.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import dev.gpunotebook.it.cli.EmulatorCredentials;
import dev.gpunotebook.it.cli.InProcessCli;
import dev.gpunotebook.it.cli.InProcessCli.Run;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.FaultInjector;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** {@code diagnose} through the jar's command line: the DESIGN.md JSON shape and the exit codes. */
@WithAwsEmulator
@ExtendWith(EmulatorCredentials.class)
class DiagnoseCommandLineIT {

    private DiagnosedStack stack;
    private FaultInjector faults;
    private AwsEmulator emulator;


    @BeforeEach
    void setUp(AwsEmulator emulator, FaultInjector faults) {
        this.emulator = emulator;
        this.faults = faults;
        stack = new DiagnosedStack(emulator, faults);
    }

    @AfterEach
    void tearDown() {
        stack.close();
    }

    private Run run(String... args) {
        stack.agent.injectDescribeContainerInstances(faults);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint-url", faults.endpoint().toString(), "--region", "us-east-1"));
        return InProcessCli.run(all);
    }

    @Test
    void run_whenTheStackIsHealthy_printsTheDesignJsonShapeAndExitsZero() {
        stack.start("alice");

        Run run = run("diagnose", "alice", "--output", "json");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        assertThat(json.keySet()).containsExactly("target", "checks", "counts", "apiCalls", "elapsedMs");
        assertThat(json.getAsJsonObject("target").keySet()).containsExactlyInAnyOrder("cluster", "service", "notebook",
                "region");
        assertThat(json.getAsJsonObject("target").get("notebook").getAsString()).isEqualTo("alice");
        assertThat(json.getAsJsonObject("counts").keySet()).containsExactly("PASS", "WARN", "FAIL", "SKIP", "UNKNOWN");
        assertThat(json.getAsJsonArray("checks")).hasSize(18);
        JsonObject first = json.getAsJsonArray("checks").get(0).getAsJsonObject();
        assertThat(first.keySet()).contains("id", "status", "summary", "evidence");
        assertThat(json.get("apiCalls").getAsInt()).isPositive();
    }

    @Test
    void run_whenTheInstanceIsStopped_exitsOneWithTheFixInTheJson() {
        StartResult started = stack.start("alice");
        try (Ec2Client ec2 = emulator.client(Ec2Client.builder())) {
            ec2.stopInstances(r -> r.instanceIds(started.instanceId()));
        }

        Run run = run("diagnose", "alice", "--output", "json");

        assertThat(run.status()).isEqualTo(1);
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        assertThat(json.getAsJsonObject("counts").get("FAIL").getAsInt()).isEqualTo(1);
        assertThat(run.out()).contains("\"instance.state\"").contains("remediation");
    }

    @Test
    void run_whenTheInstanceIsStoppedAndTheOutputIsText_printsTheChecklistOnStdoutAndExitsOne() {
        StartResult started = stack.start("alice");
        try (Ec2Client ec2 = emulator.client(Ec2Client.builder())) {
            ec2.stopInstances(r -> r.instanceIds(started.instanceId()));
        }

        Run run = run("diagnose", "alice");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("instance.state").contains("FAIL").doesNotContain("\u001b[");
        // Words wrap at 80 columns; a documentation URL is never broken (a terminal must keep it clickable).
        assertThat(run.out().lines().filter(line -> !line.contains("https://")))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void run_whenClusterIsGivenWithoutService_isAUsageErrorExitingTwo() {
        Run run = run("diagnose", "--cluster", "c");

        assertThat(run.status()).isEqualTo(2);
    }
}
