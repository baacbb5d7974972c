package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.GpuNotebookException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads of one snapshot collection, and the calls started on them, so that a phase waits for
 * every call it started (also those that calls of the phase started) before the next phase reads
 * their facts, and no call outlives the collection. Makes no AWS call itself.
 *
 * <p>Two pools: a fixed one for the leaves (one read each, a fixed number at a time, taken in the
 * order they were started), and an unbounded one for what a leaf fans out and waits for (the
 * batches of one describe call): a leaf that waited on its own pool could wait for ever once every
 * thread is a waiting leaf.
 */
final class ParallelCalls implements AutoCloseable {

    private final ExecutorService pool;
    private final ExecutorService batchPool;
    private final Queue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();

    ParallelCalls(int parallelLeaves) {
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(parallelLeaves, r -> {
            Thread t = new Thread(r, "gpu-notebook-diagnose-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.batchPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gpu-notebook-diagnose-batch-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs one read on the pool, in the order started; the phase waits for it. */
    <T> CompletableFuture<T> leaf(Supplier<T> read) {
        return track(CompletableFuture.supplyAsync(read, pool));
    }

    /** Runs a chain of reads on its own thread, not queued behind the leaves; the phase waits for it. */
    <T> CompletableFuture<T> chain(Supplier<T> reads) {
        return track(CompletableFuture.supplyAsync(reads, batchPool));
    }

    /** Runs one call of a batch for a leaf that joins it (see {@link #joinAll}); the phase does not track it. */
    <T> CompletableFuture<T> fanOut(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, batchPool);
    }

    /** Makes the phase wait for work that runs elsewhere (an HTTP request) as well. */
    <T> CompletableFuture<T> track(CompletableFuture<T> work) {
        pending.add(work);
        return work;
    }

    /**
     * Waits for the calls of the phase, including those that calls of the phase started; a
     * refused credential ends the collection.
     */
    void awaitPhase() {
        try {
            for (CompletableFuture<?> next = pending.poll(); next != null; next = pending.poll()) {
                next.join();
            }
        } catch (CompletionException e) {
            pending.clear();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof GpuNotebookException gne) {
                throw gne;
            }
            throw FactCalls.unexpected("the AWS facts", cause);
        }
    }

    /** Waits for every future (so no call outlives its caller), then gives their results in order. */
    static <T> List<T> joinAll(List<CompletableFuture<T>> futures) {
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return futures.stream().map(CompletableFuture::join).toList();
    }

    /** The results of futures that a past phase awaited, by the same keys. */
    static <K, V> Map<K, V> joined(Map<K, CompletableFuture<V>> awaited) {
        Map<K, V> results = new LinkedHashMap<>();
        awaited.forEach((key, future) -> results.put(key, future.join()));
        return results;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        batchPool.shutdownNow();
    }
}
