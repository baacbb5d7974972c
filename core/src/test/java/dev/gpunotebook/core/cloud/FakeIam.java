package dev.gpunotebook.core.cloud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IAM roles and instance profiles in memory. It refuses what IAM refuses: a second role or profile of a name, a
 * profile for a role that does not exist, deleting a role an instance profile still holds ({@code DeleteConflict}).
 * Each call is recorded as the IAM operation it stands for.
 */
public final class FakeIam implements IamGateway {

    /** A role as it was created: who may assume it, its managed policies, its one inline policy ("" for none). */
    public record Role(String name, String arn, String servicePrincipal, List<String> managedPolicyArns,
            String inlinePolicyName, String inlinePolicyJson, Map<String, String> tags) {
    }

    public record InstanceProfile(String name, String arn, String roleName, Map<String, String> tags) {
    }

    private final List<String> calls;
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, InstanceProfile> profiles = new LinkedHashMap<>();

    FakeIam(List<String> calls) {
        this.calls = calls;
    }

    /** An instance profile made outside this test's steps; {@code roleName} "" for a profile that holds no role. */
    public synchronized void add(InstanceProfile profile) {
        profiles.put(profile.name(), profile);
    }

    public synchronized Optional<Role> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    public synchronized Optional<InstanceProfile> instanceProfile(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    @Override
    public synchronized Optional<String> findRole(String roleName) {
        calls.add("GetRole " + roleName);
        return role(roleName).map(Role::arn);
    }

    @Override
    public synchronized String createRole(String roleName, String servicePrincipal, List<String> managedPolicyArns,
            String inlinePolicyName, String inlinePolicyJson, Map<String, String> tags) {
        calls.add("CreateRole " + roleName);
        if (roles.containsKey(roleName)) {
            throw FakeCloud.awsError("EntityAlreadyExists", "Role with name " + roleName + " already exists.");
        }
        Role role = new Role(roleName, "arn:aws:iam::123456789012:role/" + roleName, servicePrincipal,
                List.copyOf(managedPolicyArns), inlinePolicyName, inlinePolicyJson, Map.copyOf(tags));
        roles.put(roleName, role);
        return role.arn();
    }

    @Override
    public synchronized void deleteRole(String roleName) {
        calls.add("DeleteRole " + roleName);
        if (profiles.values().stream().anyMatch(p -> p.roleName().equals(roleName))) {
            throw FakeCloud.awsError("DeleteConflict", "Cannot delete entity, must remove roles from instance profile"
                    + " first.");
        }
        roles.remove(roleName);
    }

    @Override
    public synchronized Optional<String> findInstanceProfile(String profileName) {
        calls.add("GetInstanceProfile " + profileName);
        return instanceProfile(profileName).map(InstanceProfile::arn);
    }

    @Override
    public synchronized String createInstanceProfile(String profileName, String roleName, Map<String, String> tags) {
        calls.add("CreateInstanceProfile " + profileName);
        if (profiles.containsKey(profileName)) {
            throw FakeCloud.awsError("EntityAlreadyExists", "Instance Profile " + profileName + " already exists.");
        }
        if (!roles.containsKey(roleName)) {
            throw FakeCloud.awsError("NoSuchEntity", "The role with name " + roleName + " cannot be found.");
        }
        InstanceProfile profile = new InstanceProfile(profileName,
                "arn:aws:iam::123456789012:instance-profile/" + profileName, roleName, Map.copyOf(tags));
        profiles.put(profileName, profile);
        return profile.arn();
    }

    @Override
    public synchronized void deleteInstanceProfile(String profileName, String roleName) {
        calls.add("DeleteInstanceProfile " + profileName);
        profiles.remove(profileName);
    }
}
