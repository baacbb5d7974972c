package dev.gpunotebook.core.diagnose.snapshot;

import java.util.List;

/**
 * ELBv2 DescribeRules, one rule: priority ({@code default} for the default rule), the values of
 * its path-pattern and host-header conditions, the other conditions in words (http-header,
 * source-ip etc.), the type of its first action ({@code forward}, {@code redirect},
 * {@code fixed-response}, {@code authenticate-oidc}...) and every target group it forwards to
 * (TargetGroupArn or ForwardConfig.TargetGroups).
 */
public record RuleFacts(String arn, String priority, boolean isDefault, List<String> pathPatterns,
        List<String> hostHeaders, List<String> otherConditions, String actionType,
        List<String> forwardTargetGroupArns) {
    public RuleFacts {
        Validate.nonBlank(arn, "arn");
        priority = priority == null || priority.isBlank() ? (isDefault ? "default" : "?") : priority;
        pathPatterns = Validate.list(pathPatterns);
        hostHeaders = Validate.list(hostHeaders);
        otherConditions = Validate.list(otherConditions);
        Validate.nonBlank(actionType, "actionType");
        forwardTargetGroupArns = Validate.list(forwardTargetGroupArns);
    }

    /** Whether every request whose path matches takes this rule (no host or other condition narrows it). */
    public boolean matchesEveryHost() {
        return hostHeaders.isEmpty() && otherConditions.isEmpty();
    }

    /** Rules are evaluated lowest priority number first; the default rule comes last. */
    public int order() {
        if (isDefault) {
            return Integer.MAX_VALUE;
        }
        try {
            return Integer.parseInt(priority);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE - 1;
        }
    }

    @Override
    public String toString() {
        String when = isDefault ? "default" : "priority " + priority
                + (pathPatterns.isEmpty() ? "" : " path " + String.join(",", pathPatterns))
                + (hostHeaders.isEmpty() ? "" : " host-header " + String.join(",", hostHeaders))
                + (otherConditions.isEmpty() ? "" : " " + String.join(" ", otherConditions));
        return when + " -> " + actionType + (forwardTargetGroupArns.isEmpty() ? ""
                : " " + String.join(",", forwardTargetGroupArns.stream().map(RuleFacts::shortArn).toList()));
    }

    /** {@code targetgroup/name/id} out of a target group ARN, for readable evidence. */
    public static String shortArn(String arn) {
        int at = arn.indexOf("targetgroup/");
        return at < 0 ? arn : arn.substring(at);
    }
}
