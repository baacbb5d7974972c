package dev.gpunotebook.core.diagnose;

import dev.gpunotebook.core.diagnose.checks.AgentConfigCheck;
import dev.gpunotebook.core.diagnose.checks.AgentIamCheck;
import dev.gpunotebook.core.diagnose.checks.AgentRegistrationCheck;
import dev.gpunotebook.core.diagnose.checks.AlbListenerCheck;
import dev.gpunotebook.core.diagnose.checks.CredentialsCheck;
import dev.gpunotebook.core.diagnose.checks.GpuVisibleCheck;
import dev.gpunotebook.core.diagnose.checks.InstanceAmiCheck;
import dev.gpunotebook.core.diagnose.checks.InstanceStateCheck;
import dev.gpunotebook.core.diagnose.checks.InstanceTypeCheck;
import dev.gpunotebook.core.diagnose.checks.JupyterHttpCheck;
import dev.gpunotebook.core.diagnose.checks.NetworkAlbToInstanceCheck;
import dev.gpunotebook.core.diagnose.checks.NetworkOutboundCheck;
import dev.gpunotebook.core.diagnose.checks.QuotaVcpuCheck;
import dev.gpunotebook.core.diagnose.checks.ServicePlacementCheck;
import dev.gpunotebook.core.diagnose.checks.TargetHealthCheck;
import dev.gpunotebook.core.diagnose.checks.TaskPortsCheck;
import dev.gpunotebook.core.diagnose.checks.TaskResourcesCheck;
import dev.gpunotebook.core.diagnose.checks.TaskStoppedCheck;
import java.util.List;

/** Every check of DESIGN.md, in the order of {@link CheckIds#ALL}. */
public final class StandardChecks {
    private StandardChecks() {
    }

    public static List<Check> all() {
        return List.of(new CredentialsCheck(), new QuotaVcpuCheck(), new InstanceTypeCheck(), new InstanceAmiCheck(),
                new InstanceStateCheck(), new AgentConfigCheck(), new AgentIamCheck(), new AgentRegistrationCheck(),
                new NetworkOutboundCheck(), new NetworkAlbToInstanceCheck(), new TaskResourcesCheck(),
                new TaskPortsCheck(), new ServicePlacementCheck(), new TaskStoppedCheck(), new AlbListenerCheck(),
                new TargetHealthCheck(), new JupyterHttpCheck(), new GpuVisibleCheck());
    }
}
