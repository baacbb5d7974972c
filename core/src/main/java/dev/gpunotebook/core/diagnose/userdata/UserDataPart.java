package dev.gpunotebook.core.diagnose.userdata;

/** One document inside the user data, classified the way cloud-init would handle it. */
record UserDataPart(Kind kind, String text, String label) {

    enum Kind {
        /** {@code #!} script: cloud-init runs it once, at first boot, in the final stage. */
        SHELL_SCRIPT,
        /** {@code #cloud-boothook}: runs early, at every boot. */
        BOOTHOOK,
        /** {@code #cloud-config} YAML. */
        CLOUD_CONFIG,
        /** Bottlerocket's TOML settings ({@code [settings.ecs]}). */
        BOTTLEROCKET_TOML,
        /** {@code #include} URLs and other parts whose content lives elsewhere. */
        REMOTE,
        /** Text cloud-init does not act on (no {@code #!}, no known header). */
        NOT_RUN
    }
}
