package dev.gpunotebook.core.provision.setup;

import java.util.List;
import java.util.Optional;

/**
 * The container instances' IAM role and instance profile, with the AWS managed policy the ECS agent
 * needs to register and report ({@code AmazonEC2ContainerServiceforEC2Role}).
 */
final class InstanceRoleStep extends SetupStep {

    static final String ECS_FOR_EC2_POLICY =
            "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role";

    private volatile boolean createdRole;

    InstanceRoleStep() {
        super("instance-role");
    }

    @Override
    Optional<String> find(SetupContext c) {
        String name = c.names.instanceRole();
        if (c.cloud.iam().findRole(name).isEmpty()) {
            return Optional.empty();
        }
        Optional<String> profile = c.cloud.iam().findInstanceProfile(name);
        profile.ifPresent(p -> c.instanceProfileName = name);
        return profile;
    }

    @Override
    String create(SetupContext c) {
        String name = c.names.instanceRole();
        if (c.cloud.iam().findRole(name).isEmpty()) {
            c.cloud.iam().createRole(name, "ec2.amazonaws.com", List.of(ECS_FOR_EC2_POLICY), "", "", c.tags(name));
            createdRole = true;
        }
        String arn = c.cloud.iam().createInstanceProfile(name, name, c.tags(name));
        c.instanceProfileName = name;
        return arn;
    }

    /** The instance profile, made last, failed: only the role can have been made. */
    @Override
    void removePartial(SetupContext c) {
        if (createdRole) {
            c.cloud.iam().deleteRole(c.names.instanceRole());
        }
    }

    @Override
    public void rollback(SetupContext c) {
        String name = c.names.instanceRole();
        c.cloud.iam().deleteInstanceProfile(name, name);
        if (createdRole) {
            c.cloud.iam().deleteRole(name);
        }
    }
}
