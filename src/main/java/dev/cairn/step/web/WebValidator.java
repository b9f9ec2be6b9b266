package dev.cairn.step.web;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.InstanceTypeName;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.SubnetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Web tier step's rules, called by {@link WebStep}; every one is checked before any AWS call.
 * Rule keys: {@code field.required}, {@code web.image}, {@code instanceType.format},
 * {@code web.albName}, {@code web.healthCheckPath}, {@code web.deregistrationDelay},
 * {@code web.sizeNegative}, {@code web.maxZero}, {@code web.sizeOrder}, {@code web.targetCpu},
 * {@code web.seconds}, {@code web.domain}, {@code web.subdomain}, {@code web.twoZones},
 * {@code web.noAppSubnet}; the warning {@code web.noNat}. Whether the domain's public hosted zone
 * exists is asked of AWS at plan time ({@code app.HostedZoneCheck}), never here: validation makes
 * no network call.
 */
public final class WebValidator {

    /** ELB: a health-check path is at most 1024 characters. */
    public static final int MAX_HEALTH_CHECK_PATH = 1024;
    /** ELB: the deregistration delay is 0–3600 seconds. */
    public static final int MAX_DEREGISTRATION_DELAY = 3600;
    /** Auto Scaling: the health-check grace period is at most 7200 seconds. */
    public static final int MAX_GRACE_SECONDS = 7200;
    /** A DNS name: at most 253 characters (RFC 1035). */
    public static final int MAX_DOMAIN = 253;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** A public domain name: two or more labels, the last one letters only (a top-level domain). */
    private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    private WebValidator() {}

    public static List<FieldError> validate(WebSection web, Blueprint bp) {
        List<FieldError> errors = new ArrayList<>();
        if (!web.on()) {
            return List.of();
        }
        String image = web.image();
        if (image != null && !WebSection.IMAGE_LATEST.equals(image) && !WebSection.IMAGE_GOLDEN.equals(image)
                && !WebResources.isAmiId(image)) {
            errors.add(FieldError.of("web.image", "web.image", "web.image " + BlueprintValidator.quote(image)
                    + " is not latest, golden or an AMI ID like ami-0123456789abcdef0", image));
        }
        String type = web.instanceType();
        if (type == null || type.isEmpty()) {
            errors.add(FieldError.of("web.instanceType", "field.required", "web.instanceType is required"));
        } else if (!InstanceTypeName.isValid(type)) {
            errors.add(FieldError.of("web.instanceType", "instanceType.format", "web.instanceType " + BlueprintValidator.quote(type)
                    + " is not an instance type name like t3.micro (family, generation, attributes, then .size)", type));
        }
        validateNames(bp, errors);
        validateLoadBalancer(web.loadBalancer(), errors);
        validateAutoScaling(web.autoScaling(), errors);
        if (web.https() != null) {
            validateHttps(web.https(), errors);
        }
        validateNetwork(bp.section(NetworkSection.KEY), errors);
        return List.copyOf(errors);
    }

    /** Instances in app subnets with no NAT cannot install the default app's web server. */
    public static List<FieldError> warnings(WebSection web, Blueprint bp) {
        NetworkSection network = bp.section(NetworkSection.KEY);
        if (web.on() && network != null && network.nat() == NatMode.NONE && !web.golden()
                && (web.app() == null || web.app().isBlank())) {
            return List.of(FieldError.of("web.image", "web.noNat", "network.nat is none: the instances in the app subnets"
                    + " cannot reach the package repositories to install the web server; use image golden or a NAT gateway"));
        }
        return List.of();
    }

    /**
     * The names AWS would refuse. {@link dev.cairn.model.PhysicalNames} already keeps them within
     * 32 characters of letters, digits and hyphens; what is left is ELB's reserved prefix.
     */
    private static void validateNames(Blueprint bp, List<FieldError> errors) {
        if (bp.name() == null || bp.name().isEmpty()) {
            return; // the blueprint's own rules say so
        }
        for (String name : List.of(WebResources.loadBalancerName(bp.name()), WebResources.targetGroupName(bp.name()))) {
            if (name.length() > 32 || name.toLowerCase(Locale.ROOT).startsWith(WebResources.RESERVED_ALB_PREFIX)) {
                errors.add(FieldError.of("web", "web.albName", "the load balancer and target group names of stack "
                        + bp.name() + " (" + name + ") would start with \"internal-\" or exceed 32 characters;"
                        + " Elastic Load Balancing refuses them: rename the stack", name));
                return;
            }
        }
    }

    private static void validateLoadBalancer(WebSection.LoadBalancer lb, List<FieldError> errors) {
        if (lb == null) {
            errors.add(FieldError.of("web.loadBalancer", "field.required", "web.loadBalancer is required"));
            return;
        }
        String path = lb.healthCheckPath();
        String f = "web.loadBalancer.healthCheckPath";
        if (path == null || path.isEmpty()) {
            errors.add(FieldError.of(f, "field.required", f + " is required"));
        } else if (!path.startsWith("/") || path.length() > MAX_HEALTH_CHECK_PATH || path.chars().anyMatch(c -> c <= ' ')) {
            errors.add(FieldError.of(f, "web.healthCheckPath", f + " " + BlueprintValidator.quote(path)
                    + " must start with / and be at most " + MAX_HEALTH_CHECK_PATH + " characters without spaces", path));
        }
        Integer delay = lb.deregistrationDelaySeconds();
        String d = "web.loadBalancer.deregistrationDelaySeconds";
        if (delay == null) {
            errors.add(FieldError.of(d, "field.required", d + " is required"));
        } else if (delay < 0 || delay > MAX_DEREGISTRATION_DELAY) {
            errors.add(FieldError.of(d, "web.deregistrationDelay", d + " " + delay + " must be 0 to "
                    + MAX_DEREGISTRATION_DELAY + " seconds", String.valueOf(delay)));
        }
    }

    private static void validateAutoScaling(WebSection.AutoScaling as, List<FieldError> errors) {
        String f = "web.autoScaling";
        if (as == null) {
            errors.add(FieldError.of(f, "field.required", f + " is required"));
            return;
        }
        boolean sizesGiven = true;
        for (var e : List.of(List.of("min", as.min()), List.of("desired", as.desired()), List.of("max", as.max()))) {
            String key = (String) e.get(0);
            Integer v = (Integer) e.get(1);
            if (v == null) {
                errors.add(FieldError.of(f + "." + key, "field.required", f + "." + key + " is required"));
                sizesGiven = false;
            } else if (v < 0) {
                errors.add(FieldError.of(f + "." + key, "web.sizeNegative", f + "." + key + " " + v + " must not be negative",
                        String.valueOf(v)));
                sizesGiven = false;
            }
        }
        if (sizesGiven) {
            if (as.max() == 0) {
                errors.add(FieldError.of(f + ".max", "web.maxZero", f + ".max must be at least 1: a group of at most 0"
                        + " instances serves nothing"));
            } else if (as.min() > as.desired() || as.desired() > as.max()) {
                errors.add(FieldError.of(f + ".desired", "web.sizeOrder", f + ": min " + as.min() + ", desired " + as.desired()
                        + ", max " + as.max() + " must satisfy min ≤ desired ≤ max",
                        String.valueOf(as.min()), String.valueOf(as.desired()), String.valueOf(as.max())));
            }
        }
        Integer cpu = as.targetCpu();
        if (cpu == null) {
            errors.add(FieldError.of(f + ".targetCpu", "field.required", f + ".targetCpu is required"));
        } else if (cpu < 1 || cpu > 100) {
            errors.add(FieldError.of(f + ".targetCpu", "web.targetCpu", f + ".targetCpu " + cpu
                    + " must be a percentage from 1 to 100", String.valueOf(cpu)));
        }
        seconds(f + ".healthCheckGraceSeconds", as.healthCheckGraceSeconds(), MAX_GRACE_SECONDS, errors);
        seconds(f + ".warmupSeconds", as.warmupSeconds(), Integer.MAX_VALUE, errors);
    }

    private static void seconds(String f, Integer value, int max, List<FieldError> errors) {
        if (value == null) {
            errors.add(FieldError.of(f, "field.required", f + " is required"));
        } else if (value < 0 || value > max) {
            errors.add(FieldError.of(f, "web.seconds", f + " " + value + " must be 0 to " + max + " seconds",
                    String.valueOf(value), String.valueOf(max)));
        }
    }

    private static void validateHttps(WebSection.Https https, List<FieldError> errors) {
        String f = "web.https.domain";
        String domain = https.domain();
        if (domain == null || domain.isEmpty()) {
            errors.add(FieldError.of(f, "field.required", f + " is required for HTTPS (a public hosted zone of yours)"));
        } else if (domain.length() > MAX_DOMAIN || !DOMAIN.matcher(domain).matches()) {
            errors.add(FieldError.of(f, "web.domain", f + " " + BlueprintValidator.quote(domain)
                    + " is not a domain name like example.com (lowercase labels separated by dots)", domain));
        }
        String sub = https.subdomain();
        if (sub != null && !sub.isEmpty() && !LABEL.matcher(sub).matches()) {
            errors.add(FieldError.of("web.https.subdomain", "web.subdomain", "web.https.subdomain " + BlueprintValidator.quote(sub)
                    + " must be one DNS label: lowercase letters, digits and inner hyphens, at most 63", sub));
        }
    }

    /** ELB needs subnets in two zones at least; the group needs app subnets. */
    private static void validateNetwork(NetworkSection network, List<FieldError> errors) {
        if (network == null || network.subnets() == null || network.subnets().isEmpty()) {
            return; // the Network step's rules say so
        }
        long zones = WebResources.publicSubnets(network).stream().map(SubnetSpec::zone).distinct().count();
        if (zones < 2) {
            errors.add(FieldError.of("web", "web.twoZones", "web: an Application Load Balancer needs public subnets in at"
                    + " least two zones; network.subnets has them in " + zones, String.valueOf(zones)));
        }
        if (WebResources.appSubnets(network).isEmpty()) {
            errors.add(FieldError.of("web", "web.noAppSubnet", "web: the Auto Scaling group needs an app subnet in"
                    + " network.subnets"));
        }
    }
}
