package dev.gpunotebook.core.provision.setup;

import dev.gpunotebook.core.cloud.Cloud;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.Step;
import dev.gpunotebook.core.provision.StepRunner;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Creates or finds the shared environment: VPC, two public subnets, internet route, security
 * groups, ECS cluster, IAM roles, log group, load balancer and listener. Idempotent: a second run
 * finds everything and creates nothing.
 *
 * <pre>{@code
 * Environment env = new EnvironmentSetup(cloud, executor).setup(EnvironmentConfig.defaults(), listener);
 * Environment same = new EnvironmentSetup(cloud, executor).locate(EnvironmentConfig.defaults());
 * }</pre>
 */
public final class EnvironmentSetup {

    private final Cloud cloud;
    private final StepRunner runner;

    public EnvironmentSetup(Cloud cloud, ExecutorService executor) {
        this.cloud = cloud;
        this.runner = new StepRunner(executor);
    }

    /** The steps of setup, in a readable order; the runner follows their dependencies. */
    /** Each step of setup with the steps it waits for, for tools that reason about the plan. */
    public static java.util.Map<String, java.util.Set<String>> planDependencies() {
        java.util.Map<String, java.util.Set<String>> deps = new java.util.LinkedHashMap<>();
        plan().forEach(step -> deps.put(step.name(), step.dependsOn()));
        return deps;
    }

    static List<Step<SetupContext>> plan() {
        return List.of(new VpcStep(), new SubnetsStep(), new InternetRouteStep(), new AlbSecurityGroupStep(),
                new InstanceSecurityGroupStep(), new ClusterStep(), new InstanceRoleStep(), new ExecutionRoleStep(),
                new LogGroupStep(), new LoadBalancerStep(), new ListenerStep());
    }

    public Environment setup(EnvironmentConfig config, ProgressListener listener) {
        SetupContext context = new SetupContext(cloud, config, false);
        runner.run(plan(), context, listener);
        return context.toEnvironment();
    }

    /** Finds the environment without changing anything; fails naming what is missing. */
    public Environment locate(EnvironmentConfig config) {
        return locate(config, ProgressListener.NONE);
    }

    /** As {@link #locate(EnvironmentConfig)}, reporting each lookup as a CHECKED or FOUND event. */
    public Environment locate(EnvironmentConfig config, ProgressListener listener) {
        SetupContext context = new SetupContext(cloud, config, true);
        runner.run(plan(), context, listener);
        return context.toEnvironment();
    }
}
