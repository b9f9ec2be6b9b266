package dev.cairn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateLocationTest {

    @Test
    void parse_whenS3WithPrefix_splitsBucketAndPrefixAndRoundTrips() {
        StateLocation l = StateLocation.parse("s3://team-state/cairn/prod/");
        assertThat(l.isS3()).isTrue();
        assertThat(l.bucket()).isEqualTo("team-state");
        assertThat(l.prefix()).isEqualTo("cairn/prod");
        assertThat(l.stackPrefix("demo")).isEqualTo("cairn/prod/demo/");
        assertThat(l.describeStack("demo")).isEqualTo("s3://team-state/cairn/prod/demo/");
        assertThat(l).hasToString("s3://team-state/cairn/prod");
        assertThat(StateLocation.parse(l.toString())).isEqualTo(l);
    }

    @Test
    void parse_whenBucketOnly_hasEmptyPrefixAndStacksAtTheTop() {
        StateLocation l = StateLocation.parse("s3://team-state");
        assertThat(l.prefix()).isEmpty();
        assertThat(l.stackPrefix("demo")).isEqualTo("demo/");
        assertThat(l).hasToString("s3://team-state");
        assertThat(StateLocation.parse("s3://team-state/")).isEqualTo(l);
    }

    @Test
    void parse_whenFolder_isAbsoluteAndRoundTrips(@org.junit.jupiter.api.io.TempDir Path tmp) {
        StateLocation l = StateLocation.parse(tmp.resolve("stacks").toString());
        assertThat(l.isS3()).isFalse();
        assertThat(l.stackFolder("demo")).isEqualTo(tmp.resolve("stacks").resolve("demo"));
        assertThat(StateLocation.parse(l.toString())).isEqualTo(l);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://ab", "s3://Team-State", "s3://team_state", "s3://-team", "s3://team-", "s3://a..b",
            "s3://192.168.1.1", "s3://xn--team", "s3://team-s3alias", "s3://sthree-team", "s3://team--x-s3"})
    void parse_whenBucketBreaksAwsNamingRules_failsNamingTheBucket(String text) {
        assertThatThrownBy(() -> StateLocation.parse(text)).isInstanceOf(StateLocation.InvalidStateLocationException.class)
                .hasMessageContaining("bucket name");
    }

    @Test
    void parse_whenOtherSchemeOrBrokenS3Url_fails() {
        assertThatThrownBy(() -> StateLocation.parse("https://team-state/x")).hasMessageContaining("neither");
        assertThatThrownBy(() -> StateLocation.parse("s3:/team-state")).hasMessageContaining("not an S3 URL");
        assertThatThrownBy(() -> StateLocation.parse("s3://team-state/a/../b")).hasMessageContaining("..");
        assertThatThrownBy(() -> StateLocation.parse("s3://")).hasMessageContaining("missing");
    }

    @Test
    void problem_whenValid_isEmpty() {
        assertThat(StateLocation.problem("s3://my.team-state-1/x")).isEmpty();
        assertThat(StateLocation.problem("s3://UPPER")).get().asString().contains("lowercase");
    }
}
