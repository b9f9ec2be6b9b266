package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.SandboxBackend;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TargetTest {

    /** The first link of the SDK's default chain, settable in-process (environment variables are not). */
    private static final String ACCESS_KEY_PROPERTY = "aws.accessKeyId";
    private static final String SECRET_KEY_PROPERTY = "aws.secretAccessKey";
    private static final String REGION = "ap-northeast-2";
    /** The account the Sandbox gives its own test keys. */
    private static final String SANDBOX_ACCOUNT = "000000000000";

    @AfterEach
    void clearCredentials() {
        System.clearProperty(ACCESS_KEY_PROPERTY);
        System.clearProperty(SECRET_KEY_PROPERTY);
    }

    @Test
    void endpoint_whenTheDefaultChainHasOtherCredentials_signsWithTheSandboxKeys() {
        // What a shell with AWS_ACCESS_KEY_ID set looks like to the SDK.
        System.setProperty(ACCESS_KEY_PROPERTY, "AKIAOTHERUSER");
        System.setProperty(SECRET_KEY_PROPERTY, "not-a-secret");

        try (Target target = Target.endpoint(SandboxBackend.instance().endpoint(), Optional.empty())) {
            assertThat(target.identity(REGION).account()).isEqualTo(SANDBOX_ACCOUNT);
        }
    }
}
