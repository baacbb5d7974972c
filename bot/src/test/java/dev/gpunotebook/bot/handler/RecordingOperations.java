package dev.gpunotebook.bot.handler;

import dev.gpunotebook.core.NotebookOperations;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import dev.gpunotebook.core.lifecycle.NotebookDeleter.DeleteResult;
import dev.gpunotebook.core.lifecycle.NotebookStopper.StopResult;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.model.NotebookState;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.StepRunner.RunReport;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Core's operations in memory for the handler's tests: each call is recorded as the operation with its
 * arguments ({@code "stop alice by U0ME"}) and answers with a made-up result. The notebooks it knows are those
 * a test {@link #add}s.
 */
final class RecordingOperations implements NotebookOperations {

    static final Environment ENVIRONMENT = new Environment(EnvironmentConfig.defaults(), "vpc-1",
            List.of(new Environment.Subnet("subnet-1", "us-east-1a")), "gpu-notebook-default",
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/gpu-notebook-default/1",
            "gpu-notebook-default-1.us-east-1.elb.amazonaws.com", "sg-alb", "sg-instance",
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/gpu-notebook-default/1/2",
            "gpu-notebook-default-instance", "arn:aws:iam::123456789012:role/gpu-notebook-default-execution",
            "/gpu-notebook/default");

    final List<String> calls = new ArrayList<>();
    /** The spec of the last start. */
    NotebookSpec started;
    private final Map<String, NotebookSummary> notebooks = new LinkedHashMap<>();

    RecordingOperations add(String name) {
        notebooks.put(name, new NotebookSummary(NotebookName.of(name), "U0" + name.toUpperCase(),
                NotebookState.RUNNING, "", "g4dn.xlarge", "i-" + name, "http://lb.example.com/notebook/" + name + "/"));
        return this;
    }

    static Diagnosis diagnosis(String cluster, String service) {
        return new Diagnosis(new DiagnosisTarget(cluster, service, null, "us-east-1"), List.of(new CheckResult(
                "service.tasks", Status.PASS, "runs 1 of 1 tasks.", List.of(), null, "https://docs.aws.amazon.com/")),
                1, 1);
    }

    @Override
    public Environment setup(ProgressListener listener) {
        calls.add("setup");
        return ENVIRONMENT;
    }

    @Override
    public StartResult start(NotebookSpec spec, boolean newToken, ProgressListener listener) {
        calls.add("start " + spec.name() + (newToken ? " with a new token" : ""));
        started = spec;
        return new StartResult(spec, "i-" + spec.name(), "http://lb.example.com/notebook/" + spec.name() + "/",
                "/gpu-notebook/default/" + spec.name() + "/jupyter-token", true, new RunReport(Map.of()));
    }

    @Override
    public StopResult stop(NotebookName name, String requester, ProgressListener listener) {
        calls.add("stop " + name + " by " + requester);
        return new StopResult(name, "i-" + name, "stopped", false, List.of("instance i-" + name + " stopped"));
    }

    @Override
    public DeleteResult delete(NotebookName name, ProgressListener listener) {
        calls.add("delete " + name);
        return new DeleteResult(name, List.of("instance i-" + name));
    }

    @Override
    public List<NotebookSummary> list() {
        calls.add("list");
        return List.copyOf(notebooks.values());
    }

    @Override
    public Optional<NotebookSummary> status(NotebookName name) {
        calls.add("status " + name);
        return Optional.ofNullable(notebooks.get(name.value()));
    }

    @Override
    public Diagnosis diagnose(NotebookName name) {
        calls.add("diagnose " + name);
        return diagnosis("gpu-notebook-default", "notebook-" + name);
    }

    @Override
    public Diagnosis diagnose(String cluster, String service) {
        calls.add("diagnose service " + service + " of " + cluster);
        return diagnosis(cluster, service);
    }

    @Override
    public List<Diagnosis> diagnoseAll() {
        calls.add("diagnose all");
        return notebooks.keySet().stream().map(name -> diagnosis("gpu-notebook-default", "notebook-" + name)).toList();
    }
}
