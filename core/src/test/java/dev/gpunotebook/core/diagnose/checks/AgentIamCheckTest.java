package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.AMI_ID;
import static dev.gpunotebook.core.diagnose.Snapshots.INSTANCE_ID;
import static dev.gpunotebook.core.diagnose.Snapshots.INSTANCE_SG;
import static dev.gpunotebook.core.diagnose.Snapshots.INSTANCE_TYPE;
import static dev.gpunotebook.core.diagnose.Snapshots.LAUNCHED;
import static dev.gpunotebook.core.diagnose.Snapshots.PROFILE_ARN;
import static dev.gpunotebook.core.diagnose.Snapshots.ROLE_ARN;
import static dev.gpunotebook.core.diagnose.Snapshots.SUBNET_A;
import static dev.gpunotebook.core.diagnose.Snapshots.VPC;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Snapshots;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.RoleFacts;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AgentIamCheckTest {
    private final AgentIamCheck check = new AgentIamCheck();

    private CheckResult runWithRole(List<String> attached, List<String> actions) {
        return check.run(healthy().instanceRole(known(new RoleFacts(PROFILE_ARN, ROLE_ARN, attached, actions))).build());
    }

    @Test
    void run_whenRoleHasTheManagedPolicy_passes() {
        assertThat(check.run(healthy().build()).status()).isEqualTo(Status.PASS);
    }

    @Test
    void run_whenInstanceHasNoProfile_failsWithTheAssociateCommand() {
        InstanceFacts noProfile = new InstanceFacts(INSTANCE_ID, INSTANCE_TYPE, "running", null, LAUNCHED, "eu-west-1a",
                SUBNET_A, VPC, "203.0.113.10", "10.0.1.10", AMI_ID, List.of(INSTANCE_SG), null);

        CheckResult result = check.run(healthy().instance(known(noProfile)).build());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).contains("no instance profile");
        assertThat(result.remediation()).contains("aws ec2 associate-iam-instance-profile --instance-id " + INSTANCE_ID);
    }

    @Test
    void run_whenProfileHasNoRole_fails() {
        CheckResult result = check.run(healthy().instanceRole(Fact.missing("role of the instance profile")).build());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.remediation()).contains("add-role-to-instance-profile --instance-profile-name gpu-notebook-dev-instance");
    }

    @Test
    void run_whenInlinePolicyAllowsEcsAndPullsAndLogs_passes() {
        CheckResult result = runWithRole(List.of(), List.of("ecs:*", "ecr:*", "logs:CreateLogStream", "logs:PutLogEvents"));

        assertThat(result.status()).isEqualTo(Status.PASS);
    }

    @Test
    void run_whenRoleAllowsEverything_passes() {
        assertThat(runWithRole(List.of(), List.of("*")).status()).isEqualTo(Status.PASS);
    }

    @Test
    void run_whenAgentActionsAreMissing_failsListingThem() {
        CheckResult result = runWithRole(List.of(), List.of("ecs:RegisterContainerInstance", "ecs:Poll",
                "ecs:DiscoverPollEndpoint"));

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).contains("ecs:StartTelemetrySession", "ecs:SubmitTaskStateChange")
                .doesNotContain("ecs:Poll,");
        assertThat(result.remediation()).contains("--role-name gpu-notebook-dev-instance",
                "AmazonEC2ContainerServiceforEC2Role");
    }

    @Test
    void run_whenOnlyPullAndLogActionsAreMissing_warns() {
        CheckResult result = runWithRole(List.of(), List.of("ecs:*"));

        assertThat(result.status()).isEqualTo(Status.WARN);
        assertThat(result.summary()).contains("ecr:GetAuthorizationToken", "logs:PutLogEvents");
    }

    @Test
    void run_whenTheServiceRolePolicyIsAttachedInstead_failsAndSaysWhy() {
        CheckResult result = runWithRole(List.of("arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceRole"),
                List.of());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.evidence()).anySatisfy(e -> assertThat(e).contains("not the container instance's"));
    }

    @Test
    void run_whenIamIsDenied_isUnknownNamingTheAction() {
        CheckResult result = check.run(healthy().instanceRole(Fact.denied("iam:GetInstanceProfile", "")).build());

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(result.summary()).contains("iam:GetInstanceProfile");
    }

    @Nested
    @DisplayName("what the evidence quotes of the role")
    class WhatTheEvidenceQuotesOfTheRole {
        @Test
        void run_whenTheManagedPolicyIsAttached_quotesProfileRoleAndPolicies() {
            CheckResult result = check.run(healthy().build());

            assertThat(result.evidence()).containsExactly("instance profile " + PROFILE_ARN + " -> role " + ROLE_ARN,
                    "attached policies: " + Snapshots.ECS_POLICY);
        }

        @Test
        void run_whenOnlyInlinePoliciesAllow_quotesTheirActions() {
            CheckResult result = runWithRole(List.of(), List.of("ecs:*", "ecr:*", "logs:CreateLogStream",
                    "logs:PutLogEvents"));

            assertThat(result.evidence()).containsExactly("instance profile " + PROFILE_ARN + " -> role " + ROLE_ARN,
                    "attached policies: none", "actions allowed by its own policies: ecs:*, ecr:*, logs:CreateLogStream, "
                            + "logs:PutLogEvents");
        }

        @Test
        void run_whenOnlyAnUnrelatedPolicyIsAttached_failsWithoutTalkingOfTheServiceRole() {
            CheckResult result = runWithRole(List.of("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"), List.of());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("ecs:RegisterContainerInstance");
            assertThat(result.evidence()).noneSatisfy(e -> assertThat(e).contains("AmazonEC2ContainerServiceRole"));
        }
    }
}
