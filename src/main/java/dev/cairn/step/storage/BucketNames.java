package dev.cairn.step.storage;

import dev.cairn.model.Blueprint;
import dev.cairn.step.pipeline.PipelineResources;
import dev.cairn.step.pipeline.PipelineSection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * S3 bucket names: AWS's naming rules for general-purpose buckets, checked before any call, and
 * the names Cairn derives for {@code name: auto}. A bucket's name is global across every account
 * in the partition, so a derived name carries the stack, the account and the region:
 * {@code demo-123456789012-ap-northeast-2}, and {@code …-state} for the team's state bucket.
 * Deterministic (the same inputs always give the same name, so an interrupted create finds its
 * bucket again); a name longer than 63 characters keeps its readable start and ends in a short
 * hash of the whole before the suffix.
 */
public final class BucketNames {

    /** S3: a bucket name is 3–63 characters ({@link StorageValidator#bucketNameError} checks every rule). */
    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 63;
    /** The suffix of the team's state bucket's derived name. */
    public static final String STATE_SUFFIX = "-state";
    /**
     * The account validation derives a name with, before the real one is known: every account ID
     * is 12 digits, so the derived name has the same length, start and end as the real one, and
     * every rule gives the same answer.
     */
    public static final String PLACEHOLDER_ACCOUNT = "000000000000";
    /**
     * What a plan made without credentials shows where the account goes: upper case, so it can
     * never be taken for a real bucket name (S3 refuses upper case), and never applied.
     */
    public static final String UNKNOWN_ACCOUNT = "ACCOUNT";
    /** Prefixes AWS reserves (sthree-configurator is covered by sthree-). */
    public static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    /**
     * Suffixes AWS reserves: access point aliases, Object Lambda access point aliases,
     * Multi-Region Access Points, directory buckets and table buckets.
     */
    public static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");
    /** Hex digits of the hash that ends a shortened derived name. */
    static final int HASH_LENGTH = 6;

    private BucketNames() {}

    /** Whether {@code name} is the word {@code auto} (or left out), which asks for a derived name. */
    public static boolean isAuto(String name) {
        return name == null || name.isEmpty() || StorageSection.NAME_AUTO.equals(name);
    }

    /**
     * The name Cairn gives a bucket of {@code stack} in {@code account} and {@code region}.
     *
     * @param suffix empty for the data bucket, {@link #STATE_SUFFIX} for the state bucket
     */
    public static String derive(String stack, String account, String region, String suffix) {
        String base = (stack + "-" + account + "-" + region).toLowerCase(Locale.ROOT);
        if (base.length() + suffix.length() <= MAX_LENGTH) {
            return base + suffix;
        }
        int keep = MAX_LENGTH - suffix.length() - HASH_LENGTH - 1;
        return base.substring(0, keep).replaceAll("[-.]+$", "") + "-" + hash(base) + suffix;
    }

    /**
     * {@code blueprint} with every {@code auto} bucket name of its storage section replaced by
     * the derived name for {@code account}; unchanged without a storage section or with names
     * given. Called where the target's account is known ({@code StackRunner.resolve}); previews
     * that must make no call may pass {@link #PLACEHOLDER_ACCOUNT}.
     */
    public static Blueprint resolve(Blueprint blueprint, String account) {
        blueprint = resolvePipeline(blueprint, account);
        StorageSection storage = blueprint.section(StorageSection.KEY);
        if (storage == null || !storageNeedsAccount(blueprint)) {
            return blueprint;
        }
        StorageSection.Bucket bucket = storage.bucket() == null
                ? new StorageSection.Bucket(null, null, null, null) : storage.bucket();
        if (isAuto(bucket.name())) {
            storage = storage.withBucket(bucket.withName(derive(blueprint.name(), account, blueprint.region(), "")));
        }
        StorageSection.StateBucket state = storage.stateBucket();
        if (storage.stateBucketOn() && isAuto(state.name())) {
            storage = storage.withStateBucket(state.withName(derive(blueprint.name(), account, blueprint.region(), STATE_SUFFIX)));
        }
        return blueprint.with(StorageSection.KEY, storage);
    }

    /**
     * The Pipeline step's artifact bucket is a bucket like the Storage step's: {@code auto} derives
     * {@code <stack>-<account>-<region>-artifacts} here too, so every caller that resolves bucket
     * names (apply, plan, the pages' previews) resolves it without knowing the step.
     */
    private static Blueprint resolvePipeline(Blueprint blueprint, String account) {
        PipelineSection pipeline = blueprint.section(PipelineSection.KEY);
        if (pipeline == null || !pipeline.on() || !isAuto(pipeline.artifactBucket())) {
            return blueprint;
        }
        return blueprint.with(PipelineSection.KEY, pipeline.withArtifactBucket(
                PipelineResources.derivedBucket(blueprint.name(), account, blueprint.region())));
    }

    /**
     * Whether {@link #resolve} needs the account: a storage section with an {@code auto} bucket
     * name, or a pipeline section with an {@code auto} artifact bucket.
     */
    public static boolean needsAccount(Blueprint blueprint) {
        PipelineSection pipeline = blueprint.section(PipelineSection.KEY);
        return pipeline != null && pipeline.on() && isAuto(pipeline.artifactBucket()) || storageNeedsAccount(blueprint);
    }

    private static boolean storageNeedsAccount(Blueprint blueprint) {
        StorageSection storage = blueprint.section(StorageSection.KEY);
        if (storage == null || !storage.on()) {
            return false;
        }
        return storage.bucket() == null || isAuto(storage.bucket().name())
                || storage.stateBucketOn() && isAuto(storage.stateBucket().name());
    }

    /** The bucket's URL in AWS, virtual-hosted style: {@code https://NAME.s3.REGION.amazonaws.com}. */
    public static String awsUrl(String bucket, String region) {
        return "https://" + bucket + ".s3." + region + ".amazonaws.com";
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
