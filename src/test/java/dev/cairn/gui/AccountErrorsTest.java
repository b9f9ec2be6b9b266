package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AccountErrorsTest {

    private static AwsServiceException aws(String code, String message) {
        return AwsServiceException.builder().message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void describe_whenSsoTokenExpired_saysToRunSsoLogin() {
        Problem p = AccountErrors.describe(SdkClientException.create(
                "The SSO session associated with this profile has expired or is otherwise invalid."), Optional.of("work"));
        assertThat(p).isEqualTo(Problem.of("account.error.ssoExpired", "work"));
        assertThat(new Messages(java.util.Locale.ENGLISH).problem(p)).contains("aws sso login --profile work");
    }

    @Test
    void describe_whenAccessDenied_namesThePermission() {
        Problem p = AccountErrors.describe(aws("UnauthorizedOperation",
                "You are not authorized to perform: ec2:DescribeAvailabilityZones on resource"), Optional.of("dev"));
        assertThat(p).isEqualTo(Problem.of("account.error.denied", "ec2:DescribeAvailabilityZones"));
    }

    @Test
    void describe_whenAccessDeniedWithoutAction_namesWhatTheCheckCalls() {
        Problem p = AccountErrors.describe(aws("AccessDenied", "Access denied"), Optional.empty());
        assertThat(p.args()).containsExactly(AccountErrors.CHECK_ACTIONS);
    }

    @Test
    void describe_whenNoCredentials_saysSo() {
        Problem p = AccountErrors.describe(SdkClientException.create("Unable to load credentials from any of the providers"),
                Optional.empty());
        assertThat(p).isEqualTo(Problem.of("account.error.noCredentials", "default"));
    }

    @Test
    void describe_whenInvalidKeys_saysToCheckThem() {
        assertThat(AccountErrors.describe(aws("InvalidClientTokenId", "The security token is invalid"), Optional.of("ci")))
                .isEqualTo(Problem.of("account.error.badKeys", "ci"));
    }

    @Test
    void describe_whenUnknown_keepsTheMessage() {
        assertThat(AccountErrors.describe(new IllegalStateException("boom"), Optional.empty()))
                .isEqualTo(Problem.of("account.error.other", "boom"));
    }
}
