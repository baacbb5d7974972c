package dev.gpunotebook.core.lifecycle;

import dev.gpunotebook.core.cloud.Cloud;
import dev.gpunotebook.core.cloud.InstanceInfo;
import dev.gpunotebook.core.cloud.InstanceTypeInfo;
import dev.gpunotebook.core.cloud.ServiceInfo;
import dev.gpunotebook.core.model.CostEstimate;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookState;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.model.Tags;
import dev.gpunotebook.core.pricing.PriceTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lists the notebooks of an environment from their tags: instances and ECS services; with the GPUs
 * of each instance type, the uptime of the current run and its estimated cost.
 */
public final class NotebookLister {

    /** The tag {@link NotebookStopper} leaves on a stopped instance: who stopped it and why. */
    public static final String STOP_REASON_TAG = "gpu-notebook:stop-reason";

    private final Cloud cloud;
    private final PriceTable prices;
    private final Clock clock;
    private final Map<String, Integer> gpusByType = new ConcurrentHashMap<>();

    public NotebookLister(Cloud cloud) {
        this(cloud, PriceTable.builtIn(), Clock.systemUTC());
    }

    public NotebookLister(Cloud cloud, PriceTable prices, Clock clock) {
        this.cloud = cloud;
        this.prices = prices;
        this.clock = clock;
    }

    public List<NotebookSummary> list(Environment env) {
        Map<String, InstanceInfo> instances = new TreeMap<>();
        for (InstanceInfo instance : cloud.ec2().findInstances(Map.of(Tags.ENV, env.env().value()))) {
            String notebook = instance.tag(Tags.NOTEBOOK);
            if (!notebook.isEmpty()) {
                instances.merge(notebook, instance, NotebookLister::newer);
            }
        }
        Map<String, ServiceInfo> services = new TreeMap<>();
        for (ServiceInfo service : cloud.ecs().services(env.clusterName())) {
            String notebook = service.tags().getOrDefault(Tags.NOTEBOOK, "");
            if (env.env().value().equals(service.tags().get(Tags.ENV)) && !notebook.isEmpty()) {
                services.put(notebook, service);
            }
        }
        TreeMap<String, Boolean> names = new TreeMap<>();
        instances.keySet().forEach(n -> names.put(n, true));
        services.keySet().forEach(n -> names.put(n, true));
        List<NotebookSummary> summaries = new ArrayList<>();
        for (String name : names.keySet()) {
            summaries.add(withCost(env, summarize(env, name, Optional.ofNullable(instances.get(name)),
                    Optional.ofNullable(services.get(name))), Optional.ofNullable(instances.get(name))));
        }
        summaries.sort(Comparator.comparing(s -> s.name().value()));
        return summaries;
    }

    public Optional<NotebookSummary> status(Environment env, NotebookName name) {
        return list(env).stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private NotebookSummary withCost(Environment env, NotebookSummary s, Optional<InstanceInfo> instance) {
        if (instance.isEmpty()) {
            return s;
        }
        InstanceInfo i = instance.get();
        Duration uptime = uptime(i, clock.instant());
        CostEstimate cost = prices.estimate(cloud.region(), i.type(), uptime);
        int gpus = gpusByType.computeIfAbsent(i.type(), type -> cloud.ec2().describeInstanceType(type)
                .map(InstanceTypeInfo::gpus).orElse(0));
        return new NotebookSummary(s.name(), s.owner(), s.state(), s.stateReason(), s.instanceType(), s.instanceId(),
                s.url(), gpus, uptime, cost, idleMinutes(i));
    }

    /** The current run: since the instance's (last) start, while it is pending or running. */
    static Duration uptime(InstanceInfo instance, Instant now) {
        boolean up = "running".equals(instance.state()) || "pending".equals(instance.state());
        if (!up || instance.launchTime() == null) {
            return null;
        }
        Duration d = Duration.between(instance.launchTime(), now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    static int idleMinutes(InstanceInfo instance) {
        try {
            int minutes = Integer.parseInt(instance.tag(Tags.IDLE_MINUTES));
            return minutes < 0 ? -1 : minutes;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static NotebookSummary summarize(Environment env, String name, Optional<InstanceInfo> instance,
            Optional<ServiceInfo> service) {
        NotebookName notebook = NotebookName.of(name);
        String owner = instance.map(i -> i.tag(Tags.OWNER))
                .orElseGet(() -> service.map(s -> s.tags().getOrDefault(Tags.OWNER, "")).orElse(""));
        State state = state(instance, service);
        return new NotebookSummary(notebook, owner, state.state(), state.reason(),
                instance.map(InstanceInfo::type).orElse(""), instance.map(InstanceInfo::id).orElse(""),
                env.notebookUrl(notebook));
    }

    private record State(NotebookState state, String reason) {
    }

    private static State state(Optional<InstanceInfo> instance, Optional<ServiceInfo> service) {
        if (instance.isEmpty()) {
            return new State(NotebookState.FAILED, "its instance is gone; delete and start it again");
        }
        String instanceState = instance.get().state();
        switch (instanceState) {
            case "pending":
                return new State(NotebookState.STARTING, "instance pending");
            case "stopping":
                return new State(NotebookState.STOPPING, "instance stopping");
            case "stopped":
                String why = instance.get().tag(STOP_REASON_TAG);
                return new State(NotebookState.STOPPED, why.isEmpty() ? instance.get().stateReason() : why);
            case "running":
                break;
            default:
                return new State(NotebookState.FAILED, "instance " + instanceState);
        }
        if (service.isEmpty()) {
            return new State(NotebookState.FAILED, "its ECS service is missing; run start again to recreate it");
        }
        ServiceInfo s = service.get();
        if (s.desiredCount() == 0) {
            return new State(NotebookState.STOPPING, "service scaled to 0");
        }
        if (s.runningCount() >= 1) {
            return new State(NotebookState.RUNNING, "");
        }
        return new State(NotebookState.STARTING, "waiting for the task to start (" + s.pendingCount() + " pending)");
    }

    private static InstanceInfo newer(InstanceInfo a, InstanceInfo b) {
        if (a.launchTime() == null) {
            return b;
        }
        if (b.launchTime() == null) {
            return a;
        }
        return a.launchTime().isAfter(b.launchTime()) ? a : b;
    }
}
