package dev.gpunotebook.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessPolicyTest {

    private static final String ALICE = "U0ALICE";
    private static final String ADMIN = "W0ADMIN";
    private static final String MALLORY = "U0MALLORY";

    @Nested
    class WhoMayStart {

        private final AccessPolicy listed = new AccessPolicy(Set.of(ALICE), Set.of(ADMIN), 1, 1);

        @Test
        void mayStart_whenTheUserIsListed_isTrue() {
            assertThat(listed.mayStart(ALICE)).isTrue();
        }

        @Test
        void mayStart_whenTheUserIsOnlyAnAdmin_isTrue() {
            // The README's table: admins may do all that allowed users may.
            assertThat(listed.mayStart(ADMIN)).isTrue();
        }

        @Test
        void mayStart_whenTheUserIsNeitherListedNorAnAdmin_isFalse() {
            assertThat(listed.mayStart(MALLORY)).isFalse();
        }

        @Test
        void mayStart_whenNoAllowlistIsConfigured_isTrueForAnyone() {
            assertThat(AccessPolicy.open().mayStart(MALLORY)).isTrue();
        }

        @Test
        void isOpen_whenOnlyAdminsAreConfigured_isTrue() {
            // Open mode hangs on the allowlist alone: naming admins does not lock everyone else out.
            AccessPolicy adminsOnly = new AccessPolicy(Set.of(), Set.of(ADMIN), 1, 1);

            assertThat(adminsOnly.isOpen()).isTrue();
            assertThat(adminsOnly.isAdmin(ADMIN)).isTrue();
            assertThat(adminsOnly.isAdmin(MALLORY)).isFalse();
        }

        @Test
        void isOpen_whenAnAllowlistIsConfigured_isFalse() {
            assertThat(listed.isOpen()).isFalse();
        }

        @Test
        void open_whenBuilt_hasNoListsAndNoCaps() {
            assertThat(AccessPolicy.open()).isEqualTo(
                    new AccessPolicy(Set.of(), Set.of(), AccessPolicy.UNLIMITED, AccessPolicy.UNLIMITED));
        }
    }

    @Nested
    class WhenThePolicyIsBuilt {

        @ParameterizedTest(name = "{0} notebooks, {1} GPUs")
        @CsvSource({"0, 1", "1, 0", "-1, 5"})
        void constructor_whenACapIsBelowOne_refusesIt(int perUser, int gpus) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new AccessPolicy(Set.of(), Set.of(), perUser, gpus))
                    .withMessage("caps must be at least 1");
        }

        @Test
        void constructor_whenBothCapsAreOne_acceptsThem() {
            AccessPolicy policy = new AccessPolicy(Set.of(), Set.of(), 1, 1);

            assertThat(policy.maxNotebooksPerUser()).isEqualTo(1);
            assertThat(policy.maxGpus()).isEqualTo(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"alice", "u0alice", "X0ALICE", "U0", "U0ALICE "})
        void constructor_whenAnAllowedUserIsNoSlackUserId_refusesItNamingTheValue(String user) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new AccessPolicy(Set.of(user), Set.of(), 1, 1))
                    .withMessage("not a Slack user id (such as U012AB3CD): " + user);
        }

        @Test
        void constructor_whenAnAdminIsNoSlackUserId_refusesIt() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new AccessPolicy(Set.of(), Set.of("root"), 1, 1))
                    .withMessageContaining("root");
        }

        @Test
        void constructor_whenGivenMutableSets_keepsItsOwnCopies() {
            Set<String> allowed = new HashSet<>(Set.of(ALICE));
            AccessPolicy policy = new AccessPolicy(allowed, Set.of(), 1, 1);

            allowed.add(MALLORY);

            assertThat(policy.mayStart(MALLORY)).isFalse();
        }
    }
}
