package dev.gpunotebook.core.diagnose.snapshot;

import java.util.List;

/**
 * EC2 DescribeNetworkAcls (filter association.subnet-id): the ACL of a subnet and its entries.
 * Protocol as AWS writes it ({@code -1} all, {@code 6} TCP); ports null when the entry has no
 * PortRange. The implicit final deny ({@code *}) need not be listed: the checks apply it.
 */
public record NetworkAclFacts(String networkAclId, List<Entry> entries) {
    public NetworkAclFacts {
        Validate.nonBlank(networkAclId, "networkAclId");
        entries = Validate.list(entries);
    }

    public record Entry(int ruleNumber, boolean egress, String protocol, Integer fromPort, Integer toPort,
            String cidrBlock, boolean allow) {
        public Entry {
            Validate.nonBlank(protocol, "protocol");
            Validate.port(fromPort, "fromPort");
            Validate.port(toPort, "toPort");
            Validate.nonBlank(cidrBlock, "cidrBlock");
        }

        @Override
        public String toString() {
            String ports = fromPort == null ? "all ports" : fromPort.equals(toPort) ? "port " + fromPort
                    : "ports " + fromPort + "-" + toPort;
            String proto = "-1".equals(protocol) ? "all" : "6".equals(protocol) ? "tcp" : "proto " + protocol;
            return (egress ? "outbound" : "inbound") + " rule " + ruleNumber + ": " + (allow ? "ALLOW " : "DENY ")
                    + proto + " " + ports + " " + cidrBlock;
        }
    }
}
