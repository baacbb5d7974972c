package dev.gpunotebook.it.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs docker/bot/healthcheck.sh against a fake /proc (PROC_ROOT). */
class BotHealthcheckTest {

    private static final String TCP_HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    /** 10.0.1.23:41234 -> 34.237.1.1:443 ESTABLISHED (01). */
    private static final String TCP_TO_443_ESTABLISHED =
            "   0: 17010A0A:A112 0101ED22:01BB 01 00000000:00000000 02:000A1234 00000000 10001        0 123456 2\n";
    /** the same connection in TIME_WAIT (06). */
    private static final String TCP_TO_443_TIME_WAIT =
            "   0: 17010A0A:A112 0101ED22:01BB 06 00000000:00000000 03:00001234 00000000     0        0 0 3\n";
    private static final String TCP6_TO_443_ESTABLISHED = "   1: 0000000000000000FFFF00001701000A:A113 "
            + "0000000000000000FFFF00000101ED22:01BB 01 00000000:00000000 02:000A1234 00000000 10001 0 123457 2\n";
    private static final String JAVA_JAR = "java\0-jar\0/app/gpu-notebook.jar\0slack\0";

    @TempDir
    Path tmp;

    @Test
    void healthcheck_whenJarIsPid1AndSocketModeConnected_exitsZero() throws Exception {
        Processes.Result run = healthcheck(JAVA_JAR, TCP_HEADER + TCP_TO_443_ESTABLISHED, TCP_HEADER, Map.of());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
    }

    @Test
    void healthcheck_whenOnlyAnIpv6ConnectionTo443_exitsZero() throws Exception {
        Processes.Result run = healthcheck(JAVA_JAR, TCP_HEADER, TCP_HEADER + TCP6_TO_443_ESTABLISHED, Map.of());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
    }

    @Test
    void healthcheck_whenTheJarRunsUnderAnInitProcess_exitsZero() throws Exception {
        Files.createDirectories(tmp.resolve("proc/7"));
        Files.writeString(tmp.resolve("proc/7/cmdline"), JAVA_JAR, StandardCharsets.UTF_8);

        Processes.Result run = healthcheck("/sbin/docker-init\0--\0java\0", TCP_HEADER + TCP_TO_443_ESTABLISHED,
                TCP_HEADER, Map.of());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
    }

    @Test
    void healthcheck_whenNoProcessRunsTheJar_exitsNonZero() throws Exception {
        Files.createDirectories(tmp.resolve("proc/7"));
        Files.writeString(tmp.resolve("proc/7/cmdline"), "java\0-version\0", StandardCharsets.UTF_8);

        Processes.Result run = healthcheck("/bin/sh\0-c\0cat gpu-notebook.jar\0", TCP_HEADER + TCP_TO_443_ESTABLISHED,
                TCP_HEADER, Map.of());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("no process runs java -jar gpu-notebook.jar");
    }

    @Test
    void healthcheck_whenNoEstablishedConnectionTo443_exitsNonZero() throws Exception {
        Processes.Result run = healthcheck(JAVA_JAR, TCP_HEADER + TCP_TO_443_TIME_WAIT, TCP_HEADER, Map.of());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("Socket Mode WebSocket down");
    }

    @Test
    void healthcheck_whenHeartbeatStale_exitsNonZero() throws Exception {
        Path heartbeat = Files.writeString(tmp.resolve("heartbeat"), "");
        Files.setLastModifiedTime(heartbeat, FileTime.from(Instant.now().minusSeconds(600)));

        Processes.Result run = healthcheck(JAVA_JAR, TCP_HEADER + TCP_TO_443_ESTABLISHED, TCP_HEADER,
                Map.of("GPU_NOTEBOOK_HEARTBEAT_FILE", heartbeat.toString()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("heartbeat older than 180s");
    }

    @Test
    void healthcheck_whenHeartbeatFresh_exitsZero() throws Exception {
        Path heartbeat = Files.writeString(tmp.resolve("heartbeat"), "");

        Processes.Result run = healthcheck(JAVA_JAR, TCP_HEADER + TCP_TO_443_ESTABLISHED, TCP_HEADER,
                Map.of("GPU_NOTEBOOK_HEARTBEAT_FILE", heartbeat.toString()));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
    }

    private Processes.Result healthcheck(String pid1Cmdline, String tcp, String tcp6, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        Path proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("1"));
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("1/cmdline"), pid1Cmdline, StandardCharsets.UTF_8);
        Files.writeString(proc.resolve("net/tcp"), tcp, StandardCharsets.UTF_8);
        Files.writeString(proc.resolve("net/tcp6"), tcp6, StandardCharsets.UTF_8);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("PROC_ROOT", proc.toString());
        env.putAll(extraEnv);
        Path script = RepoRoot.find().resolve("docker/bot/healthcheck.sh");
        return Processes.run(List.of("/bin/sh", script.toString()), env, tmp, Duration.ofSeconds(30));
    }
}
