package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.cloud.Cloud;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.Step;
import dev.gpunotebook.core.provision.StepRunner;
import dev.gpunotebook.core.provision.StepRunner.RunReport;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Starts a notebook: checks the instance type, the vCPU quota and the AMI before anything is
 * created, then creates (or finds) the token, instance, task definition, target group, listener rule
 * and service, independent steps in parallel. A failure rolls back what this start created.
 *
 * <pre>{@code
 * StartResult result = new NotebookStarter(cloud, executor).start(environment, spec, System.out::println);
 * }</pre>
 */
public final class NotebookStarter {

    private final Cloud cloud;
    private final StepRunner runner;

    public NotebookStarter(Cloud cloud, ExecutorService executor) {
        this.cloud = cloud;
        this.runner = new StepRunner(executor);
    }

    /**
     * What start did; {@code url} has no token. {@code resumed}: a stopped notebook was started again
     * (same instance, URL and work folder); {@code tokenReplaced}: {@code --new-token} replaced the token.
     */
    public record StartResult(NotebookSpec spec, String instanceId, String url, String tokenParameter,
            boolean createdAnything, RunReport report, boolean resumed, boolean tokenReplaced, String region) {

        public StartResult {
            region = region == null ? "" : region;
        }

        public StartResult(NotebookSpec spec, String instanceId, String url, String tokenParameter,
                boolean createdAnything, RunReport report) {
            this(spec, instanceId, url, tokenParameter, createdAnything, report, false, false, "");
        }
    }

    /** Each step of start with the steps it waits for, for tools that reason about the plan. */
    public static java.util.Map<String, java.util.Set<String>> planDependencies() {
        java.util.Map<String, java.util.Set<String>> deps = new java.util.LinkedHashMap<>();
        plan().forEach(step -> deps.put(step.name(), step.dependsOn()));
        return deps;
    }

    static List<Step<StartContext>> plan() {
        return List.of(new InstanceTypeStep(), new VcpuQuotaStep(), new AmiStep(), new TokenStep(),
                new TargetGroupStep(), new ListenerRuleStep(), new TaskDefinitionStep(), new InstanceStep(),
                new ServiceStep());
    }

    public StartResult start(Environment environment, NotebookSpec spec, ProgressListener listener) {
        return start(environment, spec, false, listener);
    }

    /**
     * Starts a new notebook, or resumes a stopped one (the same instance started again, its service back
     * to one task); with {@code newToken} the token is replaced and the task restarted to read it.
     */
    public StartResult start(Environment environment, NotebookSpec spec, boolean newToken, ProgressListener listener) {
        StartContext context = new StartContext(cloud, environment, spec, newToken, listener);
        RunReport report = runner.run(plan(), context, listener);
        return new StartResult(spec, context.instance.id(), environment.notebookUrl(spec.name()),
                environment.names().tokenParameter(spec.name()), report.createdAnything(), report,
                context.resumedInstance, context.tokenRotated, cloud.region());
    }
}
