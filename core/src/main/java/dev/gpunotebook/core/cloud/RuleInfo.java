package dev.gpunotebook.core.cloud;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A listener rule: its priority (0 for the default rule) and the path patterns it matches. */
public record RuleInfo(String arn, int priority, boolean isDefault, Set<String> pathPatterns) {

    public RuleInfo {
        pathPatterns = Set.copyOf(pathPatterns);
    }

    /** The lowest priority no rule of the listener uses yet. */
    public static int lowestFreePriority(List<RuleInfo> rules) {
        Set<Integer> used = new HashSet<>();
        rules.stream().filter(r -> !r.isDefault()).forEach(r -> used.add(r.priority()));
        int priority = 1;
        while (used.contains(priority)) {
            priority++;
        }
        return priority;
    }
}
