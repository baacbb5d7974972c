package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.instance;
import static dev.gpunotebook.core.diagnose.Snapshots.instanceType;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts.StateReason;
import dev.gpunotebook.core.diagnose.snapshot.VcpuQuota;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class QuotaVcpuCheckTest {
    private final QuotaVcpuCheck check = new QuotaVcpuCheck();
    private static final Fact<VcpuQuota> G_QUOTA_8 = known(new VcpuQuota("L-DB2E81BA",
            "Running On-Demand G and VT instances", 8));

    @Nested
    @DisplayName("when the instance runs")
    class WhenTheInstanceRuns {
        @Test
        void run_whenThereIsRoomForMore_passes() {
            CheckResult result = check.run(healthy().build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).contains("4 of 16 vCPUs", "room for 3 more g5.xlarge");
            assertThat(result.evidence()).contains("quota L-DB2E81BA \"Running On-Demand G and VT instances\" = 16 vCPUs");
        }

        @Test
        void run_whenNoSecondInstanceFits_warnsAboutReplacements() {
            CheckResult result = check.run(healthy().vcpuQuota(G_QUOTA_8).runningVcpusInQuotaFamily(known(8)).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("At the limit", "VcpuLimitExceeded");
            assertThat(result.remediation()).contains("request-service-quota-increase", "--quota-code L-DB2E81BA");
        }

        @Test
        void run_whenAlreadyOverTheQuota_warns() {
            CheckResult result = check.run(healthy().vcpuQuota(G_QUOTA_8).runningVcpusInQuotaFamily(known(12)).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("Over the quota");
        }
    }

    @Nested
    @DisplayName("when a start is needed")
    class WhenAStartIsNeeded {
        @Test
        void run_whenStartExceedsTheQuota_failsLikeRunInstancesWould() {
            CheckResult result = check.run(healthy()
                    .instance(known(instance("stopped", new StateReason("Client.UserInitiatedShutdown", ""))))
                    .vcpuQuota(G_QUOTA_8).runningVcpusInQuotaFamily(known(8)).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("needs 12 vCPUs", "limit is 8", "VcpuLimitExceeded");
            assertThat(result.remediation()).contains("--desired-value 16", "--region eu-west-1");
        }

        @Test
        void run_whenNoInstanceExistsAndTheQuotaIsZero_failsForTheIntendedType() {
            CheckResult result = check.run(healthy().instance(Fact.missing("instance for notebook alice"))
                    .intendedInstanceType("g4dn.xlarge").instanceType(known(instanceType("g4dn.xlarge", 4, 16384, 1)))
                    .vcpuQuota(known(new VcpuQuota("L-DB2E81BA", "Running On-Demand G and VT instances", 0)))
                    .runningVcpusInQuotaFamily(known(0)).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("g4dn.xlarge", "limit is 0");
        }

        @Test
        void run_whenStartFitsButNearTheLimit_warns() {
            CheckResult result = check.run(healthy().instance(known(instance("stopped", null)))
                    .runningVcpusInQuotaFamily(known(10)).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("14 of 16");
            // Room for one more instance beyond the current limit.
            assertThat(result.remediation()).contains("--desired-value 20");
        }

        @Test
        void run_whenStartFitsEasily_passes() {
            CheckResult result = check.run(healthy().instance(known(instance("stopped", null)))
                    .runningVcpusInQuotaFamily(known(0)).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).contains("4 of 16 vCPUs", "needed to start");
        }
    }

    @Nested
    @DisplayName("when the quota cannot be judged")
    class WhenTheQuotaCannotBeJudged {
        @Test
        void run_whenQuotaIsDenied_isUnknownNamingTheIamAction() {
            CheckResult result = check.run(healthy().vcpuQuota(Fact.denied("servicequotas:GetServiceQuota",
                    "not authorized")).build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("servicequotas:GetServiceQuota");
            assertThat(result.remediation()).contains("Allow servicequotas:GetServiceQuota");
        }

        @Test
        void run_whenEmulatorHasNoEc2Quotas_isUnknown() {
            CheckResult result = check.run(healthy().vcpuQuota(Fact.unavailable("NoSuchResourceException: This service "
                    + "is not available in the current Region")).build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("not available in the current Region");
        }

        @Test
        void run_whenRunningVcpusAreDenied_isUnknown() {
            CheckResult result = check.run(healthy().runningVcpusInQuotaFamily(Fact.denied("ec2:DescribeInstances", ""))
                    .build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("ec2:DescribeInstances");
        }

        @Test
        void run_whenNoInstanceAndNoIntendedType_isUnknownNamingInstanceState() {
            CheckResult result = check.run(healthy().instance(Fact.missing("instance")).build());

            // Not SKIP: instance.state depends on this check, and a SKIP here would silence it.
            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("instance.state");
        }

        @Test
        void run_whenInstanceTypeDoesNotExist_skipsNamingInstanceType() {
            CheckResult result = check.run(healthy().instanceType(Fact.missing("instance type g5.xlarge")).build());

            assertThat(result.status()).isEqualTo(Status.SKIP);
            assertThat(result.summary()).contains("instance.type");
        }

        @Test
        void run_whenTypeHasNoKnownBucket_isUnknown() {
            CheckResult result = check.run(healthy().instance(known(instance("running", null, "203.0.113.10",
                    "mac2.metal"))).build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        }

        @Test
        void run_whenCollectedQuotaIsOfAnotherBucket_isUnknown() {
            CheckResult result = check.run(healthy().vcpuQuota(known(new VcpuQuota("L-417A185B",
                    "Running On-Demand P instances", 64))).build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("L-417A185B", "L-DB2E81BA");
        }
    }

    @Nested
    @DisplayName("where the limits lie")
    class WhereTheLimitsLie {
        @Test
        void run_whenExactlyOneMoreInstanceFits_passes() {
            CheckResult result = check.run(healthy().runningVcpusInQuotaFamily(known(12)).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).contains("12 of 16 vCPUs", "room for 1 more g5.xlarge");
            assertThat(result.evidence()).contains("i-0abc1234def567890 is running and counted above");
        }

        @Test
        void run_whenAStartTakesTheQuotaToFourFifths_passes() {
            CheckResult result = check.run(healthy().instance(known(instance("stopped", null)))
                    .vcpuQuota(known(new VcpuQuota("L-DB2E81BA", "Running On-Demand G and VT instances", 20)))
                    .runningVcpusInQuotaFamily(known(12)).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).contains("16 of 20 vCPUs", "needed to start");
            assertThat(result.evidence()).contains("i-0abc1234def567890 is not running: a start needs 4 more vCPUs");
        }
    }
}
