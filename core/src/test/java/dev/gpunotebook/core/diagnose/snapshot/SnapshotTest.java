package dev.gpunotebook.core.diagnose.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SnapshotTest {
    private static final DiagnosisTarget TARGET = new DiagnosisTarget("c", "s", null, "eu-west-1");

    @Nested
    @DisplayName("a snapshot built without facts")
    class ASnapshotBuiltWithoutFacts {
        @Test
        void builder_whenNothingCollected_marksEveryFactUnavailable() {
            Snapshot snapshot = Snapshot.builder(TARGET).build();

            assertThat(snapshot.instance()).isEqualTo(Fact.unavailable("not collected"));
            assertThat(snapshot.listeners()).isEqualTo(Fact.unavailable("not collected"));
            assertThat(snapshot.effectiveInstanceType()).isEmpty();
        }

        @Test
        void effectiveInstanceType_whenNoInstance_usesTheIntendedType() {
            Snapshot snapshot = Snapshot.builder(TARGET).intendedInstanceType("g5.xlarge").build();

            assertThat(snapshot.effectiveInstanceType()).contains("g5.xlarge");
        }
    }

    @Nested
    @DisplayName("records are immutable and validated")
    class RecordsAreImmutableAndValidated {
        @Test
        void securityGroup_whenListChangesAfterwards_keepsItsCopy() {
            List<SecurityGroupFacts.Permission> ingress = new ArrayList<>();
            SecurityGroupFacts group = new SecurityGroupFacts("sg-1", "g", ingress, null);
            ingress.add(SecurityGroupFacts.Permission.all(List.of("0.0.0.0/0"), List.of()));

            assertThat(group.ingress()).isEmpty();
            assertThat(group.egress()).isEmpty();
        }

        @Test
        void target_whenClusterBlank_isRefused() {
            assertThatThrownBy(() -> new DiagnosisTarget(" ", "s", null, "r"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster");
        }

        @Test
        void snapshot_whenElapsedIsNegative_isRefused() {
            assertThatThrownBy(() -> Snapshot.builder(TARGET).elapsed(java.time.Duration.ofMillis(-1)).build())
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void jupyterProbe_whenNoStatusAndNoError_isRefused() {
            assertThatThrownBy(() -> new JupyterProbe("https://x/api", null, null, " "))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void serviceEvents_whenGivenOutOfOrder_areNewestFirst() {
            ServiceFacts.ServiceEvent old = new ServiceFacts.ServiceEvent(java.time.Instant.parse("2025-01-01T00:00:00Z"), "old");
            ServiceFacts.ServiceEvent recent = new ServiceFacts.ServiceEvent(java.time.Instant.parse("2025-01-02T00:00:00Z"), "new");
            ServiceFacts service = new ServiceFacts("arn:s", "s", "ACTIVE", 1, 1, 0, "EC2", null, "td", null,
                    List.of(old, recent), null, null, null, null);

            assertThat(service.events()).containsExactly(recent, old);
            assertThat(service.deploymentConfiguration()).isEqualTo(ServiceFacts.DeploymentConfig.DEFAULT);
        }
    }

    @Nested
    @DisplayName("user data")
    class UserDataBytes {
        @Test
        void fromBase64_whenGivenWhatEc2Returns_decodesTheBytes() {
            String encoded = Base64.getEncoder().encodeToString("#!/bin/bash\n".getBytes());

            assertThat(UserData.fromBase64(encoded)).isEqualTo(UserData.ofText("#!/bin/bash\n"));
        }

        @Test
        void bytes_whenCallerChangesTheArray_keepsItsOwnCopy() {
            byte[] bytes = {1, 2};
            UserData userData = UserData.of(bytes);
            bytes[0] = 9;

            assertThat(userData.bytes()).containsExactly(1, 2);
        }
    }
}
