package dev.gpunotebook.it.docker;

import dev.gpunotebook.core.diagnose.snapshot.GpuProbeFacts;
import dev.gpunotebook.core.diagnose.snapshot.GpuProbeLine;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real {@code docker/notebook/gpu-probe} with python3 against stand-in {@code nvidia-smi}
 * scripts that replay what a real H200 machine printed (test resources {@code gpu/h200/}), and
 * against stand-in {@code torch} modules.
 */
class GpuProbeTest {

    private static final String QUERY_COMMAND =
            "nvidia-smi --query-gpu=index,uuid,name,memory.total,memory.used,driver_version --format=csv,noheader,nounits";
    private static final String H200_UUID = "GPU-9ce1ef66-8d1b-ee6c-d33e-b9d14cd2ca95";
    private static final String DRIVER = "580.159.04";
    /** What nvidia-smi prints when the kernel driver is not loaded (exit 9); not in the H200 captures. */
    private static final String DRIVER_UNREACHABLE = "NVIDIA-SMI has failed because it couldn't communicate with "
            + "the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n\n";

    @TempDir
    Path tmp;

    @Test
    void probe_whenH200CapturesReplayedWithoutTorch_reportsUsableWithRealIds() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ProbeRun run = host().replayH200().torchNotInstalled().probe();

        assertThat(run.exitCode).as(run.describe()).isZero();
        JsonObject json = run.json;
        assertThat(json.get("status").getAsString()).isEqualTo("usable");
        assertThat(json.get("reason").getAsString()).contains("1 GPU").contains("PyTorch is not installed");
        assertThat(json.getAsJsonArray("gpus")).hasSize(1);
        JsonObject gpu = json.getAsJsonArray("gpus").get(0).getAsJsonObject();
        assertThat(gpu.get("index").getAsInt()).isZero();
        assertThat(gpu.get("name").getAsString()).isEqualTo("NVIDIA H200");
        assertThat(gpu.get("uuid").getAsString()).isEqualTo(H200_UUID);
        assertThat(gpu.get("memoryMiB").getAsLong()).isEqualTo(143771L);
        assertThat(gpu.get("memoryUsedMiB").getAsLong()).isZero();
        assertThat(json.get("driverVersion").getAsString()).isEqualTo(DRIVER);
        assertThat(json.get("cudaVersion").getAsString()).isEqualTo("13.0");
        assertThat(json.getAsJsonObject("torch").get("available").getAsBoolean()).isFalse();
        assertThat(json.getAsJsonObject("torch").get("deviceCount").isJsonNull()).isTrue();
        assertThat(Instant.parse(json.get("checkedAt").getAsString())).isBetween(before, Instant.now());
        assertThat(run.calls).as("the probe runs the captured query first, then the plain table")
                .containsExactly(QUERY_COMMAND.substring("nvidia-smi ".length()), "");
    }

    @Test
    void probe_whenAnyRun_printsOneJsonLineWithTheDocumentedShape() throws Exception {
        ProbeRun run = host().replayH200().torchNotInstalled().probe();

        assertThat(run.stdout.lines()).as(run.describe()).hasSize(1);
        assertThat(run.stdout).startsWith("GPU_PROBE {").endsWith("}\n");
        assertThat(run.json.keySet())
                .containsExactly("status", "reason", "gpus", "driverVersion", "cudaVersion", "torch", "env", "checkedAt");
        assertThat(run.json.getAsJsonArray("gpus").get(0).getAsJsonObject().keySet())
                .containsExactly("index", "name", "uuid", "memoryMiB", "memoryUsedMiB");
        assertThat(run.json.getAsJsonObject("torch").keySet())
                .containsExactly("available", "version", "cudaVersion", "cudaAvailable", "deviceCount", "error");
        assertThat(run.json.getAsJsonObject("env").keySet())
                .containsExactly("NVIDIA_VISIBLE_DEVICES", "CUDA_VISIBLE_DEVICES");
    }

    @Test
    void probe_whenItsLineReachesDiagnose_isReadByCoresParser() throws Exception {
        // The contract between docker/notebook/gpu-probe and core's gpu.visible check.
        ProbeRun usable = host().replayH200().torchFromCapture(0).probe();
        ProbeRun hidden = host().replayH200().torchFromCapture(1).env("CUDA_VISIBLE_DEVICES", "").probe();

        GpuProbeFacts seen = GpuProbeLine.parse("2026-11-28T10:00:00Z " + usable.stdout.strip(), Instant.EPOCH)
                .orElseThrow();
        GpuProbeFacts blind = GpuProbeLine.parse(hidden.stdout.strip(), Instant.EPOCH).orElseThrow();

        assertThat(seen.status()).isEqualTo(GpuProbeLine.USABLE);
        assertThat(seen.visibleGpuUuids()).containsExactly(H200_UUID);
        assertThat(seen.cudaAvailable()).isTrue();
        assertThat(seen.cudaDeviceCount()).isEqualTo(1);
        assertThat(blind.status()).isEqualTo("no-device");
        assertThat(blind.visibleGpuUuids()).containsExactly(H200_UUID);
        assertThat(blind.cudaDeviceCount()).isZero();
        assertThat(blind.error()).contains("CUDA_VISIBLE_DEVICES");
    }

    @Test
    void probe_whenPlainTableFails_readsCudaVersionFromXml() throws Exception {
        ProbeRun run = host()
                .replay(CapturedCommand.find("query-csv-noheader.txt", QUERY_COMMAND))
                .answer("-q -x", CapturedCommand.resource("nvidia-smi-q.xml"), 0)
                .torchNotInstalled()
                .probe();

        assertThat(run.json.get("status").getAsString()).as(run.describe()).isEqualTo("usable");
        assertThat(run.json.get("cudaVersion").getAsString()).isEqualTo("13.0");
        assertThat(run.json.get("driverVersion").getAsString()).isEqualTo(DRIVER);
        assertThat(run.calls).contains("-q -x");
    }

    @Test
    void probe_whenTorchSeesTheGpu_reportsTorchDetailsAndUsable() throws Exception {
        ProbeRun run = host().replayH200().torchFromCapture(0).probe();

        assertThat(run.exitCode).as(run.describe()).isZero();
        assertThat(run.json.get("status").getAsString()).isEqualTo("usable");
        JsonObject torch = run.json.getAsJsonObject("torch");
        assertThat(torch.get("available").getAsBoolean()).isTrue();
        assertThat(torch.get("version").getAsString()).isEqualTo("2.11.0+cu130");
        assertThat(torch.get("cudaVersion").getAsString()).isEqualTo("13.0");
        assertThat(torch.get("cudaAvailable").getAsBoolean()).isTrue();
        assertThat(torch.get("deviceCount").getAsInt()).isEqualTo(1);
        assertThat(torch.get("error").isJsonNull()).isTrue();
    }

    @Test
    void probe_whenCudaVisibleDevicesEmptyAndTorchSeesNothing_reportsNoDeviceButKeepsTheListedGpu() throws Exception {
        ProbeRun run = host().replayH200().torchFromCapture(1).env("CUDA_VISIBLE_DEVICES", "").probe();

        assertThat(run.exitCode).as(run.describe()).isNotZero();
        assertThat(run.json.get("status").getAsString()).isEqualTo("no-device");
        assertThat(run.json.get("reason").getAsString())
                .contains("PyTorch sees 0 CUDA device(s)").contains("CUDA_VISIBLE_DEVICES");
        assertThat(run.json.getAsJsonArray("gpus").get(0).getAsJsonObject().get("uuid").getAsString())
                .isEqualTo(H200_UUID);
        assertThat(run.json.getAsJsonObject("torch").get("deviceCount").getAsInt()).isZero();
        assertThat(run.json.getAsJsonObject("env").get("CUDA_VISIBLE_DEVICES").getAsString()).isEmpty();
    }

    @Test
    void probe_whenNvidiaSmiMissing_reportsNoDriverWithTheKernelDriverVersion() throws Exception {
        ProbeRun run = host().withoutNvidiaSmi().torchNotInstalled().procDriverVersionFromCapture().probe();

        assertThat(run.exitCode).as(run.describe()).isNotZero();
        assertThat(run.json.get("status").getAsString()).isEqualTo("no-driver");
        assertThat(run.json.get("reason").getAsString()).contains("nvidia-smi not found");
        assertThat(run.json.getAsJsonArray("gpus")).isEmpty();
        assertThat(run.json.get("driverVersion").getAsString()).isEqualTo(DRIVER);
        assertThat(run.json.get("cudaVersion").isJsonNull()).isTrue();
    }

    @Test
    void probe_whenDriverUnreachable_reportsNoDriver() throws Exception {
        ProbeRun run = host().answerAll(DRIVER_UNREACHABLE, 9).torchNotInstalled().probe();

        assertThat(run.exitCode).as(run.describe()).isNotZero();
        assertThat(run.json.get("status").getAsString()).isEqualTo("no-driver");
        assertThat(run.json.get("reason").getAsString()).contains("couldn't communicate with the NVIDIA driver");
        assertThat(run.json.getAsJsonArray("gpus")).isEmpty();
        assertThat(run.json.get("driverVersion").isJsonNull()).isTrue();
    }

    @Test
    void probe_whenDriverListsNoGpu_reportsNoDevice() throws Exception {
        ProbeRun run = host()
                .answer(QUERY_COMMAND.substring("nvidia-smi ".length()), "", 0)
                .torchNotInstalled()
                .probe();

        assertThat(run.exitCode).as(run.describe()).isNotZero();
        assertThat(run.json.get("status").getAsString()).isEqualTo("no-device");
        assertThat(run.json.get("reason").getAsString()).contains("lists no GPU");
        assertThat(run.json.getAsJsonArray("gpus")).isEmpty();
    }

    @Test
    void probe_whenNoDevicesWereFound_reportsNoDevice() throws Exception {
        ProbeRun run = host().answerAll("No devices were found\n", 6).torchNotInstalled()
                .procDriverVersionFromCapture().probe();

        assertThat(run.exitCode).as(run.describe()).isNotZero();
        assertThat(run.json.get("status").getAsString()).isEqualTo("no-device");
        assertThat(run.json.get("reason").getAsString()).contains("No devices were found");
        assertThat(run.json.get("driverVersion").getAsString()).isEqualTo(DRIVER);
    }

    @Test
    void probe_whenNvidiaSmiMissingButTorchSeesTheGpu_reportsUsable() throws Exception {
        ProbeRun run = host().withoutNvidiaSmi().torchFromCapture(0).probe();

        assertThat(run.exitCode).as(run.describe()).isZero();
        assertThat(run.json.get("status").getAsString()).isEqualTo("usable");
        assertThat(run.json.get("reason").getAsString()).contains("PyTorch sees 1 CUDA device(s)")
                .contains("nvidia-smi not found");
    }

    @Test
    void probe_whenTorchImportBreaks_keepsTheNvidiaSmiVerdictAndReportsTheError() throws Exception {
        ProbeRun run = host().replayH200().torchModule("raise RuntimeError('libcudart.so.13: cannot open shared object file')\n")
                .probe();

        assertThat(run.json.get("status").getAsString()).as(run.describe()).isEqualTo("usable");
        assertThat(run.json.getAsJsonObject("torch").get("available").getAsBoolean()).isFalse();
        assertThat(run.json.getAsJsonObject("torch").get("error").getAsString()).contains("libcudart.so.13");
        assertThat(run.json.get("reason").getAsString()).contains("import torch failed");
    }

    @Test
    void probe_whenNvidiaSmiHangs_reportsNoDriverAfterTheTimeout() throws Exception {
        ProbeRun run = host().hangingNvidiaSmi().torchNotInstalled().env("GPU_PROBE_TIMEOUT_SECONDS", "1").probe();

        assertThat(run.exitCode).as(run.describe()).isNotZero();
        assertThat(run.json.get("status").getAsString()).isEqualTo("no-driver");
        assertThat(run.json.get("reason").getAsString()).contains("did not answer within 1s");
    }

    @Test
    void probe_whenTorchPrintsOnImport_keepsStdoutToTheOneLine() throws Exception {
        ProbeRun run = host().replayH200()
                .torchModule("print('torch says hello')\n" + torchStandIn("2.11.0+cu130", "13.0", true, 1))
                .probe();

        assertThat(run.stdout.lines()).as(run.describe()).hasSize(1).allMatch(l -> l.startsWith("GPU_PROBE "));
        assertThat(run.stderr).contains("torch says hello");
    }

    // ---- a fake GPU host: stand-in nvidia-smi on PATH, stand-in torch on PYTHONPATH

    private FakeHost host() throws IOException {
        return new FakeHost(tmp);
    }

    private static String torchStandIn(String version, String cuda, boolean available, int count) {
        Gson gson = new Gson();
        return "# stand-in for PyTorch (tests only)\n"
                + "import types\n"
                + "__version__ = " + gson.toJson(version) + "\n"
                + "version = types.SimpleNamespace(cuda=" + gson.toJson(cuda) + ")\n"
                + "cuda = types.SimpleNamespace(is_available=lambda: " + (available ? "True" : "False")
                + ", device_count=lambda: " + count + ")\n";
    }

    private static final class FakeHost {
        private final Path root;
        private final Path bin;
        private final Path pylib;
        private final Path callLog;
        private final Map<String, String[]> answers = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String fallback;
        private boolean nvidiaSmi = true;
        private int outputs;

        FakeHost(Path root) throws IOException {
            this.root = root;
            this.bin = Files.createDirectories(root.resolve("bin"));
            this.pylib = Files.createDirectories(root.resolve("pylib"));
            this.callLog = root.resolve("nvidia-smi-calls.log");
            env.put("GPU_PROBE_DRIVER_VERSION_FILE", root.resolve("no-such-proc-file").toString());
        }

        FakeHost replayH200() {
            replay(CapturedCommand.find("query-csv-noheader.txt", QUERY_COMMAND));
            replay(CapturedCommand.find("nvidia-smi.txt", "nvidia-smi"));
            return answer("-q -x", CapturedCommand.resource("nvidia-smi-q.xml"), 0);
        }

        FakeHost replay(CapturedCommand captured) {
            assertThat(captured.nvidiaSmiArgs()).as(captured.commandLine()).isNotNull();
            return answer(captured.nvidiaSmiArgs(), captured.output(), captured.exitCode());
        }

        FakeHost answer(String args, String output, int exitCode) {
            answers.put(args, new String[] {output, Integer.toString(exitCode)});
            return this;
        }

        /** Every call prints {@code output} and exits with {@code exitCode}. */
        FakeHost answerAll(String output, int exitCode) throws IOException {
            Path file = writeOutput(output);
            fallback = "/bin/cat '" + file + "'; exit " + exitCode;
            return this;
        }

        FakeHost hangingNvidiaSmi() {
            fallback = "exec /bin/sleep 60";
            return this;
        }

        FakeHost withoutNvidiaSmi() {
            nvidiaSmi = false;
            return this;
        }

        FakeHost torchNotInstalled() throws IOException {
            return torchModule("raise ImportError(\"No module named 'torch' (test stand-in)\")\n");
        }

        /** A torch stand-in with the values of the n-th JSON line of torch-probe.txt. */
        FakeHost torchFromCapture(int n) throws IOException {
            JsonObject probe = JsonParser.parseString(
                    CapturedCommand.load("torch-probe.txt").get(n).output().strip()).getAsJsonObject();
            return torchModule(torchStandIn(probe.get("torch").getAsString(), probe.get("cuda").getAsString(),
                    probe.get("available").getAsBoolean(), probe.get("count").getAsInt()));
        }

        FakeHost torchModule(String source) throws IOException {
            Path dir = Files.createDirectories(pylib.resolve("torch"));
            Files.writeString(dir.resolve("__init__.py"), source, StandardCharsets.UTF_8);
            return this;
        }

        /** /proc/driver/nvidia/version as captured in env-and-driver.txt. */
        FakeHost procDriverVersionFromCapture() throws IOException {
            CapturedCommand proc = CapturedCommand.find("env-and-driver.txt", "cat /proc/driver/nvidia/version");
            Path file = root.resolve("proc-driver-nvidia-version");
            Files.writeString(file, proc.output(), StandardCharsets.UTF_8);
            return env("GPU_PROBE_DRIVER_VERSION_FILE", file.toString());
        }

        FakeHost env(String name, String value) {
            env.put(name, value);
            return this;
        }

        ProbeRun probe() throws IOException, InterruptedException {
            if (nvidiaSmi) {
                writeNvidiaSmi();
            }
            Map<String, String> processEnv = new LinkedHashMap<>();
            processEnv.put("PATH", bin.toString()); // nothing else: a real nvidia-smi must not leak in
            processEnv.put("PYTHONPATH", pylib.toString());
            processEnv.put("PYTHONNOUSERSITE", "1");
            processEnv.put("PYTHONDONTWRITEBYTECODE", "1");
            processEnv.put("LANG", "C.UTF-8");
            processEnv.put("HOME", root.toString());
            processEnv.putAll(env);
            Path probe = RepoRoot.find().resolve("docker/notebook/gpu-probe");
            Processes.Result result = Processes.run(List.of(Processes.python3(), probe.toString()),
                    processEnv, root, Duration.ofSeconds(60));
            List<String> calls = Files.exists(callLog) ? Files.readAllLines(callLog) : List.of();
            return new ProbeRun(result, calls);
        }

        private void writeNvidiaSmi() throws IOException {
            StringBuilder script = new StringBuilder("#!/bin/sh\n"
                    + "# stand-in for nvidia-smi: replays output captured on a real machine\n"
                    + "printf '%s\\n' \"$*\" >> '" + callLog + "'\n");
            if (fallback != null) {
                script.append(fallback).append('\n');
            } else {
                script.append("case \"$*\" in\n");
                for (Map.Entry<String, String[]> answer : answers.entrySet()) {
                    Path file = writeOutput(answer.getValue()[0]);
                    script.append("  '").append(answer.getKey()).append("') /bin/cat '").append(file)
                            .append("'; exit ").append(answer.getValue()[1]).append(" ;;\n");
                }
                script.append("  *) echo \"ERROR: Option $* is not valid for this command. "
                        + "Please run 'nvidia-smi -h' for help.\"; exit 2 ;;\n");
                script.append("esac\n");
            }
            Path exe = bin.resolve("nvidia-smi");
            Files.writeString(exe, script.toString(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        private Path writeOutput(String output) throws IOException {
            Path file = root.resolve("nvidia-smi-output-" + (outputs++) + ".txt");
            Files.writeString(file, output, StandardCharsets.UTF_8);
            return file;
        }
    }

    private static final class ProbeRun {
        final int exitCode;
        final String stdout;
        final String stderr;
        final List<String> calls;
        final JsonObject json;

        ProbeRun(Processes.Result result, List<String> calls) {
            this.exitCode = result.exitCode();
            this.stdout = result.stdout();
            this.stderr = result.stderr();
            this.calls = new ArrayList<>(calls);
            List<String> lines = result.stdout().lines().filter(l -> l.startsWith("GPU_PROBE ")).toList();
            assertThat(lines).as("one GPU_PROBE line; " + describe()).hasSize(1);
            JsonElement parsed = JsonParser.parseString(lines.get(0).substring("GPU_PROBE ".length()));
            assertThat(parsed.isJsonObject()).as(describe()).isTrue();
            this.json = parsed.getAsJsonObject();
        }

        String describe() {
            return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr + "\nnvidia-smi calls: " + calls;
        }
    }
}
