package dev.gpunotebook.core;

import dev.gpunotebook.core.aws.ApiCallCounter;
import dev.gpunotebook.core.aws.AwsCloud;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.aws.AwsSnapshotCollector;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.diagnose.Diagnostician;
import dev.gpunotebook.core.cloud.Cloud;
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
import java.time.Duration;
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
    /** How long diagnose waits for a notebook's URL to answer. */
    private static final Duration JUPYTER_TIMEOUT = Duration.ofSeconds(3);

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
     * Diagnoses one notebook of this environment: its service {@code notebook-NAME} in the
     * environment's cluster, its instance found by tags. No AWS lookups beyond the snapshot.
     */
    public Diagnosis diagnose(NotebookName name) {
        return diagnose(List.of(notebookRequest(name))).get(0);
    }

    /** Diagnoses any ECS service, for example one built by hand or with Terraform (no tags needed). */
    public Diagnosis diagnose(String cluster, String service) {
        return diagnose(List.of(AwsSnapshotCollector.Request.service(cluster, service))).get(0);
    }

    /**
     * Diagnoses every notebook of this environment at once (one snapshot collection, batched across
     * notebooks); empty when the environment's cluster has no notebook service.
     */
    public List<Diagnosis> diagnoseAll() {
        AwsSnapshotCollector collector = aws.snapshotCollector(JUPYTER_TIMEOUT);
        List<AwsSnapshotCollector.Request> requests = collector.notebookServices(clusterName()).stream()
                .map(service -> service.substring("notebook-".length()))
                .filter(NotebookName::isValid)
                .map(name -> notebookRequest(NotebookName.of(name)))
                .toList();
        return diagnose(requests);
    }

    /** Diagnoses the given targets together: each kind of AWS resource is read once for all of them. */
    public List<Diagnosis> diagnose(List<AwsSnapshotCollector.Request> requests) {
        Diagnostician diagnostician = Diagnostician.standard();
        return aws.snapshotCollector(JUPYTER_TIMEOUT).collect(requests).stream().map(diagnostician::diagnose).toList();
    }

    private AwsSnapshotCollector.Request notebookRequest(NotebookName name) {
        return AwsSnapshotCollector.Request.notebook(clusterName(), config.names().service(name), name.value(),
                config.env().value());
    }

    private String clusterName() {
        return config.clusterName().isEmpty() ? config.names().cluster() : config.clusterName();
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
