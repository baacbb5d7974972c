package dev.gpunotebook.core.provision.start;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.cloud.FakeCloud;
import dev.gpunotebook.core.cloud.FakeSsm;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.StepOutcome;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TokenStepTest {

    private static final String PARAMETER = "/gpu-notebook/default/alice/jupyter-token";

    private final FakeCloud aws = new FakeCloud();
    private final FakeSsm ssm = aws.ssm;

    private StartContext context(boolean rotateToken) {
        StartContext c = new StartContext(aws.cloud(), FakeCloud.ENVIRONMENT,
                NotebookSpec.defaults(NotebookName.of("alice"), FakeCloud.OWNER), rotateToken, ProgressListener.NONE);
        c.instanceType = FakeCloud.G4DN_XLARGE;
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
