package dev.cairn.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.access.AccessStep;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.NetworkStep;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry and the loops over it: YAML, defaults, validation and warnings see every step. */
class StepsTest {

    @Test
    void all_whenListed_isNetworkThenAccessEachWithItsOwnKey() {
        assertThat(Steps.ALL).containsExactly(NetworkStep.MODULE, AccessStep.MODULE, dev.cairn.step.web.WebStep.MODULE,
                dev.cairn.step.storage.StorageStep.MODULE, dev.cairn.step.pipeline.PipelineStep.MODULE);
        assertThat(Steps.ALL).extracting(StepModule::name).containsExactly("network", "access", "web", "storage", "pipeline")
                .doesNotHaveDuplicates();
        assertThat(Steps.find("access")).contains(AccessStep.MODULE);
        assertThat(Steps.find("release")).isEmpty();
    }

    @Test
    void fieldComments_ofEveryStep_nameFieldsOfItsSection() {
        for (StepModule<?> step : Steps.ALL) {
            for (String key : step.fieldComments().keySet()) {
                // A dotted key ("loadBalancer.healthCheckPath") names a field of a nested record.
                Class<?> type = step.key().type();
                for (String part : key.split("\\.")) {
                    assertThat(type.isRecord()).as(step.name() + "." + key).isTrue();
                    RecordComponent c = Arrays.stream(type.getRecordComponents()).filter(r -> r.getName().equals(part))
                            .findFirst().orElse(null);
                    assertThat(c).as(step.name() + "." + key).isNotNull();
                    type = c.getType();
                }
            }
            assertThat(step.comment()).as(step.name()).isNotBlank();
        }
    }

    @Test
    void validate_whenARequiredStepIsMissing_namesItsKey_andAnOptionalOneMayBeLeftOut() {
        Blueprint noSteps = new Blueprint("demo", "ap-northeast-2", Map.of());
        assertThat(BlueprintValidator.validate(noSteps)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("network");
            assertThat(e.rule()).isEqualTo("field.required");
            assertThat(e.message()).isEqualTo("network is required");
        });
        assertThat(BlueprintValidator.validate(BlueprintExample.networkOnly())).isEmpty();
    }

    @Test
    void validate_whenBothStepsHaveProblems_reportsEachStepsInTheStepsOrder() {
        Blueprint demo = BlueprintExample.demo();
        Blueprint bad = demo.withName("Bad")
                .with(NetworkSection.KEY, demo.section(NetworkSection.KEY).withNat(null))
                .with(AccessSection.KEY, demo.section(AccessSection.KEY).withMyIp("nowhere"));
        assertThat(BlueprintValidator.validate(bad)).extracting(FieldError::field)
                .containsExactly("name", "network.nat", "access.myIp");
    }

    @Test
    void withDefaults_fillsEveryStepsSection() {
        Blueprint demo = BlueprintExample.demo();
        Blueprint bare = demo
                .with(NetworkSection.KEY, new NetworkSection("10.1.0.0/16", null, demo.section(NetworkSection.KEY).nat(), null))
                .with(AccessSection.KEY, demo.section(AccessSection.KEY).withMyIp(null));
        Blueprint filled = BlueprintYaml.withDefaults(bare);
        assertThat(filled.section(NetworkSection.KEY).zones()).containsExactly("ap-northeast-2a", "ap-northeast-2c");
        assertThat(filled.section(NetworkSection.KEY).subnets()).hasSize(6);
        assertThat(filled.section(AccessSection.KEY).myIp()).isEqualTo(AccessSection.MY_IP_AUTO);
    }

    @Test
    void warnings_comeFromTheStepThatHasThem() {
        Blueprint demo = BlueprintExample.demo();
        AccessSection open = new AccessSection(AccessSection.ANYWHERE, true, demo.section(AccessSection.KEY).keyPair(),
                null, null, null, null);
        assertThat(BlueprintValidator.warnings(demo.with(AccessSection.KEY, open))).extracting(FieldError::rule)
                .containsExactly("myIp.anywhere");
        assertThat(BlueprintValidator.warnings(BlueprintExample.networkOnly())).isEmpty();
    }

    @Test
    void blueprint_whenSectionsChange_keepsTheOthersAndTheRest() {
        Blueprint demo = BlueprintExample.demo();
        Blueprint renamed = demo.withName("shop");
        assertThat(renamed.sections()).isEqualTo(demo.sections());
        assertThat(renamed.tags()).isEqualTo(demo.tags());
        Blueprint edited = demo.with(NetworkSection.KEY, demo.section(NetworkSection.KEY).withNat(null));
        assertThat(edited.section(AccessSection.KEY)).isEqualTo(demo.section(AccessSection.KEY));
        assertThat(demo.without(AccessSection.KEY).has(AccessSection.KEY)).isFalse();
        assertThat(demo.with(AccessSection.KEY, null)).isEqualTo(demo.without(AccessSection.KEY));
    }
}
