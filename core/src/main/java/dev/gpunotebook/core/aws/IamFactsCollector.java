package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.diagnose.snapshot.CallerIdentity;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.RoleFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Reads the identity facts of a diagnosis: who is calling (STS), and the role of an instance
 * profile with the actions its customer-managed and inline policies allow (AWS managed policies
 * are known to the checks by ARN, so their documents are not read). Each method turns AWS errors
 * into facts (see {@link FactCalls}).
 *
 * <p>Calls, each needing the IAM action of the same name: sts:GetCallerIdentity (needs no
 * permission), iam:GetInstanceProfile, iam:ListAttachedRolePolicies, iam:ListRolePolicies,
 * iam:GetRolePolicy (one per inline policy), iam:GetPolicy and iam:GetPolicyVersion (one each per
 * customer-managed policy).
 */
final class IamFactsCollector {

    private final IamClient iam;
    private final StsClient sts;
    private final ParallelCalls calls;

    IamFactsCollector(IamClient iam, StsClient sts, ParallelCalls calls) {
        this.iam = iam;
        this.sts = sts;
        this.calls = calls;
    }

    Fact<CallerIdentity> caller() {
        return FactCalls.fact("sts:GetCallerIdentity", "the caller identity", () -> {
            var id = sts.getCallerIdentity();
            return new CallerIdentity(id.account(), id.arn());
        });
    }

    /** The first role of the instance profile and what its policies allow. */
    Fact<RoleFacts> role(String profileArn) {
        String profileName = profileArn.substring(profileArn.lastIndexOf('/') + 1);
        Fact<InstanceProfile> profile = FactCalls.fact("iam:GetInstanceProfile", "instance profile " + profileName,
                () -> iam.getInstanceProfile(x -> x.instanceProfileName(profileName)).instanceProfile());
        if (!profile.isKnown()) {
            return FactCalls.carry(profile, "instance profile " + profileName);
        }
        var roleList = profile.toOptional().orElseThrow().roles();
        if (roleList.isEmpty()) {
            return Fact.missing("a role in instance profile " + profileName);
        }
        var role = roleList.get(0);
        CompletableFuture<Fact<List<String>>> inlineNames = calls.fanOut(() -> FactCalls.fact(
                "iam:ListRolePolicies", "inline policies of " + role.roleName(), () -> iam
                        .listRolePoliciesPaginator(x -> x.roleName(role.roleName())).policyNames().stream()
                        .toList()));
        Fact<List<String>> attached = FactCalls.fact("iam:ListAttachedRolePolicies", "policies of " + role.roleName(),
                () -> iam.listAttachedRolePoliciesPaginator(x -> x.roleName(role.roleName())).attachedPolicies()
                        .stream().map(p -> p.policyArn()).toList());
        Fact<List<String>> inline = inlineNames.join(); // even when not needed: no call outlives the collection
        if (!attached.isKnown()) {
            return FactCalls.carry(attached, "policies of " + role.roleName());
        }
        List<String> actions = new ArrayList<>();
        for (String name : inline.toOptional().orElse(List.of())) {
            FactCalls.fact("iam:GetRolePolicy", "policy " + name, () -> iam.getRolePolicy(
                    x -> x.roleName(role.roleName()).policyName(name)).policyDocument())
                    .toOptional().ifPresent(doc -> actions.addAll(SnapshotMapping.allowedActions(doc)));
        }
        for (String policyArn : attached.toOptional().orElseThrow()) {
            if (policyArn.startsWith("arn:aws:iam::aws:") || policyArn.contains(":iam::aws:policy/")) {
                continue; // AWS managed: the checks know them by ARN
            }
            FactCalls.fact("iam:GetPolicyVersion", "policy " + policyArn, () -> {
                String version = iam.getPolicy(x -> x.policyArn(policyArn)).policy().defaultVersionId();
                return iam.getPolicyVersion(x -> x.policyArn(policyArn).versionId(version)).policyVersion()
                        .document();
            }).toOptional().ifPresent(doc -> actions.addAll(SnapshotMapping.allowedActions(doc)));
        }
        return Fact.known(new RoleFacts(profileArn, role.arn(), attached.toOptional().orElseThrow(), actions));
    }
}
