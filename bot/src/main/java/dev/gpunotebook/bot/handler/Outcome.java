package dev.gpunotebook.bot.handler;

import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.lifecycle.NotebookDeleter.DeleteResult;
import dev.gpunotebook.core.lifecycle.NotebookStopper.StopResult;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import java.util.List;

/** What a command produced, before a front-end renders it as text, JSON or Slack blocks. */
public sealed interface Outcome {

    /** 0 on success; 1 when the operation failed; 2 for usage, input or credentials errors. */
    default int exitCode() {
        return 0;
    }

    record SetupDone(Environment environment) implements Outcome {
    }

    record Started(StartResult result) implements Outcome {
    }

    record Deleted(DeleteResult result) implements Outcome {
    }

    record Stopped(StopResult result) implements Outcome {
    }

    record Listed(List<NotebookSummary> notebooks) implements Outcome {
        public Listed {
            notebooks = List.copyOf(notebooks);
        }
    }

    record Status(NotebookSummary notebook) implements Outcome {
    }

    /**
     * The result of {@code diagnose}: one diagnosis per target ({@code wholeEnvironment} when it
     * covers every notebook of the environment, then there may be none or many). Exit code 1 when
     * any check FAILed, else 0.
     */
    record Diagnosed(List<Diagnosis> diagnoses, boolean wholeEnvironment) implements Outcome {
        public Diagnosed {
            diagnoses = List.copyOf(diagnoses);
        }

        @Override
        public int exitCode() {
            return diagnoses.stream().mapToInt(Diagnosis::exitCode).max().orElse(0);
        }
    }

    /** Help or usage text; {@code exitCode} 2 when it answers a usage error. */
    record Help(String text, int exitCode) implements Outcome {
    }

    /** {@code version}: what is running. */
    record Version(String version) implements Outcome {
    }

    /** {@code completion bash|zsh}: a script for the shell, printed as it is. */
    record Script(String shell, String text) implements Outcome {
    }

    /** A command that needs a confirmation first (delete from a chat). */
    record NeedsConfirmation(String question, String confirmCommand) implements Outcome {
    }

    /** A command this version cannot do yet, said plainly. */
    record NotAvailable(String command, String reason) implements Outcome {
        @Override
        public int exitCode() {
            return 1;
        }
    }

    record Failed(String message, int exitCode) implements Outcome {
    }
}
