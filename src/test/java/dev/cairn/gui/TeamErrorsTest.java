package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.engine.StackLockedException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** What the team bucket's empty states say for S3's answers, as the store wraps them. */
class TeamErrorsTest {

    private static final String AT = "s3://team-state/cairn";

    private static S3Exception s3(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    @Test
    void describe_whenS3DeniesTheListing_namesTheBucketAndThePermissions() {
        Problem p = TeamErrors.describe(new IOException("cannot list", s3(403, "AccessDenied")), AT);
        assertThat(p).isEqualTo(Problem.of("team.error.denied", AT));
    }

    @Test
    void describe_whenAHeadRequestIsRefusedWithoutABody_readsTheStatus() {
        assertThat(TeamErrors.describe(new IOException("head", s3(403, null)), AT).key()).isEqualTo("team.error.denied");
        assertThat(TeamErrors.describe(new IOException("head", s3(404, null)), AT).key()).isEqualTo("team.error.noBucket");
    }

    @Test
    void describe_whenTheBucketIsMissingOrElsewhere_saysWhatToDo() {
        assertThat(TeamErrors.describe(s3(404, "NoSuchBucket"), AT)).isEqualTo(Problem.of("team.error.noBucket", AT));
        assertThat(TeamErrors.describe(s3(301, "PermanentRedirect"), AT).key()).isEqualTo("team.error.region");
        assertThat(TeamErrors.describe(s3(403, "InvalidAccessKeyId"), AT).key()).isEqualTo("team.error.credentials");
    }

    @Test
    void describe_whenAnotherRunHoldsTheLock_keepsTheHolderNamed() {
        Problem p = TeamErrors.describe(new StackLockedException("stack 'web' is locked by alice on build-7"), AT);
        assertThat(p.key()).isEqualTo("team.error.locked");
        assertThat(p.args().get(0)).contains("alice", "build-7");
    }

    @Test
    void describe_whenNothingIsKnown_givesTheMessageAndNoAdvice() {
        assertThat(TeamErrors.describe(new IOException("disk full"), AT)).isEqualTo(Problem.of("team.error.other", "disk full"));
        assertThat(TeamErrors.describe(new IOException("x", new ConnectException("refused")), AT).key())
                .isEqualTo("account.error.network");
    }
}
