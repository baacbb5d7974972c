package dev.gpunotebook.core.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** SSM Parameter Store in memory; records each call as the SSM operation it stands for. */
public final class FakeSsm implements SsmGateway {

    public final Map<String, String> values = new ConcurrentHashMap<>();
    public final List<String> calls;

    /** Records into {@code calls}, which other fakes of the same account may share. */
    FakeSsm(List<String> calls) {
        this.calls = calls;
    }

    @Override
    public String readPublicParameter(String name) {
        calls.add("GetParameter " + name);
        return "ami-0123456789abcdef0";
    }

    @Override
    public Optional<String> findSecret(String name) {
        calls.add("GetParameter " + name);
        return values.containsKey(name)
                ? Optional.of("arn:aws:ssm:us-east-1:123456789012:parameter" + name) : Optional.empty();
    }

    @Override
    public void createSecret(String name, String value, String description, Map<String, String> tags) {
        calls.add("PutParameter " + name);
        values.put(name, value);
    }

    @Override
    public void replaceSecret(String name, String value) {
        calls.add("PutParameter " + name + " (overwrite)");
        values.put(name, value);
    }

    @Override
    public String readSecret(String name) {
        calls.add("GetParameter " + name + " (decrypted)");
        return values.get(name);
    }

    @Override
    public void deleteParameter(String name) {
        calls.add("DeleteParameter " + name);
        values.remove(name);
    }
}
