package dev.gpunotebook.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.ManualClock;
import dev.gpunotebook.core.cloud.FakeCloud;
import dev.gpunotebook.core.cloud.InstanceInfo;
import dev.gpunotebook.core.cloud.ServiceInfo;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookState;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.model.Tags;
import dev.gpunotebook.core.pricing.PriceTable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
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
                        NotebookLister.STOP_REASON_TAG, "idle for 61 minutes - limit 60 - stopped by the idle reaper"));

        NotebookSummary summary = NotebookLister.summarize(ENV, "alice", Optional.of(stopped), Optional.of(service(0, 0)));

        assertThat(summary.state()).isEqualTo(NotebookState.STOPPED);
        assertThat(summary.stateReason()).isEqualTo("idle for 61 minutes - limit 60 - stopped by the idle reaper");
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

    private static final Instant LAUNCHED = Instant.parse("2026-01-05T08:00:00Z");

    /** An account the tests below fill; the lister looks at it at 10:00, two hours after {@link #LAUNCHED}. */
    private final FakeCloud aws = new FakeCloud();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final NotebookLister lister = new NotebookLister(aws.cloud(), PriceTable.builtIn(), clock);

    private List<NotebookSummary> list() {
        return lister.list(FakeCloud.ENVIRONMENT);
    }

    /** Alice's instance as start would tag it, with another id, state and launch time. */
    private InstanceInfo aliceInstance(String id, String state, Instant launched) {
        InstanceInfo started = aws.ec2.instance("i-alice");
        return new InstanceInfo(id, started.type(), state, "", started.availabilityZone(), started.subnetId(),
                started.imageId(), "", launched, started.tags());
    }

    @Nested
    class TheNotebooksOfAnEnvironment {

        @Test
        void list_whenSeveralNotebooksExist_showsEachOnceInNameOrder() {
            aws.addNotebook("carol", "running", 1, LAUNCHED);
            aws.addNotebook("alice", "stopped", 0, LAUNCHED);
            aws.addNotebook("bob", "running", 0, LAUNCHED);

            assertThat(list()).extracting(s -> s.name().value()).containsExactly("alice", "bob", "carol");
        }

        @Test
        void list_whenResourcesBelongToAnotherEnvironmentOrToNoNotebook_leavesThemOut() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            InstanceInfo alice = aws.ec2.instance("i-alice");
            aws.ec2.add(new InstanceInfo("i-other-env", alice.type(), "running", "", "us-east-1a", "subnet-1", "ami-1",
                    "", LAUNCHED, Map.of(Tags.ENV, "other", Tags.NOTEBOOK, "dave")));
            aws.ec2.add(new InstanceInfo("i-shared", alice.type(), "running", "", "us-east-1a", "subnet-1", "ami-1", "",
                    LAUNCHED, Map.of(Tags.ENV, "default")));
            aws.ecs.add(new ServiceInfo("arn:svc/erin", "notebook-erin", "ACTIVE", 1, 1, 0, "td",
                    Map.of(Tags.ENV, "other", Tags.NOTEBOOK, "erin")));
            aws.ecs.add(new ServiceInfo("arn:svc/web", "web", "ACTIVE", 1, 1, 0, "td", Map.of(Tags.ENV, "default")));

            assertThat(list()).extracting(s -> s.name().value()).containsExactly("alice");
        }

        @Test
        void list_whenOnlyTheServiceIsLeft_showsTheNotebookFailedWithTheOwnerFromTheService() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            aws.ec2.terminate("i-alice");

            assertThat(list()).singleElement().satisfies(alice -> {
                assertThat(alice.state()).isEqualTo(NotebookState.FAILED);
                assertThat(alice.stateReason()).contains("its instance is gone");
                assertThat(alice.owner()).isEqualTo(FakeCloud.OWNER);
                assertThat(alice.instanceId()).isEmpty();
                assertThat(alice.cost().hourly()).isEmpty();
            });
        }

        @Test
        void list_whenOnlyTheInstanceIsLeft_showsTheNotebookFailed() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            aws.ecs.deleteService(FakeCloud.ENVIRONMENT.clusterName(), "notebook-alice");

            assertThat(list()).singleElement().satisfies(alice -> {
                assertThat(alice.state()).isEqualTo(NotebookState.FAILED);
                assertThat(alice.stateReason()).contains("its ECS service is missing");
                assertThat(alice.instanceId()).isEqualTo("i-alice");
            });
        }

        @ParameterizedTest
        @CsvSource({"2026-01-05T09:00:00Z,2026-01-04T09:00:00Z", "2026-01-04T09:00:00Z,2026-01-05T09:00:00Z",
                "2026-01-05T09:00:00Z,", ",2026-01-05T09:00:00Z"})
        void list_whenTwoInstancesCarryTheNotebooksTags_showsTheOneLaunchedLast(Instant firstLaunched,
                Instant secondLaunched) {
            // A notebook deleted and started again while EC2 still lists its old instance. Both orders of launch
            // times are tried, since the order in which EC2 lists the two is not the test's to choose. A launch
            // time EC2 did not report counts as the oldest.
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            aws.ec2.add(aliceInstance("i-alice", "stopped", firstLaunched));
            aws.ec2.add(aliceInstance("i-alice-2", "running", secondLaunched));
            String newest = secondLaunched == null || firstLaunched != null && firstLaunched.isAfter(secondLaunched)
                    ? "i-alice" : "i-alice-2";

            assertThat(list()).singleElement().satisfies(alice -> assertThat(alice.instanceId()).isEqualTo(newest));
        }
    }

    @Nested
    class TheStatusOfOneNotebook {

        @Test
        void status_whenTheNotebookExists_isItsLine() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            aws.addNotebook("bob", "stopped", 0, LAUNCHED);

            Optional<NotebookSummary> bob = lister.status(FakeCloud.ENVIRONMENT, NotebookName.of("bob"));

            assertThat(bob).hasValueSatisfying(summary -> {
                assertThat(summary.name()).isEqualTo(NotebookName.of("bob"));
                assertThat(summary.state()).isEqualTo(NotebookState.STOPPED);
            });
        }

        @Test
        void status_whenNoSuchNotebookExists_isEmpty() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);

            assertThat(lister.status(FakeCloud.ENVIRONMENT, NotebookName.of("bob"))).isEmpty();
        }
    }

    @Nested
    class GpusUptimeAndCost {

        @Test
        void list_whenTheNotebookRuns_showsItsGpusUptimeCostAndIdleLimit() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);

            assertThat(list()).singleElement().satisfies(alice -> {
                assertThat(alice.state()).isEqualTo(NotebookState.RUNNING);
                assertThat(alice.instanceType()).isEqualTo("g4dn.xlarge");
                assertThat(alice.gpus()).isEqualTo(1);
                assertThat(alice.uptime()).isEqualTo(Duration.ofHours(2));
                // g4dn.xlarge in us-east-1 costs $0.526 an hour in the built-in table: two hours, $1.05.
                assertThat(alice.cost().hourly()).contains(new BigDecimal("0.526"));
                assertThat(alice.cost().currentRun()).contains(new BigDecimal("1.05"));
                assertThat(alice.idleMinutes()).isEqualTo(60);
            });
        }

        @Test
        void list_whenTheNotebookIsStopped_showsThePriceButNoRunAndNoCostSoFar() {
            aws.addNotebook("alice", "stopped", 0, LAUNCHED);

            assertThat(list()).singleElement().satisfies(alice -> {
                assertThat(alice.uptime()).isNull();
                assertThat(alice.cost().hourly()).contains(new BigDecimal("0.526"));
                assertThat(alice.cost().currentRun()).isEmpty();
            });
        }

        @Test
        void list_whenEc2DoesNotKnowTheInstanceType_showsNoGpusAndAnUnknownPrice() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            InstanceInfo alice = aws.ec2.instance("i-alice");
            aws.ec2.add(new InstanceInfo("i-alice", "g9.mystery", "running", "", alice.availabilityZone(),
                    alice.subnetId(), alice.imageId(), "", LAUNCHED, alice.tags()));

            assertThat(list()).singleElement().satisfies(summary -> {
                assertThat(summary.gpus()).isZero();
                assertThat(summary.cost().hourly()).isEmpty();
                assertThat(summary.cost().source()).contains("no price for g9.mystery");
            });
        }

        @Test
        void list_whenNotebooksShareAnInstanceType_asksEc2AboutTheTypeOnce() {
            aws.addNotebook("alice", "running", 1, LAUNCHED);
            aws.addNotebook("bob", "running", 1, LAUNCHED);

            list();
            list();

            assertThat(aws.calls).containsOnlyOnce("DescribeInstanceTypes g4dn.xlarge");
        }
    }
}
