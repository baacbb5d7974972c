package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.snapshot.NetworkAclFacts;
import dev.gpunotebook.core.diagnose.snapshot.NetworkAclFacts.Entry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Evaluates a network ACL the way AWS does: entries in rule-number order, the first that matches
 * decides, and what no entry matches is denied (the implicit {@code *} rule). Network ACLs are
 * stateless, so the replies of an outbound connection need their own inbound allow.
 */
final class NetworkAcls {
    private NetworkAcls() {
    }

    /** Which TCP ports of {@code from..to} towards or from {@code peer} are denied, and by which rules. */
    record Verdict(PortSet blocked, List<String> decidingRules) {
        boolean allowed() {
            return blocked.isEmpty();
        }
    }

    static Verdict tcp(NetworkAclFacts acl, boolean egress, int from, int to, Cidr peer) {
        PortSet undecided = PortSet.of(from, to);
        PortSet blocked = new PortSet();
        List<String> deciding = new ArrayList<>();
        List<Entry> entries = acl.entries().stream().filter(e -> e.egress() == egress)
                .sorted(Comparator.comparingInt(Entry::ruleNumber)).toList();
        for (Entry entry : entries) {
            if (undecided.isEmpty()) {
                break;
            }
            boolean tcp = entry.protocol().equals("-1") || entry.protocol().equals("6")
                    || entry.protocol().equalsIgnoreCase("tcp");
            if (!tcp || !Cidr.covers(entry.cidrBlock(), peer)) {
                continue;
            }
            boolean allPorts = entry.fromPort() == null || entry.fromPort() == -1;
            int low = allPorts ? 0 : entry.fromPort();
            int high = allPorts ? 65535 : entry.toPort() == null ? low : entry.toPort();
            PortSet matched = undecided.intersect(low, high);
            if (matched.isEmpty()) {
                continue;
            }
            deciding.add(entry.toString());
            if (!entry.allow()) {
                blocked.addAll(matched);
            }
            undecided = undecided.minus(low, high);
        }
        if (!undecided.isEmpty()) {
            deciding.add((egress ? "outbound" : "inbound") + " rule *: DENY all (nothing else matched ports "
                    + undecided + ")");
            blocked.addAll(undecided);
        }
        return new Verdict(blocked, deciding);
    }
}
