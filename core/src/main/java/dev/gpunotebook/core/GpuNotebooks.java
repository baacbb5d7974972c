package dev.gpunotebook.core;

import dev.gpunotebook.core.aws.ApiCallCounter;
import dev.gpunotebook.core.aws.AwsCloud;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.aws.AwsSnapshotCollector;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.diagnose.Diagnostician;
import dev.gpunotebook.core.cloud.Cloud;
import dev.gpunotebook.core.cloud.InstanceTypeInfo;
import dev.gpunotebook.core.idle.HttpJupyterProbe;
import dev.gpunotebook.core.idle.IdlePolicy;
import dev.gpunotebook.core.idle.IdleReaper;
import dev.gpunotebook.core.idle.JupyterAddress;
import dev.gpunotebook.core.idle.JupyterProbe;
import dev.gpunotebook.core.idle.Notifier;
import dev.gpunotebook.core.lifecycle.NotebookDeleter;
import dev.gpunotebook.core.lifecycle.NotebookDeleter.DeleteResult;
import dev.gpunotebook.core.lifecycle.NotebookLister;
import dev.gpunotebook.core.lifecycle.NotebookStopper;
import dev.gpunotebook.core.lifecycle.NotebookStopper.StopResult;
import dev.gpunotebook.core.lifecycle.OperationLocks;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.pricing.PriceTable;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.setup.EnvironmentSetup;
import dev.gpunotebook.core.provision.start.NotebookStarter;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every front-end calls: setup, start (and resume), stop, delete, list and status of the notebooks
 * of one environment in one AWS account and region, and the idle reaper. Start, stop and delete of one
 * notebook never run at the same time in this process: the second one is refused with a message
 * ({@link OperationLocks} explains why the lock is in-process).
 *
 * <pre>{@code
 * try (GpuNotebooks notebooks = GpuNotebooks.connect(AwsSettings.defaults(), EnvironmentConfig.defaults())) {
 *     notebooks.setup(System.out::println);
 *     StartResult started = notebooks.start(NotebookSpec.defaults(NotebookName.of("alice"), "U123"), System.out::println);
 * }
 * }</pre>
 */
public final class GpuNotebooks implements NotebookOperations, AutoCloseable {

    /** AWS calls are I/O bound; this many run at once when steps are independent. */
    private static final int PARALLEL_CALLS = 8;
    /** How long diagnose waits for a notebook's URL to answer. */
    private static final Duration JUPYTER_TIMEOUT = Duration.ofSeconds(3);

    private final AwsCloud aws;
    private final Cloud cloud;
    private final EnvironmentConfig config;
    private final ExecutorService executor;
    private final PriceTable prices;
    private final Clock clock;
    private final OperationLocks locks = new OperationLocks();

    private GpuNotebooks(AwsCloud aws, EnvironmentConfig config, PriceTable prices, Clock clock) {
        this.aws = aws;
        this.cloud = aws.cloud();
        this.config = config;
        this.prices = prices;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(PARALLEL_CALLS, r -> {
            Thread t = new Thread(r, "gpu-notebook-aws-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Prices from the built-in table and the file {@code GPU_NOTEBOOK_PRICES} names; the system clock. */
    public static GpuNotebooks connect(AwsSettings settings, EnvironmentConfig config) {
        return connect(settings, config, PriceTable.fromEnvironment(System.getenv()), Clock.systemUTC());
    }

    public static GpuNotebooks connect(AwsSettings settings, EnvironmentConfig config, PriceTable prices, Clock clock) {
        return new GpuNotebooks(AwsCloud.connect(settings), config, prices, clock);
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

    @Override
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
        return start(environment, spec, false, listener);
    }

    /**
     * Starts a new notebook or resumes a stopped one (same instance, URL and token); {@code newToken}
     * replaces the token and restarts the task so that it reads the new one.
     */
    public StartResult start(Environment environment, NotebookSpec spec, boolean newToken, ProgressListener listener) {
        return locks.run(config.env(), spec.name(), "start", () ->
                new NotebookStarter(cloud, executor).start(environment, spec, newToken, listener));
    }

    public StartResult start(NotebookSpec spec, ProgressListener listener) {
        return start(spec, false, listener);
    }

    @Override
    public StartResult start(NotebookSpec spec, boolean newToken, ProgressListener listener) {
        return start(environment(), spec, newToken, listener);
    }

    /**
     * Stops a notebook: its service to 0 tasks, its instance stopped (not terminated), everything else
     * kept. Stopping a stopped notebook changes nothing.
     *
     * @param requester who asked, recorded as the reason on the instance
     */
    @Override
    public StopResult stop(NotebookName name, String requester, ProgressListener listener) {
        Environment env = environment();
        return locks.run(config.env(), name, "stop", () -> new NotebookStopper(cloud, clock).stop(env, name,
                "stopped by " + (requester == null || requester.isBlank() ? "stop" : requester), listener));
    }

    @Override
    public DeleteResult delete(NotebookName name, ProgressListener listener) {
        Environment env = environment();
        return locks.run(config.env(), name, "delete", () -> new NotebookDeleter(cloud).delete(env, name, listener));
    }

    @Override
    public List<NotebookSummary> list() {
        return new NotebookLister(cloud, prices, clock).list(environment());
    }

    @Override
    public Optional<NotebookSummary> status(NotebookName name) {
        return new NotebookLister(cloud, prices, clock).status(environment(), name);
    }

    /** The prices list and status use. */
    public PriceTable prices() {
        return prices;
    }

    /**
     * An idle reaper for this environment that reaches Jupyter through the load balancer. The bot calls
     * {@link IdleReaper#reapOnce} on a schedule with {@link #environment()}.
     */
    public IdleReaper idleReaper(Notifier notifier) {
        return idleReaper(notifier, JupyterAddress.LOAD_BALANCER, new HttpJupyterProbe(), clock);
    }

    /** An idle reaper with another way to Jupyter and another clock (tests, private networks). */
    public IdleReaper idleReaper(Notifier notifier, JupyterAddress address, JupyterProbe probe, Clock reaperClock) {
        return new IdleReaper(cloud, new NotebookLister(cloud, prices, reaperClock),
                new NotebookStopper(cloud, reaperClock), locks, probe, address, notifier, reaperClock,
                IdlePolicy.defaults());
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

    /**
     * Diagnoses one notebook of this environment: its service {@code notebook-NAME} in the
     * environment's cluster, its instance found by tags. No AWS lookups beyond the snapshot.
     */
    @Override
    public Diagnosis diagnose(NotebookName name) {
        return diagnose(List.of(notebookRequest(name))).get(0);
    }

    /** Diagnoses any ECS service, for example one built by hand or with Terraform (no tags needed). */
    @Override
    public Diagnosis diagnose(String cluster, String service) {
        return diagnose(List.of(AwsSnapshotCollector.Request.service(cluster, service))).get(0);
    }

    /**
     * Diagnoses every notebook of this environment at once (one snapshot collection, batched across
     * notebooks); empty when the environment's cluster has no notebook service.
     */
    @Override
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
