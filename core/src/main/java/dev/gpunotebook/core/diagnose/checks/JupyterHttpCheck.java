package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.JupyterProbe;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies, from where diagnose runs, that the notebook answers: an HTTP GET of
 * {@code BASE_URL/api} through the load balancer, reporting Jupyter's version. UNKNOWN when
 * nothing answers (diagnose may run outside the CIDRs the load balancer admits); the ALB's own
 * 5xx and 404 answers are explained.
 *
 * <p>Needs no AWS permission: one HTTPS/HTTP request to the load balancer's DNS name.
 *
 * @see <a href="https://jupyter-server.readthedocs.io/en/latest/developers/rest-api.html">https://jupyter-server.readthedocs.io/en/latest/developers/rest-api.html</a>
 */
public final class JupyterHttpCheck extends BaseCheck {
    static final String DOCS = "https://jupyter-server.readthedocs.io/en/latest/developers/rest-api.html";

    public JupyterHttpCheck() {
        super(CheckIds.JUPYTER_HTTP, Area.NOTEBOOK, DOCS, CheckIds.TARGET_HEALTH);
    }

    private static String hostOf(String url) {
        try {
            String host = java.net.URI.create(url).getHost();
            return host == null ? "" : host;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        JupyterProbe probe = need(s.jupyter(), "the notebook's URL");
        List<String> evidence = new ArrayList<>();
        evidence.add("GET " + probe.url() + " -> " + (probe.httpStatus() == null ? probe.error()
                : "HTTP " + probe.httpStatus() + (probe.version() == null ? "" : ", version " + probe.version())));
        Optional<String> namedHost = s.loadBalancer().toOptional()
                .filter(lb -> !hostOf(probe.url()).equalsIgnoreCase(lb.dnsName()))
                .map(lb -> "The host " + hostOf(probe.url()) + " comes from the listener rule's host-header "
                        + "condition: its DNS name has to lead to " + lb.dnsName() + ".");
        namedHost.ifPresent(evidence::add);
        if (probe.httpStatus() == null) {
            return unknown("Could not reach " + probe.url() + " from here (" + probe.error() + "); "
                    + (namedHost.isPresent() ? "the rule's host name may not resolve to the load balancer from here, "
                            + "or " : "") + "the load balancer may admit only other addresses.", evidence);
        }
        int status = probe.httpStatus();
        if (status == 200) {
            if (probe.version() == null) {
                return warn(probe.url() + " answers 200, but not with Jupyter's {\"version\": ...}: another application "
                        + "answers on that path.", evidence, "Check the listener rules' paths and Jupyter's base_url.");
            }
            return pass("Jupyter Server " + probe.version() + " answers at " + probe.url() + ".", evidence);
        }
        if (status == 301 || status == 302 || status == 307 || status == 308) {
            return warn(probe.url() + " redirects (HTTP " + status + "), probably to HTTPS.", evidence,
                    "Open the notebook over HTTPS.");
        }
        return switch (status) {
            case 404 -> fail(probe.url() + " answers 404: no listener rule matches the path, or Jupyter's base_url "
                    + "differs from it.", evidence, "Make the rule's path pattern BASE_URL* and Jupyter's "
                    + "--ServerApp.base_url the same BASE_URL.");
            case 502 -> fail(probe.url() + " answers 502 Bad Gateway: the target closed the connection or spoke the "
                    + "wrong protocol.", evidence, "Check the target group protocol (HTTP) and the container's log.");
            case 503 -> fail(probe.url() + " answers 503: the load balancer has no healthy target for this path.",
                    evidence, "See target.health.");
            case 504 -> fail(probe.url() + " answers 504: the target did not answer in time.", evidence,
                    "Check the instance's security group and that Jupyter runs.");
            case 401, 403 -> fail(probe.url() + " answers " + status + ": something in front of Jupyter refuses the "
                    + "request (WAF, authentication action, allow_origin).", evidence,
                    "Check the listener rule's actions and any WAF on the load balancer.");
            default -> fail(probe.url() + " answers HTTP " + status + ".", evidence,
                    "Check the container's log and the listener rules.");
        };
    }
}
