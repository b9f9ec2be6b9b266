package dev.cairn.step.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.DynamoDbKinds;
import dev.cairn.model.kinds.S3Kinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resources of the Storage step, derived from a validated blueprint with defaults filled and
 * bucket names resolved ({@link BucketNames#resolve}). Addresses live under the step
 * {@code storage}; property and ref names follow the kinds' javadoc ({@link S3Kinds},
 * {@link DynamoDbKinds}).
 *
 * <p>Choices, and why:
 * <ul>
 *   <li>Every bucket is locked down the same way: SSE-S3, {@code BucketOwnerEnforced} (ACLs off,
 *       so only policies grant access) and all four Block Public Access settings on. The one
 *       exception is the user's explicit {@code allowPublicRead}, which turns off exactly the two
 *       settings that would block the public policy ({@code blockPublicPolicy},
 *       {@code restrictPublicBuckets}); the two ACL settings stay on, since ACLs are off anyway.
 *   <li>Each bucket's policy is its own resource (it refs the bucket) and always denies every
 *       request made without TLS ({@code aws:SecureTransport} false), on the bucket and its objects.
 *   <li>The team's state bucket is a second bucket with {@code role=state}, always versioned (a
 *       state snapshot overwritten by mistake can be recovered), never public.
 *   <li>Addresses do not carry names: renaming a bucket or a table is a replacement of the same
 *       address, which the plan shows as {@code -/+} with the data it loses.
 * </ul>
 */
public final class StorageResources {

    public static final String STEP = StorageSection.KEY.name();
    public static final Address BUCKET = Address.of(STEP, "bucket");
    public static final Address BUCKET_POLICY = Address.of(STEP, "bucket-policy");
    public static final Address STATE_BUCKET = Address.of(STEP, "state-bucket");
    public static final Address STATE_BUCKET_POLICY = Address.of(STEP, "state-bucket-policy");
    public static final Address TABLE = Address.of(STEP, "table");

    /** {@code role} of the data bucket. */
    public static final String ROLE_DATA = "data";
    /** {@code role} of the team's state bucket, which the diagram marks. */
    public static final String ROLE_STATE = "state";
    /** Default encryption: SSE-S3, S3's own keys (no KMS charge). */
    public static final String SSE_S3 = "AES256";
    /** Object ownership with ACLs off: the bucket owner owns every object. */
    public static final String OWNERSHIP = "BucketOwnerEnforced";
    public static final String VERSIONING_ON = "Enabled";
    /** A bucket's versioning can never go back to "never enabled"; off means suspended. */
    public static final String VERSIONING_OFF = "Suspended";
    /** On-demand capacity: billed per request, nothing while idle. */
    public static final String ON_DEMAND = "PAY_PER_REQUEST";
    /** The Sid of the statement every bucket policy has. */
    public static final String DENY_INSECURE_SID = "DenyInsecureTransport";
    /** The Sid of the public-read statement, only with {@code allowPublicRead}. */
    public static final String PUBLIC_READ_SID = "PublicReadGetObject";

    private static final ObjectMapper JSON = new ObjectMapper();

    private StorageResources() {}

    /**
     * @param blueprint validated, defaults filled, bucket names resolved
     * @return empty when the blueprint has no storage section or it is disabled
     * @throws IllegalArgumentException when a bucket name is still {@code auto} (the caller
     *     resolves it first: planning is pure and makes no call)
     */
    public static List<ResourceSpec> specs(Blueprint blueprint) {
        StorageSection storage = blueprint.section(StorageSection.KEY);
        if (storage == null || !storage.on()) {
            return List.of();
        }
        String region = blueprint.region();
        List<ResourceSpec> specs = new ArrayList<>();
        StorageSection.Bucket bucket = storage.bucket();
        String name = resolvedName("storage.bucket.name", bucket.name());
        boolean publicRead = storage.publicRead();
        specs.add(new ResourceSpec(BUCKET, S3Kinds.BUCKET, region, bucketProps(name, !Boolean.FALSE.equals(bucket.versioning()),
                publicRead, bucket.noncurrentVersionExpirationDays(), ROLE_DATA), Map.of(), Set.of()));
        specs.add(new ResourceSpec(BUCKET_POLICY, S3Kinds.BUCKET_POLICY, region, Map.of("policy", policy(name, publicRead)),
                Map.of("bucket", BUCKET), Set.of()));
        if (storage.stateBucketOn()) {
            String stateName = resolvedName("storage.stateBucket.name", storage.stateBucket().name());
            specs.add(new ResourceSpec(STATE_BUCKET, S3Kinds.BUCKET, region, bucketProps(stateName, true, false, null, ROLE_STATE),
                    Map.of(), Set.of()));
            specs.add(new ResourceSpec(STATE_BUCKET_POLICY, S3Kinds.BUCKET_POLICY, region,
                    Map.of("policy", policy(stateName, false)), Map.of("bucket", STATE_BUCKET), Set.of()));
        }
        if (storage.tableOn()) {
            StorageSection.Table t = storage.table();
            Map<String, String> p = new LinkedHashMap<>();
            p.put("name", t.name());
            p.put("partitionKeyName", t.partitionKey().name());
            p.put("partitionKeyType", t.partitionKey().type().name());
            p.put("sortKeyName", t.sortKey() == null ? "" : t.sortKey().name());
            p.put("sortKeyType", t.sortKey() == null ? "" : t.sortKey().type().name());
            p.put("billingMode", ON_DEMAND);
            p.put("pointInTimeRecovery", String.valueOf(!Boolean.FALSE.equals(t.pointInTimeRecovery())));
            p.put("deletionProtection", String.valueOf(Boolean.TRUE.equals(t.deletionProtection())));
            specs.add(new ResourceSpec(TABLE, DynamoDbKinds.TABLE, region, p, Map.of(), Set.of()));
        }
        return List.copyOf(specs);
    }

    /**
     * What a replacement or delete of {@code spec} loses, in words, when the spec is one of this
     * step's data holders: a bucket's objects and versions, a table's items. The plan and the
     * teardown say it beside the line; nothing else in Cairn names these kinds.
     */
    public static Optional<String> dataLost(ResourceSpec spec) {
        if (spec.kind() == DynamoDbKinds.TABLE) {
            return Optional.of("the table's items are deleted with it (point-in-time backups of a deleted table are not kept)"
                    + ("true".equals(spec.property("deletionProtection")) ? "; deletion protection is on, so AWS refuses the"
                            + " delete: set storage.table.deletionProtection to false and apply first" : ""));
        }
        if (spec.kind() == S3Kinds.BUCKET) {
            return Optional.of("every object and version in the bucket is deleted with it");
        }
        return Optional.empty();
    }

    /** Whether {@code spec} is an S3 bucket of this step (its physical ID the bucket's name). */
    public static boolean isBucket(ResourceSpec spec) {
        return spec.kind() == S3Kinds.BUCKET;
    }

    /**
     * The object URL pattern of a public bucket, as a person opens it:
     * {@code https://NAME.s3.REGION.amazonaws.com/KEY}.
     */
    public static String objectUrlPattern(String bucket, String region) {
        return BucketNames.awsUrl(bucket, region) + "/KEY";
    }

    private static String resolvedName(String field, String name) {
        if (BucketNames.isAuto(name)) {
            throw new IllegalArgumentException(field + " is \"" + name + "\"; resolve it with the account before planning");
        }
        return name;
    }

    private static Map<String, String> bucketProps(String name, boolean versioning, boolean publicRead, Integer noncurrentDays,
            String role) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("versioning", versioning ? VERSIONING_ON : VERSIONING_OFF);
        p.put("encryption", SSE_S3);
        p.put("objectOwnership", OWNERSHIP);
        p.put("blockPublicAcls", "true");
        p.put("ignorePublicAcls", "true");
        // Set explicitly either way: turning public read off again must turn these back on in place.
        p.put("blockPublicPolicy", String.valueOf(!publicRead));
        p.put("restrictPublicBuckets", String.valueOf(!publicRead));
        p.put("noncurrentExpirationDays", noncurrentDays == null ? "" : String.valueOf(noncurrentDays));
        p.put("role", role);
        return p;
    }

    /**
     * The bucket's policy document: deny every request without TLS, and with {@code publicRead}
     * allow {@code s3:GetObject} to everyone on the bucket's objects. Written compactly with a
     * fixed statement order, so the same inputs give the same text (the planner compares it).
     * The partition is {@code aws}: Cairn builds only in the commercial regions ({@code Regions}).
     */
    public static String policy(String bucket, boolean publicRead) {
        String arn = "arn:aws:s3:::" + bucket;
        ObjectNode doc = JSON.createObjectNode();
        doc.put("Version", "2012-10-17");
        ArrayNode statements = doc.putArray("Statement");
        ObjectNode deny = statements.addObject();
        deny.put("Sid", DENY_INSECURE_SID);
        deny.put("Effect", "Deny");
        deny.put("Principal", "*");
        deny.put("Action", "s3:*");
        deny.putArray("Resource").add(arn).add(arn + "/*");
        deny.putObject("Condition").putObject("Bool").put("aws:SecureTransport", "false");
        if (publicRead) {
            ObjectNode read = statements.addObject();
            read.put("Sid", PUBLIC_READ_SID);
            read.put("Effect", "Allow");
            read.put("Principal", "*");
            read.put("Action", "s3:GetObject");
            read.put("Resource", arn + "/*");
        }
        try {
            return JSON.writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // A tree of strings always serializes; a failure here is a bug.
            throw new IllegalStateException(e);
        }
    }
}
