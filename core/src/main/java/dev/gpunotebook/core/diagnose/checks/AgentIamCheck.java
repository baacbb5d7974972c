package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.RoleFacts;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies that the instance has an instance profile whose role lets the ECS agent work: the AWS
 * managed policy AmazonEC2ContainerServiceforEC2Role, or its actions in the role's own
 * policies. Without them the agent cannot register (FAIL); without the ECR and CloudWatch Logs
 * actions, image pulls without an execution role and the awslogs driver fail (WARN). Deny
 * statements, permission boundaries and SCPs are not evaluated.
 *
 * <p>Needs EC2 DescribeInstances, IAM GetInstanceProfile ({@code iam:GetInstanceProfile}),
 * ListAttachedRolePolicies ({@code iam:ListAttachedRolePolicies}), ListRolePolicies and
 * GetRolePolicy ({@code iam:GetRolePolicy}), GetPolicyVersion for customer-managed policies.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html">https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html</a>
 */
public final class AgentIamCheck extends BaseCheck {
    static final String DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html";
    static final String MANAGED_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role";
    private static final String SERVICE_ROLE_POLICY = "policy/service-role/AmazonEC2ContainerServiceRole";

    /** What the agent calls to register and report (a subset of the managed policy). */
    static final List<String> AGENT_ACTIONS = List.of("ecs:RegisterContainerInstance", "ecs:DeregisterContainerInstance",
            "ecs:DiscoverPollEndpoint", "ecs:Poll", "ecs:StartTelemetrySession", "ecs:SubmitContainerStateChange",
            "ecs:SubmitTaskStateChange");
    /** Image pulls from ECR without a task execution role, and the awslogs driver on EC2. */
    static final List<String> PULL_AND_LOG_ACTIONS = List.of("ecr:GetAuthorizationToken", "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer", "logs:CreateLogStream", "logs:PutLogEvents");

    public AgentIamCheck() {
        super(CheckIds.AGENT_IAM, Area.AGENT, DOCS, CheckIds.CREDENTIALS);
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        InstanceFacts instance = need(s.instance(), "the instance",
                () -> skip(CheckIds.INSTANCE_STATE, "there is no instance whose role could be checked"));
        String id = instance.instanceId();
        String attach = "aws iam attach-role-policy --role-name ROLE --policy-arn " + MANAGED_POLICY;
        if (instance.instanceProfileArn() == null) {
            return fail(id + " has no instance profile: the ECS agent has no credentials and cannot register.",
                    List.of(id + ": no IamInstanceProfile"),
                    "Attach one whose role has AmazonEC2ContainerServiceforEC2Role: aws ec2 "
                            + "associate-iam-instance-profile --instance-id " + id + " --iam-instance-profile "
                            + "Name=ecsInstanceRole --region " + s.target().region() + " (create it first if needed; "
                            + attach + ").");
        }
        String profile = instance.instanceProfileArn();
        RoleFacts role = need(s.instanceRole(), "the role of instance profile " + profile,
                () -> fail("Instance profile " + profile + " has no role (or no longer exists).",
                        List.of(s.instanceRole().describe()),
                        "aws iam add-role-to-instance-profile --instance-profile-name " + Stack.shortArn(profile)
                                + " --role-name ecsInstanceRole; then " + attach));
        String roleName = Stack.shortArn(role.roleArn());
        List<String> evidence = new ArrayList<>();
        evidence.add("instance profile " + profile + " -> role " + role.roleArn());
        evidence.add("attached policies: " + (role.attachedPolicyArns().isEmpty() ? "none"
                : String.join(", ", role.attachedPolicyArns())));
        if (!role.allowedActions().isEmpty()) {
            evidence.add("actions allowed by its own policies: " + String.join(", ", role.allowedActions()));
        }
        if (role.attachedPolicyArns().stream().anyMatch(arn -> arn.endsWith(":iam::aws:policy/service-role/"
                + "AmazonEC2ContainerServiceforEC2Role"))) {
            return pass("Role " + roleName + " has AmazonEC2ContainerServiceforEC2Role.", evidence);
        }
        List<String> missing = AGENT_ACTIONS.stream().filter(a -> !IamActions.allows(role.allowedActions(), a)).toList();
        List<String> missingExtras = PULL_AND_LOG_ACTIONS.stream()
                .filter(a -> !IamActions.allows(role.allowedActions(), a)).toList();
        String fix = attach.replace("ROLE", roleName);
        boolean serviceRoleMixUp = role.attachedPolicyArns().stream().anyMatch(arn -> arn.endsWith(SERVICE_ROLE_POLICY));
        if (serviceRoleMixUp) {
            evidence.add("AmazonEC2ContainerServiceRole is the ECS service's role policy, not the container instance's");
        }
        if (!missing.isEmpty()) {
            return fail("Role " + roleName + " does not allow " + String.join(", ", missing)
                    + ": the ECS agent cannot register or report.", evidence, fix);
        }
        if (!missingExtras.isEmpty()) {
            return warn("Role " + roleName + " lets the agent register but does not allow " + String.join(", ", missingExtras)
                    + " (ECR pulls without an execution role, awslogs).", evidence, fix);
        }
        return pass("Role " + roleName + " allows what the ECS agent needs.", evidence);
    }
}
