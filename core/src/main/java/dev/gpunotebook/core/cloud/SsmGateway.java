package dev.gpunotebook.core.cloud;

import java.util.Map;
import java.util.Optional;

/** SSM Parameter Store: the public ECS AMI parameters and the notebooks' token parameters. */
public interface SsmGateway {

    /** The value of a public, plain parameter such as the ECS GPU-optimized AMI id. */
    String readPublicParameter(String name);

    /** The ARN of the SecureString parameter, if it exists; never its value. */
    Optional<String> findSecret(String name);

    /**
     * Creates a SecureString parameter; fails if it exists. One PutParameter: nothing is read back
     * (a task definition names the parameter by its name, see {@code TaskDefinitionStep}).
     */
    void createSecret(String name, String value, String description, Map<String, String> tags);

    /** Replaces the value of an existing SecureString parameter (a new version). */
    void replaceSecret(String name, String value);

    /** The decrypted value, for the notebook's owner only. */
    String readSecret(String name);

    void deleteParameter(String name);
}
