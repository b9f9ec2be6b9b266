package dev.cairn.step.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.cairn.gui.Messages;
import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.BlueprintYaml;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One test per Storage rule, each on the guide's example with one field changed; each names its
 * field and its rule, and every rule reads in English and Korean with the offending value in it.
 */
class StorageValidatorTest {

    private static Blueprint with(UnaryOperator<StorageSection> change) {
        Blueprint guide = BlueprintExample.guide();
        return BlueprintYaml.withDefaults(guide.with(StorageSection.KEY, change.apply(guide.section(StorageSection.KEY))));
    }

    private static StorageSection bucketName(StorageSection s, String name) {
        return s.withBucket(s.bucket().withName(name));
    }

    private static StorageSection table(StorageSection s, StorageSection.Table t) {
        return new StorageSection(s.enabled(), s.bucket(), t, s.stateBucket());
    }

    private static List<FieldError> errors(Blueprint bp) {
        return BlueprintValidator.validate(bp);
    }

    @Test
    void validate_whenGuide_findsNothing() {
        assertThat(errors(BlueprintYaml.withDefaults(BlueprintExample.guide()))).isEmpty();
        assertThat(errors(with(s -> bucketName(s, "my.example-bucket.2026")))).isEmpty();
        assertThat(errors(with(s -> s.withStateBucket(new StorageSection.StateBucket(true, "auto"))))).isEmpty();
    }

    @ParameterizedTest(name = "{0} breaks {1}")
    @CsvSource({
        "ab, bucket.nameLength",
        "a234567890123456789012345678901234567890123456789012345678901234, bucket.nameLength",
        "My-Bucket, bucket.nameChars",
        "my_bucket, bucket.nameChars",
        "-mybucket, bucket.nameEnds",
        "mybucket., bucket.nameEnds",
        "my..bucket, bucket.nameDots",
        "192.168.5.4, bucket.nameIp",
        "xn--bucket, bucket.namePrefix",
        "sthree-bucket, bucket.namePrefix",
        "sthree-configurator-x, bucket.namePrefix",
        "amzn-s3-demo-bucket, bucket.namePrefix",
        "mybucket-s3alias, bucket.nameSuffix",
        "mybucket--ol-s3, bucket.nameSuffix",
        "mybucket.mrap, bucket.nameSuffix",
        "mybucket--x-s3, bucket.nameSuffix",
        "mybucket--table-s3, bucket.nameSuffix",
    })
    void validate_whenBucketNameBreaksAnAwsRule_failsAtTheNameWithThatRule(String name, String rule) {
        assertThat(errors(with(s -> bucketName(s, name)))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("storage.bucket.name");
            assertThat(e.rule()).isEqualTo(rule);
            assertThat(e.message()).startsWith("storage.bucket.name \"" + name + "\"");
            assertThat(e.args().get(0)).isEqualTo(name);
            assertThat(new Messages(Locale.ENGLISH).error(e)).contains(name).doesNotContain("{0}", "{1}");
            assertThat(new Messages(Locale.KOREAN).error(e)).contains(name).contains("버킷").doesNotContain("{0}", "{1}");
        });
    }

    @Test
    void validate_whenAutoNameWouldStartWithAReservedPrefix_failsBeforeAnyCall() {
        Blueprint bp = new Blueprint("sthree", "ap-northeast-2", java.util.Map.of())
                .with(dev.cairn.step.network.NetworkSection.KEY, BlueprintExample.demo().section(dev.cairn.step.network.NetworkSection.KEY))
                .with(StorageSection.KEY, BlueprintExample.storage());
        assertThat(errors(BlueprintYaml.withDefaults(bp))).extracting(FieldError::field, FieldError::rule)
                .containsExactly(tuple("storage.bucket.name", "bucket.namePrefix"));
    }

    @Test
    void validate_whenStateBucketNamedLikeTheDataBucket_failsWithSameName() {
        List<FieldError> e = errors(with(s -> bucketName(s, "team-bucket")
                .withStateBucket(new StorageSection.StateBucket(true, "team-bucket"))));
        assertThat(e).extracting(FieldError::field, FieldError::rule)
                .containsExactly(tuple("storage.stateBucket.name", "bucket.sameName"));
    }

    @Test
    void validate_whenStateBucketNameInvalid_failsAtItsName() {
        assertThat(errors(with(s -> s.withStateBucket(new StorageSection.StateBucket(true, "Team_State")))))
                .extracting(FieldError::field, FieldError::rule).containsExactly(tuple("storage.stateBucket.name", "bucket.nameChars"));
    }

    @Test
    void validate_whenStateBucketOff_ignoresItsName() {
        assertThat(errors(with(s -> s.withStateBucket(new StorageSection.StateBucket(false, "Team_State"))))).isEmpty();
    }

    @Test
    void validate_whenNoncurrentDaysZero_failsWithNoncurrentDays() {
        assertThat(errors(with(s -> s.withBucket(new StorageSection.Bucket("auto", true, false, 0)))))
                .extracting(FieldError::field, FieldError::rule)
                .containsExactly(tuple("storage.bucket.noncurrentVersionExpirationDays", "bucket.noncurrentDays"));
    }

    @Test
    void validate_whenTableNameInvalid_failsWithTableName() {
        for (String name : List.of("ab", "my table", "x".repeat(256))) {
            assertThat(errors(with(s -> table(s, new StorageSection.Table(true, name, s.table().partitionKey(), null, true, false)))))
                    .as(name).extracting(FieldError::field, FieldError::rule).containsExactly(tuple("storage.table.name", "table.name"));
        }
    }

    @Test
    void validate_whenSortKeyIsThePartitionKey_failsWithSameKey() {
        assertThat(errors(with(s -> table(s, new StorageSection.Table(true, "notes", new StorageSection.Key("id", KeyType.S),
                new StorageSection.Key("id", KeyType.N), true, false)))))
                .extracting(FieldError::field, FieldError::rule).containsExactly(tuple("storage.table.sortKey.name", "table.sameKey"));
    }

    @Test
    void validate_whenKeyNameTooLong_failsWithKeyName() {
        assertThat(errors(with(s -> table(s, new StorageSection.Table(true, "notes",
                new StorageSection.Key("k".repeat(256), KeyType.S), null, true, false)))))
                .extracting(FieldError::field, FieldError::rule)
                .containsExactly(tuple("storage.table.partitionKey.name", "table.keyName"));
    }

    @Test
    void validate_whenPartitionKeyNameEmpty_failsAsRequired() {
        assertThat(errors(with(s -> table(s, new StorageSection.Table(true, "notes",
                new StorageSection.Key("", KeyType.S), null, true, false)))))
                .extracting(FieldError::field, FieldError::rule)
                .containsExactly(tuple("storage.table.partitionKey.name", "field.required"));
    }

    @Test
    void validate_whenSectionDisabled_checksNothing() {
        assertThat(errors(with(s -> new StorageSection(false, s.bucket().withName("Bad_Name"), s.table(), s.stateBucket()))))
                .isEmpty();
    }

    @Test
    void warnings_whenPublicRead_warnsWithTheObjectUrl() {
        Blueprint bp = with(s -> s.withBucket(new StorageSection.Bucket("demo-site-2026", true, true, null)));
        assertThat(errors(bp)).isEmpty();
        assertThat(BlueprintValidator.warnings(bp)).singleElement().satisfies(w -> {
            assertThat(w.field()).isEqualTo("storage.bucket.allowPublicRead");
            assertThat(w.rule()).isEqualTo("bucket.publicRead");
            assertThat(w.message()).contains("https://demo-site-2026.s3.ap-northeast-2.amazonaws.com/KEY");
            assertThat(new Messages(Locale.KOREAN).error(w)).contains("https://demo-site-2026.s3.ap-northeast-2.amazonaws.com/KEY");
        });
    }

    @Test
    void warnings_whenPrivateAndUnprotected_warnsNothing() {
        assertThat(BlueprintValidator.warnings(BlueprintYaml.withDefaults(BlueprintExample.guide()))).isEmpty();
    }

    @Test
    void warnings_whenDeletionProtection_saysDestroyCannotDeleteTheTable() {
        Blueprint bp = with(s -> table(s, new StorageSection.Table(true, "notes", s.table().partitionKey(), null, true, true)));
        assertThat(BlueprintValidator.warnings(bp)).extracting(FieldError::field, FieldError::rule)
                .containsExactly(tuple("storage.table.deletionProtection", "table.deletionProtection"));
    }
}
