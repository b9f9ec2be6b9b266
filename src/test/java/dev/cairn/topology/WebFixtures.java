package dev.cairn.topology;

import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceSpec;
import dev.cairn.plan.Planner;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.web.WebResources;
import dev.cairn.step.web.WebSection;
import java.util.List;

/**
 * The whole guide as the planner plans it (Network, Access, and the Web tier with a golden image
 * and HTTPS for {@value #DOMAIN}): an internet-facing load balancer in the public subnets with
 * HTTP → HTTPS and HTTPS listeners, its target group, a certificate validated through DNS, the
 * site's alias record, a golden image, a launch template and a group in the app subnets.
 */
final class WebFixtures {

    static final Address ALB = WebResources.LOAD_BALANCER;
    static final Address TARGET_GROUP = WebResources.TARGET_GROUP;
    static final Address HTTP = WebResources.HTTP_LISTENER;
    static final Address HTTPS = WebResources.HTTPS_LISTENER;
    static final Address CERTIFICATE = WebResources.CERTIFICATE;
    static final Address SITE = WebResources.SITE_RECORD;
    static final Address VALIDATION_RECORD = WebResources.VALIDATION_RECORD;
    static final Address INSTANCE_SG = WebResources.INSTANCE_GROUP;
    static final Address IMAGE = WebResources.IMAGE;
    static final Address LAUNCH_TEMPLATE = WebResources.LAUNCH_TEMPLATE;
    static final Address GROUP = WebResources.GROUP;
    static final String DOMAIN = "example.com";

    private WebFixtures() {}

    /** The guide with a group of at most {@code max} instances. */
    static List<ResourceSpec> guide(int max) {
        Blueprint bp = BlueprintYaml.withDefaults(BlueprintExample.fourSteps().without(dev.cairn.step.storage.StorageSection.KEY));
        bp = bp.with(AccessSection.KEY, bp.section(AccessSection.KEY).withMyIp(AccessTopologyTest.MY_IP));
        WebSection w = bp.section(WebSection.KEY);
        WebSection.AutoScaling as = w.autoScaling();
        bp = bp.with(WebSection.KEY, new WebSection(true, WebSection.IMAGE_GOLDEN, w.instanceType(), w.app(),
                w.loadBalancer(), new WebSection.Https(DOMAIN, "autoscaling"), new WebSection.AutoScaling(as.min(),
                        as.desired(), max, as.healthCheckGraceSeconds(), as.targetCpu(), as.warmupSeconds())));
        return Planner.specs(BlueprintYaml.withDefaults(bp));
    }

    static List<ResourceSpec> guide() {
        return guide(3);
    }
}
