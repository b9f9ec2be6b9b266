package dev.cairn.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.StackState;
import dev.cairn.step.web.WebResources;
import dev.cairn.step.web.WebSection;
import java.util.Optional;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * How the Web tier stands now, read from AWS (or the Sandbox) for {@code cairn status} and the
 * How-to-use box: the URL to curl, the group's sizes and instances in service, and its targets'
 * health. The state gives the IDs; the calls give what changes without Cairn (a scale-out).
 *
 * @param url what to curl: in the Sandbox the loopback URL of the load balancer's port-80
 *     listener (forwarding, or redirecting to HTTPS); in AWS {@code https://<subdomain>.<domain>}
 *     with HTTPS, else {@code http://<ALB DNS name>}
 * @param sizes the group as Auto Scaling describes it
 * @param targets the target group's health
 */
public record WebStatus(Optional<String> url, Optional<Sizes> sizes, Optional<Targets> targets) {

    /** The group's sizes and how many of its instances are InService. */
    public record Sizes(int min, int desired, int max, int inService) {}

    /** How many registered targets are healthy and unhealthy (others are initial, draining or unused). */
    public record Targets(int healthy, int unhealthy) {}

    /** Nothing built yet. */
    public static final WebStatus NONE = new WebStatus(Optional.empty(), Optional.empty(), Optional.empty());

    /** Whether the state holds a Web tier to ask about. */
    public static boolean built(StackState state) {
        return ready(state, WebResources.LOAD_BALANCER).isPresent() || ready(state, WebResources.GROUP).isPresent();
    }

    /** Reads the Web tier of {@code blueprint} as {@code state} records it, through {@code target}. */
    public static WebStatus read(Target target, Blueprint blueprint, StackState state) {
        WebSection web = blueprint.section(WebSection.KEY);
        String region = blueprint.region();
        Optional<String> url = ready(state, WebResources.LOAD_BALANCER).flatMap(lb -> url(target, web, lb));
        Optional<Sizes> sizes = ready(state, WebResources.GROUP).flatMap(g -> {
            var groups = target.clients().autoScaling(region)
                    .describeAutoScalingGroups(b -> b.autoScalingGroupNames(g.physicalId())).autoScalingGroups();
            if (groups.isEmpty()) {
                return Optional.empty();
            }
            AutoScalingGroup group = groups.get(0);
            int inService = (int) group.instances().stream().filter(i -> i.lifecycleState() == LifecycleState.IN_SERVICE).count();
            return Optional.of(new Sizes(group.minSize(), group.desiredCapacity(), group.maxSize(), inService));
        });
        Optional<Targets> targets = ready(state, WebResources.TARGET_GROUP).map(tg -> {
            var health = target.clients().elbv2(region).describeTargetHealth(b -> b.targetGroupArn(tg.physicalId()))
                    .targetHealthDescriptions();
            return new Targets(count(health, TargetHealthStateEnum.HEALTHY), count(health, TargetHealthStateEnum.UNHEALTHY));
        });
        return new WebStatus(url, sizes, targets);
    }

    private static int count(java.util.List<TargetHealthDescription> health, TargetHealthStateEnum state) {
        return (int) health.stream().filter(h -> h.targetHealth() != null && h.targetHealth().state() == state).count();
    }

    private static Optional<String> url(Target target, WebSection web, ResourceRecord lb) {
        if (target.kind() == Target.Kind.AWS) {
            if (web != null && web.httpsOn()) {
                return Optional.of("https://" + web.https().siteName());
            }
            return Optional.ofNullable(lb.attributes().get("dnsName")).map(d -> "http://" + d);
        }
        // The Sandbox serves each listener on a loopback port; port 80's is what a person curls.
        JsonNode all = new SandboxControl(target.endpointUrl().orElseThrow()).get(SandboxControl.LOAD_BALANCERS);
        for (JsonNode balancer : all) {
            if (balancer.path("arn").asText().equals(lb.physicalId())) {
                for (JsonNode listener : balancer.path("listeners")) {
                    if (listener.path("port").asInt() == WebResources.HTTP_PORT && listener.hasNonNull("url")) {
                        return Optional.of(listener.get("url").asText());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<ResourceRecord> ready(StackState state, dev.cairn.model.Address address) {
        return state.get(address).filter(r -> r.status() == ItemStatus.READY && r.physicalId() != null);
    }
}
