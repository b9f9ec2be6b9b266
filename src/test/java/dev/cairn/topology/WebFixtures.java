package dev.cairn.topology;

import dev.cairn.model.Address;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.AcmKinds;
import dev.cairn.model.kinds.AutoScalingKinds;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.model.kinds.Elbv2Kinds;
import dev.cairn.model.kinds.Route53Kinds;
import dev.cairn.step.network.NetworkResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Web tier's specs as the kinds' javadoc (the contract with the step) describes them, over
 * the guide's network: an internet-facing load balancer in the public subnets with HTTP → HTTPS
 * and HTTPS listeners, its target group, a certificate validated through DNS, the site's alias
 * record, a golden image, a launch template and a group of 1–3 in the app subnets.
 */
final class WebFixtures {

    static final String STEP = "web";
    static final Address ALB = Address.of(STEP, "alb");
    static final Address TARGET_GROUP = Address.of(STEP, "target-group");
    static final Address HTTP = Address.of(STEP, "listener", "http");
    static final Address HTTPS = Address.of(STEP, "listener", "https");
    static final Address CERTIFICATE = Address.of(STEP, "certificate");
    static final Address VALIDATION = Address.of(STEP, "certificate-validation");
    static final Address SITE = Address.of(STEP, "dns", "site");
    static final Address VALIDATION_RECORD = Address.of(STEP, "dns", "validation");
    static final Address ALB_SG = Address.of(STEP, "sg", "alb");
    static final Address INSTANCE_SG = Address.of(STEP, "sg", "instances");
    static final Address IMAGE = Address.of(STEP, "image");
    static final Address LAUNCH_TEMPLATE = Address.of(STEP, "launch-template");
    static final Address GROUP = Address.of(STEP, "asg");
    static final Address POLICY = Address.of(STEP, "scaling-policy");
    static final String DOMAIN = "example.com";

    private WebFixtures() {}

    static ResourceSpec spec(String region, Address a, ResourceKind kind, Map<String, String> props,
            Map<String, Address> refs) {
        return new ResourceSpec(a, kind, region, props, refs, Set.of());
    }

    /** The Web tier of the guide in {@code region}, on the Network step's addresses (zones a and c). */
    static List<ResourceSpec> web(String region, int max) {
        Address vpc = NetworkResources.VPC;
        Address publicA = NetworkResources.subnet("public-a");
        Address publicC = NetworkResources.subnet("public-c");
        List<ResourceSpec> s = new ArrayList<>();
        s.add(spec(region, ALB_SG, Ec2Kinds.SECURITY_GROUP, Map.of("name", "demo-web-alb", "description", "ALB"),
                Map.of("vpc", vpc)));
        s.add(spec(region, INSTANCE_SG, Ec2Kinds.SECURITY_GROUP, Map.of("name", "demo-web", "description", "web"),
                Map.of("vpc", vpc)));
        s.add(spec(region, ALB, Elbv2Kinds.LOAD_BALANCER, Map.of("name", "demo-web", "scheme", "internet-facing"),
                Map.of("subnet.a", publicA, "subnet.c", publicC, "securityGroup", ALB_SG)));
        s.add(spec(region, TARGET_GROUP, Elbv2Kinds.TARGET_GROUP, Map.of("name", "demo-web", "protocol", "HTTP",
                "port", "80", "healthCheckPath", "/"), Map.of("vpc", vpc)));
        s.add(spec(region, HTTP, Elbv2Kinds.LISTENER, Map.of("port", "80", "protocol", "HTTP", "action", "redirect",
                "redirectPort", "443"), Map.of("loadBalancer", ALB)));
        s.add(spec(region, HTTPS, Elbv2Kinds.LISTENER, Map.of("port", "443", "protocol", "HTTPS", "action", "forward"),
                Map.of("loadBalancer", ALB, "targetGroup", TARGET_GROUP, "certificate", CERTIFICATE)));
        s.add(spec(region, CERTIFICATE, AcmKinds.CERTIFICATE, Map.of("domainName", "autoscaling." + DOMAIN,
                "validationMethod", "DNS"), Map.of()));
        s.add(spec(region, VALIDATION, AcmKinds.CERTIFICATE_VALIDATION, Map.of(), Map.of("certificate", CERTIFICATE)));
        s.add(spec("us-east-1", VALIDATION_RECORD, Route53Kinds.DNS_RECORD, Map.of("zoneName", DOMAIN,
                "name", "_3f1c.autoscaling." + DOMAIN, "type", "CNAME", "ttl", "300"), Map.of("certificate", CERTIFICATE)));
        s.add(spec("us-east-1", SITE, Route53Kinds.DNS_RECORD, Map.of("zoneName", DOMAIN,
                "name", "autoscaling." + DOMAIN, "type", "A", "ttl", "60"), Map.of("aliasTarget", ALB)));
        s.add(spec(region, IMAGE, Ec2Kinds.IMAGE, Map.of("name", "demo-web-golden", "baseImageParameter", "al2023",
                "instanceType", "t3.micro", "userData", "#!/bin/sh"), Map.of("subnet", publicA, "securityGroup",
                INSTANCE_SG)));
        s.add(spec(region, LAUNCH_TEMPLATE, Ec2Kinds.LAUNCH_TEMPLATE, Map.of("name", "demo-web", "instanceType",
                "t3.micro", "userData", "#!/bin/sh"), Map.of("securityGroup", INSTANCE_SG, "image", IMAGE)));
        s.add(spec(region, GROUP, AutoScalingKinds.AUTO_SCALING_GROUP, Map.of("name", "demo-web", "min", "1",
                "max", String.valueOf(max), "desired", "1", "healthCheckType", "ELB", "healthCheckGraceSeconds", "10",
                "instanceType", "t3.micro"), Map.of("launchTemplate", LAUNCH_TEMPLATE, "targetGroup", TARGET_GROUP,
                "subnet.a", NetworkResources.subnet("app-a"), "subnet.c", NetworkResources.subnet("app-c"))));
        s.add(spec(region, POLICY, AutoScalingKinds.SCALING_POLICY, Map.of("name", "cpu70", "policyType",
                "TargetTrackingScaling", "targetCpu", "70", "warmupSeconds", "10"), Map.of("group", GROUP)));
        return s;
    }

    /** The guide's Network and Access steps (as {@link AccessTopologyTest} plans them) and the Web tier. */
    static List<ResourceSpec> guide() {
        List<ResourceSpec> specs = new ArrayList<>(AccessTopologyTest.demoSpecs());
        specs.addAll(web(AccessTopologyTest.REGION, 3));
        return specs;
    }
}
