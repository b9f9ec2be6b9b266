package dev.cairn.step.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.SubnetSpec;
import dev.cairn.step.network.SubnetTier;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** One test per Web tier rule, each on the guide's example with one field changed; each names its field. */
class WebValidatorTest {

    private static Blueprint with(UnaryOperator<WebSection> change) {
        Blueprint guide = BlueprintExample.guide();
        return BlueprintYaml.withDefaults(guide.with(WebSection.KEY, change.apply(guide.section(WebSection.KEY))));
    }

    private static List<FieldError> errors(Blueprint bp) {
        return BlueprintValidator.validate(bp);
    }

    private static WebSection sizes(WebSection w, Integer min, Integer desired, Integer max, Integer cpu) {
        WebSection.AutoScaling a = w.autoScaling();
        return new WebSection(w.enabled(), w.image(), w.instanceType(), w.app(), w.loadBalancer(), w.https(),
                new WebSection.AutoScaling(min, desired, max, a.healthCheckGraceSeconds(), cpu, a.warmupSeconds()));
    }

    private static WebSection image(WebSection w, String image) {
        return new WebSection(w.enabled(), image, w.instanceType(), w.app(), w.loadBalancer(), w.https(), w.autoScaling());
    }

    private static WebSection lb(WebSection w, String path, Integer delay) {
        return new WebSection(w.enabled(), w.image(), w.instanceType(), w.app(), new WebSection.LoadBalancer(path, delay),
                w.https(), w.autoScaling());
    }

    private static WebSection https(WebSection w, String domain, String sub) {
        return new WebSection(w.enabled(), w.image(), w.instanceType(), w.app(), w.loadBalancer(),
                new WebSection.Https(domain, sub), w.autoScaling());
    }

    @Test
    void validate_whenGuide_findsNothing() {
        assertThat(errors(BlueprintYaml.withDefaults(BlueprintExample.guide()))).isEmpty();
        assertThat(errors(with(w -> https(w, "example.com", "autoscaling")))).isEmpty();
        assertThat(errors(with(w -> image(w, "golden")))).isEmpty();
        assertThat(errors(with(w -> image(w, "ami-0123456789abcdef0")))).isEmpty();
    }

    @Test
    void validate_whenDesiredAboveMax_failsAtDesiredWithSizeOrder() {
        assertThat(errors(with(w -> sizes(w, 1, 4, 3, 70)))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("web.autoScaling.desired");
            assertThat(e.rule()).isEqualTo("web.sizeOrder");
            assertThat(e.args()).containsExactly("1", "4", "3");
        });
    }

    @Test
    void validate_whenMinAboveDesired_failsWithSizeOrder() {
        assertThat(errors(with(w -> sizes(w, 2, 1, 3, 70)))).extracting(FieldError::rule).containsExactly("web.sizeOrder");
    }

    @Test
    void validate_whenMaxZero_failsAtMax() {
        assertThat(errors(with(w -> sizes(w, 0, 0, 0, 70)))).extracting(FieldError::field, FieldError::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web.autoScaling.max", "web.maxZero"));
    }

    @Test
    void validate_whenSizeNegative_failsAtThatSize() {
        assertThat(errors(with(w -> sizes(w, -1, 1, 3, 70)))).extracting(FieldError::field, FieldError::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web.autoScaling.min", "web.sizeNegative"));
    }

    @Test
    void validate_whenTargetCpuOutOfRange_failsAtTargetCpu() {
        for (int cpu : new int[] {0, 101}) {
            assertThat(errors(with(w -> sizes(w, 1, 1, 3, cpu)))).extracting(FieldError::field, FieldError::rule)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("web.autoScaling.targetCpu", "web.targetCpu"));
        }
        assertThat(errors(with(w -> sizes(w, 1, 1, 3, 100)))).isEmpty();
        assertThat(errors(with(w -> sizes(w, 1, 1, 3, 1)))).isEmpty();
    }

    @Test
    void validate_whenHealthCheckPathLacksSlash_failsAtThePath() {
        assertThat(errors(with(w -> lb(w, "health", 30)))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("web.loadBalancer.healthCheckPath");
            assertThat(e.rule()).isEqualTo("web.healthCheckPath");
            assertThat(e.message()).contains("\"health\"").contains("must start with /");
        });
    }

    @Test
    void validate_whenDeregistrationDelayAboveAwsLimit_failsAtTheDelay() {
        assertThat(errors(with(w -> lb(w, "/", 3601)))).extracting(FieldError::field, FieldError::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web.loadBalancer.deregistrationDelaySeconds",
                        "web.deregistrationDelay"));
    }

    @Test
    void validate_whenImageNeitherWordNorAmi_failsAtImage() {
        for (String bad : List.of("ami-123", "newest", "ami-0123456789ABCDEF0")) {
            assertThat(errors(with(w -> image(w, bad)))).extracting(FieldError::field, FieldError::rule)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("web.image", "web.image"));
        }
    }

    @Test
    void validate_whenInstanceTypeMalformed_failsAtInstanceType() {
        assertThat(errors(with(w -> new WebSection(true, w.image(), "micro", null, w.loadBalancer(), null, w.autoScaling()))))
                .extracting(FieldError::field, FieldError::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web.instanceType", "instanceType.format"));
    }

    @Test
    void validate_whenDomainMalformed_failsAtDomain() {
        for (String bad : List.of("localhost", "Example.com", "exa mple.com", "-bad.com", "example.123")) {
            assertThat(errors(with(w -> https(w, bad, "autoscaling")))).as(bad).extracting(FieldError::field, FieldError::rule)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("web.https.domain", "web.domain"));
        }
    }

    @Test
    void validate_whenHttpsWithoutDomain_saysTheDomainIsRequired() {
        assertThat(errors(with(w -> https(w, null, null)))).extracting(FieldError::field, FieldError::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web.https.domain", "field.required"));
    }

    @Test
    void validate_whenSubdomainIsTwoLabels_failsAtSubdomain() {
        assertThat(errors(with(w -> https(w, "example.com", "a.b")))).extracting(FieldError::field, FieldError::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web.https.subdomain", "web.subdomain"));
    }

    @Test
    void validate_whenStackNameMakesAnInternalPrefixedAlbName_failsNamingTheName() {
        Blueprint bp = BlueprintYaml.withDefaults(new Blueprint("internal", "ap-northeast-2", java.util.Map.of())
                .with(NetworkSection.KEY, BlueprintExample.demo().section(NetworkSection.KEY))
                .with(WebSection.KEY, BlueprintExample.web()));
        assertThat(WebResources.loadBalancerName("internal")).startsWith("internal-");
        assertThat(errors(bp)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("web");
            assertThat(e.rule()).isEqualTo("web.albName");
        });
    }

    @Test
    void names_whenStackNameLongest_stayWithinElbsThirtyTwo() {
        String longest = "a23456789012345678901234";
        assertThat(WebResources.loadBalancerName(longest)).hasSizeLessThanOrEqualTo(32).startsWith("a234");
        assertThat(WebResources.targetGroupName(longest)).hasSizeLessThanOrEqualTo(32)
                .isNotEqualTo(WebResources.loadBalancerName(longest));
    }

    @Test
    void validate_whenPublicSubnetsInOneZone_failsWithTwoZones() {
        Blueprint guide = BlueprintExample.guide();
        NetworkSection n = guide.section(NetworkSection.KEY);
        List<SubnetSpec> subnets = n.subnets().stream()
                .map(s -> s.name().equals("public-c") ? new SubnetSpec("public-c", "ap-northeast-2a", SubnetTier.PUBLIC, s.cidr()) : s)
                .toList();
        Blueprint bp = guide.with(NetworkSection.KEY, n.withSubnets(subnets));
        assertThat(WebStep.MODULE.validate(bp)).extracting(FieldError::field, FieldError::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web", "web.twoZones"));
    }

    @Test
    void validate_whenNoAppSubnet_failsWithNoAppSubnet() {
        Blueprint guide = BlueprintExample.guide();
        NetworkSection n = guide.section(NetworkSection.KEY);
        Blueprint bp = guide.with(NetworkSection.KEY, n.withSubnets(n.subnets().stream().filter(s -> s.tier() != SubnetTier.APP).toList()));
        assertThat(WebStep.MODULE.validate(bp)).extracting(FieldError::rule).containsExactly("web.noAppSubnet");
    }

    @Test
    void validate_whenDisabled_checksNothing() {
        assertThat(WebStep.MODULE.validate(with(w -> new WebSection(false, "bogus", null, null, null, null, null)))).isEmpty();
    }

    @Test
    void warnings_whenNoNatAndLatestImage_warnsTheAppCannotInstall() {
        Blueprint guide = BlueprintExample.guide();
        Blueprint bp = BlueprintYaml.withDefaults(guide.with(NetworkSection.KEY, guide.section(NetworkSection.KEY).withNat(NatMode.NONE)));
        assertThat(BlueprintValidator.warnings(bp)).extracting(FieldError::rule).contains("web.noNat");
        Blueprint golden = bp.with(WebSection.KEY, image(bp.section(WebSection.KEY), "golden"));
        assertThat(BlueprintValidator.warnings(golden)).extracting(FieldError::rule).doesNotContain("web.noNat");
    }
}
