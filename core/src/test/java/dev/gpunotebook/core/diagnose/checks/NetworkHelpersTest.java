package dev.gpunotebook.core.diagnose.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.snapshot.NetworkAclFacts;
import dev.gpunotebook.core.diagnose.snapshot.NetworkAclFacts.Entry;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NetworkHelpersTest {

    @Nested
    @DisplayName("CIDR blocks")
    class CidrBlocks {
        @Test
        void contains_whenNarrowerBlockInside_isTrue() {
            assertThat(Cidr.parse("10.0.0.0/16").orElseThrow().contains(Cidr.parse("10.0.2.0/24").orElseThrow())).isTrue();
            assertThat(Cidr.parse("10.0.1.0/24").orElseThrow().contains(Cidr.parse("10.0.2.0/24").orElseThrow())).isFalse();
            assertThat(Cidr.covers("0.0.0.0/0", Cidr.ANYWHERE)).isTrue();
            assertThat(Cidr.covers("10.0.0.0/8", Cidr.ANYWHERE)).isFalse();
        }

        @Test
        void parse_whenIpv6OrNonsense_isEmpty() {
            assertThat(Cidr.parse("::/0")).isEmpty();
            assertThat(Cidr.parse("10.0.0.0/33")).isEmpty();
            assertThat(Cidr.parse("300.0.0.0/8")).isEmpty();
            assertThat(Cidr.parse("10.0.0.1")).map(Cidr::prefix).contains(32);
        }

        @Test
        void parse_whenAnOctetIs255_acceptsIt() {
            assertThat(Cidr.parse("10.255.255.0/24")).isPresent();
        }
    }

    @Nested
    @DisplayName("port sets")
    class PortSets {
        @Test
        void minus_whenHoleInTheMiddle_leavesBothEnds() {
            assertThat(PortSet.of(1024, 65535).minus(443, 2000).toString()).isEqualTo("2001-65535");
            assertThat(PortSet.of(1, 100).minus(50, 60).toString()).isEqualTo("1-49, 61-100");
        }

        @Test
        void add_whenRangesTouch_mergesThem() {
            PortSet set = PortSet.of(1, 10);
            set.add(11, 20);
            set.add(30, 40);

            assertThat(set.toString()).isEqualTo("1-20, 30-40");
            assertThat(set.intersect(15, 35).toString()).isEqualTo("15-20, 30-35");
        }

        @Test
        void add_whenALowerRangeComesLater_keepsThemSortedAndMergesTouchingOnes() {
            PortSet set = PortSet.of(100, 200);
            set.add(1, 10);
            set.add(11, 20);
            set.add(50, 99);

            assertThat(set.toString()).isEqualTo("1-20, 50-200");
        }

        @Test
        void minus_whenTheRangeLiesOutside_leavesTheSetAsItWas() {
            assertThat(PortSet.of(32768, 65535).minus(443, 443).toString()).isEqualTo("32768-65535");
        }
    }

    @Nested
    @DisplayName("network ACL evaluation")
    class NetworkAclEvaluation {
        @Test
        void tcp_whenLowerNumberedDenyComesFirst_itWins() {
            NetworkAclFacts acl = new NetworkAclFacts("acl-1", List.of(
                    new Entry(200, true, "-1", null, null, "0.0.0.0/0", true),
                    new Entry(100, true, "6", 400, 500, "0.0.0.0/0", false)));

            NetworkAcls.Verdict verdict = NetworkAcls.tcp(acl, true, 443, 443, Cidr.ANYWHERE);

            assertThat(verdict.allowed()).isFalse();
            assertThat(verdict.decidingRules()).containsExactly("outbound rule 100: DENY tcp ports 400-500 0.0.0.0/0");
        }

        @Test
        void tcp_whenOnlyANarrowerCidrIsAllowed_theInternetIsStillDenied() {
            NetworkAclFacts acl = new NetworkAclFacts("acl-1", List.of(new Entry(100, true, "-1", null, null,
                    "10.0.0.0/16", true)));

            assertThat(NetworkAcls.tcp(acl, true, 443, 443, Cidr.ANYWHERE).allowed()).isFalse();
            assertThat(NetworkAcls.tcp(acl, true, 443, 443, Cidr.parse("10.0.1.0/24").orElseThrow()).allowed()).isTrue();
        }

        @Test
        void tcp_whenUdpRuleMatchesThePorts_ignoresIt() {
            NetworkAclFacts acl = new NetworkAclFacts("acl-1", List.of(
                    new Entry(90, false, "17", 1024, 65535, "0.0.0.0/0", false),
                    new Entry(100, false, "6", 1024, 65535, "0.0.0.0/0", true)));

            assertThat(NetworkAcls.tcp(acl, false, 1024, 65535, Cidr.ANYWHERE).allowed()).isTrue();
        }
    }

    @Nested
    @DisplayName("IAM action patterns")
    class IamActionPatterns {
        @Test
        void allows_whenWildcardsOrCaseDiffer_matchesLikeIam() {
            assertThat(IamActions.allows(List.of("ecs:Submit*"), "ecs:SubmitTaskStateChange")).isTrue();
            assertThat(IamActions.allows(List.of("ECS:poll"), "ecs:Poll")).isTrue();
            assertThat(IamActions.allows(List.of("ecs:?oll"), "ecs:Poll")).isTrue();
            assertThat(IamActions.allows(List.of("ecs:Describe*"), "ecs:Poll")).isFalse();
            assertThat(IamActions.allows(List.of("ec2:*"), "ecs:Poll")).isFalse();
        }
    }
}
