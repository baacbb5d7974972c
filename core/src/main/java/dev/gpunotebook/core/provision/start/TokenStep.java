package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.provision.StepOutcome;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The notebook's own Jupyter token: 32 random bytes in an SSM SecureString, which the task reads
 * through {@code secrets}. The value never leaves this step: not in events, logs or the task
 * definition. A restart keeps the existing token unless {@code --new-token} asks for a new one.
 * The task definition names the parameter by its name (see {@link TaskDefinitionStep}), so one
 * GetParameter (does it exist?) and at most one PutParameter are all this step calls.
 */
final class TokenStep extends StartStep {

    static final String NAME = "token";
    static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    TokenStep() {
        super(NAME, afterPreflight());
    }

    @Override
    public StepOutcome apply(StartContext c) {
        String parameter = c.names.tokenParameter(c.spec.name());
        if (c.cloud.ssm().findSecret(parameter).isPresent()) {
            if (c.rotateToken) {
                // Kept in memory only, to put back if a later step fails.
                c.previousToken = c.cloud.ssm().readSecret(parameter);
                c.cloud.ssm().replaceSecret(parameter, newToken());
                c.tokenRotated = true;
                return StepOutcome.updated(parameter + " (new token; the notebook's task restarts to read it)");
            }
            return StepOutcome.found(parameter);
        }
        c.cloud.ssm().createSecret(parameter, newToken(), "Jupyter token of gpu-notebook " + c.spec.name(), c.tags());
        return StepOutcome.created(parameter + " (SecureString)");
    }

    static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void rollback(StartContext c) {
        if (c.tokenRotated) {
            c.cloud.ssm().replaceSecret(c.names.tokenParameter(c.spec.name()), c.previousToken);
        } else {
            c.cloud.ssm().deleteParameter(c.names.tokenParameter(c.spec.name()));
        }
    }
}
