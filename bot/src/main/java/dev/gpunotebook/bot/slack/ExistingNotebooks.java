package dev.gpunotebook.bot.slack;

import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.handler.Connector;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.model.NotebookState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The notebooks that exist, as {@link Authorization} weighs them: whose each one is and how many GPUs
 * it holds. The bot reads them from AWS ({@link #through}); tests hand a fixed list, so that who may do
 * what is checked without an AWS account.
 */
interface ExistingNotebooks {

    /** Every notebook of the environment that {@code options} reach; a stopped one holds no GPUs. */
    List<NotebookUse> uses(GlobalOptions options);

    /** The GPUs an instance of {@code instanceType} has, 0 when the type is unknown. */
    int gpusOf(GlobalOptions options, String instanceType);

    /** Reads list and DescribeInstanceTypes through {@code connector}; a type's GPUs are read once. */
    static ExistingNotebooks through(Connector connector) {
        Map<String, Integer> gpusByType = new ConcurrentHashMap<>();
        return new ExistingNotebooks() {
            @Override
            public List<NotebookUse> uses(GlobalOptions options) {
                GpuNotebooks notebooks = connector.connect(options);
                return notebooks.list().stream().map(s -> new NotebookUse(s.name(), s.owner(),
                        s.state() == NotebookState.STOPPED ? 0 : gpusOf(notebooks, s.instanceType()))).toList();
            }

            @Override
            public int gpusOf(GlobalOptions options, String instanceType) {
                return gpusOf(connector.connect(options), instanceType);
            }

            private int gpusOf(GpuNotebooks notebooks, String instanceType) {
                if (instanceType.isEmpty()) {
                    return 0;
                }
                return gpusByType.computeIfAbsent(instanceType, notebooks::instanceGpus);
            }
        };
    }
}
