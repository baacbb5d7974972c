package dev.gpunotebook.it.diagnose;

import static dev.gpunotebook.it.diagnose.DiagnosedStack.check;
import static dev.gpunotebook.it.diagnose.DiagnosedStack.describe;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.it.cli.EmulatorCredentials;
import dev.gpunotebook.it.cli.InProcessCli;
import dev.gpunotebook.it.diagnose.HandBuiltStack.Built;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.FaultInjector;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import dev.gpunotebook.it.lifecycle.LocalJupyter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hand-built GPU stacks that differ from what start makes and from {@link HandBuiltStackIT}: awsvpc
 * tasks behind an {@code ip} target group, a sidecar listed before the notebook container, no load
 * balancer at all, the user data in the forms cloud-init accepts (gzip, MIME multi-part, cloud-config
 * {@code write_files}), an agent that never joined the cluster, and a cluster or region with nothing in
 * it. Each is diagnosed with {@code --cluster/--service} only, the way a new user would.
 *
 * <p>What moto does not model, and how the tests live with it: moto registers no GPUs, so
 * {@link EcsAgentSimulator} injects AWS's DescribeContainerInstances answer; moto drops
 * {@code deploymentConfiguration} (the rolling-deployment WARNs of a 14 GB task are the emulator's, not
 * the stack's: the tests assert on FAILs); moto has no scheduler, so no task runs and target.health skips.
 */
@WithAwsEmulator
@ExtendWith(EmulatorCredentials.class)
class HandBuiltVariantsIT {

    private static final String CLUSTER = HandBuiltStack.CLUSTER;
    private static final String SERVICE = HandBuiltStack.SERVICE;

    private AwsEmulator emulator;
    private FaultInjector faults;
    private GpuNotebooks notebooks;
    private EcsAgentSimulator agent;

    @BeforeEach
    void setUp(AwsEmulator emulator, FaultInjector faults) {
        this.emulator = emulator;
        this.faults = faults;
        agent = new EcsAgentSimulator(emulator);
        notebooks = GpuNotebooks.connect(AwsSettings.emulator(faults.endpoint(), AwsEmulator.REGION),
                EnvironmentConfig.defaults());
    }

    @AfterEach
    void tearDown() {
        notebooks.close();
        agent.close();
    }

    private Built build(HandBuiltStack stack) {
        return stack.build(emulator, faults, agent);
    }

    /**
     * Injected: moto runs no task and probes no target. ListTasks, DescribeTasks and DescribeTargetHealth
     * answer as ECS and ELB do once the service's task runs on the instance and passes its health check.
     */
    private void runningTaskWithHealthyTarget(String instanceId) {
        String ecs = "AmazonEC2ContainerServiceV20141113.";
        String arn = "arn:aws:ecs:us-east-1:123456789012:task/" + CLUSTER + "/8d1c0a5f3e2b4c6d9e7f1a2b3c4d5e6f";
        faults.injectJson(ecs + "ListTasks", 200, "{\"taskArns\":[\"" + arn + "\"]}");
        faults.injectJson(ecs + "DescribeTasks", 200, "{\"tasks\":[{\"taskArn\":\"" + arn + "\",\"clusterArn\":"
                + "\"arn:aws:ecs:us-east-1:123456789012:cluster/" + CLUSTER + "\",\"group\":\"service:" + SERVICE
                + "\",\"lastStatus\":\"RUNNING\",\"desiredStatus\":\"RUNNING\",\"launchType\":\"EC2\","
                + "\"containers\":[{\"name\":\"notebook\",\"lastStatus\":\"RUNNING\",\"networkBindings\":[{"
                + "\"bindIP\":\"0.0.0.0\",\"containerPort\":8888,\"hostPort\":32768,\"protocol\":\"tcp\"}]}]}],"
                + "\"failures\":[]}");
        faults.injectQueryError("DescribeTargetHealth", 200, "<DescribeTargetHealthResponse xmlns=\""
                + "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><DescribeTargetHealthResult>"
                + "<TargetHealthDescriptions><member><HealthCheckPort>32768</HealthCheckPort><Target><Port>32768"
                + "</Port><Id>" + instanceId + "</Id></Target><TargetHealth><State>healthy</State></TargetHealth>"
                + "</member></TargetHealthDescriptions></DescribeTargetHealthResult><ResponseMetadata><RequestId>"
                + "5b0e9c4a-2f1d-4e3c-8b7a-6d5c4b3a2f1e</RequestId></ResponseMetadata></DescribeTargetHealthResponse>");
    }

    private static List<String> failures(Diagnosis diagnosis) {
        return diagnosis.checks().stream().filter(c -> c.status() == Status.FAIL).map(CheckResult::id).toList();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private InProcessCli.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint-url", faults.endpoint().toString(), "--region", AwsEmulator.REGION));
        return InProcessCli.run(all);
    }

    @Nested
    class WhenTheStackIsHealthy {

        @Test
        void diagnose_whenAwsvpcTasksSitBehindAnIpTargetGroupWithASidecarFirst_findsNoFailureAndNoPublicExposure() {
            Built built = build(HandBuiltStack.plain().withAwsvpcAndSidecarFirst());

            Diagnosis diagnosis = notebooks.diagnose(CLUSTER, SERVICE);

            assertThat(failures(diagnosis)).as(describe(diagnosis)).isEmpty();
            CheckResult path = check(diagnosis, "network.alb-to-instance");
            // The task group is also open to 0.0.0.0/0, but an awsvpc task's ENI has no public IP on EC2.
            assertThat(path.status()).as(describe(diagnosis)).isEqualTo(Status.PASS);
            assertThat(path.summary()).contains(built.taskGroupId(), "tcp 8888");
            assertThat(check(diagnosis, "task.ports").summary()).contains("notebook", "the task's own address");
        }

        @Test
        void diagnose_whenTheServiceHasNoLoadBalancer_warnsInsteadOfFailingAndSkipsTheTargets() {
            build(HandBuiltStack.plain().withoutLoadBalancer());

            Diagnosis diagnosis = notebooks.diagnose(CLUSTER, SERVICE);

            assertThat(failures(diagnosis)).as(describe(diagnosis)).isEmpty();
            assertThat(check(diagnosis, "alb.listener").status()).isEqualTo(Status.WARN);
            assertThat(check(diagnosis, "target.health").status()).isEqualTo(Status.SKIP);
            assertThat(check(diagnosis, "jupyter.http").status()).isEqualTo(Status.SKIP);
        }

        @Test
        void diagnose_whenOnlyAHostHeaderRuleLeadsToJupyter_probesThatHostAndReportsJupytersVersion() throws IOException {
            // A real Jupyter Server stands in for the load balancer: the rule's host (localhost) and the
            // listener's port lead to it, so the probe reaches Jupyter at the rule's path, as a browser would.
            try (LocalJupyter jupyter = LocalJupyter.start("hosted", "it-fake-jupyter-token",
                    Path.of("target", "jupyter-logs"))) {
                int port = jupyter.baseUrl().getPort();
                Built built = build(HandBuiltStack.plain().withHostRule(port, "localhost", "/notebook/hosted/"));
                runningTaskWithHealthyTarget(built.instanceId());

                Diagnosis diagnosis = notebooks.diagnose(CLUSTER, SERVICE);

                CheckResult http = check(diagnosis, "jupyter.http");
                assertThat(http.status()).as(describe(diagnosis)).isEqualTo(Status.PASS);
                assertThat(http.summary()).startsWith("Jupyter Server ")
                        .contains("http://localhost:" + port + "/notebook/hosted/api");
                assertThat(failures(diagnosis)).as(describe(diagnosis)).isEmpty();
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"gzip shell script", "gzip MIME multi-part", "cloud-config write_files"})
        void diagnose_whenTheUserDataIsInAnotherFormCloudInitAccepts_readsTheAgentSettings(String form) {
            String mime = "Content-Type: multipart/mixed; boundary=\"==B==\"\nMIME-Version: 1.0\n\n--==B==\n"
                    + "Content-Type: text/cloud-config; charset=\"us-ascii\"\n\n#cloud-config\nrepo_update: true\n\n"
                    + "--==B==\nContent-Type: text/x-shellscript; charset=\"us-ascii\"\n\n#!/bin/bash\n"
                    + "cat <<EOF >> /etc/ecs/ecs.config\nECS_CLUSTER=" + CLUSTER + "\nECS_ENABLE_GPU_SUPPORT=true\nEOF\n"
                    + "--==B==--\n";
            String cloudConfig = "#cloud-config\nwrite_files:\n  - path: /etc/ecs/ecs.config\n    append: true\n"
                    + "    content: |\n      ECS_CLUSTER=" + CLUSTER + "\n      ECS_ENABLE_GPU_SUPPORT=true\n";
            byte[] userData = switch (form) {
                case "gzip shell script" -> gzip(HandBuiltStack.SHELL_USER_DATA);
                case "gzip MIME multi-part" -> gzip(mime);
                default -> cloudConfig.getBytes(StandardCharsets.UTF_8);
            };
            build(HandBuiltStack.plain().withUserData(userData));

            Diagnosis diagnosis = notebooks.diagnose(CLUSTER, SERVICE);

            assertThat(failures(diagnosis)).as(describe(diagnosis)).isEmpty();
            assertThat(check(diagnosis, "agent.config").status()).as(describe(diagnosis)).isEqualTo(Status.PASS);
            assertThat(check(diagnosis, "agent.registration").status()).isEqualTo(Status.PASS);
        }
    }

    @Nested
    class WhenTheAgentNeverJoinedTheCluster {

        @Test
        void diagnose_whenTheUserDataLacksEcsCluster_findsTheUnregisteredInstanceAndFailsAgentConfig() {
            // The agent registers into "default": the cluster has no container instance and no task.
            Built built = build(HandBuiltStack.plain().withUserData(
                    "#!/bin/bash\necho ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config\n"
                            .getBytes(StandardCharsets.UTF_8)));

            Diagnosis diagnosis = notebooks.diagnose(CLUSTER, SERVICE);

            assertThat(failures(diagnosis)).as(describe(diagnosis)).containsExactly("agent.config");
            assertThat(check(diagnosis, "instance.state").summary()).contains(built.instanceId());
            assertThat(check(diagnosis, "instance.state").evidence()).anyMatch(e -> e.startsWith("found as a guess"));
            assertThat(check(diagnosis, "agent.config").summary()).contains("ECS_CLUSTER");
            assertThat(check(diagnosis, "agent.config").remediation()).contains("ECS_CLUSTER=" + CLUSTER);
            assertThat(check(diagnosis, "agent.registration").status()).isEqualTo(Status.SKIP);
            assertThat(agent.registrations()).singleElement().satisfies(r -> assertThat(r.cluster()).isEqualTo("default"));
        }
    }

    @Nested
    class WhenTheTargetDoesNotExist {

        @Test
        void diagnose_whenTheClusterDoesNotExist_failsOnceNamingItAndExitsOne() {
            build(HandBuiltStack.plain());

            InProcessCli.Run run = cli("diagnose", "--cluster", "ml-gpu-typo", "--service", SERVICE, "--output", "json");

            assertThat(run.status()).as(run.out() + run.err()).isEqualTo(1);
            JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
            assertThat(json.getAsJsonObject("counts").get("FAIL").getAsInt()).as(run.out()).isEqualTo(1);
            JsonObject state = json.getAsJsonArray("checks").asList().stream().map(e -> e.getAsJsonObject())
                    .filter(c -> c.get("id").getAsString().equals("instance.state")).findFirst().orElseThrow();
            assertThat(state.get("status").getAsString()).isEqualTo("FAIL");
            assertThat(state.get("summary").getAsString()).contains("cluster ml-gpu-typo").contains("does not exist")
                    .doesNotContain("does not exist) does not exist");
            assertThat(state.get("remediation").getAsString()).contains("aws ecs list-clusters");
        }

        @Test
        void diagnose_whenTheRegionHoldsNothingAndArnsAreGiven_failsOnceInTextWithoutAStackTrace() {
            InProcessCli.Run run = cli("diagnose", "--cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/ml-gpu",
                    "--service", "arn:aws:ecs:us-east-1:123456789012:service/ml-gpu/" + SERVICE);

            assertThat(run.status()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.out()).contains("[FAIL]    instance.state: The service " + SERVICE + " does not exist")
                    .contains("0 WARN, 1 FAIL").doesNotContain("java.").doesNotContain("\tat ");
        }
    }
}
