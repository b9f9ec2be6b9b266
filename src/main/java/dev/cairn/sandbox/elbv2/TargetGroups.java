package dev.cairn.sandbox.elbv2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.ec2.Ec2Fleet;
import dev.cairn.sandbox.elbv2.ElbModel.Action;
import dev.cairn.sandbox.elbv2.ElbModel.Listener;
import dev.cairn.sandbox.elbv2.ElbModel.Target;
import dev.cairn.sandbox.elbv2.ElbModel.TargetGroup;
import dev.cairn.sandbox.elbv2.ElbModel.WeightedGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Target groups of instances: AWS's name rules, the health check settings and their ranges,
 * the idempotent create ({@code DuplicateTargetGroupName} only for other settings), attributes
 * (deregistration delay), {@code ResourceInUse} while a listener forwards to the group, and
 * registering and deregistering targets (a deregistered target drains for the delay).
 */
final class TargetGroups {
    /** AWS's default deregistration delay (seconds) and its range. */
    static final int DEFAULT_DEREGISTRATION_DELAY = 300;
    static final int MAX_DEREGISTRATION_DELAY = 3600;
    static final String DEREGISTRATION_DELAY = "deregistration_delay.timeout_seconds";
    /** Health check defaults of an HTTP/HTTPS target group (AWS's). */
    static final int DEFAULT_INTERVAL = 30;
    static final int DEFAULT_TIMEOUT = 5;
    static final int DEFAULT_HEALTHY_THRESHOLD = 5;
    static final int DEFAULT_UNHEALTHY_THRESHOLD = 2;
    static final String DEFAULT_PATH = "/";
    static final String DEFAULT_MATCHER = "200";
    /** The ranges AWS accepts. */
    static final int MIN_INTERVAL = 5;
    static final int MAX_INTERVAL = 300;
    static final int MIN_TIMEOUT = 2;
    static final int MAX_TIMEOUT = 120;
    static final int MIN_THRESHOLD = 2;
    static final int MAX_THRESHOLD = 10;
    static final int MAX_PATH_LENGTH = 1024;
    private static final Pattern NAME_CHARS = Pattern.compile("[a-zA-Z0-9-]+");
    private static final Pattern MATCHER = Pattern.compile("\\d{3}(-\\d{3})?(,\\d{3}(-\\d{3})?)*");
    private static final List<String> PROTOCOLS = List.of("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE");

    /** A target group's attributes and AWS's defaults for an instance target group of an ALB. */
    static final Map<String, String> DEFAULT_ATTRIBUTES;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("stickiness.enabled", "false");
        d.put(DEREGISTRATION_DELAY, Integer.toString(DEFAULT_DEREGISTRATION_DELAY));
        d.put("stickiness.type", "lb_cookie");
        d.put("stickiness.lb_cookie.duration_seconds", "86400");
        d.put("slow_start.duration_seconds", "0");
        d.put("stickiness.app_cookie.cookie_name", "");
        d.put("stickiness.app_cookie.duration_seconds", "86400");
        d.put("load_balancing.algorithm.type", "round_robin");
        d.put("load_balancing.cross_zone.enabled", "use_load_balancer_configuration");
        DEFAULT_ATTRIBUTES = java.util.Collections.unmodifiableMap(d);
    }

    private final ElbBackend b;
    private final long now;

    TargetGroups(ElbBackend b) {
        this.b = b;
        this.now = b.now();
    }

    /** The health check settings a create or modify may carry; null members keep what is there. */
    record HealthCheck(Boolean enabled, String protocol, String port, String path, Integer intervalSeconds,
                       Integer timeoutSeconds, Integer healthyThreshold, Integer unhealthyThreshold, String matcher) {
    }

    /** What CreateTargetGroup asks for. */
    record Request(String name, String protocol, Integer port, String vpcId, String targetType, String ipAddressType,
                   HealthCheck healthCheck, Map<String, String> tags) {
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw AwsException.missingParameter("Name");
        }
        if (name.length() > LoadBalancers.MAX_NAME_LENGTH) {
            throw ElbBackend.validation("Target group name '" + name + "' cannot be longer than '"
                    + LoadBalancers.MAX_NAME_LENGTH + "' characters");
        }
        if (!NAME_CHARS.matcher(name).matches()) {
            throw ElbBackend.validation("Target group name '" + name
                    + "' can only contain characters that are alphanumeric characters or hyphens(-)");
        }
        if (name.startsWith("-") || name.endsWith("-")) {
            throw ElbBackend.validation("Target group name '" + name + "' cannot begin or end with '-'");
        }
    }

    /**
     * Creates a target group; the same name with the same settings returns the existing group
     * (AWS's create is idempotent), with other settings → {@code DuplicateTargetGroupName}.
     */
    TargetGroup create(Request r) {
        checkName(r.name());
        String targetType = r.targetType() == null ? "instance" : r.targetType();
        if (!List.of("instance", "ip", "lambda", "alb").contains(targetType)) {
            throw ElbBackend.validation("1 validation error detected: Value '" + targetType
                    + "' at 'targetType' failed to satisfy constraint: Member must satisfy enum value set: [instance, ip, lambda, alb]");
        }
        if (!targetType.equals("instance") && !targetType.equals("ip")) {
            throw ElbBackend.validation("Target type '" + targetType + "' is not modelled by the Sandbox: it serves "
                    + "instance and ip target groups only");
        }
        if (r.protocol() == null) {
            throw ElbBackend.validation("A protocol must be specified");
        }
        if (!PROTOCOLS.contains(r.protocol())) {
            throw ElbBackend.validation("1 validation error detected: Value '" + r.protocol()
                    + "' at 'protocol' failed to satisfy constraint: Member must satisfy enum value set: " + PROTOCOLS);
        }
        if (r.port() == null) {
            throw ElbBackend.validation("A port must be specified");
        }
        checkPort(r.port(), "port");
        if (r.vpcId() == null || r.vpcId().isEmpty()) {
            throw ElbBackend.validation("A VPC ID must be specified");
        }
        TargetGroup candidate = new TargetGroup();
        candidate.name = r.name();
        candidate.protocol = r.protocol();
        candidate.protocolVersion = r.protocol().startsWith("HTTP") ? "HTTP1" : null;
        candidate.port = r.port();
        candidate.vpcId = r.vpcId();
        candidate.targetType = targetType;
        candidate.ipAddressType = r.ipAddressType() == null ? "ipv4" : r.ipAddressType();
        candidate.healthCheckProtocol = r.protocol().startsWith("HTTP") ? r.protocol() : "TCP";
        candidate.healthCheckPort = "traffic-port";
        candidate.healthCheckPath = DEFAULT_PATH;
        candidate.healthCheckIntervalSeconds = DEFAULT_INTERVAL;
        candidate.healthCheckTimeoutSeconds = DEFAULT_TIMEOUT;
        candidate.healthyThresholdCount = DEFAULT_HEALTHY_THRESHOLD;
        candidate.unhealthyThresholdCount = DEFAULT_UNHEALTHY_THRESHOLD;
        candidate.matcher = DEFAULT_MATCHER;
        applyHealthCheck(candidate, r.healthCheck());
        for (TargetGroup existing : b.state().targetGroups.values()) {
            if (existing.name.equals(r.name())) {
                if (sameSettings(existing, candidate)) {
                    return existing;
                }
                throw new AwsException("DuplicateTargetGroupName", "A target group with the same name '" + r.name()
                        + "' exists, but with different settings");
            }
        }
        candidate.id = b.arn("targetgroup/" + candidate.name + "/" + b.hex16());
        candidate.createdAt = now;
        candidate.tags.putAll(r.tags());
        b.state().targetGroups.put(candidate.id, candidate);
        return candidate;
    }

    private static boolean sameSettings(TargetGroup a, TargetGroup c) {
        return a.protocol.equals(c.protocol) && a.port == c.port && a.vpcId.equals(c.vpcId)
                && a.targetType.equals(c.targetType) && a.healthCheckEnabled == c.healthCheckEnabled
                && Objects.equals(a.healthCheckProtocol, c.healthCheckProtocol)
                && Objects.equals(a.healthCheckPort, c.healthCheckPort)
                && Objects.equals(a.healthCheckPath, c.healthCheckPath)
                && a.healthCheckIntervalSeconds == c.healthCheckIntervalSeconds
                && a.healthCheckTimeoutSeconds == c.healthCheckTimeoutSeconds
                && a.healthyThresholdCount == c.healthyThresholdCount
                && a.unhealthyThresholdCount == c.unhealthyThresholdCount
                && Objects.equals(a.matcher, c.matcher);
    }

    private static void checkPort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw ElbBackend.validation("1 validation error detected: Value '" + port + "' at '" + what
                    + "' failed to satisfy constraint: Member must have value between 1 and 65535");
        }
    }

    /** ModifyTargetGroup: the health check settings, checked as a create checks them. */
    void modify(TargetGroup tg, HealthCheck hc) {
        TargetGroup copy = new TargetGroup();
        copy.healthCheckEnabled = tg.healthCheckEnabled;
        copy.healthCheckProtocol = tg.healthCheckProtocol;
        copy.healthCheckPort = tg.healthCheckPort;
        copy.healthCheckPath = tg.healthCheckPath;
        copy.healthCheckIntervalSeconds = tg.healthCheckIntervalSeconds;
        copy.healthCheckTimeoutSeconds = tg.healthCheckTimeoutSeconds;
        copy.healthyThresholdCount = tg.healthyThresholdCount;
        copy.unhealthyThresholdCount = tg.unhealthyThresholdCount;
        copy.matcher = tg.matcher;
        applyHealthCheck(copy, hc);
        applyHealthCheck(tg, hc);
    }

    /** Applies and checks health check settings (ranges, the timeout below the interval, the path). */
    private static void applyHealthCheck(TargetGroup tg, HealthCheck hc) {
        if (hc == null) {
            return;
        }
        if (hc.enabled() != null) {
            tg.healthCheckEnabled = hc.enabled();
        }
        if (hc.protocol() != null) {
            if (!PROTOCOLS.contains(hc.protocol())) {
                throw ElbBackend.validation("1 validation error detected: Value '" + hc.protocol()
                        + "' at 'healthCheckProtocol' failed to satisfy constraint: Member must satisfy enum value set: "
                        + PROTOCOLS);
            }
            tg.healthCheckProtocol = hc.protocol();
        }
        if (hc.port() != null) {
            if (!hc.port().equals("traffic-port")) {
                try {
                    checkPort(Integer.parseInt(hc.port()), "healthCheckPort");
                } catch (NumberFormatException e) {
                    throw ElbBackend.validation("Health check port '" + hc.port()
                            + "' must be 'traffic-port' or a number between 1 and 65535");
                }
            }
            tg.healthCheckPort = hc.port();
        }
        if (hc.path() != null) {
            if (!hc.path().startsWith("/") || hc.path().length() > MAX_PATH_LENGTH) {
                throw ElbBackend.validation("Health check path '" + hc.path()
                        + "' must begin with a '/' character and be at most " + MAX_PATH_LENGTH + " characters long");
            }
            tg.healthCheckPath = hc.path();
        }
        if (hc.intervalSeconds() != null) {
            tg.healthCheckIntervalSeconds = range(hc.intervalSeconds(), MIN_INTERVAL, MAX_INTERVAL,
                    "healthCheckIntervalSeconds");
        }
        if (hc.timeoutSeconds() != null) {
            tg.healthCheckTimeoutSeconds = range(hc.timeoutSeconds(), MIN_TIMEOUT, MAX_TIMEOUT,
                    "healthCheckTimeoutSeconds");
        }
        if (hc.healthyThreshold() != null) {
            tg.healthyThresholdCount = range(hc.healthyThreshold(), MIN_THRESHOLD, MAX_THRESHOLD,
                    "healthyThresholdCount");
        }
        if (hc.unhealthyThreshold() != null) {
            tg.unhealthyThresholdCount = range(hc.unhealthyThreshold(), MIN_THRESHOLD, MAX_THRESHOLD,
                    "unhealthyThresholdCount");
        }
        if (hc.matcher() != null) {
            if (!MATCHER.matcher(hc.matcher()).matches()) {
                throw ElbBackend.validation("HttpCode must be like 200 | 200-399 | 200,201 ...");
            }
            tg.matcher = hc.matcher();
        }
        if (tg.healthCheckTimeoutSeconds >= tg.healthCheckIntervalSeconds) {
            throw ElbBackend.validation("Health check timeout '" + tg.healthCheckTimeoutSeconds
                    + "' must be smaller than the interval '" + tg.healthCheckIntervalSeconds + "'");
        }
    }

    private static int range(int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw ElbBackend.validation("1 validation error detected: Value '" + value + "' at '" + what
                    + "' failed to satisfy constraint: Member must have value between " + min + " and " + max);
        }
        return value;
    }

    /** Whether a matcher ({@code 200}, {@code 200-399}, {@code 200,202}) accepts an HTTP code. */
    static boolean matches(String matcher, int code) {
        for (String part : matcher.split(",")) {
            String[] bounds = part.split("-");
            int low = Integer.parseInt(bounds[0]);
            int high = bounds.length > 1 ? Integer.parseInt(bounds[1]) : low;
            if (code >= low && code <= high) {
                return true;
            }
        }
        return false;
    }

    /** Deletes a group; {@code ResourceInUse} while a listener forwards to it. An unknown ARN succeeds. */
    void delete(String arn) {
        if (arn == null) {
            throw AwsException.missingParameter("TargetGroupArn");
        }
        if (!b.state().targetGroups.containsKey(arn)) {
            return;
        }
        for (Listener l : b.state().listeners.values()) {
            if (forwardsTo(l, arn)) {
                throw new AwsException("ResourceInUse", "Target group '" + arn
                        + "' is currently in use by a listener or a rule");
            }
        }
        b.state().targetGroups.remove(arn);
    }

    /** The target groups a listener's default action forwards to. */
    static Set<String> groupsOf(Listener l) {
        Set<String> out = new LinkedHashSet<>();
        for (Action a : l.defaultActions) {
            if (a.type.equals("forward")) {
                if (a.targetGroupArn != null) {
                    out.add(a.targetGroupArn);
                }
                for (WeightedGroup w : a.targetGroups) {
                    out.add(w.targetGroupArn);
                }
            }
        }
        return out;
    }

    static boolean forwardsTo(Listener l, String targetGroupArn) {
        return groupsOf(l).contains(targetGroupArn);
    }

    /** The load balancers whose listeners forward to the group, in creation order. */
    List<String> loadBalancersOf(TargetGroup tg) {
        Set<String> out = new LinkedHashSet<>();
        for (Listener l : b.state().listeners.values()) {
            if (forwardsTo(l, tg.id)) {
                out.add(l.loadBalancerArn);
            }
        }
        return new ArrayList<>(out);
    }

    static String attribute(TargetGroup tg, String key) {
        return tg.attributes.getOrDefault(key, DEFAULT_ATTRIBUTES.get(key));
    }

    static Map<String, String> attributes(TargetGroup tg) {
        Map<String, String> out = new LinkedHashMap<>(DEFAULT_ATTRIBUTES);
        out.putAll(tg.attributes);
        return out;
    }

    void modifyAttributes(TargetGroup tg, Map<String, String> changes) {
        if (changes.isEmpty()) {
            throw ElbBackend.validation("Attributes must be specified");
        }
        for (Map.Entry<String, String> e : changes.entrySet()) {
            if (!DEFAULT_ATTRIBUTES.containsKey(e.getKey())) {
                throw new AwsException("InvalidConfigurationRequest", "Target group attribute key '" + e.getKey()
                        + "' is not recognized");
            }
            if (e.getKey().equals(DEREGISTRATION_DELAY)) {
                int seconds;
                try {
                    seconds = Integer.parseInt(e.getValue());
                } catch (NumberFormatException ex) {
                    seconds = -1;
                }
                if (seconds < 0 || seconds > MAX_DEREGISTRATION_DELAY) {
                    throw new AwsException("InvalidConfigurationRequest", "Deregistration delay must be between 0 and "
                            + MAX_DEREGISTRATION_DELAY + " seconds");
                }
            }
            if (e.getKey().equals("stickiness.enabled") && !List.of("true", "false").contains(e.getValue())) {
                throw new AwsException("InvalidConfigurationRequest", "Target group attribute value '" + e.getValue()
                        + "' is not valid for attribute key 'stickiness.enabled'");
            }
        }
        for (Map.Entry<String, String> e : changes.entrySet()) {
            if (e.getValue().equals(DEFAULT_ATTRIBUTES.get(e.getKey()))) {
                tg.attributes.remove(e.getKey());
            } else {
                tg.attributes.put(e.getKey(), e.getValue());
            }
        }
    }

    /** The group's deregistration delay as this Sandbox plays it, milliseconds. */
    long drainMillis(TargetGroup tg) {
        return b.scaledMillis(Duration.ofSeconds(Integer.parseInt(attribute(tg, DEREGISTRATION_DELAY))));
    }

    /** A target as RegisterTargets names it: an instance and a port (null: the group's). */
    record TargetRef(String id, Integer port) {
    }

    /**
     * Registers instances: each must exist in the group's VPC and be pending or running
     * ({@code InvalidTarget}); a target registered again (or draining) starts over.
     */
    void register(TargetGroup tg, List<TargetRef> targets) {
        if (targets.isEmpty()) {
            throw AwsException.missingParameter("Targets");
        }
        if (tg.targetType.equals("ip")) {
            registerIps(tg, targets);
            return;
        }
        Ec2Fleet ec2 = b.fleet();
        List<String> notRunning = new ArrayList<>();
        for (TargetRef t : targets) {
            if (t.port() != null) {
                checkPort(t.port(), "port");
            }
            Ec2Fleet.InstanceView view = ec2.instance(t.id()).orElseThrow(() -> new AwsException("InvalidTarget",
                    "The following targets are not valid instances: '" + t.id() + "'"));
            if (!view.vpcId().equals(tg.vpcId)) {
                throw new AwsException("InvalidTarget", "The following targets are not in the target group VPC '"
                        + tg.vpcId + "': '" + t.id() + "'");
            }
            if (!view.alive()) {
                notRunning.add(t.id());
            }
        }
        if (!notRunning.isEmpty()) {
            throw new AwsException("InvalidTarget", "The following targets are not in a running state and cannot be "
                    + "registered: '" + String.join(", ", notRunning) + "'");
        }
        add(tg, targets);
    }

    /**
     * Registers IP addresses: each must be an IPv4 address inside the group's VPC
     * ({@code InvalidTarget} otherwise). Whether anything answers there is health's business.
     */
    private void registerIps(TargetGroup tg, List<TargetRef> targets) {
        List<Cidr> cidrs = b.fleet().vpcCidrs(tg.vpcId).stream().map(Cidr::parse).toList();
        for (TargetRef t : targets) {
            if (t.port() != null) {
                checkPort(t.port(), "port");
            }
            long ip = Cidr.address(t.id());
            if (ip < 0) {
                throw ElbBackend.validation("The IP address '" + t.id() + "' is not a valid IPv4 address");
            }
            if (cidrs.stream().noneMatch(c -> c.contains(ip))) {
                throw new AwsException("InvalidTarget", "The following targets are not in the target group VPC '"
                        + tg.vpcId + "': '" + t.id() + "'");
            }
        }
        add(tg, targets);
    }

    private void add(TargetGroup tg, List<TargetRef> targets) {
        for (TargetRef t : targets) {
            int port = t.port() == null ? tg.port : t.port();
            Target existing = find(tg, t.id(), port);
            if (existing != null && existing.deregisteredAt == 0) {
                continue;
            }
            if (existing != null) {
                tg.targets.remove(existing);
            }
            Target target = new Target();
            target.instanceId = t.id();
            target.port = port;
            target.registeredAt = now;
            tg.targets.add(target);
        }
    }

    /** Deregisters targets: they drain for the group's delay, then go. Unregistered → {@code InvalidTarget}. */
    void deregister(TargetGroup tg, List<TargetRef> targets) {
        if (targets.isEmpty()) {
            throw AwsException.missingParameter("Targets");
        }
        for (TargetRef t : targets) {
            if (find(tg, t.id(), t.port() == null ? tg.port : t.port()) == null) {
                throw new AwsException("InvalidTarget", "The following targets are not registered in target group '"
                        + tg.id + "': '" + t.id() + "'");
            }
        }
        long drain = drainMillis(tg);
        for (TargetRef t : targets) {
            Target target = find(tg, t.id(), t.port() == null ? tg.port : t.port());
            if (target.deregisteredAt == 0) {
                target.deregisteredAt = now;
                target.drainedAt = Math.max(now + drain, now + 1);
                if (drain == 0) {
                    tg.targets.remove(target);
                }
            }
        }
    }

    static Target find(TargetGroup tg, String instanceId, int port) {
        for (Target t : tg.targets) {
            if (t.instanceId.equals(instanceId) && t.port == port) {
                return t;
            }
        }
        return null;
    }
}
