package dev.gpunotebook.core.cloud;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The calls of one fake account, in order. A call can be set to be refused, as AWS refuses one: it is recorded
 * (AWS received it) and then its error is thrown, before the fake changes anything. Every fake records a call
 * before it acts, so a refusal works for each operation without a hook in each fake.
 */
final class CallLog extends CopyOnWriteArrayList<String> {

    private final Map<String, RuntimeException> refusals = new ConcurrentHashMap<>();

    /** From now on, {@code call} (as the fakes record it) throws {@code error}. */
    void refuse(String call, RuntimeException error) {
        refusals.put(call, error);
    }

    @Override
    public boolean add(String call) {
        super.add(call);
        RuntimeException refusal = refusals.get(call);
        if (refusal != null) {
            throw refusal;
        }
        return true;
    }
}
