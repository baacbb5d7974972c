package dev.gpunotebook.core.model;

import dev.gpunotebook.core.GpuNotebookException;
import java.util.regex.Pattern;

/**
 * What a user asked {@code start} for. Validated here so that nothing reaches AWS with a value AWS
 * would refuse or that would cost money by mistake.
 *
 * <pre>{@code
 * NotebookSpec spec = NotebookSpec.defaults(NotebookName.of("alice"), "U123ABC")
 *         .withInstanceType("g5.xlarge").withGpus(1);
 * }</pre>
 */
public record NotebookSpec(
        NotebookName name,
        String owner,
        String instanceType,
        int gpus,
        String image,
        int volumeGib,
        int idleMinutes) {

    public static final String DEFAULT_INSTANCE_TYPE = "g4dn.xlarge";
    /** Jupyter Docker Stacks' PyTorch image with CUDA 12, pinned by its build date. */
    public static final String DEFAULT_IMAGE = "quay.io/jupyter/pytorch-notebook:cuda12-2026-08-24";
    /** The ECS GPU-optimized AMI's root volume is 30 GiB; less is refused by EC2. */
    public static final int MIN_VOLUME_GIB = 30;
    public static final int MAX_VOLUME_GIB = 16384;
    public static final int DEFAULT_VOLUME_GIB = 100;
    public static final int MAX_GPUS = 16;
    public static final int DEFAULT_IDLE_MINUTES = 60;
    public static final int MAX_IDLE_MINUTES = 7 * 24 * 60;

    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._@+=:/-]{1,64}");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}");

    public NotebookSpec {
        if (name == null) {
            throw GpuNotebookException.invalidInput("A notebook needs a name.");
        }
        if (owner == null || !OWNER.matcher(owner).matches()) {
            throw GpuNotebookException.invalidInput("Invalid owner " + SafeText.quote(owner)
                    + ": use 1 to 64 letters, digits or . _ @ + = : / - (a Slack user id such as U012AB3CD works).");
        }
        if (instanceType == null || !INSTANCE_TYPE.matcher(instanceType).matches()) {
            throw GpuNotebookException.invalidInput("Invalid instance type " + SafeText.quote(instanceType)
                    + ": expected a name such as g4dn.xlarge or g5.2xlarge.");
        }
        if (gpus < 1 || gpus > MAX_GPUS) {
            throw GpuNotebookException.invalidInput("Invalid GPU count " + gpus + ": use 1 to " + MAX_GPUS + ".");
        }
        if (image == null || !IMAGE.matcher(image).matches()) {
            throw GpuNotebookException.invalidInput("Invalid image " + SafeText.quote(image)
                    + ": expected an image reference such as quay.io/jupyter/pytorch-notebook:cuda12-2026-08-24.");
        }
        if (volumeGib < MIN_VOLUME_GIB || volumeGib > MAX_VOLUME_GIB) {
            throw GpuNotebookException.invalidInput("Invalid volume size " + volumeGib + " GiB: use " + MIN_VOLUME_GIB
                    + " to " + MAX_VOLUME_GIB + " GiB (the GPU-optimized AMI needs at least " + MIN_VOLUME_GIB + ").");
        }
        if (idleMinutes < 0 || idleMinutes > MAX_IDLE_MINUTES) {
            throw GpuNotebookException.invalidInput("Invalid idle limit " + idleMinutes + " minutes: use 0 (never stop) to "
                    + MAX_IDLE_MINUTES + ".");
        }
    }

    public static NotebookSpec defaults(NotebookName name, String owner) {
        return new NotebookSpec(name, owner, DEFAULT_INSTANCE_TYPE, 1, DEFAULT_IMAGE, DEFAULT_VOLUME_GIB,
                DEFAULT_IDLE_MINUTES);
    }

    public NotebookSpec withInstanceType(String type) {
        return new NotebookSpec(name, owner, type, gpus, image, volumeGib, idleMinutes);
    }

    public NotebookSpec withGpus(int count) {
        return new NotebookSpec(name, owner, instanceType, count, image, volumeGib, idleMinutes);
    }

    public NotebookSpec withImage(String uri) {
        return new NotebookSpec(name, owner, instanceType, gpus, uri, volumeGib, idleMinutes);
    }

    public NotebookSpec withVolumeGib(int gib) {
        return new NotebookSpec(name, owner, instanceType, gpus, image, gib, idleMinutes);
    }

    public NotebookSpec withIdleMinutes(int minutes) {
        return new NotebookSpec(name, owner, instanceType, gpus, image, volumeGib, minutes);
    }
}
