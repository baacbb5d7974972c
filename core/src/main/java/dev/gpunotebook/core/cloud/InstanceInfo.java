package dev.gpunotebook.core.cloud;

import java.time.Instant;
import java.util.Map;

/** An EC2 instance as DescribeInstances returns it. */
public record InstanceInfo(String id, String type, String state, String stateReason, String availabilityZone,
        String subnetId, String imageId, String publicIp, Instant launchTime, Map<String, String> tags) {
    public InstanceInfo {
        stateReason = stateReason == null ? "" : stateReason;
        publicIp = publicIp == null ? "" : publicIp;
        tags = Map.copyOf(tags);
    }

    public String tag(String key) {
        return tags.getOrDefault(key, "");
    }
}
