package dev.cairn.step.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cairn.model.Section;
import dev.cairn.model.SectionKey;

/**
 * The Storage step: an S3 bucket locked down the way the guide teaches (SSE-S3, ACLs off, all four
 * Block Public Access settings on, a policy that refuses requests without TLS), optionally readable
 * by everyone; optionally a DynamoDB table on demand; optionally a second bucket for the team's
 * state. Null fields mean "not given" and are filled by {@link StorageStep#withDefaults}.
 *
 * @param enabled null means true (a section that is written is wanted)
 * @param bucket the data bucket; null means every default
 * @param table optional: the DynamoDB table
 * @param stateBucket optional: the bucket the team's stacks keep their journal and state in
 */
@JsonPropertyOrder({"enabled", "bucket", "table", "stateBucket"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StorageSection(Boolean enabled, Bucket bucket, Table table, StateBucket stateBucket) implements Section {

    /** The section's key in a blueprint: {@code storage}, also its addresses' step. */
    public static final SectionKey<StorageSection> KEY = SectionKey.of("storage", StorageSection.class);

    /**
     * The {@code name} word that asks Cairn to derive a bucket's name from the stack, the account
     * and the region (bucket names are global across every account), resolved at plan/apply time
     * when the account is known ({@link BucketNames#resolve}), never at validation.
     */
    public static final String NAME_AUTO = "auto";

    /** Whether the step builds anything: written and not {@code enabled: false}. */
    public boolean on() {
        return !Boolean.FALSE.equals(enabled);
    }

    /** Whether a table is asked for: written and not {@code enabled: false}. */
    public boolean tableOn() {
        return table != null && table.on();
    }

    /** Whether the team's state bucket is asked for: written and not {@code enabled: false}. */
    public boolean stateBucketOn() {
        return stateBucket != null && stateBucket.on();
    }

    /** Whether the data bucket's objects are readable by everyone ({@code allowPublicRead: true}). */
    public boolean publicRead() {
        return bucket != null && Boolean.TRUE.equals(bucket.allowPublicRead());
    }

    public StorageSection withBucket(Bucket newBucket) {
        return new StorageSection(enabled, newBucket, table, stateBucket);
    }

    public StorageSection withStateBucket(StateBucket newStateBucket) {
        return new StorageSection(enabled, bucket, table, newStateBucket);
    }

    /**
     * The data bucket. Encryption (SSE-S3), object ownership ({@code BucketOwnerEnforced}: ACLs
     * off) and Block Public Access are not choices: every bucket gets them.
     *
     * @param name {@code auto} or a bucket name (AWS's naming rules, checked before any call)
     * @param versioning null means true: every overwrite and delete keeps the previous version
     * @param allowPublicRead the explicit consent for the guide's public-read exercise:
     *     {@code s3:GetObject} for everyone on every object, with the two policy-related Block
     *     Public Access settings turned off
     * @param noncurrentVersionExpirationDays optional: a lifecycle rule deleting a version this
     *     many days after it stopped being the current one; null for none
     */
    @JsonPropertyOrder({"name", "versioning", "allowPublicRead", "noncurrentVersionExpirationDays"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bucket(String name, Boolean versioning, Boolean allowPublicRead, Integer noncurrentVersionExpirationDays) {

        public Bucket withName(String newName) {
            return new Bucket(newName, versioning, allowPublicRead, noncurrentVersionExpirationDays);
        }
    }

    /**
     * The DynamoDB table, billed on demand.
     *
     * @param enabled null means true
     * @param name the table's name in the region (3–255 of letters, digits, {@code _ - .})
     * @param partitionKey the hash key: its attribute name and type
     * @param sortKey optional: the range key
     * @param pointInTimeRecovery null means true: continuous backups for 35 days
     * @param deletionProtection null means false: a teardown must be able to delete the table
     */
    @JsonPropertyOrder({"enabled", "name", "partitionKey", "sortKey", "pointInTimeRecovery", "deletionProtection"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Table(Boolean enabled, String name, Key partitionKey, Key sortKey, Boolean pointInTimeRecovery,
            Boolean deletionProtection) {

        public boolean on() {
            return !Boolean.FALSE.equals(enabled);
        }
    }

    /**
     * A key attribute of the table.
     *
     * @param name the attribute's name (1–255 characters)
     * @param type {@code S}, {@code N} or {@code B}; null means {@code S}
     */
    @JsonPropertyOrder({"name", "type"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Key(String name, KeyType type) {}

    /**
     * The team's state bucket: versioned, encrypted, Block Public Access on, TLS only; a stack
     * moves into it with {@code cairn state migrate}.
     *
     * @param enabled null means true
     * @param name {@code auto} (the data bucket's derivation with a {@code -state} suffix) or a bucket name
     */
    @JsonPropertyOrder({"enabled", "name"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StateBucket(Boolean enabled, String name) {

        public boolean on() {
            return !Boolean.FALSE.equals(enabled);
        }

        public StateBucket withName(String newName) {
            return new StateBucket(enabled, newName);
        }
    }
}
