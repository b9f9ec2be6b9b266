package dev.cairn.sandbox.elbv2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.ec2.Ec2Fleet;
import dev.cairn.sandbox.elbv2.ElbModel.Listener;
import dev.cairn.sandbox.elbv2.ElbModel.LoadBalancer;
import dev.cairn.sandbox.elbv2.ElbModel.Placement;
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
 * Application Load Balancers: AWS's name rules, subnets in at least two zones of one VPC,
 * security groups of that VPC, {@code provisioning → active}, one requester-managed network
 * interface per subnet (through {@link Ec2Fleet}) that lingers after the delete, attributes
 * (deletion protection, idle timeout) and the idempotent create.
 */
final class LoadBalancers {
    /** An Application Load Balancer is usually {@code active} about two and a half minutes after its create. */
    static final Duration PROVISIONING = Duration.ofSeconds(150);
    /** AWS's limit on load balancer (and target group) names. */
    static final int MAX_NAME_LENGTH = 32;
    /** The security groups an ALB may have. */
    static final int MAX_SECURITY_GROUPS = 5;
    /** The idle timeout AWS accepts, seconds. */
    static final int MIN_IDLE_TIMEOUT = 1;
    static final int MAX_IDLE_TIMEOUT = 4000;
    static final String DELETION_PROTECTION = "deletion_protection.enabled";
    static final String IDLE_TIMEOUT = "idle_timeout.timeout_seconds";
    private static final Pattern NAME_CHARS = Pattern.compile("[a-zA-Z0-9-]+");

    /** An ALB's attributes and AWS's defaults, in the order DescribeLoadBalancerAttributes lists them. */
    static final Map<String, String> DEFAULT_ATTRIBUTES;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("access_logs.s3.enabled", "false");
        d.put("access_logs.s3.bucket", "");
        d.put("access_logs.s3.prefix", "");
        d.put(DELETION_PROTECTION, "false");
        d.put(IDLE_TIMEOUT, "60");
        d.put("routing.http2.enabled", "true");
        d.put("routing.http.drop_invalid_header_fields.enabled", "false");
        d.put("routing.http.desync_mitigation_mode", "defensive");
        d.put("routing.http.x_amzn_tls_version_and_cipher_suite.enabled", "false");
        d.put("routing.http.xff_client_port.enabled", "false");
        d.put("routing.http.xff_header_processing.mode", "append");
        d.put("routing.http.preserve_host_header.enabled", "false");
        d.put("waf.fail_open.enabled", "false");
        d.put("load_balancing.cross_zone.enabled", "true");
        DEFAULT_ATTRIBUTES = java.util.Collections.unmodifiableMap(d);
    }

    /**
     * The Route 53 hosted zone of Application (and Classic) Load Balancers per region, as AWS
     * publishes it ("Elastic Load Balancing endpoints and quotas"): a Route 53 alias to the load
     * balancer names it.
     */
    static final Map<String, String> CANONICAL_HOSTED_ZONE_IDS = Map.ofEntries(
            Map.entry("af-south-1", "Z268VQBMOI5EKX"),
            Map.entry("ap-east-1", "Z3DQVH9N71FHZ0"),
            Map.entry("ap-northeast-1", "Z14GRHDCWA56QT"),
            Map.entry("ap-northeast-2", "ZWKZPGTI48KDX"),
            Map.entry("ap-northeast-3", "Z5LXEXXYW11ES"),
            Map.entry("ap-south-1", "ZP97RAFLXTNZK"),
            Map.entry("ap-south-2", "Z0173938T07WNTVAEPZN"),
            Map.entry("ap-southeast-1", "Z1LMS91P8CMLE5"),
            Map.entry("ap-southeast-2", "Z1GM3OXH4ZPM65"),
            Map.entry("ap-southeast-3", "Z08888821HLRG5A9ZRTER"),
            Map.entry("ap-southeast-4", "Z09517862IB2WZLPXG76F"),
            Map.entry("ap-southeast-5", "Z06010284QMVVW7WO5J"),
            Map.entry("ap-southeast-7", "Z0390008CMBRTHFGWBCB"),
            Map.entry("ca-central-1", "ZQSVJUPU6J1EY"),
            Map.entry("ca-west-1", "Z06473681N0SF6OS049SD"),
            Map.entry("eu-central-1", "Z215JYRZR1TBD5"),
            Map.entry("eu-central-2", "Z06391101F2ZOEP8P5EB3"),
            Map.entry("eu-north-1", "Z23TAZ6LKFMNIO"),
            Map.entry("eu-south-1", "Z3ULH7SSC9OV64"),
            Map.entry("eu-south-2", "Z0956581394HF5D5LXGAP"),
            Map.entry("eu-west-1", "Z32O12XQLNTSW2"),
            Map.entry("eu-west-2", "ZHURV8PSTC4K8"),
            Map.entry("eu-west-3", "Z3Q77PNBQS71R4"),
            Map.entry("il-central-1", "Z09170902867EHPV2DABU"),
            Map.entry("me-central-1", "Z08230872XQRWHG2XF6I"),
            Map.entry("me-south-1", "ZS929ML54UICD"),
            Map.entry("mx-central-1", "Z023552324OKD1BB28BH5"),
            Map.entry("sa-east-1", "Z2P70J7HTTTPLU"),
            Map.entry("us-east-1", "Z35SXDOTRQ7X7K"),
            Map.entry("us-east-2", "Z3AADJGX6KTTL2"),
            Map.entry("us-west-1", "Z368ELLRRE2KJ0"),
            Map.entry("us-west-2", "Z1H1FL5HABSF5"));

    private final ElbBackend b;
    private final long now;

    LoadBalancers(ElbBackend b) {
        this.b = b;
        this.now = b.now();
    }

    /** {@code provisioning} until {@code activeAt}, then {@code active}. */
    static String state(LoadBalancer lb, long now) {
        return now >= lb.activeAt ? "active" : "provisioning";
    }

    static boolean active(LoadBalancer lb, long now) {
        return now >= lb.activeAt;
    }

    static String canonicalHostedZoneId(String region) {
        return CANONICAL_HOSTED_ZONE_IDS.get(region);
    }

    /** AWS's rules for a load balancer's name ({@code ValidationError} otherwise). */
    static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw AwsException.missingParameter("Name");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw ElbBackend.validation("The load balancer name '" + name + "' cannot be longer than '"
                    + MAX_NAME_LENGTH + "' characters");
        }
        if (!NAME_CHARS.matcher(name).matches()) {
            throw ElbBackend.validation("The load balancer name '" + name
                    + "' can only contain characters that are alphanumeric characters or hyphens(-)");
        }
        if (name.startsWith("-") || name.endsWith("-")) {
            throw ElbBackend.validation("The load balancer name '" + name + "' cannot begin or end with a hyphen(-)");
        }
        if (name.startsWith("internal-")) {
            throw ElbBackend.validation("The load balancer name '" + name + "' cannot begin with 'internal-'");
        }
    }

    /** What CreateLoadBalancer asks for. */
    record Request(String name, List<String> subnets, List<String> securityGroups, String scheme, String type,
                   String ipAddressType, Map<String, String> tags) {
    }

    /**
     * Creates a load balancer, or returns the one of that name when it has the same settings (AWS's
     * create is idempotent); another with the name → {@code DuplicateLoadBalancerName}.
     */
    LoadBalancer create(Request r) {
        checkName(r.name());
        String scheme = r.scheme() == null ? "internet-facing" : r.scheme();
        if (!scheme.equals("internet-facing") && !scheme.equals("internal")) {
            throw ElbBackend.validation("1 validation error detected: Value '" + scheme
                    + "' at 'scheme' failed to satisfy constraint: Member must satisfy enum value set: [internet-facing, internal]");
        }
        String type = r.type() == null ? "application" : r.type();
        if (!List.of("application", "network", "gateway").contains(type)) {
            throw ElbBackend.validation("1 validation error detected: Value '" + type
                    + "' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [application, network, gateway]");
        }
        if (!type.equals("application")) {
            throw ElbBackend.validation("Load balancer type '" + type + "' is not modelled by the Sandbox: it serves "
                    + "Application Load Balancers only");
        }
        String ipType = r.ipAddressType() == null ? "ipv4" : r.ipAddressType();
        if (!ipType.equals("ipv4") && !ipType.equals("dualstack")) {
            throw ElbBackend.validation("1 validation error detected: Value '" + ipType
                    + "' at 'ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]");
        }
        for (LoadBalancer existing : b.state().loadBalancers.values()) {
            if (existing.name.equals(r.name())) {
                if (sameSettings(existing, r, scheme, ipType)) {
                    return existing;
                }
                throw new AwsException("DuplicateLoadBalancerName", "A load balancer with the same name '" + r.name()
                        + "' exists, but with different settings");
            }
        }
        List<String> subnets = new ArrayList<>(new LinkedHashSet<>(r.subnets()));
        if (subnets.isEmpty()) {
            throw ElbBackend.validation("At least two subnets in two different Availability Zones must be specified");
        }
        Ec2Fleet ec2 = b.fleet();
        String vpcId = null;
        Map<String, String> zoneOfSubnet = new LinkedHashMap<>();
        for (String subnet : subnets) {
            String zone = ec2.subnetZone(subnet).orElseThrow(() -> new AwsException("SubnetNotFound",
                    "The subnet ID '" + subnet + "' is not valid"));
            String vpc = ec2.subnetVpc(subnet).orElseThrow();
            if (vpcId == null) {
                vpcId = vpc;
            } else if (!vpcId.equals(vpc)) {
                throw new AwsException("InvalidSubnet", "The subnets '" + subnets.get(0) + "' and '" + subnet
                        + "' are not in the same VPC");
            }
            if (zoneOfSubnet.containsValue(zone)) {
                throw new AwsException("InvalidConfigurationRequest",
                        "A load balancer cannot be attached to multiple subnets in the same Availability Zone");
            }
            zoneOfSubnet.put(subnet, zone);
        }
        if (zoneOfSubnet.size() < 2) {
            throw ElbBackend.validation("At least two subnets in two different Availability Zones must be specified");
        }
        List<String> groups = checkGroups(r.securityGroups(), vpcId);
        LoadBalancer lb = new LoadBalancer();
        lb.name = r.name();
        lb.lbId = b.hex16();
        lb.id = b.arn("loadbalancer/app/" + lb.name + "/" + lb.lbId);
        lb.createdAt = now;
        lb.scheme = scheme;
        lb.type = type;
        lb.ipAddressType = ipType;
        lb.vpcId = vpcId;
        lb.activeAt = now + b.scaledMillis(PROVISIONING);
        lb.dnsName = (scheme.equals("internal") ? "internal-" : "") + lb.name + "-" + dnsDigits() + "."
                + b.region().name() + ".elb.amazonaws.com";
        lb.securityGroups = new ArrayList<>(groups);
        lb.tags.putAll(r.tags());
        // AWS places one node (and its requester-managed interface) in each subnet.
        for (Map.Entry<String, String> e : zoneOfSubnet.entrySet()) {
            Ec2Fleet.ServiceInterface eni = ec2.attachServiceInterface(e.getKey(), groups, "amazon-elb",
                    "ELB app/" + lb.name + "/" + lb.lbId);
            Placement p = new Placement();
            p.subnetId = e.getKey();
            p.zone = e.getValue();
            p.networkInterfaceId = eni.networkInterfaceId();
            p.privateIp = eni.privateIp();
            lb.placements.add(p);
        }
        b.state().loadBalancers.put(lb.id, lb);
        return lb;
    }

    private boolean sameSettings(LoadBalancer lb, Request r, String scheme, String ipType) {
        Set<String> subnets = new LinkedHashSet<>(r.subnets());
        Set<String> mine = new LinkedHashSet<>();
        lb.placements.forEach(p -> mine.add(p.subnetId));
        return lb.scheme.equals(scheme) && lb.ipAddressType.equals(ipType) && mine.equals(subnets)
                && (r.securityGroups().isEmpty() || new LinkedHashSet<>(r.securityGroups()).equals(new LinkedHashSet<>(lb.securityGroups)));
    }

    /** The groups of a load balancer: they must exist and be in its VPC ({@code InvalidSecurityGroup}). */
    private List<String> checkGroups(List<String> groups, String vpcId) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(groups));
        if (unique.size() > MAX_SECURITY_GROUPS) {
            throw new AwsException("TooManySecurityGroups", "You cannot specify more than " + MAX_SECURITY_GROUPS
                    + " security groups");
        }
        for (String g : unique) {
            String vpc = b.fleet().securityGroupVpc(g).orElseThrow(() -> new AwsException("InvalidSecurityGroup",
                    "Security group '" + g + "' does not exist"));
            if (!Objects.equals(vpc, vpcId)) {
                throw new AwsException("InvalidSecurityGroup", "Security group '" + g + "' does not belong to VPC '"
                        + vpcId + "'");
            }
        }
        return unique;
    }

    /** The digits AWS puts after the name in a load balancer's DNS name (9 or 10 of them). */
    private String dnsDigits() {
        return Long.toString(100_000_000L + (long) (b.random().nextDouble() * 1_900_000_000L));
    }

    /**
     * Deletes a load balancer with its listeners and gives its interfaces back to EC2, where
     * they linger. An unknown ARN succeeds, as AWS documents; deletion protection →
     * {@code OperationNotPermitted}.
     */
    void delete(String arn) {
        LoadBalancer lb = b.state().loadBalancers.get(arn);
        if (lb == null) {
            if (arn == null) {
                throw AwsException.missingParameter("LoadBalancerArn");
            }
            return;
        }
        if (Boolean.parseBoolean(attribute(lb, DELETION_PROTECTION))) {
            throw new AwsException("OperationNotPermitted", "Load balancer '" + arn
                    + "' cannot be deleted because deletion protection is enabled");
        }
        b.state().listeners.values().removeIf(l -> l.loadBalancerArn.equals(arn));
        for (Placement p : lb.placements) {
            b.fleet().releaseServiceInterface(p.networkInterfaceId);
        }
        b.state().loadBalancers.remove(arn);
    }

    static String attribute(LoadBalancer lb, String key) {
        return lb.attributes.getOrDefault(key, DEFAULT_ATTRIBUTES.get(key));
    }

    /** Every attribute with its value now, in AWS's order. */
    static Map<String, String> attributes(LoadBalancer lb) {
        Map<String, String> out = new LinkedHashMap<>(DEFAULT_ATTRIBUTES);
        out.putAll(lb.attributes);
        return out;
    }

    /** ModifyLoadBalancerAttributes: known keys only, values checked; all or nothing. */
    void modifyAttributes(LoadBalancer lb, Map<String, String> changes) {
        if (changes.isEmpty()) {
            throw ElbBackend.validation("Attributes must be specified");
        }
        for (Map.Entry<String, String> e : changes.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (!DEFAULT_ATTRIBUTES.containsKey(key)) {
                throw new AwsException("InvalidConfigurationRequest", "Load balancer attribute key '" + key
                        + "' is not recognized");
            }
            if (key.endsWith(".enabled") && !value.equals("true") && !value.equals("false")) {
                throw new AwsException("InvalidConfigurationRequest", "Load balancer attribute value '" + value
                        + "' is not valid for attribute key '" + key + "': it must be true or false");
            }
            if (key.equals(IDLE_TIMEOUT)) {
                int seconds;
                try {
                    seconds = Integer.parseInt(value);
                } catch (NumberFormatException ex) {
                    seconds = -1;
                }
                if (seconds < MIN_IDLE_TIMEOUT || seconds > MAX_IDLE_TIMEOUT) {
                    throw new AwsException("InvalidConfigurationRequest", "Idle timeout must be between "
                            + MIN_IDLE_TIMEOUT + " and " + MAX_IDLE_TIMEOUT + " seconds");
                }
            }
        }
        for (Map.Entry<String, String> e : changes.entrySet()) {
            if (e.getValue().equals(DEFAULT_ATTRIBUTES.get(e.getKey()))) {
                lb.attributes.remove(e.getKey());
            } else {
                lb.attributes.put(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * SetSecurityGroups: the groups must be of the load balancer's VPC. The change reaches the
     * load balancer's record; its interfaces keep the groups they were made with (EC2 exports no
     * way to change a service interface's groups).
     */
    List<String> setSecurityGroups(LoadBalancer lb, List<String> groups) {
        lb.securityGroups = new ArrayList<>(checkGroups(groups, lb.vpcId));
        return lb.securityGroups;
    }

    /** The listeners of a load balancer, by port. */
    List<Listener> listenersOf(LoadBalancer lb) {
        return b.state().listeners.values().stream().filter(l -> l.loadBalancerArn.equals(lb.id))
                .sorted(java.util.Comparator.comparingInt(l -> l.port)).toList();
    }
}
