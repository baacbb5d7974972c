package dev.gpunotebook.it.diagnose;

import static dev.gpunotebook.it.diagnose.DiagnosedStack.check;
import static dev.gpunotebook.it.diagnose.DiagnosedStack.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.FaultInjector;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A GPU notebook stack built with plain SDK calls the way a Terraform user builds it: their own
 * names, their own security groups, a fixed or a dynamic host port, none of gpu-notebook's tags.
 * Diagnosed with {@code --cluster/--service} only. The ECS agent is played by
 * {@link EcsAgentSimulator}, whose registered resources (GPUs included) are injected because moto
 * registers none.
 */
@WithAwsEmulator
class HandBuiltStackIT {

    private static final String CLUSTER = HandBuiltStack.CLUSTER;
    private static final String SERVICE = HandBuiltStack.SERVICE;

    private AwsEmulator emulator;
    private FaultInjector faults;
    private Ec2Client ec2;
    private GpuNotebooks notebooks;
    private EcsAgentSimulator agent;
    private String hostGroupId;

    @BeforeEach
    void setUp(AwsEmulator emulator, FaultInjector faults) {
        this.emulator = emulator;
        this.faults = faults;
        ec2 = emulator.client(Ec2Client.builder());
        agent = new EcsAgentSimulator(emulator);
        notebooks = GpuNotebooks.connect(AwsSettings.emulator(faults.endpoint(), AwsEmulator.REGION),
                EnvironmentConfig.defaults());
    }

    @AfterEach
    void tearDown() {
        notebooks.close();
        agent.close();
        ec2.close();
    }

    /** The plain hand-built stack with {@code hostPort} 8888 (fixed) or 0 (dynamic), and the matching host group rule. */
    private void build(int hostPort) {
        hostGroupId = HandBuiltStack.plain().withHostPort(hostPort).build(emulator, faults, agent).hostGroupId();
    }

    @Nested
    class WhenItIsHealthy {

        @Test
        void diagnose_whenTheHostPortIsFixed_findsNoFailure() {
            build(8888);

            Diagnosis diagnosis = notebooks.diagnose(CLUSTER, SERVICE);

            assertThat(diagnosis.counts().get(Status.FAIL)).as(describe(diagnosis)).isZero();
            assertThat(check(diagnosis, "agent.registration").status()).as(describe(diagnosis)).isEqualTo(Status.PASS);
            assertThat(check(diagnosis, "network.alb-to-instance").status()).isEqualTo(Status.PASS);
            assertThat(diagnosis.target().notebook()).isNull();
        }

        @Test
        void diagnose_whenTheHostPortIsDynamic_findsNoFailure() {
            build(0);

            Diagnosis diagnosis = notebooks.diagnose("arn:aws:ecs:us-east-1:123456789012:cluster/" + CLUSTER, SERVICE);

            assertThat(diagnosis.counts().get(Status.FAIL)).as(describe(diagnosis)).isZero();
            assertThat(check(diagnosis, "network.alb-to-instance").status()).isEqualTo(Status.PASS);
        }
    }

    @Nested
    class WhenItIsBroken {

        @Test
        void diagnose_whenTheHostGroupDoesNotAdmitTheAlb_failsNetworkAlbToInstance() {
            build(8888);
            var rules = ec2.describeSecurityGroups(r -> r.groupIds(hostGroupId)).securityGroups().get(0).ipPermissions();
            ec2.revokeSecurityGroupIngress(r -> r.groupId(hostGroupId).ipPermissions(rules));

            Diagnosis diagnosis = notebooks.diagnose(CLUSTER, SERVICE);

            CheckResult path = check(diagnosis, "network.alb-to-instance");
            assertThat(path.status()).as(describe(diagnosis)).isEqualTo(Status.FAIL);
            assertThat(path.remediation()).contains(hostGroupId).contains("8888");
        }

        @Test
        void diagnose_whenTheClustersOnlyInstanceIsStopped_failsInstanceStateAndStillReadsWhatTheInstanceNames() {
            build(0);
            String instanceId = ec2.describeInstances().reservations().get(0).instances().get(0).instanceId();
            ec2.stopInstances(r -> r.instanceIds(instanceId));

            Diagnosis diagnosis = notebooks.diagnose(CLUSTER, SERVICE);

            // Neither the running instances nor (no tags) the environment's hold it: it is read by id, then its type.
            assertThat(check(diagnosis, "instance.state").status()).as(describe(diagnosis)).isEqualTo(Status.FAIL);
            assertThat(check(diagnosis, "instance.state").summary()).contains(instanceId, "stopped");
            assertThat(check(diagnosis, "instance.type").status()).as(describe(diagnosis)).isEqualTo(Status.PASS);
        }

        @Test
        void diagnose_whenTheServiceDoesNotExist_failsWithoutCrashing() {
            build(8888);

            Diagnosis diagnosis = notebooks.diagnose(CLUSTER, "no-such-service");

            // The cluster's only container instance is not judged for a service that does not exist.
            assertThat(diagnosis.checks().stream().filter(c -> c.status() == Status.FAIL).map(c -> c.id()))
                    .as(describe(diagnosis)).containsExactly("instance.state");
            assertThat(check(diagnosis, "instance.state").summary()).contains("no-such-service", "does not exist");
        }
    }
}
