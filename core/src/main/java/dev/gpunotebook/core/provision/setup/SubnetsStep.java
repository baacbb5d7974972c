package dev.gpunotebook.core.provision.setup;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.cloud.Ec2Gateway.ResourceKind;
import dev.gpunotebook.core.cloud.SubnetInfo;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Two public subnets in two Availability Zones, which an Application Load Balancer requires: the
 * configured ones, else those tagged for this environment, else new ones.
 */
final class SubnetsStep extends SetupStep {

    private volatile List<String> created = List.of();

    SubnetsStep() {
        super("subnets", "vpc");
    }

    @Override
    Optional<String> find(SetupContext c) {
        if (c.vpcId == null) {
            return Optional.empty();
        }
        List<SubnetInfo> all = c.cloud.ec2().subnets(c.vpcId);
        List<SubnetInfo> chosen;
        if (!c.config.subnetIds().isEmpty()) {
            chosen = all.stream().filter(s -> c.config.subnetIds().contains(s.id())).toList();
            if (chosen.size() != c.config.subnetIds().size()) {
                throw GpuNotebookException.invalidInput("The configured subnets " + c.config.subnetIds()
                        + " are not all in " + c.vpcId + "; found only " + chosen.stream().map(SubnetInfo::id).toList()
                        + ". Check the subnet ids and the VPC id.");
            }
        } else {
            chosen = all.stream().filter(s -> c.config.env().value().equals(s.tags().get(Tags.ENV))).toList();
            if (chosen.size() < 2) {
                return Optional.empty();
            }
        }
        c.subnets = chosen.stream().map(s -> new Environment.Subnet(s.id(), s.availabilityZone())).toList();
        return Optional.of(String.join(", ", chosen.stream().map(s -> s.id() + " (" + s.availabilityZone() + ")").toList()));
    }

    @Override
    String create(SetupContext c) {
        List<String> zones = c.cloud.ec2().availabilityZones();
        if (zones.size() < 2) {
            throw GpuNotebookException.of(GpuNotebookException.Reason.AWS, "Region " + c.cloud.region()
                    + " offers fewer than two Availability Zones; an Application Load Balancer needs two.");
        }
        List<String> cidrs = Cidrs.split(c.config.vpcCidr(), 2);
        List<Environment.Subnet> subnets = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SubnetInfo subnet = c.cloud.ec2().createPublicSubnet(c.vpcId, cidrs.get(i), zones.get(i),
                    c.tags(c.names.vpc() + "-public-" + zones.get(i)));
            ids.add(subnet.id());
            created = List.copyOf(ids);
            subnets.add(new Environment.Subnet(subnet.id(), subnet.availabilityZone()));
        }
        c.subnets = List.copyOf(subnets);
        return String.join(", ", ids);
    }

    @Override
    void removePartial(SetupContext c) {
        rollback(c);
    }

    @Override
    public void rollback(SetupContext c) {
        created.forEach(id -> c.cloud.ec2().delete(ResourceKind.SUBNET, id));
    }
}
