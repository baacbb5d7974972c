package dev.gpunotebook.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.idle.HttpJupyterProbe;
import dev.gpunotebook.core.idle.IdleReaper;
import dev.gpunotebook.core.idle.JupyterAddress;
import dev.gpunotebook.core.idle.Notice;
import dev.gpunotebook.core.idle.ReapReport;
import dev.gpunotebook.core.idle.ReapReport.Outcome;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookState;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import dev.gpunotebook.it.emulator.World;
import dev.gpunotebook.it.provision.SetUpStack;
import dev.gpunotebook.it.provision.SetUpStackExtension;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The idle reaper against real Jupyter Servers run locally (one per notebook, each with the token start put
 * into SSM and the notebook's base_url), with the notebooks' AWS side on the emulator. The reaper reaches
 * each Jupyter at its local address instead of the load balancer's. Time moves by injecting a clock that
 * runs ahead: no test sleeps to wait for idleness. The tests share the emulator, each in an environment of its
 * own (a world per class): the reaper looks at one environment, so a test's report holds its own notebooks only.
 */
@WithAwsEmulator(world = World.PER_CLASS)
class IdleReaperIT {

    private static final Path LOGS = Path.of(System.getProperty("gpunotebook.emulator.logDir", "target/emulator-logs"));

    @RegisterExtension
    static final SetUpStackExtension STACK = SetUpStackExtension.onTheEmulator().withCoreThroughFaultInjector();

    private SetUpStack stack;
    private final Map<String, URI> local = new HashMap<>();
    private final List<LocalJupyter> jupyters = new CopyOnWriteArrayList<>();
    private final List<Socket> closedPorts = new CopyOnWriteArrayList<>();
    private final List<Notice> notices = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void jupyterIsInstalled() {
        LocalJupyter.requireInstalled();
    }

    // Every helper below works on this test's stack; the extension closes it after stopJupyters.
    @BeforeEach
    void useStack(SetUpStack stack) {
        this.stack = stack;
    }

    @AfterEach
    void stopJupyters() throws IOException {
        jupyters.forEach(LocalJupyter::close);
        for (Socket closed : closedPorts) {
            closed.close();
        }
    }

    /** Starts the notebook on the emulator and its Jupyter locally with the notebook's own token. */
    private LocalJupyter notebookWithJupyter(String name) throws Exception {
        stack.start(name);
        LocalJupyter jupyter = LocalJupyter.start(name, stack.token(name), LOGS);
        jupyters.add(jupyter);
        local.put(name, jupyter.baseUrl());
        return jupyter;
    }

    /** A notebook whose Jupyter nobody runs: its address is a loopback port held closed until the test ends. */
    private void notebookWithoutJupyter(String name) throws Exception {
        stack.start(name);
        Socket closed = LocalJupyter.closedPort();
        closedPorts.add(closed);
        local.put(name, URI.create("http://127.0.0.1:" + closed.getLocalPort() + "/notebook/" + name + "/"));
    }

    private IdleReaper reaperAt(Duration ahead) {
        JupyterAddress address = notebook -> local.getOrDefault(notebook.name().value(),
                URI.create("http://127.0.0.1:9/notebook/" + notebook.name() + "/"));
        return stack.notebooks.idleReaper(notices::add, address, new HttpJupyterProbe(Duration.ofSeconds(3)),
                Clock.offset(Clock.systemUTC(), ahead));
    }

    private NotebookState state(String name) {
        return stack.notebooks.status(NotebookName.of(name)).orElseThrow().state();
    }

    @Nested
    class PastTheIdleLimit {

        @Test
        void reapOnce_whenIdleKernelOpenAndUnreachable_stopsOnlyTheIdleOneAndTellsItsOwner() throws Exception {
            notebookWithJupyter("idle");
            notebookWithJupyter("kernel").openKernel();
            notebookWithoutJupyter("unreachable");

            ReapReport report = reaperAt(Duration.ofMinutes(61)).reapOnce(stack.env);

            assertThat(report.with(Outcome.STOPPED)).containsExactly(NotebookName.of("idle"));
            assertThat(report.with(Outcome.IN_USE)).containsExactly(NotebookName.of("kernel"));
            assertThat(report.with(Outcome.UNREACHABLE)).containsExactly(NotebookName.of("unreachable"));
            assertThat(stack.instance("idle").state().nameAsString()).isEqualTo("stopped");
            assertThat(stack.service("idle").desiredCount()).isZero();
            assertThat(stack.instance("kernel").state().nameAsString()).isEqualTo("running");
            assertThat(stack.instance("unreachable").state().nameAsString()).isEqualTo("running");
            assertThat(stack.service("unreachable").desiredCount()).isEqualTo(1);
            assertThat(state("idle")).isEqualTo(NotebookState.STOPPED);
            assertThat(stack.notebooks.status(NotebookName.of("idle")).orElseThrow().stateReason())
                    .contains("idle for 6").contains("limit 60");
            assertThat(notices).singleElement().satisfies(notice -> {
                assertThat(notice.kind()).isEqualTo(Notice.Kind.STOPPED_IDLE);
                assertThat(notice.ownerId()).isEqualTo(SetUpStack.OWNER);
                assertThat(notice.notebook()).isEqualTo(NotebookName.of("idle"));
                assertThat(notice.action()).isEqualTo(new Notice.Action("Start again", "start idle"));
                assertThat(notice.message()).doesNotContain(stack.token("idle"));
            });
            assertThat(report.toString()).doesNotContain(stack.token("idle")).doesNotContain(stack.token("kernel"))
                    .doesNotContain(stack.token("unreachable"));
        }

        @Test
        void reapOnce_whenTheStoppedNotebookIsStartedAgain_resumesWithTheSameToken() throws Exception {
            notebookWithJupyter("again");
            String token = stack.token("again");
            reaperAt(Duration.ofMinutes(61)).reapOnce(stack.env);

            var resumed = stack.start("again");

            assertThat(resumed.resumed()).isTrue();
            assertThat(stack.token("again")).isEqualTo(token);
        }

        @Test
        void reapOnce_whenTheLimitIsZero_neverStopsIt() throws Exception {
            stack.notebooks.start(SetUpStack.spec("forever").withIdleMinutes(0), ProgressListener.NONE);
            LocalJupyter jupyter = LocalJupyter.start("forever", stack.token("forever"), LOGS);
            jupyters.add(jupyter);
            local.put("forever", jupyter.baseUrl());

            ReapReport report = reaperAt(Duration.ofDays(3)).reapOnce(stack.env);

            assertThat(report.with(Outcome.NEVER_STOPS)).containsExactly(NotebookName.of("forever"));
            assertThat(stack.instance("forever").state().nameAsString()).isEqualTo("running");
        }
    }

    @Nested
    class CloseToTheIdleLimit {

        @Test
        void reapOnce_whenFiveMinutesAreLeft_warnsTheOwnerOnceAndKeepsItRunning() throws Exception {
            notebookWithJupyter("soon");
            IdleReaper reaper = reaperAt(Duration.ofMinutes(57));

            ReapReport first = reaper.reapOnce(stack.env);
            ReapReport second = reaper.reapOnce(stack.env);

            assertThat(first.with(Outcome.WARNED)).containsExactly(NotebookName.of("soon"));
            assertThat(second.with(Outcome.WARNED)).isEmpty();
            assertThat(notices).singleElement().satisfies(notice -> {
                assertThat(notice.kind()).isEqualTo(Notice.Kind.IDLE_WARNING);
                assertThat(notice.message()).contains("will stop at");
            });
            assertThat(stack.instance("soon").state().nameAsString()).isEqualTo("running");
        }

        @Test
        void reapOnce_whenLongBeforeTheLimit_leavesItAlone() throws Exception {
            notebookWithJupyter("fresh");

            ReapReport report = reaperAt(Duration.ofMinutes(10)).reapOnce(stack.env);

            assertThat(report.with(Outcome.IDLE)).containsExactly(NotebookName.of("fresh"));
            assertThat(notices).isEmpty();
        }
    }
}
