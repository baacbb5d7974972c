package dev.gpunotebook.core.aws;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts AWS API calls (operations, not retry attempts), for diagnose's {@code apiCalls} and the
 * benchmarks. Records each call as {@code service:Operation}.
 */
public final class ApiCallCounter implements ExecutionInterceptor {

    private final AtomicInteger count = new AtomicInteger();
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    /** One call: {@code Service:Operation}, the thread that made it and when it started (System.nanoTime). */
    public record Call(String operation, String thread, long startedNanos) {
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        count.incrementAndGet();
        calls.add(new Call(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), Thread.currentThread().getName(),
                System.nanoTime()));
    }

    public int count() {
        return count.get();
    }

    /** The operations called so far, in the order they started. */
    public List<String> calls() {
        return calls.stream().map(Call::operation).toList();
    }

    /** The calls made so far with their thread and start time, for attributing them to steps. */
    public List<Call> records() {
        return List.copyOf(calls);
    }

    public void reset() {
        count.set(0);
        calls.clear();
    }
}
