package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.aws.Ec2FactsCollector.VpcFacts;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.ImageFacts;
import dev.gpunotebook.core.diagnose.snapshot.RoleFacts;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.SubnetFacts;
import dev.gpunotebook.core.diagnose.snapshot.UserData;
import dev.gpunotebook.core.diagnose.snapshot.VcpuQuota;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;

/**
 * What the second phase of a collection read about the services' instances, for all requests at
 * once: the instances that only their id found, the clusters they registered into instead of their
 * own, and what they name (role, type, image, subnets, security groups, VPC network, quota, user
 * data). Immutable once the phase is over. A map lacks a key only for what was not collected.
 *
 * @param describedById the instances neither first-phase read had, by id
 * @param otherClusterInstances container instances of the unregistered instances in other clusters, by EC2 id
 * @param rolesByProfile by instance profile ARN
 * @param instanceTypes the instances' types and the running instances' types, by name
 * @param offerings the zones that offer each of the instances' types
 * @param images by AMI id
 * @param subnets the instances' and the load balancers' subnets, by id
 * @param securityGroups the instances', load balancers' and awsvpc services' groups, by id
 * @param vpcs by VPC id
 * @param vcpuQuotas by quota code
 * @param userData by instance id
 */
record InstanceResourceFacts(Fact<Map<String, Instance>> describedById,
        Fact<Map<String, ContainerInstanceFacts>> otherClusterInstances,
        Map<String, Fact<RoleFacts>> rolesByProfile,
        Fact<Map<String, InstanceTypeInfo>> instanceTypes,
        Fact<Map<String, List<String>>> offerings,
        Map<String, Fact<ImageFacts>> images,
        Fact<Map<String, SubnetFacts>> subnets,
        Fact<Map<String, SecurityGroupFacts>> securityGroups,
        Map<String, VpcFacts> vpcs,
        Map<String, Fact<VcpuQuota>> vcpuQuotas,
        Map<String, Fact<UserData>> userData) {

    InstanceResourceFacts {
        rolesByProfile = Collections.unmodifiableMap(rolesByProfile);
        images = Collections.unmodifiableMap(images);
        vpcs = Collections.unmodifiableMap(vpcs);
        vcpuQuotas = Collections.unmodifiableMap(vcpuQuotas);
        userData = Collections.unmodifiableMap(userData);
    }
}
