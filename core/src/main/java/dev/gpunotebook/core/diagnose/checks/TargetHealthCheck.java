package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.TargetGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.TargetGroupFacts.HealthCheck;
import dev.gpunotebook.core.diagnose.snapshot.TargetHealthFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies that the health check fits Jupyter (path {@code BASE_URL/api}, which answers 200
 * without a token; success codes that include 200; HTTP unless Jupyter serves TLS) and that each
 * registered target is healthy, explaining an unhealthy one from its reason code
 * (ResponseCodeMismatch: path or base_url; Timeout: security group or Jupyter bound to
 * 127.0.0.1; FailedHealthChecks: nothing listens...). A target registered by hand on a port the
 * task does not use is a FAIL: with the load balancer block, ECS registers the right one itself.
 *
 * <p>Needs ELBv2 DescribeTargetGroups and DescribeTargetHealth
 * ({@code elasticloadbalancing:DescribeTargetHealth}), ECS DescribeTasks.
 *
 * @see <a href="https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html">https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html</a>
 */
public final class TargetHealthCheck extends BaseCheck {
    static final String DOCS = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html";

    public TargetHealthCheck() {
        super(CheckIds.TARGET_HEALTH, Area.LOAD_BALANCER, DOCS, CheckIds.INSTANCE_STATE, CheckIds.SERVICE_PLACEMENT,
                CheckIds.TASK_PORTS, CheckIds.ALB_LISTENER, CheckIds.NETWORK_ALB_TO_INSTANCE);
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        if (s.service().toOptional().map(service -> service.loadBalancers().isEmpty()).orElse(false)) {
            return skip(CheckIds.ALB_LISTENER, "the service has no load balancer, so no target group");
        }
        TargetGroupFacts group = need(s.targetGroup(), "the target group",
                () -> skip(CheckIds.ALB_LISTENER, "the target group does not exist"));
        HealthCheck check = group.healthCheck();
        String region = s.target().region();
        Optional<JupyterCommandLine> jupyter = Stack.jupyterContainer(s).map(JupyterCommandLine::of);
        Optional<String> base = Stack.basePath(s);
        List<String> evidence = new ArrayList<>();
        evidence.add("health check of " + group.name() + ": " + check);
        String modify = "aws elbv2 modify-target-group --target-group-arn " + group.arn() + " --region " + region;

        Optional<PathVerdict> path = pathVerdict(check.path(), base);
        if (path.isPresent()) {
            String expected = base.orElse("/") + "api";
            String fix = modify + " --health-check-path " + expected + " --matcher HttpCode=200";
            boolean accepted = path.get().answer() > 0 && matcherIncludes(check.matcher(), path.get().answer());
            if (path.get().answer() < 0 || accepted) {
                // The matcher takes what Jupyter answers there (a redirect...), or diagnose cannot tell: it may work.
                return warn(path.get().message() + (accepted ? " The matcher " + check.matcher() + " accepts that, so "
                        + "the check passes even when Jupyter is broken behind the redirect." : ""), evidence, fix);
            }
            return fail(path.get().message(), evidence, fix);
        }
        if (!matcherIncludes(check.matcher(), 200)) {
            return fail("The health check expects HTTP " + check.matcher() + ", but Jupyter's /api answers 200.", evidence,
                    modify + " --matcher HttpCode=200");
        }
        boolean tls = jupyter.map(JupyterCommandLine::tls).orElse(false);
        if (check.protocol().equalsIgnoreCase("HTTPS") && !tls) {
            return fail("The health check speaks HTTPS, but Jupyter serves plain HTTP (no --certfile).", evidence,
                    modify + " --health-check-protocol HTTP");
        }
        List<TargetHealthFacts> targets = need(s.targetHealth(), "the health of the targets of " + group.name());
        targets.forEach(t -> evidence.add("target " + t));
        boolean runsTasks = s.service().toOptional().map(v -> v.runningCount() > 0).orElse(true)
                || s.tasks().toOptional().orElse(List.of()).stream().anyMatch(TaskFacts::isRunning);
        if (targets.isEmpty() && !runsTasks) {
            // Nothing runs, so ECS has nothing to register: service.placement says why; not a fault of the group.
            return skip(CheckIds.SERVICE_PLACEMENT, "the service runs no task yet, so ECS has registered no target");
        }
        if (targets.isEmpty()) {
            return fail("No target is registered in " + group.name() + ", although the service runs: ECS registers a "
                    + "task only in the target group named in the service's load balancer block.", evidence,
                    "Check that the service's load balancer block names " + group.arn() + ".");
        }
        Optional<String> wrongPort = wrongPort(s, targets);
        if (wrongPort.isPresent()) {
            return fail(wrongPort.get(), evidence, "Deregister it (aws elbv2 deregister-targets --target-group-arn "
                    + group.arn() + " --targets Id=ID,Port=PORT); ECS registers the task's own port.");
        }
        Optional<TargetHealthFacts> unhealthy = targets.stream().filter(t -> t.state().equals("unhealthy")).findFirst();
        if (unhealthy.isPresent()) {
            String why = explain(unhealthy.get(), jupyter, base);
            return fail("Target " + unhealthy.get().targetId() + (unhealthy.get().port() == null ? "" : ":"
                    + unhealthy.get().port()) + " is unhealthy: " + why + ".", evidence, remedy(unhealthy.get(), modify, base));
        }
        if (targets.stream().anyMatch(t -> t.state().equals("healthy"))) {
            return pass(targets.stream().filter(t -> t.state().equals("healthy")).count() + " healthy target(s) in "
                    + group.name() + "; the health check fits Jupyter.", evidence);
        }
        TargetHealthFacts first = targets.get(0);
        return warn("No healthy target yet: " + first.targetId() + " is " + first.state()
                + (first.reason().isBlank() ? "" : " (" + first.reason() + ")") + ".", evidence, null);
    }

    /** What Jupyter answers a health check path without a token: -1 when it cannot be told. */
    private record PathVerdict(String message, int answer) {
    }

    /** Empty when the path is Jupyter's /api under its base_url, which answers 200 without a token. */
    private static Optional<PathVerdict> pathVerdict(String path, Optional<String> base) {
        if (base.isEmpty()) {
            return path.endsWith("/api") || path.endsWith("/api/") ? Optional.empty()
                    : Optional.of(new PathVerdict("The health check path " + path + " is not Jupyter's /api (under its "
                            + "base_url), the page that answers 200 without a token; whether " + path + " does cannot be "
                            + "told from here.", -1));
        }
        String root = base.get();
        String expected = root + "api";
        if (path.equals(expected) || path.equals(expected + "/")) {
            return Optional.empty();
        }
        int answer;
        String why;
        if (path.equals(root) || path.equals(root.replaceAll("/$", ""))) {
            answer = 302;
            why = "Jupyter redirects it (302) to the lab or login page";
        } else if (!path.startsWith(root)) {
            answer = 404;
            why = "it is outside Jupyter's base_url " + root + " (404)";
        } else if (path.startsWith(expected + "/")) {
            answer = 403;
            why = "that API needs the token (403)";
        } else {
            answer = 302;
            why = "without a token Jupyter redirects it to the login page (302)";
        }
        return Optional.of(new PathVerdict("The health check path " + path + " does not get a 200: " + why
                + "; Jupyter answers 200 at " + expected + ".", answer));
    }

    /** Whether success codes such as {@code 200}, {@code 200-299} or {@code 200,302} include {@code code}. */
    static boolean matcherIncludes(String matcher, int code) {
        for (String part : matcher.split(",")) {
            String[] range = part.strip().split("-");
            try {
                int low = Integer.parseInt(range[0].strip());
                int high = range.length > 1 ? Integer.parseInt(range[1].strip()) : low;
                if (low <= code && code <= high) {
                    return true;
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    /** A target on the instance whose port no running task of the service uses: registered by hand. */
    private static Optional<String> wrongPort(Snapshot s, List<TargetHealthFacts> targets) {
        Optional<String> instanceId = s.instance().toOptional().map(InstanceFacts::instanceId);
        Optional<Integer> containerPort = Stack.loadBalancerEntry(s).map(lb -> lb.containerPort());
        if (instanceId.isEmpty() || containerPort.isEmpty()) {
            return Optional.empty();
        }
        Set<Integer> hostPorts = s.tasks().toOptional().orElse(List.of()).stream().filter(TaskFacts::isRunning)
                .flatMap(t -> t.containers().stream()).flatMap(c -> c.networkBindings().stream())
                .filter(b -> b.containerPort() == containerPort.get()).map(b -> b.hostPort())
                .collect(Collectors.toSet());
        if (hostPorts.isEmpty()) {
            return Optional.empty();
        }
        return targets.stream().filter(t -> t.targetId().equals(instanceId.get()) && t.port() != null
                && !hostPorts.contains(t.port())).findFirst()
                .map(t -> "Target " + t.targetId() + ":" + t.port() + " is not a port the task uses (it listens on host "
                        + "port " + hostPorts.stream().map(String::valueOf).collect(Collectors.joining(", "))
                        + "): it was registered by hand.");
    }

    private static String explain(TargetHealthFacts target, Optional<JupyterCommandLine> jupyter, Optional<String> base) {
        String description = target.description().isBlank() ? "" : " (" + target.description() + ")";
        return switch (target.reason()) {
            case "Target.ResponseCodeMismatch" -> {
                String codes = target.description();
                if (codes.contains("404")) {
                    yield "Jupyter answers 404: its base_url differs from the health check path" + description;
                }
                if (codes.contains("302") || codes.contains("301")) {
                    yield "the path redirects (to a login or lab page)" + description;
                }
                if (codes.contains("403") || codes.contains("401")) {
                    yield "the path needs the token" + description;
                }
                yield "wrong HTTP status" + description;
            }
            case "Target.Timeout" -> jupyter.map(JupyterCommandLine::listensOnLoopbackOnly).orElse(false)
                    ? "the check times out: Jupyter listens on 127.0.0.1 only (--ip), out of the load balancer's reach"
                    : "the check times out: the instance's security group drops the load balancer's traffic, or "
                            + "nothing answers on that port" + description;
            case "Target.FailedHealthChecks" -> "the connection fails: nothing listens on that port (Jupyter's port "
                    + "and the container port differ, or Jupyter crashed)" + description;
            case "Target.NotInUse" -> "the target's Availability Zone is not enabled on the load balancer" + description;
            case "Target.InvalidState" -> "the instance is stopped or not running" + description;
            case "Target.NotRegistered" -> "it is not registered" + description;
            default -> (target.reason().isBlank() ? "no reason given" : target.reason()) + description;
        };
    }

    private static String remedy(TargetHealthFacts target, String modify, Optional<String> base) {
        return switch (target.reason()) {
            case "Target.ResponseCodeMismatch" -> modify + " --health-check-path " + base.orElse("/") + "api --matcher "
                    + "HttpCode=200 (and start Jupyter with --ServerApp.base_url=" + base.orElse("/") + ").";
            case "Target.Timeout" -> "Admit the load balancer's security group on the host port in the instance's "
                    + "security group, and start Jupyter with --ip=0.0.0.0.";
            case "Target.FailedHealthChecks" -> "Make Jupyter listen on the container port of the service's load "
                    + "balancer block (--port), and check the container's log.";
            case "Target.NotInUse" -> "Add a subnet in the target's zone to the load balancer (aws elbv2 set-subnets).";
            default -> "Look at the container's log and the target's description.";
        };
    }
}
