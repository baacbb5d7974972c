package dev.gpunotebook.core.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** IAM: the container instances' role and profile, and the task execution role. */
public interface IamGateway {

    Optional<String> findRole(String roleName);

    /**
     * Creates a role that {@code servicePrincipal} may assume, with managed policies attached and an
     * optional inline policy (empty string for none). Returns its ARN.
     */
    String createRole(String roleName, String servicePrincipal, List<String> managedPolicyArns, String inlinePolicyName,
            String inlinePolicyJson, Map<String, String> tags);

    void deleteRole(String roleName);

    Optional<String> findInstanceProfile(String profileName);

    String createInstanceProfile(String profileName, String roleName, Map<String, String> tags);

    void deleteInstanceProfile(String profileName, String roleName);
}
