package dev.cairn.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.model.StateLocation;
import org.junit.jupiter.api.Test;

/** The blueprint's top-level {@code state:} key: read, written back, and checked before any call. */
class BlueprintStateTest {

    private static Blueprint example(String state) {
        return BlueprintExample.networkOnly().withState(state);
    }

    @Test
    void read_whenStateIsAnS3Url_keepsItAndRoundTrips() {
        String yaml = BlueprintYaml.write(example("s3://team-state/cairn"));
        assertThat(yaml).contains("state: s3://team-state/cairn");
        BlueprintYaml.Result read = BlueprintYaml.read(yaml);
        assertThat(read.errors()).isEmpty();
        assertThat(read.blueprint().state()).isEqualTo("s3://team-state/cairn");
        assertThat(read.blueprint().stateLocation()).contains(StateLocation.parse("s3://team-state/cairn"));
    }

    @Test
    void read_whenStateBucketInvalid_isAFieldErrorNamingState() {
        BlueprintYaml.Result read = BlueprintYaml.read(BlueprintYaml.write(example("s3://Team_State/x")));
        assertThat(read.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("state");
            assertThat(e.rule()).isEqualTo("state.location");
            assertThat(e.message()).contains("s3://Team_State/x").contains("lowercase");
        });
    }

    @Test
    void read_whenNoState_usesCairnsFolder() {
        BlueprintYaml.Result read = BlueprintYaml.read(BlueprintYaml.write(example(null)));
        assertThat(read.errors()).isEmpty();
        assertThat(read.blueprint().state()).isNull();
        assertThat(read.blueprint().stateLocation()).isEmpty();
        assertThat(BlueprintYaml.write(read.blueprint())).doesNotContain("state:");
    }

    @Test
    void withName_keepsTheState() {
        assertThat(example("s3://team-state").withName("other").state()).isEqualTo("s3://team-state");
    }

    @Test
    void writeCommented_explainsTheStateKey() {
        assertThat(BlueprintYaml.writeCommented(example("s3://team-state"))).contains("# Where the stack's journal and state live");
    }
}
