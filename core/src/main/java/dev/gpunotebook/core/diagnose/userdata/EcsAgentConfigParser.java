package dev.gpunotebook.core.diagnose.userdata;

import dev.gpunotebook.core.diagnose.snapshot.UserData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Works out the {@code /etc/ecs/ecs.config} that an instance's user data leaves behind, in every
 * form people write it: {@code KEY=value} lines in here-documents ({@code cat <<EOF >
 * /etc/ecs/ecs.config}, {@code cat >> ... <<'EOF'}, {@code tee -a ... <<EOF}), {@code echo KEY=value
 * >> /etc/ecs/ecs.config}, {@code echo "KEY=value" | sudo tee -a /etc/ecs/ecs.config},
 * {@code printf}, {@code sh -c '...'}, MIME multi-part archives (base64 parts too), cloud-config
 * {@code write_files} (plain, {@code b64}, gzip), {@code bootcmd}/{@code runcmd}, gzip'd user data
 * and Bottlerocket TOML. Later assignments win; comments are ignored.
 *
 * <p>Cloud-init order is followed: boothooks and {@code bootcmd}, then {@code write_files}, then
 * the scripts in document order, then {@code runcmd}.
 */
public final class EcsAgentConfigParser {
    private static final Pattern BARE_ASSIGNMENT = Pattern.compile("^\\s*(?:export\\s+)?(ECS_[A-Z0-9_]+)=(.*)$");

    private EcsAgentConfigParser() {
    }

    public static EcsAgentConfig parse(UserData userData) {
        return parse(userData.bytes());
    }

    public static EcsAgentConfig parse(String userData) {
        return parse(userData.getBytes(StandardCharsets.UTF_8));
    }

    public static EcsAgentConfig parse(byte[] userData) {
        List<String> notes = new ArrayList<>();
        List<EcsSetting> assignments = new ArrayList<>();
        ConfigFile file = new ConfigFile();
        Map<String, EcsSetting> bottlerocket = new LinkedHashMap<>();

        List<UserDataPart> parts = UserDataParts.split(userData, notes);
        List<Runnable> boot = new ArrayList<>();
        List<Runnable> init = new ArrayList<>();
        List<Runnable> scripts = new ArrayList<>();
        List<Runnable> runcmd = new ArrayList<>();
        for (UserDataPart part : parts) {
            ShellScript shell = new ShellScript(file, part.label(), assignments, notes);
            switch (part.kind()) {
                case SHELL_SCRIPT -> scripts.add(() -> shell.run(part.text()));
                case BOOTHOOK -> boot.add(() -> shell.run(part.text()));
                case CLOUD_CONFIG -> {
                    CloudConfig config = CloudConfig.parse(part.text(), part.label(), notes);
                    if (!config.bootcmd().isEmpty()) {
                        ShellScript bootcmd = new ShellScript(file, part.label() + " bootcmd", assignments, notes);
                        boot.add(() -> bootcmd.run(String.join("\n", config.bootcmd())));
                    }
                    for (CloudConfig.WriteFile write : config.writeFiles()) {
                        if (ConfigFile.PATH.equals(write.path())) {
                            init.add(() -> file.write(write.append(), write.content(), write.origin()));
                        }
                    }
                    if (!config.runcmd().isEmpty()) {
                        ShellScript commands = new ShellScript(file, part.label() + " runcmd", assignments, notes);
                        runcmd.add(() -> commands.run(String.join("\n", config.runcmd())));
                    }
                }
                case BOTTLEROCKET_TOML -> bottlerocket.putAll(BottlerocketSettings.read(part.text(), part.label()));
                case REMOTE -> notes.add(part.label() + ": includes content from elsewhere ("
                        + part.text().strip().lines().skip(1).findFirst().orElse(part.text().strip()) + ")");
                case NOT_RUN -> notRun(part, assignments, notes);
            }
        }
        boot.forEach(Runnable::run);
        init.forEach(Runnable::run);
        scripts.forEach(Runnable::run);
        runcmd.forEach(Runnable::run);

        Map<String, EcsSetting> settings = new LinkedHashMap<>(file.settings());
        settings.putAll(bottlerocket);
        List<EcsSetting> strays = assignments.stream().filter(a -> !settings.containsKey(a.key())).toList();
        return new EcsAgentConfig(settings, file.opaqueWrites(), strays, notes, !bottlerocket.isEmpty());
    }

    /**
     * Text cloud-init ignores. When it holds ECS_* lines the author meant them for ecs.config; they
     * are reported as strays, because nothing writes them there.
     */
    private static void notRun(UserDataPart part, List<EcsSetting> assignments, List<String> notes) {
        if (part.text().isBlank()) {
            return;
        }
        String[] lines = part.text().split("\n");
        boolean found = false;
        for (int n = 0; n < lines.length; n++) {
            Matcher m = BARE_ASSIGNMENT.matcher(lines[n]);
            if (m.matches()) {
                assignments.add(new EcsSetting(m.group(1), m.group(2).strip(), part.label() + " line " + (n + 1)));
                found = true;
            }
        }
        if (found) {
            notes.add(part.label() + " is neither a script (#!) nor #cloud-config: cloud-init does not run it, "
                    + "so its ECS_* lines never reach /etc/ecs/ecs.config");
        }
    }
}
