package dev.cairn.step.storage;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.SectionKey;
import dev.cairn.step.StepModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 4, Storage: an S3 bucket with the guide's safe settings and a TLS-only policy (public read
 * only with explicit consent), an optional DynamoDB table on demand, and an optional state bucket
 * for the team. Optional: a blueprint without the section leaves the step out. Builds on nothing
 * in the VPC: S3 and DynamoDB are regional services.
 */
public final class StorageStep implements StepModule<StorageSection> {

    public static final StorageStep MODULE = new StorageStep();

    /** The partition key the example and the page start from: the guide's {@code id} string. */
    public static final String DEFAULT_PARTITION_KEY = "id";
    /** The table name's suffix after the stack name when left out. */
    public static final String DEFAULT_TABLE_SUFFIX = "-table";

    private static final Map<String, String> FIELD_COMMENTS = fieldComments0();

    private StorageStep() {}

    private static Map<String, String> fieldComments0() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("enabled", "false keeps the section but builds nothing.");
        m.put("bucket", "An S3 bucket: encrypted with S3's keys (SSE-S3), ACLs off (BucketOwnerEnforced), all four Block"
                + " Public Access settings on, and a policy that refuses any request made without TLS.");
        m.put("bucket.name", "auto: derived from the stack, the account and the region (bucket names are global across every"
                + " account). Or your own: 3-63 lower-case letters, digits, dots and hyphens, checked before any call.");
        m.put("bucket.versioning", "Keep every version of an object, so an overwrite or a delete can be undone."
                + " false suspends it (a bucket once versioned can never be unversioned).");
        m.put("bucket.allowPublicRead", "true lets anyone on the internet read every object (s3:GetObject for *): the"
                + " guide's exercise. It turns off the two policy-related Block Public Access settings; plan warns.");
        m.put("bucket.noncurrentVersionExpirationDays", "Optional: delete a version this many days after it was replaced"
                + " or deleted (a lifecycle rule), so versioning does not keep paying for old copies.");
        m.put("table", "Optional: a DynamoDB table billed per request (on demand): nothing while it is idle.");
        m.put("table.enabled", "false keeps the table's settings but builds no table.");
        m.put("table.name", "The table's name in the region: 3-255 letters, digits, _ - and dots.");
        m.put("table.partitionKey", "Every item's key (the hash key); changing it replaces the table and loses its items.");
        m.put("table.partitionKey.name", "The attribute's name.");
        m.put("table.partitionKey.type", "S (string), N (number) or B (binary).");
        m.put("table.sortKey", "Optional: a second key part (the range key) that orders items with the same partition key.");
        m.put("table.sortKey.name", "The attribute's name.");
        m.put("table.sortKey.type", "S (string), N (number) or B (binary).");
        m.put("table.pointInTimeRecovery", "Continuous backups: restore the table to any second of the last 35 days.");
        m.put("table.deletionProtection", "Off by default: Cairn's destroy must be able to delete the table. If on, destroy"
                + " refuses and asks you to turn it off and apply first.");
        m.put("stateBucket", "Optional: a second bucket (versioned, encrypted, Block Public Access on, TLS only) where the"
                + " team keeps its stacks' journals and state, with a lock; move a stack in with `cairn state migrate`.");
        m.put("stateBucket.enabled", "true builds the state bucket.");
        m.put("stateBucket.name", "auto: the data bucket's name with -state at the end. Or your own bucket name.");
        return Map.copyOf(m);
    }

    @Override
    public SectionKey<StorageSection> key() {
        return StorageSection.KEY;
    }

    @Override
    public boolean required() {
        return false;
    }

    @Override
    public String comment() {
        return "Step 4, Storage: an S3 bucket locked down, an optional DynamoDB table, an optional bucket for the team's state.";
    }

    @Override
    public Map<String, String> fieldComments() {
        return FIELD_COMMENTS;
    }

    /**
     * Enabled; bucket name {@code auto}, versioned, not public; a written table enabled, named
     * {@code <stack>-table}, partition key {@code id} of type {@code S} (a key's type {@code S}
     * when left out), point-in-time recovery on, deletion protection off; a written state bucket
     * enabled and named {@code auto}.
     */
    @Override
    public StorageSection withDefaults(StorageSection s, Blueprint blueprint) {
        StorageSection.Bucket b = s.bucket() == null ? new StorageSection.Bucket(null, null, null, null) : s.bucket();
        b = new StorageSection.Bucket(b.name() == null || b.name().isEmpty() ? StorageSection.NAME_AUTO : b.name(),
                b.versioning() == null ? Boolean.TRUE : b.versioning(),
                b.allowPublicRead() == null ? Boolean.FALSE : b.allowPublicRead(), b.noncurrentVersionExpirationDays());
        StorageSection.Table t = s.table();
        if (t != null) {
            String name = t.name() == null || t.name().isEmpty()
                    ? (blueprint.name() == null ? null : blueprint.name() + DEFAULT_TABLE_SUFFIX) : t.name();
            StorageSection.Key pk = t.partitionKey() == null ? new StorageSection.Key(DEFAULT_PARTITION_KEY, KeyType.S)
                    : typed(t.partitionKey());
            t = new StorageSection.Table(t.on(), name, pk, t.sortKey() == null ? null : typed(t.sortKey()),
                    t.pointInTimeRecovery() == null ? Boolean.TRUE : t.pointInTimeRecovery(),
                    t.deletionProtection() == null ? Boolean.FALSE : t.deletionProtection());
        }
        StorageSection.StateBucket sb = s.stateBucket();
        if (sb != null) {
            sb = new StorageSection.StateBucket(sb.on(), sb.name() == null || sb.name().isEmpty() ? StorageSection.NAME_AUTO : sb.name());
        }
        return new StorageSection(s.on(), b, t, sb);
    }

    private static StorageSection.Key typed(StorageSection.Key key) {
        return key.type() == null ? new StorageSection.Key(key.name(), KeyType.S) : key;
    }

    @Override
    public List<FieldError> validate(StorageSection storage, Blueprint blueprint) {
        return StorageValidator.validate(storage, blueprint);
    }

    @Override
    public List<FieldError> warnings(StorageSection storage, Blueprint blueprint) {
        return StorageValidator.warnings(storage, blueprint);
    }

    @Override
    public List<ResourceSpec> resources(StorageSection storage, Blueprint blueprint) {
        return StorageResources.specs(blueprint);
    }
}
