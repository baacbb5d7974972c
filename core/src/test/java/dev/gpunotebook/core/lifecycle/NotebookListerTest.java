package dev.gpunotebook.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.cloud.InstanceInfo;
import dev.gpunotebook.core.cloud.ServiceInfo;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.NotebookState;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.model.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotebookListerTest {

    private static final Environment ENV = new Environment(EnvironmentConfig.defaults(), "vpc-1", List.of(),
            "gpu-notebook-default", "alb", "lb.example.com", "sg-a", "sg-i", "listener", "profile", "role", "/logs");

    private static InstanceInfo instance(String state) {
        return new InstanceInfo("i-1", "g4dn.xlarge", state, "", "us-east-1a", "subnet-1", "ami-1", "", Instant.EPOCH,
                Map.of(Tags.NOTEBOOK, "alice", Tags.OWNER, "U1"));
    }

    private static ServiceInfo service(int desired, int running) {
        return new ServiceInfo("arn:svc", "notebook-alice", "ACTIVE", desired, running, desired - running, "td",
                Map.of(Tags.NOTEBOOK, "alice"));
    }

    @ParameterizedTest
    @CsvSource({"pending,1,0,STARTING", "running,1,0,STARTING", "running,1,1,RUNNING", "running,0,0,STOPPING",
            "stopping,0,0,STOPPING", "stopped,0,0,STOPPED", "shutting-down,1,0,FAILED"})
    void summarize_whenInstanceAndServiceAreInAState_derivesTheNotebookState(String instanceState, int desired,
            int running, NotebookState expected) {
        NotebookSummary summary = NotebookLister.summarize(ENV, "alice", Optional.of(instance(instanceState)),
                Optional.of(service(desired, running)));

        assertThat(summary.state()).isEqualTo(expected);
        assertThat(summary.owner()).isEqualTo("U1");
        assertThat(summary.url()).isEqualTo("http://lb.example.com/notebook/alice/").doesNotContain("token");
    }

    @Test
    void summarize_whenStoppedByStop_showsWhoStoppedIt() {
        InstanceInfo stopped = new InstanceInfo("i-1", "g4dn.xlarge", "stopped", "Client.UserInitiatedShutdown", "us-east-1a",
                "subnet-1", "ami-1", "", Instant.EPOCH, Map.of(Tags.NOTEBOOK, "alice",
                        NotebookLister.STOP_REASON_TAG, "idle for 61 minutes (limit 60)"));

        NotebookSummary summary = NotebookLister.summarize(ENV, "alice", Optional.of(stopped), Optional.of(service(0, 0)));

        assertThat(summary.state()).isEqualTo(NotebookState.STOPPED);
        assertThat(summary.stateReason()).isEqualTo("idle for 61 minutes (limit 60)");
    }

    @ParameterizedTest
    @CsvSource({"running,PT2H", "pending,PT2H", "stopping,", "stopped,"})
    void uptime_whenTheInstanceIsInAState_countsOnlyTheCurrentRun(String state, Duration expected) {
        Instant launched = Instant.parse("2026-01-05T08:00:00Z");
        InstanceInfo instance = new InstanceInfo("i-1", "g4dn.xlarge", state, "", "us-east-1a", "subnet-1", "ami-1", "",
                launched, Map.of());

        assertThat(NotebookLister.uptime(instance, Instant.parse("2026-01-05T10:00:00Z"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"60,60", "0,0", "abc,-1", "'',-1", "-5,-1"})
    void idleMinutes_whenTheTagHasAValue_readsItOrUnknown(String tag, int expected) {
        InstanceInfo instance = new InstanceInfo("i-1", "g4dn.xlarge", "running", "", "us-east-1a", "subnet-1", "ami-1",
                "", Instant.EPOCH, Map.of(Tags.IDLE_MINUTES, tag));

        assertThat(NotebookLister.idleMinutes(instance)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"true,false,its ECS service is missing", "false,true,its instance is gone"})
    void summarize_whenAPartIsMissing_isFailedWithAReason(boolean hasInstance, boolean hasService, String reason) {
        NotebookSummary summary = NotebookLister.summarize(ENV, "alice",
                hasInstance ? Optional.of(instance("running")) : Optional.empty(),
                hasService ? Optional.of(service(1, 0)) : Optional.empty());

        assertThat(summary.state()).isEqualTo(NotebookState.FAILED);
        assertThat(summary.stateReason()).contains(reason);
    }
}
