package dev.gpunotebook.core.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.UserData;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DiagnosisTextTest {
    private static final DiagnosisTarget TARGET = new DiagnosisTarget("gpu-notebook-dev", "gpu-notebook-alice", "alice",
            "eu-west-1");

    /** A diagnosis with a FAIL (ECS_CLUSTER missing), its SKIPs and a denied quota. */
    private static Diagnosis broken() {
        return Diagnostician.standard().diagnose(Snapshots.healthy()
                .userData(Fact.known(UserData.ofText("#!/bin/bash\n")))
                .containerInstance(Fact.known(Snapshots.containerInstance("default", "ACTIVE", true, List.of())))
                .vcpuQuota(Fact.denied("servicequotas:GetServiceQuota", "not authorized")).build());
    }

    private static List<String> lines(String text) {
        return Arrays.asList(text.split("\n"));
    }

    @Nested
    @DisplayName("the checklist")
    class TheChecklist {
        private final String text = DiagnosisText.standard(false).render(broken());

        @Test
        void render_whenChecksSpanAreas_groupsThemUnderAreaHeadingsInOrder() {
            List<String> headings = lines(text).stream().filter(l -> !l.isEmpty() && !l.startsWith(" ")
                    && Arrays.stream(Area.values()).anyMatch(a -> a.title().equals(l))).toList();

            assertThat(headings).containsExactly("Account", "EC2 instance", "ECS agent", "Network", "Task and service",
                    "Load balancer", "Notebook");
        }

        @Test
        void render_whenChecksHaveStatuses_marksEachLine() {
            assertThat(text).contains("  [PASS]    credentials: Signed in as", "  [FAIL]    agent.config: The user data",
                    "  [SKIP]    agent.registration: Skipped: agent.config failed", "  [UNKNOWN] quota.vcpu:");
        }

        @Test
        void render_whenACheckFails_showsEvidenceFixAndDocsUnderIt() {
            int fail = text.indexOf("[FAIL]    agent.config");
            String after = text.substring(fail, text.indexOf("[PASS]", fail));

            assertThat(after).contains("- i-0abc1234def567890 is registered in cluster default",
                    "Fix: Write the settings to /etc/ecs/ecs.config",
                    "Docs: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-config.html");
        }

        @Test
        void render_whenFixHasAShellSnippet_keepsItsLinesAndIndentation() {
            assertThat(text).contains("\n            Fix: Write the settings to /etc/ecs/ecs.config in the user data:\n"
                    + "                   cat <<'EOF' >> /etc/ecs/ecs.config\n"
                    + "                   ECS_CLUSTER=gpu-notebook-dev\n");
        }

        @Test
        void render_whenACheckPasses_showsNoEvidence() {
            assertThat(text).doesNotContain("- account 123456789012");
        }

        @Test
        void render_always_endsWithTheCountsAndTheCost() {
            assertThat(lines(text).get(lines(text).size() - 1))
                    .isEqualTo("18 checks: 11 PASS, 0 WARN, 1 FAIL, 5 SKIP, 1 UNKNOWN (42 AWS calls, 1.2 s)");
        }

        @Test
        void render_always_fitsEightyColumnsExceptUnbreakableWords() {
            assertThat(lines(text)).allSatisfy(line -> {
                if (line.length() > 80) {
                    assertThat(line.strip()).as("only a single long word may overflow: " + line)
                            .matches("(Docs: |- |Fix: |Hint: )?\\S+");
                }
            });
        }
    }

    @Nested
    @DisplayName("colour")
    class Colour {
        @Test
        void render_whenColourIsOff_writesNoEscapeCodes() {
            assertThat(DiagnosisText.standard(false).render(broken())).doesNotContain("\u001b[");
        }

        @Test
        void render_whenColourIsOn_coloursTheMarksWithoutChangingTheLayout() {
            String coloured = DiagnosisText.standard(true).render(broken());

            assertThat(coloured).contains("\u001b[1;31m[FAIL]   \u001b[0m", "\u001b[32m[PASS]   \u001b[0m");
            assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(DiagnosisText.standard(false)
                    .render(broken()));
        }
    }

    @Nested
    @DisplayName("other layouts")
    class OtherLayouts {
        @Test
        void render_whenACheckHasNoKnownArea_listsItUnderOther() {
            Diagnosis diagnosis = new Diagnosis(TARGET, List.of(new CheckResult("custom.check", Status.WARN, "Hmm.",
                    List.of("seen"), null, null)), 0, 0);

            String text = new DiagnosisText(Map.of(), false, 80).render(diagnosis);

            assertThat(text).contains("\nOther\n  [WARN]    custom.check: Hmm.\n            - seen\n");
        }

        @Test
        void render_whenNarrowerWidth_wrapsWithAHangingIndent() {
            Diagnosis diagnosis = new Diagnosis(TARGET, List.of(new CheckResult("credentials", Status.PASS,
                    "one two three four five six seven eight nine ten eleven twelve", List.of(), null, null)), 0, 0);

            String text = new DiagnosisText(Map.of("credentials", Area.ACCOUNT), false, 40).render(diagnosis);

            assertThat(text).contains("  [PASS]    credentials: one two three\n            four five six seven eight\n");
        }
    }
}
