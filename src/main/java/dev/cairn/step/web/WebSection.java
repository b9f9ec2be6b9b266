package dev.cairn.step.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cairn.model.Section;
import dev.cairn.model.SectionKey;

/**
 * The Web tier step: an internet-facing Application Load Balancer in the public subnets, a
 * launch template, an Auto Scaling group of 1–3 instances in the app subnets of every zone held
 * at an average CPU by a target-tracking policy, and optionally HTTPS with an ACM certificate and
 * a Route 53 alias. Null fields mean "not given" and are filled by {@link WebStep#withDefaults}.
 *
 * @param enabled null means true (a section that is written is wanted)
 * @param image {@code latest} (Amazon Linux 2023 from the SSM public parameter), {@code golden}
 *     (a sample instance with the app becomes an AMI, the guide's golden image) or an AMI ID
 * @param instanceType like {@code t3.micro}; null means the region's free-tier type
 * @param app the user data each instance runs (a bash script); null means Cairn's page showing
 *     the instance ID, zone and private address ({@link UserData#defaultScript()})
 * @param loadBalancer the target group's health check and deregistration delay
 * @param https optional: a certificate for {@code subdomain.domain}, listener 443, 80 redirecting
 * @param autoScaling the group's sizes, health-check grace and its target-tracking policy
 */
@JsonPropertyOrder({"enabled", "image", "instanceType", "app", "loadBalancer", "https", "autoScaling"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebSection(Boolean enabled, String image, String instanceType, String app, LoadBalancer loadBalancer,
        Https https, AutoScaling autoScaling) implements Section {

    /** The section's key in a blueprint: {@code web}, also its addresses' step. */
    public static final SectionKey<WebSection> KEY = SectionKey.of("web", WebSection.class);

    /** The {@code image} word for Amazon Linux 2023's newest AMI, read from SSM's public parameter. */
    public static final String IMAGE_LATEST = "latest";
    /** The {@code image} word for a golden AMI baked from a sample instance with the app installed. */
    public static final String IMAGE_GOLDEN = "golden";

    /** Whether the step builds anything: written and not {@code enabled: false}. */
    public boolean on() {
        return !Boolean.FALSE.equals(enabled);
    }

    public boolean golden() {
        return IMAGE_GOLDEN.equals(image);
    }

    public boolean latest() {
        return image == null || IMAGE_LATEST.equals(image);
    }

    /** Whether HTTPS is asked for (a written {@code https} with a domain). */
    public boolean httpsOn() {
        return https != null && https.domain() != null && !https.domain().isEmpty();
    }

    /**
     * The target group's health check and draining.
     *
     * @param healthCheckPath the path the ALB asks every instance for, starting with {@code /}
     * @param deregistrationDelaySeconds how long a leaving target keeps its connections (AWS's
     *     default 300 s slows every scale-in; 30 s is plenty for a page)
     */
    @JsonPropertyOrder({"healthCheckPath", "deregistrationDelaySeconds"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LoadBalancer(String healthCheckPath, Integer deregistrationDelaySeconds) {}

    /**
     * HTTPS for {@code subdomain.domain}.
     *
     * @param domain a public hosted zone in the account (in the Sandbox, a practice zone)
     * @param subdomain the site's name under the domain; the guide's {@code autoscaling}
     */
    @JsonPropertyOrder({"domain", "subdomain"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Https(String domain, String subdomain) {

        /** The site's name, {@code autoscaling.example.com}. */
        public String siteName() {
            return subdomain == null || subdomain.isEmpty() ? domain : subdomain + "." + domain;
        }
    }

    /**
     * The Auto Scaling group and its target-tracking policy.
     *
     * @param min fewest instances
     * @param desired instances at start
     * @param max most instances a scale-out reaches
     * @param healthCheckGraceSeconds how long a new instance's failed health checks are ignored
     * @param targetCpu the average CPU percentage the policy holds (1–100)
     * @param warmupSeconds how long a new instance's metrics are left out of the average
     */
    @JsonPropertyOrder({"min", "desired", "max", "healthCheckGraceSeconds", "targetCpu", "warmupSeconds"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AutoScaling(Integer min, Integer desired, Integer max, Integer healthCheckGraceSeconds,
            Integer targetCpu, Integer warmupSeconds) {}
}
