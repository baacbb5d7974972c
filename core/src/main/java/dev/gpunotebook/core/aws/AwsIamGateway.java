package dev.gpunotebook.core.aws;

import static dev.gpunotebook.core.aws.AwsErrors.call;

import dev.gpunotebook.core.cloud.IamGateway;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

/** {@link IamGateway} with the AWS SDK's IAM client. */
final class AwsIamGateway implements IamGateway {

    private final IamClient iam;

    AwsIamGateway(IamClient iam) {
        this.iam = iam;
    }

    @Override
    public Optional<String> findRole(String roleName) {
        try {
            return Optional.of(iam.getRole(r -> r.roleName(roleName)).role().arn());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.translate("iam:GetRole", e);
        }
    }

    @Override
    public String createRole(String roleName, String servicePrincipal, List<String> managedPolicyArns,
            String inlinePolicyName, String inlinePolicyJson, Map<String, String> tags) {
        String trust = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"%s"},\
                "Action":"sts:AssumeRole"}]}""".formatted(servicePrincipal);
        String arn = call("iam:CreateRole", () -> iam.createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(trust)
                .description("gpu-notebook").tags(tags(tags)))).role().arn();
        for (String policy : managedPolicyArns) {
            call("iam:AttachRolePolicy", () -> iam.attachRolePolicy(r -> r.roleName(roleName).policyArn(policy)));
        }
        if (!inlinePolicyName.isEmpty()) {
            call("iam:PutRolePolicy", () -> iam.putRolePolicy(r -> r.roleName(roleName).policyName(inlinePolicyName)
                    .policyDocument(inlinePolicyJson)));
        }
        return arn;
    }

    @Override
    public void deleteRole(String roleName) {
        try {
            iam.listAttachedRolePolicies(r -> r.roleName(roleName)).attachedPolicies().forEach(p ->
                    iam.detachRolePolicy(r -> r.roleName(roleName).policyArn(p.policyArn())));
            iam.listRolePolicies(r -> r.roleName(roleName)).policyNames().forEach(name ->
                    iam.deleteRolePolicy(r -> r.roleName(roleName).policyName(name)));
            iam.deleteRole(r -> r.roleName(roleName));
        } catch (NoSuchEntityException e) {
            // already gone
        } catch (SdkException e) {
            throw AwsErrors.translate("iam:DeleteRole", e);
        }
    }

    @Override
    public Optional<String> findInstanceProfile(String profileName) {
        try {
            return Optional.of(iam.getInstanceProfile(r -> r.instanceProfileName(profileName)).instanceProfile().arn());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.translate("iam:GetInstanceProfile", e);
        }
    }

    @Override
    public String createInstanceProfile(String profileName, String roleName, Map<String, String> tags) {
        String arn = call("iam:CreateInstanceProfile", () -> iam.createInstanceProfile(r -> r
                .instanceProfileName(profileName).tags(tags(tags)))).instanceProfile().arn();
        call("iam:AddRoleToInstanceProfile", () -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName(profileName)
                .roleName(roleName)));
        return arn;
    }

    @Override
    public void deleteInstanceProfile(String profileName, String roleName) {
        try {
            iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(profileName).roleName(roleName));
        } catch (NoSuchEntityException e) {
            // not attached
        } catch (SdkException e) {
            throw AwsErrors.translate("iam:RemoveRoleFromInstanceProfile", e);
        }
        try {
            iam.deleteInstanceProfile(r -> r.instanceProfileName(profileName));
        } catch (NoSuchEntityException e) {
            // already gone
        } catch (SdkException e) {
            throw AwsErrors.translate("iam:DeleteInstanceProfile", e);
        }
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
