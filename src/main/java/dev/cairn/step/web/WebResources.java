package dev.cairn.step.web;

import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.PhysicalNames;
import dev.cairn.model.Regions;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.AcmKinds;
import dev.cairn.model.kinds.AutoScalingKinds;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.model.kinds.Elbv2Kinds;
import dev.cairn.model.kinds.Route53Kinds;
import dev.cairn.step.access.AccessResources;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.SubnetSpec;
import dev.cairn.step.network.SubnetTier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The resources of the Web tier step, derived from a validated blueprint with defaults filled.
 * Addresses live under the step {@code web}; property and ref names follow the kinds' javadoc
 * ({@link Elbv2Kinds}, {@link AutoScalingKinds}, {@link AcmKinds}, {@link Route53Kinds},
 * {@link Ec2Kinds#IMAGE}, {@link Ec2Kinds#LAUNCH_TEMPLATE}).
 *
 * <p>Choices, and why:
 * <ul>
 *   <li>Two security groups: the load balancer's (80, and 443 with HTTPS, from anywhere) and the
 *       instances' (80 only from the load balancer's group, so nothing reaches an instance but
 *       through it; 22 only from the Access step's bastion and VPN groups when they exist).
 *   <li>The load balancer takes one public subnet per zone ({@code subnet.a}, {@code subnet.c}),
 *       the group every app subnet (AWS spreads instances over them).
 *   <li>The group waits for the forwarding listener: a target group no listener uses reports its
 *       targets {@code unused}, never {@code healthy}, and the group's readiness waits for healthy
 *       targets. It waits too for the app subnets' routes to the NAT gateways, since the default
 *       app installs its web server from the package repositories at boot.
 *   <li>The certificate's validation waits for the validation CNAME record (an extra dependency
 *       beside its ref), and the HTTPS listener for the validation: ELB refuses a certificate
 *       that is not issued.
 * </ul>
 */
public final class WebResources {

    public static final String STEP = WebSection.KEY.name();
    public static final Address ALB_GROUP = securityGroup("alb");
    public static final Address INSTANCE_GROUP = securityGroup("instances");
    public static final Address IMAGE = Address.of(STEP, "image");
    /** The instances' rule admitting the load balancer's group on HTTP. */
    static final String INSTANCES_FROM_ALB = "instances-http-alb";
    public static final Address LAUNCH_TEMPLATE = Address.of(STEP, "launch-template");
    public static final Address TARGET_GROUP = Address.of(STEP, "target-group");
    public static final Address LOAD_BALANCER = Address.of(STEP, "load-balancer");
    public static final Address HTTP_LISTENER = listener("http");
    public static final Address HTTPS_LISTENER = listener("https");
    public static final Address CERTIFICATE = Address.of(STEP, "certificate");
    public static final Address VALIDATION_RECORD = Address.of(STEP, "dns-record", "validation");
    public static final Address CERTIFICATE_VALIDATION = Address.of(STEP, "certificate-validation");
    public static final Address SITE_RECORD = Address.of(STEP, "dns-record", "site");
    public static final Address GROUP = Address.of(STEP, "auto-scaling-group");
    public static final Address POLICY = Address.of(STEP, "scaling-policy");

    /** What the group's health check asks: the load balancer's view of each target, as the guide sets. */
    public static final String HEALTH_CHECK_TYPE = "ELB";
    /** The scaling policy's type: AWS's name for target tracking. */
    public static final String TARGET_TRACKING = "TargetTrackingScaling";
    /** The whole internet, for the load balancer's listeners. */
    public static final String ANYWHERE = "0.0.0.0/0";
    public static final int HTTP_PORT = 80;
    public static final int HTTPS_PORT = 443;
    /** ELB refuses a load balancer whose name starts with this (it marks internal load balancers' DNS names). */
    public static final String RESERVED_ALB_PREFIX = "internal-";

    private static final Pattern AMI_ID = Pattern.compile("ami-([0-9a-f]{8}|[0-9a-f]{17})");

    private WebResources() {}

    public static Address securityGroup(String role) {
        return Address.of(STEP, "sg", role);
    }

    public static Address rule(String name) {
        return Address.of(STEP, "sg-rule", name);
    }

    public static Address listener(String name) {
        return Address.of(STEP, "listener", name);
    }

    /** The load balancer's physical name in {@code stack}, as {@link PhysicalNames} gives it (≤ 32). */
    public static String loadBalancerName(String stack) {
        return PhysicalNames.of(stack, LOAD_BALANCER, Elbv2Kinds.ELB_NAME);
    }

    /** The target group's physical name in {@code stack} (≤ 32). */
    public static String targetGroupName(String stack) {
        return PhysicalNames.of(stack, TARGET_GROUP, Elbv2Kinds.ELB_NAME);
    }

    /** The Auto Scaling group's name in {@code stack}: what {@code cairn sandbox load} and status ask about. */
    public static String groupName(String stack) {
        return PhysicalNames.of(stack, GROUP, AutoScalingKinds.GROUP_NAME);
    }

    /** Whether {@code image} is an AMI ID ({@code ami-} and 8 or 17 hex digits). */
    public static boolean isAmiId(String image) {
        return image != null && AMI_ID.matcher(image).matches();
    }

    /**
     * @param blueprint validated, defaults filled
     * @return empty when the blueprint has no web section or it is disabled
     */
    public static List<ResourceSpec> specs(Blueprint blueprint) {
        WebSection web = blueprint.section(WebSection.KEY);
        if (web == null || !web.on()) {
            return List.of();
        }
        NetworkSection network = blueprint.section(NetworkSection.KEY);
        AccessSection access = blueprint.section(AccessSection.KEY);
        String region = blueprint.region();
        String stack = blueprint.name();
        String userData = UserData.of(web);
        WebSection.AutoScaling as = web.autoScaling();
        List<ResourceSpec> specs = new ArrayList<>();

        // Security groups and their rules, each rule its own resource as in the Access step.
        specs.add(group(stack, region, "alb", "HTTP" + (web.httpsOn() ? " and HTTPS" : "") + " from anywhere"));
        specs.add(cidrRule(region, "alb-http", ALB_GROUP, HTTP_PORT));
        if (web.httpsOn()) {
            specs.add(cidrRule(region, "alb-https", ALB_GROUP, HTTPS_PORT));
        }
        specs.add(group(stack, region, "instances", "HTTP from the load balancer only"));
        specs.add(groupRule(region, INSTANCES_FROM_ALB, HTTP_PORT, ALB_GROUP));
        if (access != null && access.bastionOn()) {
            specs.add(groupRule(region, "instances-ssh-bastion", 22, AccessResources.securityGroup("bastion")));
        }
        if (access != null && access.vpnOn()) {
            specs.add(groupRule(region, "instances-ssh-vpn", 22, AccessResources.securityGroup("vpn")));
        }

        // The image: a golden AMI baked from a sample in the first public subnet (it reaches the
        // package repositories through the internet gateway, with no NAT needed).
        String imageParameter = al2023(web.instanceType());
        Map<String, String> lt = new LinkedHashMap<>();
        lt.put("name", PhysicalNames.of(stack, LAUNCH_TEMPLATE, Ec2Kinds.LAUNCH_TEMPLATE.naming().orElseThrow()));
        lt.put("instanceType", web.instanceType());
        Map<String, Address> ltRefs = new LinkedHashMap<>();
        ltRefs.put("securityGroup", INSTANCE_GROUP);
        if (web.golden()) {
            Map<String, String> img = new LinkedHashMap<>();
            img.put("name", PhysicalNames.of(stack, IMAGE, Ec2Kinds.IMAGE.naming().orElseThrow()));
            img.put("baseImageParameter", imageParameter);
            img.put("instanceType", web.instanceType());
            img.put("userData", userData);
            Map<String, Address> imgRefs = new LinkedHashMap<>();
            imgRefs.put("subnet", NetworkResources.subnet(publicSubnets(network).get(0).name()));
            imgRefs.put("securityGroup", INSTANCE_GROUP);
            // The sample needs its public address to reach the repositories: the gateway first.
            specs.add(spec(IMAGE, Ec2Kinds.IMAGE, region, img, imgRefs, Set.of(NetworkResources.IGW_ATTACHMENT)));
            ltRefs.put("image", IMAGE);
        } else if (isAmiId(web.image())) {
            lt.put("imageId", web.image());
        } else {
            lt.put("imageParameter", imageParameter);
        }
        lt.put("userData", userData);
        specs.add(spec(LAUNCH_TEMPLATE, Ec2Kinds.LAUNCH_TEMPLATE, region, lt, ltRefs, Set.of()));

        Map<String, String> tg = new LinkedHashMap<>();
        tg.put("name", targetGroupName(stack));
        tg.put("protocol", "HTTP");
        tg.put("port", String.valueOf(HTTP_PORT));
        tg.put("healthCheckPath", web.loadBalancer().healthCheckPath());
        tg.put("deregistrationDelaySeconds", String.valueOf(web.loadBalancer().deregistrationDelaySeconds()));
        specs.add(spec(TARGET_GROUP, Elbv2Kinds.TARGET_GROUP, region, tg, Map.of("vpc", NetworkResources.VPC), Set.of()));

        Map<String, String> lb = new LinkedHashMap<>();
        lb.put("name", loadBalancerName(stack));
        lb.put("scheme", "internet-facing");
        Map<String, Address> lbRefs = new LinkedHashMap<>();
        for (SubnetSpec s : onePerZone(network, publicSubnets(network))) {
            lbRefs.put("subnet." + Regions.zoneLetter(s.zone()), NetworkResources.subnet(s.name()));
        }
        lbRefs.put("securityGroup", ALB_GROUP);
        specs.add(spec(LOAD_BALANCER, Elbv2Kinds.LOAD_BALANCER, region, lb, lbRefs, Set.of(NetworkResources.IGW_ATTACHMENT)));

        Address forwarding;
        if (web.httpsOn()) {
            WebSection.Https https = web.https();
            specs.add(spec(CERTIFICATE, AcmKinds.CERTIFICATE, region,
                    props("domainName", https.siteName(), "validationMethod", "DNS"), Map.of(), Set.of()));
            // The CNAME's name and value are ACM's, read from the certificate's attributes.
            specs.add(spec(VALIDATION_RECORD, Route53Kinds.DNS_RECORD, region,
                    props("zoneName", https.domain(), "type", "CNAME", "ttl", "300"),
                    Map.of("certificate", CERTIFICATE), Set.of()));
            specs.add(spec(CERTIFICATE_VALIDATION, AcmKinds.CERTIFICATE_VALIDATION, region, Map.of(),
                    Map.of("certificate", CERTIFICATE), Set.of(VALIDATION_RECORD)));
            specs.add(spec(HTTP_LISTENER, Elbv2Kinds.LISTENER, region,
                    props("port", "80", "protocol", "HTTP", "action", "redirect", "redirectPort", "443"),
                    Map.of("loadBalancer", LOAD_BALANCER), Set.of()));
            Map<String, Address> httpsRefs = new LinkedHashMap<>();
            httpsRefs.put("loadBalancer", LOAD_BALANCER);
            httpsRefs.put("targetGroup", TARGET_GROUP);
            httpsRefs.put("certificate", CERTIFICATE);
            specs.add(spec(HTTPS_LISTENER, Elbv2Kinds.LISTENER, region,
                    props("port", "443", "protocol", "HTTPS", "action", "forward"), httpsRefs, Set.of(CERTIFICATE_VALIDATION)));
            specs.add(spec(SITE_RECORD, Route53Kinds.DNS_RECORD, region,
                    props("zoneName", https.domain(), "name", https.siteName(), "type", "A"),
                    Map.of("aliasTarget", LOAD_BALANCER), Set.of()));
            forwarding = HTTPS_LISTENER;
        } else {
            Map<String, Address> httpRefs = new LinkedHashMap<>();
            httpRefs.put("loadBalancer", LOAD_BALANCER);
            httpRefs.put("targetGroup", TARGET_GROUP);
            specs.add(spec(HTTP_LISTENER, Elbv2Kinds.LISTENER, region,
                    props("port", "80", "protocol", "HTTP", "action", "forward"), httpRefs, Set.of()));
            forwarding = HTTP_LISTENER;
        }

        Map<String, String> g = new LinkedHashMap<>();
        g.put("name", groupName(stack));
        g.put("min", String.valueOf(as.min()));
        g.put("max", String.valueOf(as.max()));
        g.put("desired", String.valueOf(as.desired()));
        g.put("healthCheckType", HEALTH_CHECK_TYPE);
        g.put("healthCheckGraceSeconds", String.valueOf(as.healthCheckGraceSeconds()));
        g.put("instanceType", web.instanceType());
        Map<String, Address> gRefs = new LinkedHashMap<>();
        gRefs.put("launchTemplate", LAUNCH_TEMPLATE);
        gRefs.put("targetGroup", TARGET_GROUP);
        for (SubnetSpec s : appSubnets(network)) {
            gRefs.put("subnet." + subnetKey(network, s), NetworkResources.subnet(s.name()));
        }
        Set<Address> gExtra = new LinkedHashSet<>();
        gExtra.add(forwarding);
        // The rule admitting the load balancer is what makes the targets healthy: the group waits
        // for it on create, and a teardown removes the group before it — deleting the rule first
        // turns every target unhealthy and the group replaces its instances until it is deleted.
        gExtra.add(rule(INSTANCES_FROM_ALB));
        gExtra.addAll(natRoutes(blueprint));
        specs.add(spec(GROUP, AutoScalingKinds.AUTO_SCALING_GROUP, region, g, gRefs, gExtra));

        specs.add(spec(POLICY, AutoScalingKinds.SCALING_POLICY, region,
                props("name", PhysicalNames.of(stack, POLICY, AutoScalingKinds.GROUP_NAME), "policyType", TARGET_TRACKING,
                        "targetCpu", String.valueOf(as.targetCpu()), "warmupSeconds", String.valueOf(as.warmupSeconds())),
                Map.of("group", GROUP), Set.of()));
        return List.copyOf(specs);
    }

    /**
     * {@code specs} with the Auto Scaling group at its {@code max}: what the tier costs when a
     * scale-out has reached the top (the group's cost counts its {@code desired} instances).
     */
    public static List<ResourceSpec> atMax(List<ResourceSpec> specs) {
        return specs.stream().map(s -> s.address().equals(GROUP) && s.property("max") != null
                ? new ResourceSpec(s.address(), s.kind(), s.region(), s.props().with("desired", s.property("max")), s.refs(),
                        s.extraDependencies(), s.tags())
                : s).toList();
    }

    /** The network's public subnets, in the order written. */
    static List<SubnetSpec> publicSubnets(NetworkSection network) {
        return network == null || network.subnets() == null ? List.of()
                : network.subnets().stream().filter(s -> s.tier() == SubnetTier.PUBLIC).toList();
    }

    /** The network's app subnets, in the order written. */
    static List<SubnetSpec> appSubnets(NetworkSection network) {
        return network == null || network.subnets() == null ? List.of()
                : network.subnets().stream().filter(s -> s.tier() == SubnetTier.APP).toList();
    }

    /** The first of {@code subnets} in each zone: a load balancer takes at most one subnet per zone. */
    static List<SubnetSpec> onePerZone(NetworkSection network, List<SubnetSpec> subnets) {
        Map<String, SubnetSpec> byZone = new LinkedHashMap<>();
        for (SubnetSpec s : subnets) {
            byZone.putIfAbsent(s.zone(), s);
        }
        return List.copyOf(byZone.values());
    }

    /** The member name in the {@code subnet} ref family: the zone letter, with the subnet's name when a zone has several. */
    private static String subnetKey(NetworkSection network, SubnetSpec s) {
        long inZone = appSubnets(network).stream().filter(o -> o.zone().equals(s.zone())).count();
        return inZone == 1 ? Regions.zoneLetter(s.zone()) : s.name();
    }

    /** The Network step's default routes through NAT gateways: what app-subnet instances reach the internet by. */
    private static List<Address> natRoutes(Blueprint blueprint) {
        return NetworkResources.specs(blueprint).stream()
                .filter(s -> s.kind() == Ec2Kinds.ROUTE && s.refs().containsKey("natGateway"))
                .map(ResourceSpec::address).toList();
    }

    /** The Amazon Linux 2023 parameter for an instance type: Graviton ({@code g}) types need arm64. */
    static String al2023(String instanceType) {
        return dev.cairn.model.InstanceTypeName.parse(instanceType).filter(t -> t.attributes().contains("g")).isPresent()
                ? AccessResources.AL2023_ARM : AccessResources.AL2023_X86;
    }

    private static ResourceSpec group(String stack, String region, String role, String description) {
        // "cairn-" keeps the name clear of the "sg-" prefix AWS reserves.
        return spec(securityGroup(role), Ec2Kinds.SECURITY_GROUP, region,
                props("groupName", "cairn-" + stack + "-web-" + role, "description", description),
                Map.of("vpc", NetworkResources.VPC), Set.of());
    }

    private static ResourceSpec cidrRule(String region, String name, Address group, int port) {
        return spec(rule(name), Ec2Kinds.SECURITY_GROUP_RULE, region,
                props("protocol", "tcp", "fromPort", String.valueOf(port), "toPort", String.valueOf(port), "cidr", ANYWHERE),
                Map.of("group", group), Set.of());
    }

    private static ResourceSpec groupRule(String region, String name, int port, Address source) {
        Map<String, Address> refs = new LinkedHashMap<>();
        refs.put("group", INSTANCE_GROUP);
        refs.put("sourceGroup", source);
        return spec(rule(name), Ec2Kinds.SECURITY_GROUP_RULE, region,
                props("protocol", "tcp", "fromPort", String.valueOf(port), "toPort", String.valueOf(port)), refs, Set.of());
    }

    private static Map<String, String> props(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static ResourceSpec spec(Address address, ResourceKind kind, String region, Map<String, String> props,
            Map<String, Address> refs, Set<Address> extra) {
        return new ResourceSpec(address, kind, region, props, refs, extra);
    }
}
