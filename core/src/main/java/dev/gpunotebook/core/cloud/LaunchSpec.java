package dev.gpunotebook.core.cloud;

import java.util.List;
import java.util.Map;

/** Everything RunInstances needs for one notebook instance. {@code userData} is plain text. */
public record LaunchSpec(String imageId, String instanceType, String subnetId, List<String> securityGroupIds,
        String instanceProfileName, String userData, int rootVolumeGib, Map<String, String> tags) {
    public LaunchSpec {
        securityGroupIds = List.copyOf(securityGroupIds);
        tags = Map.copyOf(tags);
    }
}
