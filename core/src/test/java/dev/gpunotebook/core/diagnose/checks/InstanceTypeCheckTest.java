package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.instance;
import static dev.gpunotebook.core.diagnose.Snapshots.instanceType;
import static dev.gpunotebook.core.diagnose.Snapshots.jupyter;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static dev.gpunotebook.core.diagnose.Snapshots.taskDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.InstanceTypeFacts;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InstanceTypeCheckTest {
    private final InstanceTypeCheck check = new InstanceTypeCheck();

    @Test
    void run_whenTypeHasTheGpusTheTaskNeeds_passes() {
        CheckResult result = check.run(healthy().build());

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.summary()).contains("g5.xlarge has 1 NVIDIA A10G GPU(s)");
    }

    @Test
    void run_whenTypeDoesNotExist_failsSuggestingGpuTypes() {
        CheckResult result = check.run(healthy().instanceType(Fact.missing("instance type g5.xlarge")).build());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).contains("does not exist in eu-west-1");
        assertThat(result.remediation()).contains("describe-instance-type-offerings");
    }

    @Test
    void run_whenTypeHasNoGpu_fails() {
        CheckResult result = check.run(healthy().instance(known(instance("running", null, "203.0.113.10", "m5.large")))
                .instanceType(known(instanceType("m5.large", 2, 8192, 0))).build());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).isEqualTo("m5.large has no GPU, but the task requires 1.");
        assertThat(result.remediation()).contains("--instance-type g5.xlarge");
    }

    @Test
    void run_whenTaskWantsMoreGpusThanTheTypeHas_fails() {
        CheckResult result = check.run(healthy().taskDefinition(known(taskDefinition("bridge", jupyter(12288, null, 2, 0))))
                .build());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).contains("has 1 GPU(s); the task requires 2");
    }

    @Test
    void run_whenNeitherTaskNorTypeUsesAGpu_warns() {
        CheckResult result = check.run(healthy().instanceType(known(instanceType("m5.large", 2, 8192, 0)))
                .taskDefinition(known(taskDefinition("bridge", jupyter(4096, null, 0, 0)))).build());

        assertThat(result.status()).isEqualTo(Status.WARN);
    }

    @Test
    void run_whenNotOfferedInTheZoneOfAStoppedInstance_failsListingTheZones() {
        InstanceTypeFacts type = new InstanceTypeFacts("g5.xlarge", 4, 16384, 1, "A10G", "NVIDIA", List.of("x86_64"),
                known(List.of("eu-west-1b", "eu-west-1c")));

        CheckResult result = check.run(healthy().instance(known(instance("stopped", null))).instanceType(known(type))
                .build());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).contains("not offered in eu-west-1a");
        assertThat(result.remediation()).contains("eu-west-1b, eu-west-1c");
    }

    @Test
    void run_whenNoInstanceExists_checksTheIntendedType() {
        CheckResult result = check.run(healthy().instance(Fact.missing("instance")).intendedInstanceType("m5.large")
                .instanceType(known(instanceType("m5.large", 2, 8192, 0))).build());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).startsWith("m5.large has no GPU");
    }

    @Test
    void run_whenNoInstanceAndNoIntendedType_skipsNamingInstanceState() {
        CheckResult result = check.run(healthy().instance(Fact.missing("instance")).build());

        assertThat(result.status()).isEqualTo(Status.SKIP);
        assertThat(result.summary()).contains("instance.state");
    }

    @Test
    void run_whenWhichInstanceRunsTheServiceCannotBeTold_isUnknownSoThatServicePlacementStillRuns() {
        CheckResult result = check.run(healthy().instance(Fact.unavailable("which of the 3 container instances of "
                + "cluster ml should run service jupyter cannot be told")).build());

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(result.summary()).contains("which of the 3 container instances");
    }

    @Test
    void run_whenDescribeInstanceTypesIsDenied_isUnknown() {
        CheckResult result = check.run(healthy().instanceType(Fact.denied("ec2:DescribeInstanceTypes", "")).build());

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(result.summary()).contains("ec2:DescribeInstanceTypes");
    }

    @Nested
    @DisplayName("the type's Availability Zones")
    class TheTypesAvailabilityZones {
        private final InstanceTypeFacts offeredInBAndC = new InstanceTypeFacts("g5.xlarge", 4, 16384, 1, "A10G", "NVIDIA",
                List.of("x86_64"), known(List.of("eu-west-1b", "eu-west-1c")));

        @Test
        void run_whenNoInstanceYetAndTheLaunchSubnetsZoneLacksTheType_failsAsRunInstancesWould() {
            CheckResult result = check.run(healthy().instance(Fact.missing("instance")).intendedInstanceType("g5.xlarge")
                    .instanceType(known(offeredInBAndC)).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).isEqualTo("g5.xlarge is not offered in eu-west-1a.");
            assertThat(result.evidence()).contains("offered in: eu-west-1b, eu-west-1c");
        }

        @Test
        void run_whenTheInstanceAlreadyRunsInAZoneNoLongerListed_passesWithoutCallingItOffered() {
            // A running instance proves the type works in its zone, whatever the offerings say today.
            CheckResult result = check.run(healthy().instanceType(known(offeredInBAndC)).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence()).contains("Availability Zone eu-west-1a");
        }

        @Test
        void run_whenTheOfferingsCouldNotBeRead_saysSoInTheEvidence() {
            InstanceTypeFacts unknownOfferings = new InstanceTypeFacts("g5.xlarge", 4, 16384, 1, "A10G", "NVIDIA",
                    List.of("x86_64"), Fact.denied("ec2:DescribeInstanceTypeOfferings", ""));

            CheckResult result = check.run(healthy().instance(known(instance("stopped", null)))
                    .instanceType(known(unknownOfferings)).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence()).contains("Availability Zone eu-west-1a (offerings: access denied to "
                    + "ec2:DescribeInstanceTypeOfferings)");
        }
    }

    @Nested
    @DisplayName("what the summary and evidence quote")
    class WhatTheSummaryAndEvidenceQuote {
        @Test
        void run_whenHealthy_quotesTheTypeTheTaskAndTheZone() {
            CheckResult result = check.run(healthy().build());

            assertThat(result.summary()).isEqualTo("g5.xlarge has 1 NVIDIA A10G GPU(s); the task requires 1.");
            assertThat(result.evidence()).containsExactly("g5.xlarge: 4 vCPUs, 16384 MiB, 1 GPU(s) NVIDIA A10G, x86_64",
                    "the task definition requires 1 GPU(s)", "Availability Zone eu-west-1a (offered)");
        }

        @Test
        void run_whenTheTaskDefinitionCannotBeRead_judgesTheTypeAloneAndSaysWhy() {
            CheckResult result = check.run(healthy().taskDefinition(Fact.denied("ecs:DescribeTaskDefinition", ""))
                    .build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).isEqualTo("g5.xlarge has 1 NVIDIA A10G GPU(s).");
            assertThat(result.evidence()).contains("task definition: access denied to ecs:DescribeTaskDefinition");
        }

        @Test
        void run_whenTheTypeHasNoGpu_quotesItWithoutAGpuName() {
            CheckResult result = check.run(healthy().instanceType(known(instanceType("m5.large", 2, 8192, 0))).build());

            assertThat(result.evidence()).startsWith("m5.large: 2 vCPUs, 8192 MiB, 0 GPU(s), x86_64");
        }

        @Test
        void run_whenEc2GivesNoGpuName_countsTheGpusAlone() {
            InstanceTypeFacts unnamed = new InstanceTypeFacts("g5.xlarge", 4, 16384, 1, null, null, List.of("x86_64"),
                    known(List.of("eu-west-1a")));

            CheckResult result = check.run(healthy().instanceType(known(unnamed)).build());

            assertThat(result.summary()).isEqualTo("g5.xlarge has 1 GPU(s); the task requires 1.");
        }
    }
}
