package dev.gpunotebook.core.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleInfoTest {

    private static RuleInfo rule(int priority) {
        return new RuleInfo("arn:rule/" + priority, priority, false, Set.of("/notebook/n" + priority + "/*"));
    }

    @Test
    void lowestFreePriority_whenOnlyTheDefaultRuleExists_isOne() {
        assertThat(RuleInfo.lowestFreePriority(List.of(new RuleInfo("arn:default", 0, true, Set.of())))).isEqualTo(1);
    }

    @Test
    void lowestFreePriority_whenAGapWasLeftByADeletedNotebook_reusesIt() {
        assertThat(RuleInfo.lowestFreePriority(List.of(rule(1), rule(3), rule(2), rule(5)))).isEqualTo(4);
    }
}
