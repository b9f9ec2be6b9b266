package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.aws.AwsClients;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The suite is hermetic: whatever the developer's shell holds, the test JVM sees no AWS
 * identity, profile or region (the pom's surefire configuration), so no test can pass or fail
 * because of them.
 */
class TestEnvironmentTest {

    @Test
    void environment_whenTheShellHasAwsCredentialsProfileOrRegion_hidesThemFromTests() {
        assertThat(Stream.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL")).allMatch(name -> System.getenv(name) == null);
        assertThat(System.getenv("AWS_CONFIG_FILE")).as("AWS_CONFIG_FILE").contains("target");
        assertThat(System.getenv("AWS_SHARED_CREDENTIALS_FILE")).as("AWS_SHARED_CREDENTIALS_FILE").contains("target");
        assertThat(AwsClients.credentialsAvailable(Optional.empty())).as("credentials in the default chain").isFalse();
        assertThat(AwsClients.defaultRegion(Optional.empty())).as("region in the default chain").isEmpty();
    }
}
