package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.model.NotebookName;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code start [NAME] [--instance-type T] [--gpus N] [--image URI] [--volume-gib N]
 * [--idle-minutes N] [--owner ID] [--new-token]}: starts a GPU notebook.
 * Every nullable component means "not given": the caller derives the name and applies its defaults.
 *
 * @param name the notebook, or null for a name the caller derives
 * @param instanceType an EC2 instance type such as {@code g4dn.xlarge}, or null
 * @param gpus GPUs for the task, {@value #MIN_GPUS} to {@value #MAX_GPUS}, or null
 * @param image the JupyterLab image reference, or null
 * @param volumeGib root volume size in GiB, {@value #MIN_VOLUME_GIB} to {@value #MAX_VOLUME_GIB}, or null
 * @param idleMinutes minutes of inactivity before the notebook stops, 0 (never) to
 *     {@value #MAX_IDLE_MINUTES}, or null
 * @param owner the owner tag (a Slack user id such as {@code U012AB3CD}), or null
 * @param newToken true with {@code --new-token}: replace the Jupyter token
 */
public record StartCommand(NotebookName name, String instanceType, Integer gpus, String image,
                           Integer volumeGib, Integer idleMinutes, String owner, boolean newToken)
        implements Command {

    public static final int MIN_GPUS = 1;
    public static final int MAX_GPUS = 8;
    /** The ECS GPU-optimized AMI's root volume needs at least 30 GiB. */
    public static final int MIN_VOLUME_GIB = 30;
    public static final int MAX_VOLUME_GIB = 16384;
    /** 0 means never stop when idle. */
    public static final int MIN_IDLE_MINUTES = 0;
    /** One week. */
    public static final int MAX_IDLE_MINUTES = 10080;

    static final String GPUS_NOTE = "";
    static final String VOLUME_NOTE = "the ECS GPU AMI root volume needs at least 30 GiB";
    static final String IDLE_NOTE = "0 = never stop, 10080 = one week";

    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_.:/=+@-]{1,128}");

    public StartCommand {
        Checks.optionalMatch("--instance-type", instanceType, INSTANCE_TYPE,
                "an instance type such as g4dn.xlarge");
        Checks.optionalRange("--gpus", gpus, MIN_GPUS, MAX_GPUS, GPUS_NOTE);
        Checks.optionalMatch("--image", image, ImageReference.PATTERN, ImageReference.EXPECTED);
        Checks.optionalRange("--volume-gib", volumeGib, MIN_VOLUME_GIB, MAX_VOLUME_GIB, VOLUME_NOTE);
        Checks.optionalRange("--idle-minutes", idleMinutes, MIN_IDLE_MINUTES, MAX_IDLE_MINUTES, IDLE_NOTE);
        Checks.optionalMatch("--owner", owner, OWNER,
                "up to 128 letters, digits or _ . : / = + - @, such as a Slack user id U012AB3CD");
    }

    /** @return a start with nothing given: derived name, all defaults */
    public static StartCommand withDefaults() {
        return new StartCommand(null, null, null, null, null, null, null, false);
    }

    /** @return the name, empty when the caller must derive one */
    public Optional<NotebookName> optionalName() {
        return Optional.ofNullable(name);
    }

    @Override
    public Verb verb() {
        return Verb.START;
    }
}
