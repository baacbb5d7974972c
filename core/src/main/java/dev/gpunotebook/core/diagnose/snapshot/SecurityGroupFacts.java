package dev.gpunotebook.core.diagnose.snapshot;

import java.util.List;

/**
 * EC2 DescribeSecurityGroups, one group with its IpPermissions (ingress) and
 * IpPermissionsEgress. A permission's protocol is as AWS writes it: {@code -1} (all),
 * {@code tcp}, {@code udp}, {@code icmp} or a number; ports are null or -1 for all ports.
 */
public record SecurityGroupFacts(String groupId, String groupName, List<Permission> ingress,
        List<Permission> egress) {
    public SecurityGroupFacts {
        Validate.nonBlank(groupId, "groupId");
        groupName = groupName == null ? "" : groupName;
        ingress = Validate.list(ingress);
        egress = Validate.list(egress);
    }

    public record Permission(String protocol, Integer fromPort, Integer toPort, List<String> ipv4Ranges,
            List<String> ipv6Ranges, List<String> groupIds, List<String> prefixListIds) {
        public Permission {
            Validate.nonBlank(protocol, "protocol");
            Validate.port(fromPort, "fromPort");
            Validate.port(toPort, "toPort");
            ipv4Ranges = Validate.list(ipv4Ranges);
            ipv6Ranges = Validate.list(ipv6Ranges);
            groupIds = Validate.list(groupIds);
            prefixListIds = Validate.list(prefixListIds);
        }

        /** A TCP permission over a port range from the given IPv4 CIDRs and groups. */
        public static Permission tcp(int fromPort, int toPort, List<String> ipv4Ranges, List<String> groupIds) {
            return new Permission("tcp", fromPort, toPort, ipv4Ranges, List.of(), groupIds, List.of());
        }

        /** Protocol -1: all traffic. */
        public static Permission all(List<String> ipv4Ranges, List<String> groupIds) {
            return new Permission("-1", null, null, ipv4Ranges, List.of(), groupIds, List.of());
        }

        public boolean coversTcp() {
            return "-1".equals(protocol) || "tcp".equalsIgnoreCase(protocol) || "6".equals(protocol);
        }

        /** The TCP port range this permission covers, as {@code [from, to]}. */
        public int[] tcpRange() {
            boolean all = "-1".equals(protocol) || fromPort == null || fromPort == -1;
            return all ? new int[] {0, 65535} : new int[] {fromPort, toPort == null ? fromPort : toPort};
        }

        @Override
        public String toString() {
            String ports = "-1".equals(protocol) ? "all traffic"
                    : protocol + " " + (tcpRange()[0] == tcpRange()[1] ? String.valueOf(tcpRange()[0])
                            : tcpRange()[0] + "-" + tcpRange()[1]);
            StringBuilder sources = new StringBuilder();
            for (List<String> part : List.of(ipv4Ranges, ipv6Ranges, groupIds, prefixListIds)) {
                for (String source : part) {
                    sources.append(sources.length() == 0 ? "" : ", ").append(source);
                }
            }
            return ports + " <-> " + (sources.length() == 0 ? "(nothing)" : sources);
        }
    }
}
