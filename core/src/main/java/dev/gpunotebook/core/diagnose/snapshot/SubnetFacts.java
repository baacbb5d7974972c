package dev.gpunotebook.core.diagnose.snapshot;

/** EC2 DescribeSubnets, one subnet (IPv4 CIDR; MapPublicIpOnLaunch). */
public record SubnetFacts(String subnetId, String vpcId, String availabilityZone, String cidrBlock,
        boolean mapPublicIpOnLaunch) {
    public SubnetFacts {
        Validate.nonBlank(subnetId, "subnetId");
        Validate.nonBlank(availabilityZone, "availabilityZone");
        Validate.nonBlank(cidrBlock, "cidrBlock");
    }
}
