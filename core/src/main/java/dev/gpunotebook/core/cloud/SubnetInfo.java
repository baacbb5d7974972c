package dev.gpunotebook.core.cloud;

import java.util.Map;

/** A subnet as EC2 describes it. */
public record SubnetInfo(String id, String vpcId, String cidr, String availabilityZone, boolean mapsPublicIp,
        Map<String, String> tags) {
    public SubnetInfo {
        tags = Map.copyOf(tags);
    }
}
