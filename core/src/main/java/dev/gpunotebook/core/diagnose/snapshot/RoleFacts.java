package dev.gpunotebook.core.diagnose.snapshot;

import java.util.List;

/**
 * The role behind an instance profile: IAM GetInstanceProfile (the role), ListAttachedRolePolicies
 * (managed policy ARNs), and the actions allowed by the role's own policy documents:
 * ListRolePolicies + GetRolePolicy (inline) and, for customer-managed attached policies,
 * GetPolicy + GetPolicyVersion of the default version. {@code allowedActions} are the Action
 * strings of Allow statements as written (wildcards such as {@code ecs:*} kept); AWS managed
 * policies are recognised by ARN and need not be expanded.
 */
public record RoleFacts(String instanceProfileArn, String roleArn, List<String> attachedPolicyArns,
        List<String> allowedActions) {
    public RoleFacts {
        Validate.nonBlank(instanceProfileArn, "instanceProfileArn");
        Validate.nonBlank(roleArn, "roleArn");
        attachedPolicyArns = Validate.list(attachedPolicyArns);
        allowedActions = Validate.list(allowedActions);
    }
}
