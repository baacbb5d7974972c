package dev.gpunotebook.core;

import dev.gpunotebook.core.aws.ApiCallCounter;
import dev.gpunotebook.core.aws.AwsCloud;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.cloud.Cloud;
import dev.gpunotebook.core.cloud.InstanceTypeInfo;
import dev.gpunotebook.core.lifecycle.NotebookDeleter;
import dev.gpunotebook.core.lifecycle.NotebookDeleter.DeleteResult;
import dev.gpunotebook.core.lifecycle.NotebookLister;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.setup.EnvironmentSetup;
import dev.gpunotebook.core.provision.start.NotebookStarter;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every front-end calls: setup, start, delete, list and status of the notebooks of one
 * environment in one AWS account and region.
 *
 * <pre>{@code
 * try (GpuNotebooks notebooks = GpuNotebooks.connect(AwsSettings.defaults(), EnvironmentConfig.defaults())) {
 *     notebooks.setup(System.out::println);
 *     StartResult started = notebooks.start(NotebookSpec.defaults(NotebookName.of("alice"), "U123"), System.out::println);
 * }
 * }</pre>
 */
public final class GpuNotebooks implements AutoCloseable {

    /** AWS calls are I/O bound; this many run at once when steps are independent. */
    private static final int PARALLEL_CALLS = 8;

    private final AwsCloud aws;
    private final Cloud cloud;
    private final EnvironmentConfig config;
    private final ExecutorService executor;

    private GpuNotebooks(AwsCloud aws, EnvironmentConfig config) {
        this.aws = aws;
        this.cloud = aws.cloud();
        this.config = config;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(PARALLEL_CALLS, r -> {
            Thread t = new Thread(r, "gpu-notebook-aws-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static GpuNotebooks connect(AwsSettings settings, EnvironmentConfig config) {
        return new GpuNotebooks(AwsCloud.connect(settings), config);
    }

    public String region() {
        return cloud.region();
    }

    public EnvironmentConfig config() {
        return config;
    }

    /** Counts the AWS calls made through this instance (for benchmarks and diagnose). */
    public ApiCallCounter apiCalls() {
        return aws.counter();
    }

    public Environment setup(ProgressListener listener) {
        return new EnvironmentSetup(cloud, executor).setup(config, listener);
    }

    public Environment environment() {
        return new EnvironmentSetup(cloud, executor).locate(config);
    }

    /** As {@link #environment()}, reporting each lookup to {@code listener}. */
    public Environment environment(ProgressListener listener) {
        return new EnvironmentSetup(cloud, executor).locate(config, listener);
    }

    /** Starts a notebook in an environment already located (saves the lookups). */
    public StartResult start(Environment environment, NotebookSpec spec, ProgressListener listener) {
        return new NotebookStarter(cloud, executor).start(environment, spec, listener);
    }

    public StartResult start(NotebookSpec spec, ProgressListener listener) {
        return new NotebookStarter(cloud, executor).start(environment(), spec, listener);
    }

    public DeleteResult delete(NotebookName name, ProgressListener listener) {
        return new NotebookDeleter(cloud).delete(environment(), name, listener);
    }

    public List<NotebookSummary> list() {
        return new NotebookLister(cloud).list(environment());
    }

    public Optional<NotebookSummary> status(NotebookName name) {
        return new NotebookLister(cloud).status(environment(), name);
    }

    /**
     * The notebook's Jupyter token, decrypted from its SSM SecureString (the existing
     * {@code SsmGateway.readSecret}). For the notebook's owner only: never log, print or put it in an
     * exception message.
     */
    public String readToken(NotebookName name) {
        return cloud.ssm().readSecret(config.names().tokenParameter(name));
    }

    /** How many GPUs an instance type has (DescribeInstanceTypes), 0 when the type is unknown. */
    public int instanceGpus(String instanceType) {
        return cloud.ec2().describeInstanceType(instanceType).map(InstanceTypeInfo::gpus).orElse(0);
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        aws.close();
    }
}
