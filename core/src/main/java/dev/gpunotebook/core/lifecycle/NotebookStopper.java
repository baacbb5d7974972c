package dev.gpunotebook.core.lifecycle;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.cloud.Cloud;
import dev.gpunotebook.core.cloud.InstanceInfo;
import dev.gpunotebook.core.cloud.ServiceInfo;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.Tags;
import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import dev.gpunotebook.core.provision.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stops a notebook and keeps everything it needs to resume: the ECS service goes to 0 tasks, then the
 * instance is stopped (not terminated), so its EBS root volume with the work folder stays. The token,
 * task definition, target group and rule stay too; {@code start} resumes the same instance.
 *
 * <p>Idempotent: a stopped or stopping notebook is left as it is ("already stopped"). A pending
 * instance (a start in progress) is refused with a message. If the instance cannot be stopped, the
 * service gets its task count back, so no half-stopped notebook is left behind.
 */
public final class NotebookStopper {

    /** How long stop waits for ECS to stop the task before stopping its instance. */
    static final Duration TASK_STOP_WAIT = Duration.ofSeconds(90);
    static final Duration POLL = Duration.ofSeconds(2);

    /** Waits between two looks at the service; tests pass one that moves their clock instead of sleeping. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final Cloud cloud;
    private final Clock clock;
    private final Pause pause;

    /** @param clock tags the stop reason and times the wait for the task; it must tick (not {@code Clock.fixed}) */
    public NotebookStopper(Cloud cloud, Clock clock) {
        this(cloud, clock, duration -> Thread.sleep(duration.toMillis()));
    }

    NotebookStopper(Cloud cloud, Clock clock, Pause pause) {
        this.cloud = cloud;
        this.clock = clock;
        this.pause = pause;
    }

    /**
     * What stop did.
     *
     * @param alreadyStopped nothing needed stopping: the instance was stopped or stopping already
     * @param changes one line per change made
     */
    public record StopResult(NotebookName name, String instanceId, String instanceState, boolean alreadyStopped,
            List<String> changes) {
        public StopResult {
            if (name == null) {
                throw new IllegalArgumentException("name is required");
            }
            instanceId = instanceId == null ? "" : instanceId;
            instanceState = instanceState == null ? "" : instanceState;
            changes = List.copyOf(changes);
        }
    }

    /**
     * @param reason why, kept in a tag on the instance and shown by status ("stopped by U123", "idle for 60 minutes")
     */
    public StopResult stop(Environment env, NotebookName name, String reason, ProgressListener listener) {
        Map<String, String> selector = Tags.selector(env.env(), name);
        List<InstanceInfo> instances = cloud.ec2().findInstances(selector);
        Optional<ServiceInfo> service = cloud.ecs().findService(env.clusterName(), env.names().service(name))
                .filter(s -> name.value().equals(s.tags().get(Tags.NOTEBOOK)));
        if (instances.isEmpty() && service.isEmpty()) {
            throw GpuNotebookException.of(Reason.NOT_FOUND, "There is no notebook named '" + name + "' in environment '"
                    + env.env() + "' (" + cloud.region() + "); nothing was stopped. `list` shows the notebooks.");
        }
        Optional<InstanceInfo> instance = instances.stream().findFirst();
        String state = instance.map(InstanceInfo::state).orElse("");
        if ("pending".equals(state)) {
            throw GpuNotebookException.of(Reason.CONFLICT, "Notebook " + name + " is still starting (instance "
                    + instance.get().id() + " is pending). Nothing was changed; stop it once `status " + name
                    + "` no longer says starting (usually within a minute).");
        }
        List<String> changes = new ArrayList<>();
        int previousDesired = service.map(ServiceInfo::desiredCount).orElse(0);
        if (service.isPresent() && previousDesired > 0) {
            event(listener, "service", Phase.RUNNING, service.get().name() + " desired count " + previousDesired + " -> 0");
            cloud.ecs().scaleService(env.clusterName(), service.get().name(), 0, false);
            changes.add("service " + service.get().name() + " scaled to 0 tasks");
            event(listener, "service", Phase.UPDATED, service.get().name() + " scaled to 0 tasks");
        }
        if (instance.isEmpty()) {
            throw GpuNotebookException.of(Reason.NOT_FOUND, "Notebook " + name + " has no instance any more (its"
                    + " service is now at 0 tasks). Delete it and start it again.");
        }
        InstanceInfo i = instance.get();
        if ("stopped".equals(state) || "stopping".equals(state)) {
            event(listener, "instance", Phase.FOUND, i.id() + " already " + state);
            return new StopResult(name, i.id(), state, changes.isEmpty(), changes);
        }
        if (service.isPresent()) {
            // Also when the service was at 0 already: a stop interrupted while waiting leaves its task stopping.
            awaitTaskStopped(env, service.get().name(), listener);
        }
        String now;
        try {
            tagReason(i.id(), reason, listener);
            event(listener, "instance", Phase.RUNNING, "stopping " + i.id());
            now = cloud.ec2().stopInstance(i.id());
        } catch (RuntimeException e) {
            if (service.isPresent() && previousDesired > 0) {
                // Put the service back: a running instance with no task would be a half state.
                try {
                    cloud.ecs().scaleService(env.clusterName(), service.get().name(), previousDesired, false);
                    event(listener, "service", Phase.ROLLED_BACK, "desired count back to " + previousDesired);
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        }
        changes.add("instance " + i.id() + " stopped (its EBS volume and work folder are kept)");
        event(listener, "instance", Phase.UPDATED, i.id() + " " + (now.isEmpty() ? "stopping" : now));
        return new StopResult(name, i.id(), now.isEmpty() ? "stopping" : now, false, changes);
    }

    private void tagReason(String instanceId, String reason, ProgressListener listener) {
        if (reason == null || reason.isBlank()) {
            return;
        }
        String value = (reason + " at " + clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .replaceAll("[^\\p{L}\\p{N} _.:/=+@-]", " ");
        try {
            cloud.ec2().tag(instanceId, Map.of(NotebookLister.STOP_REASON_TAG, value.length() > 250
                    ? value.substring(0, 250) : value));
        } catch (GpuNotebookException e) {
            // The reason is for status only; stopping matters more.
            event(listener, "instance", Phase.WARNING, "could not tag why it stopped: " + e.getMessage());
        }
    }

    /**
     * ECS stops the task within its stop timeout (30 s by default); the instance stops after that. The wait is
     * timed on the injected clock, so a test can let 90 s pass without waiting them.
     */
    private void awaitTaskStopped(Environment env, String serviceName, ProgressListener listener) {
        Instant deadline = clock.instant().plus(TASK_STOP_WAIT);
        while (true) {
            Optional<ServiceInfo> s = cloud.ecs().findService(env.clusterName(), serviceName);
            if (s.isEmpty() || s.get().runningCount() == 0) {
                return;
            }
            if (clock.instant().isAfter(deadline)) {
                event(listener, "service", Phase.WARNING, "the task is still running after "
                        + TASK_STOP_WAIT.toSeconds() + " s; stopping the instance anyway");
                return;
            }
            try {
                pause.pause(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw GpuNotebookException.of(Reason.AWS, "Interrupted while waiting for the task of " + serviceName
                        + " to stop; the service is at 0 tasks and the instance still runs. Run stop again.", e);
            }
        }
    }

    private static void event(ProgressListener listener, String step, Phase phase, String detail) {
        listener.onEvent(new ProgressEvent(step, phase, detail));
    }
}
