package dev.gpunotebook.core.idle;

import java.net.URI;

/** Reads a Jupyter Server's activity; the idle reaper's view of a notebook. */
@FunctionalInterface
public interface JupyterProbe {

    /**
     * Reads {@code {baseUrl}api/status} with the notebook's token.
     *
     * @param baseUrl Jupyter's base URL, ending in {@code /} (for example {@code http://alb/notebook/alice/})
     * @param token sent only in the {@code Authorization} header; never logged or put into a reason
     */
    Reading read(URI baseUrl, String token);

    /** A status, or why none could be read. */
    sealed interface Reading {

        record Read(JupyterStatus status) implements Reading {
            public Read {
                if (status == null) {
                    throw new IllegalArgumentException("status is required");
                }
            }
        }

        /** Jupyter could not be reached or did not answer with a status; {@code reason} holds no secret. */
        record Unreachable(String reason) implements Reading {
            public Unreachable {
                if (reason == null || reason.isBlank()) {
                    throw new IllegalArgumentException("a reason is required");
                }
            }
        }
    }
}
