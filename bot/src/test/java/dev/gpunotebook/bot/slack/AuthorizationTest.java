package dev.gpunotebook.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.model.NotebookName;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AuthorizationTest {

    private static final String ALICE = "U0ALICE";
    private static final String BOB = "U0BOB";
    private static final String ADMIN = "U0ADMIN";
    private static final String MALLORY = "U0MALLORY";

    private static NotebookUse use(String name, String owner, int gpus) {
        return new NotebookUse(NotebookName.of(name), owner, gpus);
    }

    private static Authorization restricted(int perUser, int gpus) {
        return new Authorization(new AccessPolicy(Set.of(ALICE, BOB), Set.of(ADMIN), perUser, gpus));
    }

    @Nested
    class WhenAnAllowlistIsConfigured {

        private final Authorization auth = restricted(AccessPolicy.UNLIMITED, AccessPolicy.UNLIMITED);

        @Test
        void start_whenTheUserIsAllowed_isAllowed() {
            assertThat(auth.start(ALICE, NotebookName.of("alice"), 1, List.of()).allowed()).isTrue();
        }

        @Test
        void start_whenTheUserIsNotOnTheList_isRefusedNamingTheVariable() {
            Decision decision = auth.start(MALLORY, NotebookName.of("m"), 1, List.of());

            assertThat(decision.allowed()).isFalse();
            assertThat(decision.reason()).contains("GPU_NOTEBOOK_ALLOWED_USERS");
        }

        @Test
        void start_whenTheUserIsAnAdminOnly_isAllowed() {
            assertThat(auth.start(ADMIN, NotebookName.of("a"), 1, List.of()).allowed()).isTrue();
        }

        @Test
        void start_whenTheNameBelongsToSomeoneElse_isRefusedSoTheTokenStaysWithItsOwner() {
            Decision decision = auth.start(BOB, NotebookName.of("alice"), 1, List.of(use("alice", ALICE, 1)));

            assertThat(decision.allowed()).isFalse();
            assertThat(decision.reason()).contains("belongs to " + ALICE).contains("start");
        }

        @Test
        void change_whenTheOwnerDeletes_isAllowedEvenIfNoLongerOnTheList() {
            assertThat(auth.change(MALLORY, "delete", NotebookName.of("m"), List.of(use("m", MALLORY, 1))).allowed())
                    .isTrue();
        }

        @Test
        void change_whenSomeoneElseStops_isRefusedAndAnAdminIsAllowed() {
            List<NotebookUse> existing = List.of(use("alice", ALICE, 1));

            Decision bob = auth.change(BOB, "stop", NotebookName.of("alice"), existing);

            assertThat(bob.allowed()).isFalse();
            assertThat(bob.reason()).contains("only its owner or an admin").contains("stop");
            assertThat(auth.change(ADMIN, "stop", NotebookName.of("alice"), existing).allowed()).isTrue();
        }

        @Test
        void change_whenTheNotebookDoesNotExist_isAllowedSoTheCommandSaysSo() {
            assertThat(auth.change(BOB, "delete", NotebookName.of("ghost"), List.of()).allowed()).isTrue();
        }

        @Test
        void setup_whenNotAnAdmin_isRefused() {
            assertThat(auth.setup(ALICE).allowed()).isFalse();
            assertThat(auth.setup(ALICE).reason()).contains("GPU_NOTEBOOK_ADMINS");
            assertThat(auth.setup(ADMIN).allowed()).isTrue();
        }
    }

    @Nested
    class WhenCapsAreConfigured {

        @Test
        void start_whenTheUserHasReachedTheirCap_isRefusedWithTheNumbers() {
            Authorization auth = restricted(1, AccessPolicy.UNLIMITED);

            Decision decision = auth.start(ALICE, NotebookName.of("two"), 1, List.of(use("one", ALICE, 1)));

            assertThat(decision.allowed()).isFalse();
            assertThat(decision.reason()).contains("already have 1 notebook,").contains("= 1");
        }

        @Test
        void start_whenRestartingOnesOwnNotebookAtTheCap_isAllowed() {
            Authorization auth = restricted(1, 1);

            assertThat(auth.start(ALICE, NotebookName.of("one"), 1, List.of(use("one", ALICE, 1))).allowed()).isTrue();
        }

        @Test
        void start_whenTheGpusWouldExceedTheGlobalCap_isRefusedWithTheSum() {
            Authorization auth = restricted(AccessPolicy.UNLIMITED, 4);
            List<NotebookUse> existing = List.of(use("a", ALICE, 2), use("b", BOB, 1));

            Decision decision = auth.start(BOB, NotebookName.of("c"), 2, existing);

            assertThat(decision.allowed()).isFalse();
            assertThat(decision.reason()).contains("5 GPUs in all (3 in use + 2)").contains("GPU_NOTEBOOK_MAX_GPUS");
            assertThat(auth.start(BOB, NotebookName.of("c"), 1, existing).allowed()).isTrue();
        }
    }

    @Nested
    class WhenTheRulesMeetTheirEdges {

        @Test
        void start_whenOnlyOtherPeopleOwnNotebooks_isAllowedUnderAPerUserCapOfOne() {
            // The cap counts the notebooks of the one who asks, not everyone's.
            Authorization auth = restricted(1, AccessPolicy.UNLIMITED);

            assertThat(auth.start(ALICE, NotebookName.of("alice"), 1, List.of(use("b", BOB, 1))).allowed()).isTrue();
        }

        @Test
        void start_whenAnAdminIsAtThePerUserCap_isAllowed() {
            Authorization auth = restricted(1, AccessPolicy.UNLIMITED);

            assertThat(auth.start(ADMIN, NotebookName.of("two"), 1, List.of(use("one", ADMIN, 1))).allowed()).isTrue();
        }

        @Test
        void start_whenAnAdminWouldExceedTheGpuCap_isRefusedLikeAnyoneElse() {
            // The GPU cap protects the account's quota and bill: no one is above it.
            Authorization auth = restricted(AccessPolicy.UNLIMITED, 1);

            Decision decision = auth.start(ADMIN, NotebookName.of("a"), 1, List.of(use("b", BOB, 1)));

            assertThat(decision.allowed()).isFalse();
            assertThat(decision.reason()).contains("GPU_NOTEBOOK_MAX_GPUS");
        }

        @Test
        void start_whenTheUserHasTwoNotebooksAtACapOfTwo_countsThemInThePlural() {
            Authorization auth = restricted(2, AccessPolicy.UNLIMITED);
            List<NotebookUse> existing = List.of(use("one", ALICE, 1), use("two", ALICE, 1));

            Decision decision = auth.start(ALICE, NotebookName.of("three"), 1, existing);

            assertThat(decision.reason()).isEqualTo("You already have 2 notebooks, the most one user may have"
                    + " (GPU_NOTEBOOK_MAX_NOTEBOOKS_PER_USER = 2); delete one first.");
        }

        @Test
        void start_whenTheGpusWouldReachTheCapExactly_isAllowed() {
            Authorization auth = restricted(AccessPolicy.UNLIMITED, 4);

            assertThat(auth.start(ALICE, NotebookName.of("a"), 2, List.of(use("b", BOB, 2))).allowed()).isTrue();
        }

        @Test
        void change_whenAnotherNotebookExistsButNotTheOneNamed_isAllowedSoTheCommandSaysSo() {
            // Only the notebook named decides: Alice's notebook says nothing about Bob's "ghost".
            List<NotebookUse> existing = List.of(use("alice", ALICE, 1));

            assertThat(auth().change(BOB, "delete", NotebookName.of("ghost"), existing).allowed()).isTrue();
        }

        @Test
        void change_whenTheNotebookHasNoKnownOwner_saysNobodyKnownOwnsIt() {
            // A notebook made outside the bot carries no owner tag: only an admin may touch it.
            List<NotebookUse> existing = List.of(use("manual", "", 1));

            Decision decision = auth().change(BOB, "stop", NotebookName.of("manual"), existing);

            assertThat(decision.reason()).isEqualTo("Notebook manual belongs to nobody known; only its owner or an"
                    + " admin (GPU_NOTEBOOK_ADMINS) may stop it.");
            assertThat(auth().change(ADMIN, "stop", NotebookName.of("manual"), existing).allowed()).isTrue();
        }

        private Authorization auth() {
            return restricted(AccessPolicy.UNLIMITED, AccessPolicy.UNLIMITED);
        }
    }

    @Nested
    class ARefusalSaysWhichRuleAndWhichVariable {

        private final Authorization auth = restricted(1, 2);

        @Test
        void start_whenTheUserIsNotOnTheList_saysToAskAnAdmin() {
            assertThat(auth.start(MALLORY, NotebookName.of("m"), 1, List.of()).reason()).isEqualTo(
                    "You are not on the list of users who may start notebooks (GPU_NOTEBOOK_ALLOWED_USERS); ask an"
                            + " admin to add you.");
        }

        @Test
        void start_whenTheUserHasOneNotebookAtACapOfOne_countsItInTheSingular() {
            assertThat(auth.start(ALICE, NotebookName.of("two"), 1, List.of(use("one", ALICE, 1))).reason())
                    .isEqualTo("You already have 1 notebook, the most one user may have"
                            + " (GPU_NOTEBOOK_MAX_NOTEBOOKS_PER_USER = 1); delete one first.");
        }

        @Test
        void start_whenTheGpusWouldExceedTheCap_givesTheSumThePartsAndTheCap() {
            assertThat(auth.start(BOB, NotebookName.of("b"), 2, List.of(use("a", ALICE, 1))).reason()).isEqualTo(
                    "Starting it would use 3 GPUs in all (1 in use + 2), more than the cap of 2"
                            + " (GPU_NOTEBOOK_MAX_GPUS); wait until a notebook is deleted.");
        }

        @Test
        void start_whenTheNameIsSomeoneElses_namesTheOwnerAndTheVerb() {
            assertThat(auth.start(BOB, NotebookName.of("alice"), 1, List.of(use("alice", ALICE, 1))).reason())
                    .isEqualTo("Notebook alice belongs to U0ALICE; only its owner or an admin (GPU_NOTEBOOK_ADMINS)"
                            + " may start it.");
        }

        @Test
        void setup_whenNotAnAdmin_saysSetupChangesWhatEveryNotebookShares() {
            assertThat(auth.setup(BOB).reason()).isEqualTo("Only an admin (GPU_NOTEBOOK_ADMINS) may run setup: it"
                    + " changes the environment every notebook shares.");
        }

        @Test
        void start_whenEveryRuleIsMet_isAllowedWithNoReason() {
            assertThat(auth.start(ALICE, NotebookName.of("a"), 1, List.of()).reason()).isEmpty();
        }
    }

    @Nested
    class WhenNoAllowlistIsConfigured {

        private final Authorization auth = new Authorization(AccessPolicy.open());

        @Test
        void everyCommand_whenAnyMemberAsks_isAllowed() {
            List<NotebookUse> existing = List.of(use("alice", ALICE, 1));

            assertThat(auth.start(MALLORY, NotebookName.of("m"), 1, existing).allowed()).isTrue();
            assertThat(auth.change(MALLORY, "delete", NotebookName.of("alice"), existing).allowed()).isTrue();
            assertThat(auth.setup(MALLORY).allowed()).isTrue();
        }

        @Test
        void start_whenTheUserHasReachedTheirCap_isRefusedAsWithAnAllowlist() {
            Authorization capped = new Authorization(new AccessPolicy(Set.of(), Set.of(), 1, AccessPolicy.UNLIMITED));

            Decision decision = capped.start(MALLORY, NotebookName.of("two"), 1, List.of(use("one", MALLORY, 1)));

            assertThat(decision.allowed()).isFalse();
            assertThat(decision.reason()).contains("GPU_NOTEBOOK_MAX_NOTEBOOKS_PER_USER = 1");
        }

        @Test
        void start_whenTheGpusWouldExceedTheGlobalCap_isRefusedAsWithAnAllowlist() {
            Authorization capped = new Authorization(new AccessPolicy(Set.of(), Set.of(), AccessPolicy.UNLIMITED, 2));

            Decision decision = capped.start(MALLORY, NotebookName.of("m"), 1, List.of(use("a", ALICE, 2)));

            assertThat(decision.allowed()).isFalse();
            assertThat(decision.reason()).contains("3 GPUs in all (2 in use + 1)");
        }

        @Test
        void start_whenTheNameIsSomeoneElses_isAllowedAsEveryCommandIsForEveryone() {
            // Open mode: the README promises every member every command, taking over a name included.
            List<NotebookUse> existing = List.of(use("alice", ALICE, 1));

            assertThat(auth.start(MALLORY, NotebookName.of("alice"), 1, existing).allowed()).isTrue();
        }
    }
}
