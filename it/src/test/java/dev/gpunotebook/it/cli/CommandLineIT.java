package dev.gpunotebook.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpunotebook.core.model.EnvironmentName;
import dev.gpunotebook.it.cli.InProcessCli.Run;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.EmulatorClients;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import dev.gpunotebook.it.emulator.World;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The jar's command line, in process, against the emulator through --endpoint-url and the SDK's credential chain.
 * The tests share the emulator, each in an environment of its own ({@code GPU_NOTEBOOK_ENV}, a world per class):
 * what a test lists and counts is its own.
 */
@WithAwsEmulator(world = World.PER_CLASS)
@ExtendWith(EmulatorCredentials.class)
class CommandLineIT {

    private AwsEmulator emulator;
    private EnvironmentName env;

    @BeforeEach
    void setUp(AwsEmulator emulator, EnvironmentName env) {
        this.emulator = emulator;
        this.env = env;
        assertThat(run("setup").status()).isZero();
    }

    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint-url", emulator.endpoint().toString(), "--region", "us-east-1"));
        return InProcessCli.run(all, env);
    }

    private int instancesTagged(String notebook) {
        try (Ec2Client ec2 = EmulatorClients.build(Ec2Client.builder(), emulator.endpoint())) {
            return ec2.describeInstances(r -> r.filters(
                    Filter.builder().name("tag:gpu-notebook:env").values(env.value()).build(),
                    Filter.builder().name("tag:gpu-notebook:notebook").values(notebook).build(),
                    Filter.builder().name("instance-state-name").values("pending", "running").build()))
                    .reservations().stream().mapToInt(res -> res.instances().size()).sum();
        }
    }

    @Nested
    class WhenTheInputIsBad {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "start Bad_Name|Bad_Name",
                "start ok1 --gpus many|--gpus",
                "start ok1 --volume-gib 10|--volume-gib",
                "start ok1 --frobnicate|--frobnicate",
                "list --output yaml|--output",
                "stop|NAME"})
        void run_whenUsageIsWrong_printsTheReasonAndTheUsageAndExits2(String line, String expected) {
            Run run = run(line.split(" "));

            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("Error: ").contains(expected).contains("Usage");
            assertThat(instancesTagged("ok1")).isZero();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "start cpu --instance-type m5.large|has no GPU",
                "start many --gpus 4|has 1 GPU but 4 were requested",
                "start nope --instance-type g9zz.xlarge|does not exist"})
        void run_whenTheInstanceTypeCannotServe_refusesBeforeCreatingAnything(String line, String expected) {
            Run run = run(line.split(" "));

            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains(expected).doesNotContain("Exception");
            String name = line.split(" ")[1];
            assertThat(instancesTagged(name)).isZero();
            assertThat(run("list", "--output", "json").out()).doesNotContain("\"" + name + "\"");
        }
    }

    @Nested
    class WhenAwsCannotBeReached {

        @Test
        void run_whenTheEndpointRefusesConnections_printsOneLineAndNoStackTrace() throws Exception {
            int closedPort;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closedPort = socket.getLocalPort();
            }
            Run run = InProcessCli.run(List.of("status", "alice", "--region", "us-east-1",
                    "--endpoint-url", "http://127.0.0.1:" + closedPort));

            String printed = run.err();
            assertThat(run.status()).isEqualTo(1);
            assertThat(printed).startsWith("Error: ").contains("Connection refused").contains("--endpoint-url")
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(printed.strip().lines()).hasSize(1);
        }
    }

    @Nested
    class WhenANotebookIsStartedListedAndDeleted {

        @Test
        void run_whenListedAsJson_printsEachNotebooksFields() {
            assertThat(run("start", "json1", "--owner", "U0DAVE").status()).isZero();

            Run list = run("--output", "json", "list");

            assertThat(list.status()).isZero();
            JsonObject notebook = JsonParser.parseString(list.out()).getAsJsonObject().getAsJsonArray("notebooks")
                    .asList().stream().map(e -> e.getAsJsonObject())
                    .filter(o -> o.get("name").getAsString().equals("json1")).findFirst().orElseThrow();
            assertThat(notebook.get("owner").getAsString()).isEqualTo("U0DAVE");
            assertThat(notebook.get("state").getAsString()).isEqualTo("starting");
            assertThat(notebook.get("instanceType").getAsString()).isEqualTo("g4dn.xlarge");
            assertThat(notebook.get("instanceId").getAsString()).startsWith("i-");
            assertThat(notebook.get("url").getAsString()).endsWith("/notebook/json1/");
        }

        @Test
        void run_whenStartedWithoutAnOwner_usesTheLocalUserAndNeverPrintsTheToken() {
            Run start = run("start", "mine");

            assertThat(start.status()).isZero();
            assertThat(start.out()).contains("Notebook mine is starting").contains("/notebook/mine/")
                    .contains("/gpu-notebook/" + env + "/mine/jupyter-token").contains("--region us-east-1")
                    .doesNotContain("token=");
            assertThat(run("status", "mine").out()).contains("Owner:     tester");
        }

        @Test
        void run_whenDeleted_isGoneFromTheList() {
            assertThat(run("start", "brief").status()).isZero();

            Run delete = run("delete", "brief");

            assertThat(delete.status()).isZero();
            assertThat(delete.out()).contains("Deleted notebook brief");
            assertThat(run("list").out()).doesNotContain("brief");
            assertThat(run("delete", "brief").status()).isEqualTo(1);
        }
    }
}
