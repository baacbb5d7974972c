package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.instance;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts.StateReason;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InstanceStateCheckTest {
    private final InstanceStateCheck check = new InstanceStateCheck();

    @Test
    void run_whenRunning_passes() {
        assertThat(check.run(healthy().build()).status()).isEqualTo(Status.PASS);
    }

    @Test
    void run_whenTheInstanceWasAGuess_saysHowItWasFoundInTheEvidence() {
        CheckResult result = check.run(healthy().instanceFoundBy("a guess: cluster ml has no container instance")
                .build());

        assertThat(result.evidence()).contains("found as a guess: cluster ml has no container instance");
    }

    @Test
    void run_whenPending_warns() {
        assertThat(check.run(healthy().instance(known(instance("pending", null))).build()).status())
                .isEqualTo(Status.WARN);
    }

    @Test
    void run_whenStoppedByAPerson_failsExplainingTheReasonAndHowToStart() {
        CheckResult result = check.run(healthy().instance(known(instance("stopped",
                new StateReason("Client.UserInitiatedShutdown", "Client.UserInitiatedShutdown: User initiated shutdown"))))
                .build());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).contains("is stopped", "someone stopped it");
        assertThat(result.evidence().get(0)).contains("User initiated shutdown");
        assertThat(result.remediation()).contains("gpu-notebook start alice", "aws ec2 start-instances");
    }

    @Test
    void run_whenStoppedForLackOfCapacity_saysSo() {
        CheckResult result = check.run(healthy().instance(known(instance("stopped",
                new StateReason("Server.InsufficientInstanceCapacity", "Insufficient capacity.")))).build());

        assertThat(result.summary()).contains("no capacity");
    }

    @Test
    void run_whenTerminated_failsSayingItCannotComeBack() {
        CheckResult result = check.run(healthy().instance(known(instance("terminated",
                new StateReason("Server.SpotInstanceTermination", "Spot instance termination")))).build());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).contains("Spot");
        assertThat(result.remediation()).contains("cannot come back");
    }

    @Test
    void run_whenHandBuiltStackIsStopped_givesTheAwsCommand() {
        CheckResult result = check.run(healthy().target(new DiagnosisTarget("ml", "jupyter", null, "eu-west-1"))
                .instance(known(instance("stopped", null))).build());

        assertThat(result.remediation()).startsWith("Start it: aws ec2 start-instances --instance-ids i-0abc1234def567890");
    }

    @Test
    void run_whenNoInstanceExists_fails() {
        CheckResult result = check.run(healthy().instance(Fact.missing("instance tagged gpu-notebook:notebook=alice"))
                .build());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).contains("No EC2 instance found for notebook alice");
    }

    @Test
    void run_whenNeitherTheInstanceNorTheServiceExists_failsNamingTheMissingServiceAndHowToListThem() {
        CheckResult result = check.run(healthy().target(new DiagnosisTarget("ml", "jupyter", null, "eu-west-1"))
                .instance(Fact.missing("an EC2 instance for service jupyter"))
                .service(Fact.missing("service jupyter in cluster ml")).build());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).isEqualTo("The service jupyter does not exist: service jupyter in cluster ml does "
                + "not exist.");
        assertThat(result.remediation()).contains("aws ecs list-clusters --region eu-west-1",
                "aws ecs list-services --cluster ml --region eu-west-1").doesNotContain("gpu-notebook start");
    }

    @Test
    void run_whenTheServiceIsMissingButItsInstanceIsKnown_judgesTheInstance() {
        CheckResult result = check.run(healthy().service(Fact.missing("service gpu-notebook-alice")).build());

        assertThat(result.status()).isEqualTo(Status.PASS);
    }

    @Test
    void run_whenStateIsOneEc2DoesNotDocument_isUnknown() {
        assertThat(check.run(healthy().instance(known(instance("hibernating", null))).build()).status())
                .isEqualTo(Status.UNKNOWN);
    }

    @Test
    void run_whenDescribeInstancesIsDenied_isUnknown() {
        CheckResult result = check.run(healthy().instance(Fact.denied("ec2:DescribeInstances", "")).build());

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(result.summary()).contains("ec2:DescribeInstances");
    }

    @Nested
    @DisplayName("what it quotes and where it points")
    class WhatItQuotesAndWhereItPoints {
        private final DiagnosisTarget handBuilt = new DiagnosisTarget("ml", "jupyter", null, "eu-west-1");

        @Test
        void run_whenRunning_quotesIdTypeStateZoneAndLaunchTime() {
            CheckResult result = check.run(healthy().build());

            assertThat(result.evidence()).containsExactly("i-0abc1234def567890 (g5.xlarge) running in eu-west-1a",
                    "launched 2025-01-06T09:00:00Z");
        }

        @Test
        void run_whenANotebooksServiceIsGone_offersToStartTheNotebook() {
            CheckResult result = check.run(healthy().instance(Fact.missing("an EC2 instance for notebook alice"))
                    .service(Fact.missing("service gpu-notebook-alice in cluster gpu-notebook-dev")).build());

            assertThat(result.summary()).startsWith("The notebook alice does not exist");
            assertThat(result.remediation()).endsWith("; or start the notebook: gpu-notebook start alice");
        }

        @Test
        void run_whenAHandBuiltServiceHasNoInstance_asksForAContainerInstance() {
            CheckResult result = check.run(healthy().target(handBuilt)
                    .instance(Fact.missing("an EC2 instance for service jupyter")).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).isEqualTo("No EC2 instance found for service jupyter.");
            assertThat(result.remediation()).isEqualTo("Launch a container instance for cluster ml (scale its Auto "
                    + "Scaling group or capacity provider).");
        }

        @Test
        void run_whenAHandBuiltStacksInstanceIsTerminated_pointsAtItsAutoScalingGroup() {
            CheckResult result = check.run(healthy().target(handBuilt).instance(known(instance("terminated", null)))
                    .build());

            assertThat(result.summary()).isEqualTo("i-0abc1234def567890 is terminated.");
            assertThat(result.remediation()).endsWith("(scale the Auto Scaling group).");
        }

        @Test
        void run_whenTheIdentityMayNotDescribeInstances_quotesAwsRefusalAndWhatToAllow() {
            String refusal = "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ec2:DescribeInstances";

            CheckResult result = check.run(healthy().instance(Fact.denied("ec2:DescribeInstances", refusal)).build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.evidence()).containsExactly(refusal);
            assertThat(result.remediation()).isEqualTo("Allow ec2:DescribeInstances for the identity that runs diagnose, "
                    + "then run it again.");
        }
    }
}
