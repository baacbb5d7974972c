package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts.PlacementConstraint;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts.ServiceEvent;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies that the service runs as many tasks as it wants, and explains why not from its latest
 * events ("unable to place a task because no container instance met all of its requirements"
 * with its reason: no instances, insufficient memory/CPU/GPU, port in use, missing attribute).
 * Also evaluates {@code attribute:NAME == VALUE} placement constraints against the instance's
 * attributes (registered, else ECS_INSTANCE_ATTRIBUTES from the user data), and refuses Fargate,
 * which has no GPUs. Tasks replaced after failing health checks are a WARN here: target.health
 * owns that fault.
 *
 * <p>Needs ECS DescribeServices ({@code ecs:DescribeServices}) and DescribeContainerInstances.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html">https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html</a>
 */
public final class ServicePlacementCheck extends BaseCheck {
    static final String DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html";
    private static final Pattern ATTRIBUTE = Pattern.compile("attribute:([\\w.:/-]+)\\s*(==|!=)\\s*['\"]?([^'\"\\s]+)['\"]?");
    private static final int QUOTED_EVENTS = 3;

    public ServicePlacementCheck() {
        super(CheckIds.SERVICE_PLACEMENT, Area.TASK, DOCS, CheckIds.AGENT_REGISTRATION, CheckIds.TASK_RESOURCES);
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        String cluster = s.target().cluster();
        ServiceFacts service = need(s.service(), "service " + s.target().service(), () -> fail(
                "Service " + s.target().service() + " does not exist in cluster " + cluster + ".", List.of(),
                "List the cluster's services: aws ecs list-services --cluster " + cluster + " --region "
                        + s.target().region() + (s.target().notebook() != null ? "; or start the notebook: "
                                + "gpu-notebook start " + s.target().notebook() : "")));
        List<String> evidence = new ArrayList<>();
        evidence.add("service " + service.name() + " (" + service.status() + "): desired " + service.desiredCount()
                + ", running " + service.runningCount() + ", pending " + service.pendingCount());
        service.events().stream().limit(QUOTED_EVENTS).forEach(e -> evidence.add("event " + e));
        String scale = "aws ecs update-service --cluster " + cluster + " --service " + service.name()
                + " --desired-count 1 --region " + s.target().region();

        if (!service.status().equals("ACTIVE")) {
            return fail("Service " + service.name() + " is " + service.status() + " (being deleted).", evidence,
                    "Create it again (gpu-notebook start NAME, or aws ecs create-service).");
        }
        if ("FARGATE".equals(service.launchType())) {
            return fail("Service " + service.name() + " uses Fargate, which offers no GPUs.", evidence,
                    "Recreate the service with --launch-type EC2 (or an EC2 capacity provider).");
        }
        Optional<String> constraint = unmetConstraint(s, service, evidence);
        if (constraint.isPresent()) {
            return fail(constraint.get(), evidence, "Give the instance the attribute: ECS_INSTANCE_ATTRIBUTES="
                    + "{\"NAME\":\"VALUE\"} in its user data, or now: aws ecs put-attributes --cluster " + cluster
                    + " --attributes name=NAME,value=VALUE,targetType=container-instance,targetId=CONTAINER_INSTANCE_ARN");
        }
        if (service.desiredCount() == 0) {
            return warn("Service " + service.name() + " is scaled to 0: no notebook runs.", evidence, scale);
        }
        Optional<ServiceEvent> telling = service.events().stream().limit(10)
                .filter(e -> ServiceEvents.explain(e.message()).kind() != ServiceEvents.Kind.INFO).findFirst();
        if (service.runningCount() >= service.desiredCount()) {
            if (telling.isPresent() && ServiceEvents.explain(telling.get().message()).kind() == ServiceEvents.Kind.HEALTH
                    && telling.equals(service.events().stream().findFirst())) {
                return warn("All tasks run, but ECS recently replaced tasks that failed health checks.", evidence,
                        "See target.health.");
            }
            return pass("Service " + service.name() + " runs " + service.runningCount() + " of "
                    + service.desiredCount() + " task(s).", evidence);
        }
        String counts = "Service " + service.name() + " runs " + service.runningCount() + " of " + service.desiredCount()
                + " task(s)";
        if (telling.isEmpty()) {
            // Without an event the cause is not known here (tasks may be starting): no FAIL without a fix.
            return warn(counts + (service.pendingCount() > 0 ? "; " + service.pendingCount() + " pending" : "")
                    + ", and no service event says why yet.", evidence, "Look at the stopped tasks (see task.stopped) "
                    + "and aws ecs describe-services --cluster " + cluster + " --services " + service.name());
        }
        ServiceEvents.Meaning meaning = ServiceEvents.explain(telling.get().message());
        return switch (meaning.kind()) {
            case HEALTH, TASKS_STOPPING -> warn(counts + ": " + meaning.reason() + ".", evidence, meaning.fix());
            default -> fail(counts + ": " + meaning.reason() + ".", evidence, meaning.fix());
        };
    }

    /** A sentence when an {@code attribute:} constraint cannot match the instance, with what it has. */
    private static Optional<String> unmetConstraint(Snapshot s, ServiceFacts service, List<String> evidence) {
        Optional<Map<String, String>> attributes = Stack.containerInstanceInCluster(s)
                .map(ContainerInstanceFacts::attributes)
                .or(() -> s.userData().toOptional().map(u -> Stack.agentConfig(s).instanceAttributes())
                        .filter(a -> a.isValid()).map(a -> a.attributes()));
        if (attributes.isEmpty() || s.instance().toOptional().isEmpty()) {
            return Optional.empty();
        }
        for (PlacementConstraint constraint : service.placementConstraints()) {
            evidence.add("placement constraint " + constraint);
            Matcher m = ATTRIBUTE.matcher(constraint.expression());
            if (!constraint.type().equals("memberOf") || !m.matches()) {
                continue;
            }
            String name = m.group(1);
            String wanted = m.group(3);
            Optional<String> actual = Optional.ofNullable(attributes.get().get(name));
            boolean equal = actual.map(wanted::equals).orElse(false);
            boolean satisfied = m.group(2).equals("==") ? equal : !equal;
            if (!satisfied) {
                String id = s.instance().toOptional().get().instanceId();
                return Optional.of("Placement constraint \"" + constraint.expression() + "\" matches no instance: " + id
                        + (actual.isPresent() ? " has " + name + "=" + actual.get() : " has no attribute " + name) + ".");
            }
        }
        return Optional.empty();
    }
}
