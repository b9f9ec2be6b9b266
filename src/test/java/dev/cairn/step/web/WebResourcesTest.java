package dev.cairn.step.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.plan.Action;
import dev.cairn.plan.Plan;
import dev.cairn.plan.Planner;
import dev.cairn.model.StackState;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.access.AccessResources;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.step.storage.StorageSection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Web tier's resources: HTTPS on and off, the Access step on and off, golden image, and the plan. */
class WebResourcesTest {

    /** The guide (Network + Access + Web) with myIp resolved, as the app hands it to the planner. */
    static Blueprint guide() {
        // The example's Storage step is left out: this is about the Web tier's three steps.
        Blueprint bp = BlueprintYaml.withDefaults(BlueprintExample.fourSteps().without(StorageSection.KEY));
        return bp.with(AccessSection.KEY, bp.section(AccessSection.KEY).withMyIp("203.0.113.10/32"));
    }

    static Blueprint withWeb(Blueprint bp, Function<WebSection, WebSection> change) {
        return BlueprintYaml.withDefaults(bp.with(WebSection.KEY, change.apply(bp.section(WebSection.KEY))));
    }

    static WebSection https(WebSection w) {
        return new WebSection(w.enabled(), w.image(), w.instanceType(), w.app(), w.loadBalancer(),
                new WebSection.Https("example.com", null), w.autoScaling());
    }

    private static Map<Address, ResourceSpec> byAddress(List<ResourceSpec> specs) {
        return specs.stream().collect(Collectors.toMap(ResourceSpec::address, Function.identity()));
    }

    @Test
    void specs_whenGuideWithoutHttps_listsTheseAddressesWithListener80Forwarding() {
        List<ResourceSpec> specs = WebResources.specs(guide());
        assertThat(specs).extracting(s -> s.address().value()).containsExactly(
                "web.sg[alb]", "web.sg-rule[alb-http]", "web.sg[instances]", "web.sg-rule[instances-http-alb]",
                "web.sg-rule[instances-ssh-bastion]", "web.sg-rule[instances-ssh-vpn]",
                "web.launch-template", "web.target-group", "web.load-balancer", "web.listener[http]",
                "web.auto-scaling-group", "web.scaling-policy");
        Map<Address, ResourceSpec> by = byAddress(specs);
        ResourceSpec http = by.get(WebResources.HTTP_LISTENER);
        assertThat(http.properties()).containsEntry("port", "80").containsEntry("protocol", "HTTP").containsEntry("action", "forward");
        assertThat(http.refs()).containsEntry("targetGroup", WebResources.TARGET_GROUP).containsEntry("loadBalancer", WebResources.LOAD_BALANCER);
        assertThat(by.get(WebResources.ALB_GROUP).properties()).containsEntry("groupName", "cairn-demo-web-alb");
        assertThat(by.get(WebResources.rule("alb-http")).properties())
                .containsEntry("fromPort", "80").containsEntry("cidr", "0.0.0.0/0");
    }

    @Test
    void specs_instancesAcceptHttpOnlyFromTheAlbAndSshOnlyFromBastionAndVpn() {
        Map<Address, ResourceSpec> by = byAddress(WebResources.specs(guide()));
        ResourceSpec http = by.get(WebResources.rule("instances-http-alb"));
        assertThat(http.properties()).containsEntry("fromPort", "80").containsEntry("toPort", "80").doesNotContainKey("cidr");
        assertThat(http.refs()).containsEntry("group", WebResources.INSTANCE_GROUP).containsEntry("sourceGroup", WebResources.ALB_GROUP);
        assertThat(by.get(WebResources.rule("instances-ssh-bastion")).refs())
                .containsEntry("sourceGroup", AccessResources.securityGroup("bastion"));
        assertThat(by.get(WebResources.rule("instances-ssh-vpn")).refs())
                .containsEntry("sourceGroup", AccessResources.securityGroup("vpn"));
        assertThat(by.values()).filteredOn(s -> s.kind() == Ec2Kinds.SECURITY_GROUP_RULE)
                .noneMatch(s -> "22".equals(s.property("fromPort")) && s.property("cidr") != null);
    }

    @Test
    void specs_whenAccessStepLeftOut_openNoSsh() {
        Blueprint bp = guide().without(AccessSection.KEY);
        List<ResourceSpec> specs = WebResources.specs(bp);
        assertThat(specs).extracting(s -> s.address().value())
                .doesNotContain("web.sg-rule[instances-ssh-bastion]", "web.sg-rule[instances-ssh-vpn]");
        assertThat(specs).noneMatch(s -> s.dependencies().stream().anyMatch(a -> a.step().equals("access")));
    }

    @Test
    void specs_whenOnlyTheBastion_opensSshFromItAlone() {
        Blueprint g = guide();
        AccessSection a = g.section(AccessSection.KEY);
        Blueprint bp = g.with(AccessSection.KEY, new AccessSection(a.myIp(), a.allowSshFromAnywhere(), a.keyPair(), a.bastion(),
                new AccessSection.Vpn(false, a.vpn().instanceType(), null), a.privateInstance(), a.peering()));
        assertThat(WebResources.specs(bp)).extracting(s -> s.address().value())
                .contains("web.sg-rule[instances-ssh-bastion]").doesNotContain("web.sg-rule[instances-ssh-vpn]");
    }

    @Test
    void specs_loadBalancerTakesOnePublicSubnetPerZone_groupEveryAppSubnet() {
        Map<Address, ResourceSpec> by = byAddress(WebResources.specs(guide()));
        ResourceSpec lb = by.get(WebResources.LOAD_BALANCER);
        assertThat(lb.refs()).containsEntry("subnet.a", NetworkResources.subnet("public-a"))
                .containsEntry("subnet.c", NetworkResources.subnet("public-c"))
                .containsEntry("securityGroup", WebResources.ALB_GROUP).hasSize(3);
        assertThat(lb.properties()).containsEntry("name", "demo-load-balancer").containsEntry("scheme", "internet-facing");
        assertThat(lb.extraDependencies()).contains(NetworkResources.IGW_ATTACHMENT);
        ResourceSpec group = by.get(WebResources.GROUP);
        assertThat(group.refs()).containsEntry("subnet.a", NetworkResources.subnet("app-a"))
                .containsEntry("subnet.c", NetworkResources.subnet("app-c"))
                .containsEntry("launchTemplate", WebResources.LAUNCH_TEMPLATE).containsEntry("targetGroup", WebResources.TARGET_GROUP);
        assertThat(group.properties()).containsEntry("min", "1").containsEntry("desired", "1").containsEntry("max", "3")
                .containsEntry("healthCheckType", "ELB").containsEntry("healthCheckGraceSeconds", "10")
                .containsEntry("instanceType", "t2.micro").containsEntry("name", "demo-auto-scaling-group");
        // Healthy targets need a listener using the group, and the default app needs the NAT route.
        assertThat(group.extraDependencies()).contains(WebResources.HTTP_LISTENER,
                Address.of(NetworkResources.STEP, "route", "private-default"));
    }

    @Test
    void specs_targetGroupAndPolicyCarryTheSection() {
        Blueprint bp = withWeb(guide(), w -> new WebSection(true, null, null, null, new WebSection.LoadBalancer("/health", 5), null,
                new WebSection.AutoScaling(1, 2, 5, 20, 55, 30)));
        Map<Address, ResourceSpec> by = byAddress(WebResources.specs(bp));
        assertThat(by.get(WebResources.TARGET_GROUP).properties()).containsEntry("name", "demo-target-group")
                .containsEntry("protocol", "HTTP").containsEntry("port", "80")
                .containsEntry("healthCheckPath", "/health").containsEntry("deregistrationDelaySeconds", "5");
        assertThat(by.get(WebResources.TARGET_GROUP).refs()).containsEntry("vpc", NetworkResources.VPC);
        assertThat(by.get(WebResources.POLICY).properties()).containsEntry("policyType", "TargetTrackingScaling")
                .containsEntry("targetCpu", "55").containsEntry("warmupSeconds", "30");
        assertThat(by.get(WebResources.POLICY).refs()).containsEntry("group", WebResources.GROUP);
        assertThat(by.get(WebResources.GROUP).properties()).containsEntry("desired", "2").containsEntry("max", "5");
    }

    @Test
    void specs_whenHttps_redirects80AndServes443WithTheValidatedCertificateAndAnAlias() {
        Map<Address, ResourceSpec> by = byAddress(WebResources.specs(withWeb(guide(), WebResourcesTest::https)));
        assertThat(by).containsKeys(WebResources.CERTIFICATE, WebResources.VALIDATION_RECORD, WebResources.CERTIFICATE_VALIDATION,
                WebResources.HTTPS_LISTENER, WebResources.SITE_RECORD, WebResources.rule("alb-https"));
        assertThat(by.get(WebResources.CERTIFICATE).properties()).containsEntry("domainName", "autoscaling.example.com")
                .containsEntry("validationMethod", "DNS");
        assertThat(by.get(WebResources.VALIDATION_RECORD).refs()).containsEntry("certificate", WebResources.CERTIFICATE);
        assertThat(by.get(WebResources.VALIDATION_RECORD).properties()).containsEntry("zoneName", "example.com")
                .containsEntry("type", "CNAME");
        assertThat(by.get(WebResources.CERTIFICATE_VALIDATION).refs()).containsEntry("certificate", WebResources.CERTIFICATE);
        assertThat(by.get(WebResources.CERTIFICATE_VALIDATION).extraDependencies()).containsExactly(WebResources.VALIDATION_RECORD);
        ResourceSpec http = by.get(WebResources.HTTP_LISTENER);
        assertThat(http.properties()).containsEntry("action", "redirect").containsEntry("redirectPort", "443");
        assertThat(http.refs()).doesNotContainKey("targetGroup");
        ResourceSpec https = by.get(WebResources.HTTPS_LISTENER);
        assertThat(https.properties()).containsEntry("port", "443").containsEntry("protocol", "HTTPS").containsEntry("action", "forward");
        assertThat(https.refs()).containsEntry("certificate", WebResources.CERTIFICATE).containsEntry("targetGroup", WebResources.TARGET_GROUP);
        assertThat(https.extraDependencies()).contains(WebResources.CERTIFICATE_VALIDATION);
        ResourceSpec alias = by.get(WebResources.SITE_RECORD);
        assertThat(alias.properties()).containsEntry("name", "autoscaling.example.com").containsEntry("type", "A")
                .containsEntry("zoneName", "example.com");
        assertThat(alias.refs()).containsEntry("aliasTarget", WebResources.LOAD_BALANCER);
        assertThat(by.get(WebResources.GROUP).extraDependencies()).contains(WebResources.HTTPS_LISTENER);
        assertThat(by.get(WebResources.rule("alb-https")).properties()).containsEntry("fromPort", "443");
    }

    @Test
    void specs_whenLatest_launchTemplateUsesTheAl2023ParameterAndTheUserData() {
        ResourceSpec lt = byAddress(WebResources.specs(guide())).get(WebResources.LAUNCH_TEMPLATE);
        assertThat(lt.properties()).containsEntry("imageParameter", AccessResources.AL2023_X86)
                .containsEntry("userData", UserData.defaultScript()).containsEntry("instanceType", "t2.micro")
                .doesNotContainKey("imageId");
        assertThat(lt.refs()).containsOnlyKeys("securityGroup");
    }

    @Test
    void specs_whenGraviton_usesTheArmImage() {
        Blueprint bp = withWeb(guide(), w -> new WebSection(true, null, "t4g.micro", null, w.loadBalancer(), null, w.autoScaling()));
        assertThat(byAddress(WebResources.specs(bp)).get(WebResources.LAUNCH_TEMPLATE).property("imageParameter"))
                .isEqualTo(AccessResources.AL2023_ARM);
    }

    @Test
    void specs_whenAmiId_launchTemplateUsesIt() {
        Blueprint bp = withWeb(guide(), w -> new WebSection(true, "ami-0123456789abcdef0", w.instanceType(), null, w.loadBalancer(),
                null, w.autoScaling()));
        ResourceSpec lt = byAddress(WebResources.specs(bp)).get(WebResources.LAUNCH_TEMPLATE);
        assertThat(lt.properties()).containsEntry("imageId", "ami-0123456789abcdef0").doesNotContainKey("imageParameter");
    }

    @Test
    void specs_whenGolden_bakesAnImageFromASampleInAPublicSubnetAndTheTemplateUsesIt() {
        Blueprint bp = withWeb(guide(), w -> new WebSection(true, "golden", w.instanceType(), null, w.loadBalancer(), null,
                w.autoScaling()));
        Map<Address, ResourceSpec> by = byAddress(WebResources.specs(bp));
        ResourceSpec image = by.get(WebResources.IMAGE);
        assertThat(image.kind()).isEqualTo(Ec2Kinds.IMAGE);
        assertThat(image.properties()).containsEntry("name", "demo-image").containsEntry("baseImageParameter", AccessResources.AL2023_X86)
                .containsEntry("userData", UserData.defaultScript()).containsEntry("instanceType", "t2.micro");
        assertThat(image.refs()).containsEntry("subnet", NetworkResources.subnet("public-a"))
                .containsEntry("securityGroup", WebResources.INSTANCE_GROUP);
        ResourceSpec lt = by.get(WebResources.LAUNCH_TEMPLATE);
        assertThat(lt.refs()).containsEntry("image", WebResources.IMAGE);
        assertThat(lt.properties()).doesNotContainKeys("imageParameter", "imageId").containsKey("userData");
    }

    @Test
    void specs_whenDisabled_planNothing() {
        Blueprint bp = withWeb(guide(), w -> new WebSection(false, w.image(), w.instanceType(), null, w.loadBalancer(), null,
                w.autoScaling()));
        assertThat(WebResources.specs(bp)).isEmpty();
        assertThat(WebResources.specs(guide().without(WebSection.KEY))).isEmpty();
    }

    @Test
    void specs_everyRefIsDeclaredByItsKindAndPointsAtAPlannedResourceOfThatKind() {
        for (Blueprint bp : List.of(guide(), withWeb(guide(), WebResourcesTest::https), guide().without(AccessSection.KEY))) {
            Map<Address, ResourceSpec> all = byAddress(Planner.specs(bp));
            for (ResourceSpec s : WebResources.specs(bp)) {
                s.refs().forEach((name, target) -> {
                    assertThat(s.kind().refKind(name)).as(s.address() + " ref " + name).isPresent();
                    assertThat(all).as(s.address() + " ref " + name).containsKey(target);
                    assertThat(all.get(target).kind()).as(s.address() + " ref " + name).isEqualTo(s.kind().refKind(name).get());
                });
                assertThat(all.keySet()).as(s.address() + " extra dependencies").containsAll(s.extraDependencies());
            }
        }
    }

    @Test
    void plan_whenNothingExists_createsTheThreeStepsAndNothingElse() {
        Plan plan = Planner.plan(withWeb(guide(), WebResourcesTest::https), StackState.empty("demo"));
        assertThat(plan.actions()).allMatch(a -> a.action() == Action.CREATE);
        assertThat(plan.actions()).extracting(a -> a.address().step()).contains("network", "access", "peer", "web");
        // Creation respects the web tier's order: the HTTPS listener waits for the issued certificate.
        assertThat(plan.dependencies(WebResources.HTTPS_LISTENER)).contains(WebResources.CERTIFICATE_VALIDATION);
        assertThat(plan.dependencies(WebResources.CERTIFICATE_VALIDATION)).contains(WebResources.VALIDATION_RECORD);
    }
}
