package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.cloud.RuleInfo;
import dev.gpunotebook.core.model.ResourceNames;
import dev.gpunotebook.core.provision.StepOutcome;
import java.util.List;
import java.util.Optional;

/** The listener rule that forwards {@code /notebook/<name>/*} to the notebook's target group. */
final class ListenerRuleStep extends StartStep {

    static final String NAME = "listener-rule";

    ListenerRuleStep() {
        super(NAME, afterPreflight(TargetGroupStep.NAME));
    }

    static String pathPattern(StartContext c) {
        return ResourceNames.baseUrl(c.spec.name()) + "*";
    }

    @Override
    public StepOutcome apply(StartContext c) {
        // One DescribeRules answers both questions: is the rule there, and which priority is free.
        List<RuleInfo> rules = c.cloud.elb().rules(c.env.listenerArn());
        Optional<RuleInfo> existing = rules.stream().filter(r -> r.pathPatterns().contains(pathPattern(c))).findFirst();
        if (existing.isPresent()) {
            c.ruleArn = existing.get().arn();
            return StepOutcome.found(c.ruleArn);
        }
        c.ruleArn = c.cloud.elb().createRule(c.env.listenerArn(), pathPattern(c), c.targetGroupArn,
                RuleInfo.lowestFreePriority(rules), c.tags());
        return StepOutcome.created(c.ruleArn + " (" + pathPattern(c) + ")");
    }

    @Override
    public void rollback(StartContext c) {
        c.cloud.elb().deleteRule(c.ruleArn);
    }
}
