package dev.gpunotebook.core.diagnose;

import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.instance;
import static dev.gpunotebook.core.diagnose.Snapshots.instanceSecurityGroup;
import static dev.gpunotebook.core.diagnose.Snapshots.instanceType;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts.StateReason;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.UserData;
import dev.gpunotebook.core.diagnose.snapshot.VcpuQuota;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The standard checks together: each fault of DESIGN.md gives exactly one FAIL, the rest SKIP or pass. */
@DisplayName("One root cause gives one FAIL")
class RootCauseTest {

    private static Diagnosis diagnose(Snapshot.Builder snapshot) {
        return Diagnostician.standard().diagnose(snapshot.build());
    }

    private static List<String> failed(Diagnosis diagnosis) {
        return diagnosis.checks().stream().filter(c -> c.status() == Status.FAIL).map(CheckResult::id).toList();
    }

    private static Status statusOf(Diagnosis diagnosis, String id) {
        return diagnosis.checks().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().status();
    }

    @Test
    void diagnose_whenTheInstanceIsStopped_failsOnlyInstanceStateAndSkipsWhatRunsOnIt() {
        Diagnosis diagnosis = diagnose(healthy().instance(known(instance("stopped",
                new StateReason("Client.UserInitiatedShutdown", "User initiated shutdown")))));

        assertThat(failed(diagnosis)).containsExactly(CheckIds.INSTANCE_STATE);
        assertThat(List.of(CheckIds.AGENT_REGISTRATION, CheckIds.SERVICE_PLACEMENT, CheckIds.TARGET_HEALTH,
                CheckIds.JUPYTER_HTTP, CheckIds.GPU_VISIBLE)).allSatisfy(id -> assertThat(statusOf(diagnosis, id))
                .isEqualTo(Status.SKIP));
        assertThat(diagnosis.exitCode()).isEqualTo(1);
    }

    @Test
    void diagnose_whenEcsClusterIsMissingAndTheInstanceJoinedDefault_failsOnlyAgentConfig() {
        Diagnosis diagnosis = diagnose(healthy().userData(known(UserData.ofText("#!/bin/bash\n")))
                .containerInstance(known(Snapshots.containerInstance("default", "ACTIVE", true, List.of()))));

        assertThat(failed(diagnosis)).containsExactly(CheckIds.AGENT_CONFIG);
    }

    @Test
    void diagnose_whenTheQuotaRefusedTheLaunch_failsOnlyTheQuota() {
        Diagnosis diagnosis = diagnose(healthy().instance(Fact.missing("instance for notebook alice"))
                .intendedInstanceType("g5.xlarge").containerInstance(Fact.missing("container instance"))
                .vcpuQuota(known(new VcpuQuota("L-DB2E81BA", "Running On-Demand G and VT instances", 0)))
                .runningVcpusInQuotaFamily(known(0)).service(known(Snapshots.service(1, 0, 0, List.of())))
                .tasks(known(List.of())).targetHealth(known(List.of())));

        assertThat(failed(diagnosis)).containsExactly(CheckIds.QUOTA_VCPU);
        assertThat(statusOf(diagnosis, CheckIds.INSTANCE_STATE)).isEqualTo(Status.SKIP);
    }

    @Test
    void diagnose_whenTheAlbIsNotAdmitted_failsOnlyTheSecurityGroupCheck() {
        Diagnosis diagnosis = diagnose(healthy().securityGroups(Snapshots.securityGroupsWithInstanceGroup(
                instanceSecurityGroup(List.of())))
                .targetHealth(known(List.of(new dev.gpunotebook.core.diagnose.snapshot.TargetHealthFacts(
                        Snapshots.INSTANCE_ID, 32768, "eu-west-1a", "unhealthy", "Target.Timeout", "Request timed out"))))
                .jupyter(known(new dev.gpunotebook.core.diagnose.snapshot.JupyterProbe("https://x/notebook/alice/api",
                        503, null, null))));

        assertThat(failed(diagnosis)).containsExactly(CheckIds.NETWORK_ALB_TO_INSTANCE);
    }

    @Test
    void diagnose_whenTheInstanceTypeHasNoGpu_failsOnlyInstanceType() {
        Diagnosis diagnosis = diagnose(healthy().instance(known(instance("running", null, "203.0.113.10", "m5.xlarge")))
                .instanceType(known(instanceType("m5.xlarge", 4, 16384, 0)))
                .vcpuQuota(known(new VcpuQuota("L-1216C47A", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) "
                        + "instances", 64)))
                .containerInstance(known(Snapshots.containerInstance(Snapshots.CLUSTER, "ACTIVE", true, List.of())))
                .service(known(Snapshots.service(1, 0, 0, List.of(Snapshots.event("(service gpu-notebook-alice) was "
                        + "unable to place a task because no container instance met all of its requirements. The closest "
                        + "matching (container-instance 0f1e) has insufficient GPU available."))))));

        assertThat(failed(diagnosis)).containsExactly(CheckIds.INSTANCE_TYPE);
    }

    /** A service of someone's own cluster: no gpu-notebook tags, no notebook name, no intended instance type. */
    private static Snapshot.Builder handBuilt() {
        return healthy().target(new DiagnosisTarget(Snapshots.CLUSTER, "jupyter-svc", null, Snapshots.REGION));
    }

    @Test
    void diagnose_whenNoInstanceIsFoundForAHandBuiltService_failsInstanceStateInsteadOfSkippingEverything() {
        Diagnosis diagnosis = diagnose(handBuilt().instance(Fact.missing("an EC2 instance for service jupyter-svc (no "
                + "task, 0 container instance(s) in the cluster)")).containerInstance(Fact.missing("the instance"))
                .service(known(Snapshots.service(1, 0, 0, List.of()))).tasks(known(List.of()))
                .targetHealth(known(List.of())));

        assertThat(failed(diagnosis)).containsExactly(CheckIds.INSTANCE_STATE);
        assertThat(statusOf(diagnosis, CheckIds.QUOTA_VCPU)).isEqualTo(Status.UNKNOWN);
        assertThat(diagnosis.exitCode()).isEqualTo(1);
    }

    @Test
    void diagnose_whenTheClusterDoesNotExist_failsOnceNamingTheCluster() {
        Fact<Object> noCluster = Fact.missing("cluster ml-gpu (ClusterNotFoundException)");
        Diagnosis diagnosis = diagnose(handBuilt().instance(Fact.missing("an EC2 instance for service jupyter-svc"))
                .containerInstance(Fact.missing("the instance")).service(cast(noCluster))
                .taskDefinition(cast(noCluster)).tasks(cast(noCluster)).targetGroup(cast(noCluster))
                .targetHealth(cast(noCluster)).loadBalancer(cast(noCluster)).listeners(cast(noCluster)));

        assertThat(failed(diagnosis)).containsExactly(CheckIds.INSTANCE_STATE);
        CheckResult state = diagnosis.checks().stream().filter(c -> c.id().equals(CheckIds.INSTANCE_STATE))
                .findFirst().orElseThrow();
        assertThat(state.summary()).contains("jupyter-svc", "cluster ml-gpu", "does not exist");
        assertThat(state.remediation()).contains("aws ecs list-clusters");
        assertThat(statusOf(diagnosis, CheckIds.SERVICE_PLACEMENT)).isEqualTo(Status.SKIP);
        assertThat(statusOf(diagnosis, CheckIds.TASK_STOPPED)).isEqualTo(Status.SKIP);
    }

    @SuppressWarnings("unchecked")
    private static <T> Fact<T> cast(Fact<Object> fact) {
        return (Fact<T>) (Fact<?>) fact;
    }

    @Test
    void diagnose_whenTheClusterHasSeveralInstancesAndNoneRunsTheService_letsServicePlacementExplain() {
        Fact<Object> unknownInstance = Fact.unavailable("which of the 3 container instances of cluster "
                + Snapshots.CLUSTER + " should run service jupyter-svc cannot be told");
        Diagnosis diagnosis = diagnose(handBuilt().instance(cast(unknownInstance)).instanceType(cast(unknownInstance))
                .userData(cast(unknownInstance)).image(cast(unknownInstance)).instanceRole(cast(unknownInstance))
                .containerInstance(cast(unknownInstance)).instanceSubnet(cast(unknownInstance))
                .vcpuQuota(cast(unknownInstance)).runningVcpusInQuotaFamily(cast(unknownInstance))
                .service(known(Snapshots.service(1, 0, 0, List.of(Snapshots.event("(service jupyter-svc) was unable "
                        + "to place a task because no container instance met all of its requirements. The closest "
                        + "matching (container-instance 0f1e) has insufficient GPU available.")))))
                .tasks(known(List.of())).targetHealth(known(List.of())));

        assertThat(failed(diagnosis)).containsExactly(CheckIds.SERVICE_PLACEMENT);
        assertThat(statusOf(diagnosis, CheckIds.INSTANCE_STATE)).isEqualTo(Status.UNKNOWN);
    }
}
