package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** DESIGN: a check whose prerequisite does not exist is SKIP, and its summary names the check that reports it. */
@DisplayName("A check whose prerequisite does not exist skips, naming the check that reports it")
class PrerequisiteSkipsTest {

    static Stream<Arguments> missingPrerequisites() {
        UnaryOperator<Snapshot.Builder> noInstance = s -> s.instance(Fact.missing("instance of notebook alice"));
        UnaryOperator<Snapshot.Builder> noService = s -> s.service(Fact.missing("service gpu-notebook-alice"));
        return Stream.of(
                row(new AgentIamCheck(), "no instance", noInstance, CheckIds.INSTANCE_STATE),
                row(new AgentRegistrationCheck(), "no instance", noInstance, CheckIds.INSTANCE_STATE),
                row(new NetworkAlbToInstanceCheck(), "no instance", noInstance, CheckIds.INSTANCE_STATE),
                row(new AlbListenerCheck(), "no service", noService, CheckIds.SERVICE_PLACEMENT),
                row(new NetworkAlbToInstanceCheck(), "no service", noService, CheckIds.SERVICE_PLACEMENT),
                row(new NetworkAlbToInstanceCheck(), "no load balancer",
                        s -> s.loadBalancer(Fact.missing("load balancer gpu-notebook-dev")), CheckIds.ALB_LISTENER));
    }

    private static Arguments row(BaseCheck check, String missing, UnaryOperator<Snapshot.Builder> remove,
            String reportedBy) {
        return Arguments.of(Named.of(check.id(), check), missing, remove, reportedBy);
    }

    @ParameterizedTest(name = "{0} with {1} names {3}")
    @MethodSource("missingPrerequisites")
    void run_whenAPrerequisiteDoesNotExist_skipsNamingTheCheckThatReportsIt(BaseCheck check, String missing,
            UnaryOperator<Snapshot.Builder> remove, String reportedBy) {
        CheckResult result = check.run(remove.apply(healthy()).build());

        assertThat(result.status()).isEqualTo(Status.SKIP);
        assertThat(result.summary()).contains("(see " + reportedBy + ")");
    }
}
