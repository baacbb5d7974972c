package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.model.ResourceNames;
import dev.gpunotebook.core.provision.StepOutcome;
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
        Optional<String> existing = c.cloud.elb().findRule(c.env.listenerArn(), pathPattern(c));
        if (existing.isPresent()) {
            c.ruleArn = existing.get();
            return StepOutcome.found(c.ruleArn);
        }
        c.ruleArn = c.cloud.elb().createRule(c.env.listenerArn(), pathPattern(c), c.targetGroupArn, c.tags());
        return StepOutcome.created(c.ruleArn + " (" + pathPattern(c) + ")");
    }

    @Override
    public void rollback(StartContext c) {
        c.cloud.elb().deleteRule(c.ruleArn);
    }
}
