package dev.cairn.step.web;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.InstanceTypeName;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.SectionKey;
import dev.cairn.step.StepModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 3, Web tier: an internet-facing Application Load Balancer in the public subnets, a launch
 * template (Amazon Linux 2023, a golden AMI or the user's AMI), an Auto Scaling group in the app
 * subnets of every zone with a target-tracking policy on average CPU, and optionally HTTPS with
 * an ACM certificate and a Route 53 alias. Optional: a blueprint without the section leaves the
 * step out. Builds on the Network step's subnets and, for SSH, on the Access step's groups.
 */
public final class WebStep implements StepModule<WebSection> {

    public static final WebStep MODULE = new WebStep();

    /** The guide's health-check path: the page itself. */
    public static final String DEFAULT_HEALTH_CHECK_PATH = "/";
    /**
     * Seconds a leaving target keeps its connections. AWS's default is 300, which holds every
     * scale-in for five minutes; a page's requests finish in well under a second.
     */
    public static final int DEFAULT_DEREGISTRATION_DELAY = 30;
    /** The guide's site name under the domain. */
    public static final String DEFAULT_SUBDOMAIN = "autoscaling";
    public static final int DEFAULT_MIN = 1;
    public static final int DEFAULT_DESIRED = 1;
    public static final int DEFAULT_MAX = 3;
    /**
     * The guide's grace: the default app serves within seconds of boot. The console's 300 s suits
     * apps that take minutes to start, but here it would only delay replacing a broken instance.
     */
    public static final int DEFAULT_GRACE_SECONDS = 10;
    /** The guide's target: average CPU held at 70 %. */
    public static final int DEFAULT_TARGET_CPU = 70;
    /** The guide's warm-up: a new instance's CPU counts in the average after 10 s. */
    public static final int DEFAULT_WARMUP_SECONDS = 10;

    private static final Map<String, String> FIELD_COMMENTS = fieldComments0();

    private WebStep() {}

    private static Map<String, String> fieldComments0() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("enabled", "false keeps the section but builds nothing.");
        m.put("image", "latest (Amazon Linux 2023 from AWS's public SSM parameter), golden (a sample instance with the app"
                + " becomes an AMI, then is removed: immutable servers) or an AMI ID like ami-0123456789abcdef0.");
        m.put("instanceType", "Left out: the region's free-tier type (t2.micro, or t3.micro where there is no t2).");
        m.put("app", "The bash user data each instance runs at first boot. Left out: Cairn's page showing the instance ID,"
                + " zone and private address, read through IMDSv2 (the Web tier page shows the script).");
        m.put("loadBalancer", "Internet-facing Application Load Balancer in the public subnets; target group HTTP:80.");
        m.put("loadBalancer.healthCheckPath", "What the load balancer asks each instance for; starts with /.");
        m.put("loadBalancer.deregistrationDelaySeconds", "How long a leaving instance keeps its connections: 30 s is plenty"
                + " for a page, AWS's default 300 s would hold every scale-in for five minutes.");
        m.put("https", "Optional: a certificate for subdomain.domain validated by DNS, listener 443, 80 redirecting to HTTPS.");
        m.put("https.domain", "A public hosted zone in the account (in the Sandbox a practice zone is made).");
        m.put("https.subdomain", "The site is subdomain.domain; the guide's is autoscaling.");
        m.put("autoScaling", "The group, in the app subnets of every zone, with the load balancer's health check.");
        m.put("autoScaling.min", "Fewest instances.");
        m.put("autoScaling.desired", "Instances at start; min <= desired <= max.");
        m.put("autoScaling.max", "Most instances a scale-out reaches.");
        m.put("autoScaling.healthCheckGraceSeconds", "How long a new instance's failed health checks are ignored: the"
                + " guide's 10 s, as the page serves within seconds (the console's 300 s suits slow-starting apps).");
        m.put("autoScaling.targetCpu", "Target tracking holds the group's average CPU at this percentage (1-100).");
        m.put("autoScaling.warmupSeconds", "How long a new instance's CPU stays out of the average after it starts.");
        return Map.copyOf(m);
    }

    @Override
    public SectionKey<WebSection> key() {
        return WebSection.KEY;
    }

    @Override
    public boolean required() {
        return false;
    }

    @Override
    public String comment() {
        return "Step 3, Web tier: load balancer, launch template, Auto Scaling group, optional HTTPS with a certificate and DNS.";
    }

    @Override
    public Map<String, String> fieldComments() {
        return FIELD_COMMENTS;
    }

    /**
     * Enabled; image {@code latest}; the region's free-tier type; the guide's load balancer and
     * group settings; {@code https.subdomain} {@code autoscaling}. {@code app} stays null (Cairn's
     * page): the YAML keeps the user's choice of "the default", which may change with Cairn.
     */
    @Override
    public WebSection withDefaults(WebSection w, Blueprint blueprint) {
        String image = w.image() == null || w.image().isEmpty() ? WebSection.IMAGE_LATEST : w.image();
        String type = w.instanceType() == null || w.instanceType().isEmpty()
                ? InstanceTypeName.freeTierDefault(blueprint.region()) : w.instanceType();
        WebSection.LoadBalancer lb = w.loadBalancer() == null ? new WebSection.LoadBalancer(null, null) : w.loadBalancer();
        lb = new WebSection.LoadBalancer(
                lb.healthCheckPath() == null || lb.healthCheckPath().isEmpty() ? DEFAULT_HEALTH_CHECK_PATH : lb.healthCheckPath(),
                or(lb.deregistrationDelaySeconds(), DEFAULT_DEREGISTRATION_DELAY));
        WebSection.Https https = w.https();
        if (https != null) {
            https = new WebSection.Https(https.domain(),
                    https.subdomain() == null || https.subdomain().isEmpty() ? DEFAULT_SUBDOMAIN : https.subdomain());
        }
        WebSection.AutoScaling as = w.autoScaling() == null
                ? new WebSection.AutoScaling(null, null, null, null, null, null) : w.autoScaling();
        int min = or(as.min(), DEFAULT_MIN);
        int max = or(as.max(), Math.max(DEFAULT_MAX, min));
        // desired left out: the group starts at min (AWS's own default), never below DEFAULT_DESIRED's 1 unless min is 0.
        int desired = or(as.desired(), Math.min(Math.max(min, DEFAULT_DESIRED), max));
        as = new WebSection.AutoScaling(min, desired, max, or(as.healthCheckGraceSeconds(), DEFAULT_GRACE_SECONDS),
                or(as.targetCpu(), DEFAULT_TARGET_CPU), or(as.warmupSeconds(), DEFAULT_WARMUP_SECONDS));
        return new WebSection(w.on(), image, type, w.app(), lb, https, as);
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    @Override
    public List<FieldError> validate(WebSection web, Blueprint blueprint) {
        return WebValidator.validate(web, blueprint);
    }

    @Override
    public List<FieldError> warnings(WebSection web, Blueprint blueprint) {
        return WebValidator.warnings(web, blueprint);
    }

    @Override
    public List<ResourceSpec> resources(WebSection web, Blueprint blueprint) {
        return WebResources.specs(blueprint);
    }
}
