package dev.gpunotebook.it.provision;

import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.EnvironmentName;
import dev.gpunotebook.core.pricing.PriceTable;
import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.it.emulator.AwsEmulator;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/** Test helpers: core connected to an endpoint, and a recorder of progress events. */
public final class Notebooks {

    /** AWS operations that change something. */
    public static final Pattern MUTATING = Pattern.compile(
            ".*:(Create|Run|Register|Put|Attach|Authorize|Associate|Modify|Delete|Deregister|Update|Terminate|Tag|Add|Start|Stop).*");

    private Notebooks() {
    }

    /** Core on {@code endpoint}, with the built-in prices so that no price table in the environment changes costs. */
    static GpuNotebooks connect(URI endpoint) {
        return connect(endpoint, EnvironmentName.DEFAULT);
    }

    /** As {@link #connect(URI)}, in the environment {@code env} (what {@code GPU_NOTEBOOK_ENV} names). */
    static GpuNotebooks connect(URI endpoint, EnvironmentName env) {
        return GpuNotebooks.connect(AwsSettings.emulator(endpoint, AwsEmulator.REGION), EnvironmentConfig.defaults(env),
                PriceTable.builtIn(), Clock.systemUTC());
    }

    public static List<String> mutatingCalls(GpuNotebooks notebooks) {
        return notebooks.apiCalls().calls().stream().filter(c -> MUTATING.matcher(c).matches()).toList();
    }

    /** Records progress events for assertions. */
    public static final class Recorder implements ProgressListener {
        public final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(ProgressEvent event) {
            events.add(event);
        }

        public List<String> steps(ProgressEvent.Phase phase) {
            return events.stream().filter(e -> e.phase() == phase).map(ProgressEvent::step).toList();
        }

        String all() {
            return String.join("\n", events.stream().map(Object::toString).toList());
        }
    }
}
