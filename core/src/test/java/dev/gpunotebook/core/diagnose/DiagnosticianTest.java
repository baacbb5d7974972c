package dev.gpunotebook.core.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DiagnosticianTest {
    private static final Snapshot SNAPSHOT = Snapshot.builder(new DiagnosisTarget("c", "s", null, "eu-west-1"))
            .apiCalls(17).elapsed(Duration.ofMillis(250)).build();

    private record FakeCheck(String id, Set<String> dependsOn, Function<Snapshot, CheckResult> body) implements Check {
        @Override
        public Area area() {
            return Area.ACCOUNT;
        }

        @Override
        public CheckResult run(Snapshot snapshot) {
            return body.apply(snapshot);
        }
    }

    private static Check check(String id, Status status, String... dependsOn) {
        return new FakeCheck(id, Set.of(dependsOn), s -> new CheckResult(id, status,
                status == Status.SKIP ? "Skipped: nothing to check (see credentials)." : id + " says " + status,
                List.of(), status == Status.FAIL ? "Fix " + id : null, null));
    }

    private static Status statusOf(Diagnosis diagnosis, String id) {
        return result(diagnosis, id).status();
    }

    private static CheckResult result(Diagnosis diagnosis, String id) {
        return diagnosis.checks().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Nested
    @DisplayName("one root cause gives one FAIL")
    class OneRootCauseGivesOneFail {
        @Test
        void diagnose_whenPrerequisiteFails_skipsTheDependentNamingIt() {
            Diagnosis diagnosis = new Diagnostician(List.of(check("instance.state", Status.FAIL),
                    check("agent.registration", Status.FAIL, "instance.state"))).diagnose(SNAPSHOT);

            CheckResult skipped = result(diagnosis, "agent.registration");
            assertThat(skipped.status()).isEqualTo(Status.SKIP);
            assertThat(skipped.summary()).isEqualTo("Skipped: instance.state failed; fix that first.");
            assertThat(diagnosis.counts().get(Status.FAIL)).isEqualTo(1);
        }

        @Test
        void diagnose_whenSkipCascades_namesTheRootFailureAndTheWay() {
            Diagnosis diagnosis = new Diagnostician(List.of(check("instance.state", Status.FAIL),
                    check("agent.registration", Status.PASS, "instance.state"),
                    check("service.placement", Status.PASS, "agent.registration"))).diagnose(SNAPSHOT);

            assertThat(result(diagnosis, "service.placement").summary())
                    .isEqualTo("Skipped: instance.state failed (via agent.registration); fix that first.");
        }

        @Test
        void diagnose_whenSeveralPrerequisitesFail_namesThemInTheChecksOrder() {
            Diagnosis diagnosis = new Diagnostician(List.of(check("agent.config", Status.FAIL),
                    check("agent.iam", Status.FAIL), check("network.outbound", Status.FAIL),
                    check("agent.registration", Status.PASS, "network.outbound", "agent.iam", "agent.config")))
                    .diagnose(SNAPSHOT);

            assertThat(result(diagnosis, "agent.registration").summary())
                    .isEqualTo("Skipped: agent.config, agent.iam and network.outbound failed; fix that first.");
        }

        @Test
        void diagnose_whenPrerequisiteSkippedItself_saysItCouldNotRun() {
            Diagnosis diagnosis = new Diagnostician(List.of(check("quota.vcpu", Status.SKIP),
                    check("instance.state", Status.PASS, "quota.vcpu"))).diagnose(SNAPSHOT);

            assertThat(result(diagnosis, "instance.state").summary()).contains("quota.vcpu could not run");
        }

        @Test
        void diagnose_whenPrerequisiteWarnsOrIsUnknown_stillRunsTheDependent() {
            Diagnosis diagnosis = new Diagnostician(List.of(check("quota.vcpu", Status.WARN),
                    check("credentials", Status.UNKNOWN), check("instance.state", Status.PASS, "quota.vcpu",
                            "credentials"))).diagnose(SNAPSHOT);

            assertThat(statusOf(diagnosis, "instance.state")).isEqualTo(Status.PASS);
        }
    }

    @Nested
    @DisplayName("order")
    class Order {
        @Test
        void diagnose_whenDependentIsListedFirst_runsThePrerequisiteFirstAndKeepsTheListedOrder() {
            List<String> ran = new ArrayList<>();
            Check later = new FakeCheck("agent.config", Set.of("credentials"), s -> {
                ran.add("agent.config");
                return new CheckResult("agent.config", Status.PASS, "ok", List.of(), null, null);
            });
            Check first = new FakeCheck("credentials", Set.of(), s -> {
                ran.add("credentials");
                return new CheckResult("credentials", Status.PASS, "ok", List.of(), null, null);
            });

            Diagnosis diagnosis = new Diagnostician(List.of(later, first)).diagnose(SNAPSHOT);

            assertThat(ran).containsExactly("credentials", "agent.config");
            assertThat(diagnosis.checks()).extracting(CheckResult::id).containsExactly("agent.config", "credentials");
        }

        @Test
        void diagnose_always_copiesTheSnapshotsCallCountAndTime() {
            Diagnosis diagnosis = new Diagnostician(List.of(check("credentials", Status.PASS))).diagnose(SNAPSHOT);

            assertThat(diagnosis.apiCalls()).isEqualTo(17);
            assertThat(diagnosis.elapsedMs()).isEqualTo(250);
            assertThat(diagnosis.target()).isEqualTo(SNAPSHOT.target());
        }
    }

    @Nested
    @DisplayName("a check never crashes the diagnosis")
    class ACheckNeverCrashesTheDiagnosis {
        @Test
        void diagnose_whenCheckThrows_reportsUnknownWithTheMessage() {
            Check broken = new FakeCheck("gpu.visible", Set.of(), s -> {
                throw new IllegalStateException("boom");
            });

            CheckResult result = new Diagnostician(List.of(broken)).diagnose(SNAPSHOT).checks().get(0);

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("IllegalStateException: boom");
        }

        @Test
        void diagnose_whenCheckReturnsNothingOrAnotherId_reportsUnknown() {
            Check silent = new FakeCheck("gpu.visible", Set.of(), s -> null);
            Check confused = new FakeCheck("jupyter.http", Set.of(), s -> new CheckResult("gpu.visible", Status.PASS,
                    "ok", List.of(), null, null));

            Diagnosis diagnosis = new Diagnostician(List.of(silent, confused)).diagnose(SNAPSHOT);

            assertThat(statusOf(diagnosis, "gpu.visible")).isEqualTo(Status.UNKNOWN);
            assertThat(result(diagnosis, "jupyter.http").summary()).contains("another id");
        }
    }

    @Nested
    @DisplayName("a bad set of checks is refused up front")
    class ABadSetOfChecksIsRefusedUpFront {
        @Test
        void constructor_whenDependencyIsUnknown_isRefused() {
            assertThatThrownBy(() -> new Diagnostician(List.of(check("agent.config", Status.PASS, "nope"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        }

        @Test
        void constructor_whenChecksDependOnEachOther_isRefused() {
            assertThatThrownBy(() -> new Diagnostician(List.of(check("a.b", Status.PASS, "c.d"),
                    check("c.d", Status.PASS, "a.b")))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cycle");
        }

        @Test
        void constructor_whenIdsRepeat_isRefused() {
            assertThatThrownBy(() -> new Diagnostician(List.of(check("credentials", Status.PASS),
                    check("credentials", Status.PASS)))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void standard_always_coversEveryDocumentedCheckId() {
            assertThat(StandardChecks.all()).extracting(Check::id).containsExactlyElementsOf(CheckIds.ALL);
        }
    }
}
