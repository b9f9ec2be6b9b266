package dev.cairn.sandbox.elbv2;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What answers at an IP address of a VPC, for the targets of {@code ip} target groups: ECS's
 * tasks (awsvpc) in the caller's account and region. ELB checks a target's health and serves its
 * loopback listeners' pages through it. Exported by the {@code ecs} service.
 */
public interface IpTargetHosts {

    /**
     * A host at an address: whether it runs (a task {@code RUNNING}), the security groups of its
     * network interface, the pages its web server serves by path ({@code /index.html}) and its
     * {@code Server} header.
     */
    record Host(String hostId, boolean running, List<String> securityGroupIds, Map<String, String> pages,
                String server) {
        /** The page of a request path ({@code /} and {@code /dir/} serve {@code index.html}), or null (404). */
        public String page(String requestPath) {
            String path = requestPath == null || requestPath.isEmpty() ? "/" : requestPath;
            int query = path.indexOf('?');
            if (query >= 0) {
                path = path.substring(0, query);
            }
            if (path.endsWith("/")) {
                return pages.get(path + "index.html");
            }
            String exact = pages.get(path);
            return exact != null ? exact : pages.get(path + "/index.html");
        }
    }

    /** The host at {@code ip} in the VPC, or empty when nothing there has that address now. */
    Optional<Host> host(String vpcId, String ip);
}
