package dev.gpunotebook.core.provision.start;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.cloud.Cloud;
import dev.gpunotebook.core.cloud.InstanceTypeInfo;
import dev.gpunotebook.core.cloud.SsmGateway;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.StepOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TokenStepTest {

    private static final String PARAMETER = "/gpu-notebook/default/alice/jupyter-token";

    /** SSM Parameter Store in memory; records each call as the SSM operation it stands for. */
    private static final class FakeSsm implements SsmGateway {

        final Map<String, String> values = new HashMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public String readPublicParameter(String name) {
            calls.add("GetParameter " + name);
            return "ami-0123456789abcdef0";
        }

        @Override
        public Optional<String> findSecret(String name) {
            calls.add("GetParameter " + name);
            return values.containsKey(name)
                    ? Optional.of("arn:aws:ssm:us-east-1:123456789012:parameter" + name) : Optional.empty();
        }

        @Override
        public void createSecret(String name, String value, String description, Map<String, String> tags) {
            calls.add("PutParameter " + name);
            values.put(name, value);
        }

        @Override
        public void replaceSecret(String name, String value) {
            calls.add("PutParameter " + name + " (overwrite)");
            values.put(name, value);
        }

        @Override
        public String readSecret(String name) {
            calls.add("GetParameter " + name + " (decrypted)");
            return values.get(name);
        }

        @Override
        public void deleteParameter(String name) {
            calls.add("DeleteParameter " + name);
            values.remove(name);
        }
    }

    private final FakeSsm ssm = new FakeSsm();

    private StartContext context(boolean rotateToken) {
        Cloud cloud = new Cloud("us-east-1", null, null, null, null, ssm, null, null);
        Environment env = new Environment(EnvironmentConfig.defaults(), "vpc-1",
                List.of(new Environment.Subnet("subnet-1", "us-east-1a")), "gpu-notebook-default",
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/gpu-notebook-default/1",
                "gpu-notebook-default-1.us-east-1.elb.amazonaws.com", "sg-alb", "sg-instance",
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/gpu-notebook-default/1/2",
                "gpu-notebook-default-instance", "arn:aws:iam::123456789012:role/gpu-notebook-default-execution",
                "/gpu-notebook/default");
        StartContext c = new StartContext(cloud, env, NotebookSpec.defaults(NotebookName.of("alice"), "U0ALICE"),
                rotateToken, ProgressListener.NONE);
        c.instanceType = new InstanceTypeInfo("g4dn.xlarge", 4, 16384, 1, "NVIDIA T4", List.of("x86_64"));
        return c;
    }

    @Nested
    class ANewToken {

        @Test
        void apply_whenTheParameterDoesNotExist_createsItWithOnePutAndReadsNothingBack() {
            StepOutcome outcome = new TokenStep().apply(context(false));

            assertThat(outcome.created()).isTrue();
            assertThat(ssm.calls).containsExactly("GetParameter " + PARAMETER, "PutParameter " + PARAMETER);
            assertThat(ssm.values.get(PARAMETER)).matches("[A-Za-z0-9_-]{43}");
        }

        @Test
        void apply_whenCreated_neverPutsTheTokenIntoTheOutcome() {
            StepOutcome outcome = new TokenStep().apply(context(false));

            assertThat(outcome.detail()).isEqualTo(PARAMETER + " (SecureString)")
                    .doesNotContain(ssm.values.get(PARAMETER));
        }
    }

    @Nested
    class AnExistingToken {

        @Test
        void apply_whenTheParameterExists_findsItWithOneGetAndChangesNothing() {
            ssm.values.put(PARAMETER, "kept");

            StepOutcome outcome = new TokenStep().apply(context(false));

            assertThat(outcome.changed()).isFalse();
            assertThat(ssm.calls).containsExactly("GetParameter " + PARAMETER);
            assertThat(ssm.values).containsEntry(PARAMETER, "kept");
        }

        @Test
        void apply_whenANewTokenIsAsked_replacesItAndRollbackPutsTheOldOneBack() {
            ssm.values.put(PARAMETER, "old");
            StartContext c = context(true);

            new TokenStep().apply(c);
            String replaced = ssm.values.get(PARAMETER);
            new TokenStep().rollback(c);

            assertThat(replaced).isNotEqualTo("old");
            assertThat(ssm.values).containsEntry(PARAMETER, "old");
        }
    }

    @Nested
    class TheTaskDefinitionsSecret {

        @Test
        void spec_whenTheTokenWasCreated_namesTheParameterByItsNameInTheTasksRegion() {
            StartContext c = context(false);
            new TokenStep().apply(c);

            assertThat(TaskDefinitionStep.spec(c).secrets()).containsExactly(Map.entry("JUPYTER_TOKEN", PARAMETER));
        }

        @Test
        void spec_whenTheTokenWasFound_namesTheSameParameterTheSameWay() {
            ssm.values.put(PARAMETER, "kept");
            StartContext c = context(false);
            new TokenStep().apply(c);

            assertThat(TaskDefinitionStep.spec(c).secrets()).containsExactly(Map.entry("JUPYTER_TOKEN", PARAMETER));
        }
    }
}
