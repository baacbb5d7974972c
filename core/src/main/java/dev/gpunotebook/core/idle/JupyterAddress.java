package dev.gpunotebook.core.idle;

import dev.gpunotebook.core.model.NotebookSummary;
import java.net.URI;

/**
 * Where the reaper reaches a notebook's Jupyter. In AWS that is the load balancer's URL
 * ({@link #LOAD_BALANCER}); tests and private setups point it elsewhere, such as a local Jupyter.
 */
@FunctionalInterface
public interface JupyterAddress {

    /** The notebook's URL from list/status: {@code http(s)://<alb dns>/notebook/<name>/}. */
    JupyterAddress LOAD_BALANCER = notebook -> URI.create(notebook.url());

    /** Jupyter's base URL for the notebook, ending in {@code /}. */
    URI baseUrl(NotebookSummary notebook);
}
