package dev.cairn.aws.s3;

import dev.cairn.aws.AwsErrors;
import dev.cairn.aws.AwsClients;
import dev.cairn.aws.Settled;
import dev.cairn.aws.tagging.TaggingApiScanner;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.S3Kinds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.OwnershipControlsRule;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The Storage step's S3 bucket. Bucket names are global across every account, so the bucket is
 * found by its name: {@code HeadBucket} 404 is absent, 403 (or a bucket not listed by this
 * account's ListBuckets) is another account's and so taken, and one of this account's is ours
 * when its tags name this stack and address.
 *
 * <p>S3 cannot take tags or settings in CreateBucket (general-purpose buckets), so the create is
 * CreateBucket and then one journaled call per setting: tags first, then object ownership, Block
 * Public Access, default encryption, versioning and the lifecycle rule. A run killed between
 * CreateBucket and the tags leaves an untagged bucket of this account: {@link #find} takes it as
 * ours only while that create's intent is open ({@link HandlerContext#createPending()}), and
 * {@link #awaitReady} then converges every setting (each one read first, written only when it
 * differs), so the resumed run finishes what the killed one began.
 *
 * <p>The delete empties the bucket first — every version and delete marker, {@code DeleteObjects}
 * a thousand at a time, and every unfinished multipart upload — then deletes it; it is gone when
 * {@code HeadBucket} answers 404.
 */
public final class BucketHandler implements ResourceHandler {

    /** The props the kind changes in place, each with its own call. */
    static final String VERSIONING = "versioning";
    static final String ENCRYPTION = "encryption";
    static final String OWNERSHIP = "objectOwnership";
    static final String NONCURRENT_DAYS = "noncurrentExpirationDays";
    static final List<String> BPA = List.of("blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets");
    /** What AWS sets on a bucket CreateBucket has just made: all four blocks on. */
    private static final PublicAccessBlockConfiguration NEW_BUCKET_BLOCK = PublicAccessBlockConfiguration.builder()
            .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true).build();

    /** The lifecycle rule Cairn writes and recognises as its own among a bucket's rules. */
    static final String LIFECYCLE_RULE_ID = "cairn-noncurrent-expiration";
    /**
     * How long one delete step empties before it hands back to the engine with its progress
     * (DeleteObjects of 1000 keys takes about a second in AWS, so about 20 pages a step).
     */
    static final Duration EMPTY_STEP = Duration.ofSeconds(20);
    /** The region whose buckets take no LocationConstraint (S3 refuses {@code us-east-1} as one). */
    private static final String US_EAST_1 = "us-east-1";
    private static final String BUCKET_ALREADY_OWNED = "BucketAlreadyOwnedByYou";

    private final AwsClients clients;
    /** Versions and markers deleted so far per bucket, for the progress message only (never state). */
    private final Map<String, long[]> emptied = new ConcurrentHashMap<>();

    public BucketHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public ResourceKind kind() {
        return S3Kinds.BUCKET;
    }

    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        S3Client s3 = clients.s3(spec.region());
        String name = required(spec, "name");
        Optional<HeadBucketResponse> head;
        try {
            head = head(s3, name);
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                return Found.taken("S3 bucket " + name + " already exists and belongs to another AWS account "
                        + "(bucket names are global across every account)");
            }
            if (inAnotherRegion(e)) {
                String where = regionOf(e).map(r -> " in " + r).orElse(" in another region");
                return Found.taken("S3 bucket " + name + " already exists" + where + ", not in " + spec.region()
                        + (ownedByThisAccount(s3, name) ? " (in this account)" : " (bucket names are global across every account)"));
            }
            throw e;
        }
        if (head.isEmpty()) {
            return Found.absent();
        }
        if (!ownedByThisAccount(s3, name)) {
            return Found.taken("S3 bucket " + name + " already exists and belongs to another AWS account "
                    + "(bucket names are global across every account)");
        }
        Map<String, String> tags = tags(s3, name);
        String stack = tags.get(Tags.STACK);
        String address = tags.get(Tags.ADDRESS);
        if (ctx.stack().equals(stack) && spec.address().value().equals(address)) {
            return Found.ours(live(ctx, spec.region(), name));
        }
        if (stack == null && address == null && ctx.createPending()) {
            // Our earlier run's CreateBucket made it and was killed before PutBucketTagging.
            return Found.ours(live(ctx, spec.region(), name));
        }
        return Found.taken("S3 bucket " + name + " already exists in this account"
                + (stack == null ? " without Cairn's tags" : " and belongs to Cairn stack " + stack + " (" + address + ")"));
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        S3Client s3 = clients.s3(spec.region());
        String name = required(spec, "name");
        String region = spec.region();
        ctx.say("bucket.creating", name, region);
        // S3 takes no client token: a healed create finds the bucket by name first (see find).
        String ownership = spec.property(OWNERSHIP);
        boolean fresh = true;
        try {
            s3.createBucket(r -> {
                r.bucket(name);
                if (!US_EAST_1.equals(region)) {
                    r.createBucketConfiguration(c -> c.locationConstraint(region));
                }
                if (ownership != null) {
                    // The one setting CreateBucket takes (x-amz-object-ownership): no call of its own.
                    r.objectOwnership(ownership);
                }
            });
        } catch (S3Exception e) {
            // find said absent a moment ago and this create's intent is journaled: a bucket of
            // this account that appeared since is the one an SDK retry of this very call made
            // (its first attempt timed out after S3 acted). Outside us-east-1 S3 says so with
            // this code; in us-east-1 it answers 200.
            if (!BUCKET_ALREADY_OWNED.equals(AwsErrors.code(e))) {
                throw e;
            }
            fresh = false;
        }
        try {
            if (fresh) {
                Set<String> which = settings(spec);
                which.remove(OWNERSHIP);
                write(ctx, s3, spec, name, which);
            } else {
                converge(ctx, s3, spec, name, settings(spec));
            }
        } catch (RetryableException e) {
            // Not visible to the next call yet (eventual consistency): the bucket exists, and
            // awaitReady converges whatever is still missing.
            return live(ctx, region, name);
        }
        return Settled.mark(live(ctx, region, name));
    }

    /** Visible, and every setting as the spec says (re-asserted: a resumed create may have stopped half-way). */
    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        if (Settled.is(resource)) {
            return Poll.done(resource);
        }
        S3Client s3 = clients.s3(spec.region());
        String name = resource.physicalId();
        if (head(s3, name).isEmpty()) {
            return Poll.pending(Message.of("aws.notVisible", kind(), name));
        }
        try {
            converge(ctx, s3, spec, name, settings(spec));
        } catch (RetryableException e) {
            return Poll.pending(e.said());
        }
        return Poll.done(live(ctx, spec.region(), name));
    }

    /** Each changed setting with its own call, written only when AWS does not already show it. */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.removeAll(updatable());
        unknown.remove(TAGS);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        S3Client s3 = clients.s3(spec.region());
        String name = current.physicalId();
        if (head(s3, name).isEmpty()) {
            throw new IllegalStateException("S3 bucket " + name + " is gone; plan again to create it");
        }
        Set<String> which = new TreeSet<>(changed);
        which.retainAll(settings(spec));
        if (changed.contains(TAGS)) {
            which.add(TAGS);
        }
        converge(ctx, s3, spec, name, which);
        return Poll.done(live(ctx, spec.region(), name));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        S3Client s3 = clients.s3(record.spec().region());
        return head(s3, record.physicalId()).map(h -> live(ctx, record.spec().region(), record.physicalId()));
    }

    /**
     * One step: abort unfinished uploads, delete pages of versions and markers for up to
     * {@link #EMPTY_STEP}, and once nothing is left, DeleteBucket. PENDING with what was deleted
     * while pages remain.
     */
    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        S3Client s3 = clients.s3(record.spec().region());
        String name = record.physicalId();
        try {
            if (head(s3, name).isEmpty()) {
                emptied.remove(name);
                return Poll.done();
            }
            int aborted = ctx.mutating("AbortMultipartUpload", () -> BucketContents.abortMultipartUploads(s3, name));
            if (aborted > 0) {
                ctx.say("bucket.uploadsAborted", name, aborted);
            }
            long[] total = emptied.computeIfAbsent(name, k -> new long[2]);
            Instant until = Instant.now().plus(EMPTY_STEP);
            boolean more = true;
            while (more) {
                BucketContents.PageDeleted page = ctx.mutating("DeleteObjects", () -> BucketContents.deleteOnePage(s3, name));
                total[0] += page.versions();
                total[1] += page.deleteMarkers();
                more = page.more() || page.versions() + page.deleteMarkers() > 0;
                if (more && !Instant.now().isBefore(until)) {
                    return Poll.pending(Message.of("bucket.emptying", name, total[0], total[1]));
                }
            }
            if (total[0] + total[1] > 0) {
                ctx.say("bucket.emptied", name, total[0], total[1]);
            }
            s3.deleteBucket(r -> r.bucket(name));
        } catch (S3Exception e) {
            if (BucketContents.isNoSuchBucket(e)) {
                emptied.remove(name);
                return Poll.done();
            }
            if ("BucketNotEmpty".equals(AwsErrors.code(e))) {
                // Something wrote between the last page and DeleteBucket: empty again.
                return Poll.pending(Message.of("bucket.notEmptyYet", name));
            }
            throw e;
        }
        emptied.remove(name);
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return head(clients.s3(record.spec().region()), record.physicalId()).isPresent()
                ? Poll.pending(Message.of("aws.stillExists", kind(), record.physicalId()))
                : Poll.done();
    }

    /**
     * For the tagging-API scan: a bucket's state while it exists in the scanned region. The
     * tagging API can list a bucket for a while after its delete, and an endpoint may list an
     * account's buckets in every region; neither must reach the teardown's proof.
     */
    public static TaggingApiScanner.LiveCheck liveCheck(AwsClients clients) {
        return (region, arn) -> {
            String name = nameOfArn(arn);
            try {
                return head(clients.s3(region), name)
                        .filter(h -> h.bucketRegion() == null || h.bucketRegion().equals(region))
                        .map(h -> "available");
            } catch (S3Exception e) {
                if (inAnotherRegion(e)) {
                    return Optional.empty(); // in another region: that region's scan reports it
                }
                throw e;
            }
        };
    }

    /** {@code arn:aws:s3:::NAME} → {@code NAME}. */
    public static String nameOfArn(String arn) {
        int at = arn.lastIndexOf(':');
        return at < 0 ? arn : arn.substring(at + 1);
    }

    // ------------------------------------------------------------------------------------
    // Settings

    /** The props the kind marks as changing in place. */
    private Set<String> updatable() {
        Set<String> props = new TreeSet<>();
        kind().properties().forEach((p, change) -> {
            if (change == ResourceKind.Change.UPDATE) {
                props.add(p);
            }
        });
        return props;
    }

    /** The settings the spec manages: tags always, and each prop it gives a value. */
    private Set<String> settings(ResolvedSpec spec) {
        Set<String> which = new TreeSet<>();
        which.add(TAGS);
        for (String p : updatable()) {
            if (spec.property(p) != null) {
                which.add(p);
            }
        }
        return which;
    }

    /**
     * Brings the named settings to the spec's values: each read first and written (one
     * journaled call) only when it differs, tags first so a bucket is marked as soon as it can be.
     */
    private void converge(HandlerContext ctx, S3Client s3, ResolvedSpec spec, String name, Set<String> which) {
        if (which.contains(TAGS)) {
            Map<String, String> wanted = spec.tags();
            if (!tags(s3, name).equals(wanted)) {
                write(ctx, name, "tags", "PutBucketTagging",
                        () -> s3.putBucketTagging(r -> r.bucket(name).tagging(t -> t.tagSet(toTags(wanted)))));
            }
        }
        if (which.contains(OWNERSHIP)) {
            String wanted = spec.property(OWNERSHIP);
            if (!wanted.equals(ownership(s3, name))) {
                write(ctx, name, OWNERSHIP, "PutBucketOwnershipControls", () -> s3.putBucketOwnershipControls(r -> r.bucket(name)
                        .ownershipControls(o -> o.rules(OwnershipControlsRule.builder().objectOwnership(wanted).build()))));
            }
        }
        if (BPA.stream().anyMatch(which::contains)) {
            PublicAccessBlockConfiguration have = publicAccessBlock(s3, name);
            PublicAccessBlockConfiguration wanted = wantedBlock(spec, have);
            if (!same(have, wanted)) {
                putBlock(ctx, s3, name, wanted);
            }
        }
        if (which.contains(ENCRYPTION)) {
            String wanted = spec.property(ENCRYPTION);
            if (!wanted.equals(encryption(s3, name))) {
                putEncryption(ctx, s3, name, wanted);
            }
        }
        if (which.contains(VERSIONING)) {
            String wanted = spec.property(VERSIONING);
            String have = call(() -> s3.getBucketVersioning(r -> r.bucket(name)).statusAsString());
            // A bucket never versioned is as good as Suspended: no call makes it "more" unversioned.
            boolean same = wanted.equals(have) || (have == null && "Suspended".equals(wanted));
            if (!same) {
                putVersioning(ctx, s3, name, wanted);
            }
        }
        if (which.contains(NONCURRENT_DAYS)) {
            convergeLifecycle(ctx, s3, name, spec.property(NONCURRENT_DAYS));
        }
    }

    /**
     * The named settings written on a bucket CreateBucket has just made, without reading first:
     * a new bucket has no tags, no lifecycle rule and AWS's defaults for the rest, so a read
     * would only tell what the spec's value replaces. Each write is its own journaled call, tags
     * first; one a crash interrupts is converged (read, then written) by the resumed run.
     */
    private void write(HandlerContext ctx, S3Client s3, ResolvedSpec spec, String name, Set<String> which) {
        if (which.contains(TAGS)) {
            write(ctx, name, "tags", "PutBucketTagging",
                    () -> s3.putBucketTagging(r -> r.bucket(name).tagging(t -> t.tagSet(toTags(spec.tags())))));
        }
        if (which.contains(OWNERSHIP)) {
            String wanted = spec.property(OWNERSHIP);
            write(ctx, name, OWNERSHIP, "PutBucketOwnershipControls", () -> s3.putBucketOwnershipControls(r -> r.bucket(name)
                    .ownershipControls(o -> o.rules(OwnershipControlsRule.builder().objectOwnership(wanted).build()))));
        }
        if (BPA.stream().anyMatch(which::contains)) {
            // AWS blocks all four on a new bucket; a flag the spec leaves out keeps that.
            putBlock(ctx, s3, name, wantedBlock(spec, NEW_BUCKET_BLOCK));
        }
        if (which.contains(ENCRYPTION)) {
            putEncryption(ctx, s3, name, spec.property(ENCRYPTION));
        }
        if (which.contains(VERSIONING)) {
            String wanted = spec.property(VERSIONING);
            // A bucket never versioned is as good as Suspended: no call makes it "more" unversioned.
            if (!"Suspended".equals(wanted)) {
                putVersioning(ctx, s3, name, wanted);
            }
        }
        String days = spec.property(NONCURRENT_DAYS);
        if (which.contains(NONCURRENT_DAYS) && days != null && !days.isBlank()) {
            int n = Integer.parseInt(days.trim());
            LifecycleRule rule = LifecycleRule.builder().id(LIFECYCLE_RULE_ID).status(ExpirationStatus.ENABLED)
                    .filter(f -> f.prefix(""))
                    .noncurrentVersionExpiration(e -> e.noncurrentDays(n))
                    .build();
            write(ctx, name, NONCURRENT_DAYS, "PutBucketLifecycleConfiguration", () -> s3.putBucketLifecycleConfiguration(r -> r
                    .bucket(name).lifecycleConfiguration(c -> c.rules(rule))));
        }
    }

    /** Cairn's one lifecycle rule (noncurrent versions expire after N days), kept beside any other rule. */
    private void convergeLifecycle(HandlerContext ctx, S3Client s3, String name, String days) {
        List<LifecycleRule> rules = lifecycle(s3, name);
        List<LifecycleRule> others = rules.stream().filter(r -> !LIFECYCLE_RULE_ID.equals(r.id())).toList();
        Optional<LifecycleRule> ours = rules.stream().filter(r -> LIFECYCLE_RULE_ID.equals(r.id())).findFirst();
        if (days == null || days.isBlank()) {
            if (ours.isEmpty()) {
                return;
            }
            if (others.isEmpty()) {
                write(ctx, name, NONCURRENT_DAYS, "DeleteBucketLifecycle", () -> s3.deleteBucketLifecycle(r -> r.bucket(name)));
            } else {
                write(ctx, name, NONCURRENT_DAYS, "PutBucketLifecycleConfiguration", () -> s3.putBucketLifecycleConfiguration(r -> r
                        .bucket(name).lifecycleConfiguration(c -> c.rules(others))));
            }
            return;
        }
        int n = Integer.parseInt(days.trim());
        boolean same = ours.isPresent() && ours.get().status() == ExpirationStatus.ENABLED
                && ours.get().noncurrentVersionExpiration() != null
                && Objects.equals(ours.get().noncurrentVersionExpiration().noncurrentDays(), n);
        if (same) {
            return;
        }
        List<LifecycleRule> wanted = new ArrayList<>(others);
        wanted.add(LifecycleRule.builder().id(LIFECYCLE_RULE_ID).status(ExpirationStatus.ENABLED)
                .filter(f -> f.prefix(""))
                .noncurrentVersionExpiration(e -> e.noncurrentDays(n))
                .build());
        write(ctx, name, NONCURRENT_DAYS, "PutBucketLifecycleConfiguration", () -> s3.putBucketLifecycleConfiguration(r -> r
                .bucket(name).lifecycleConfiguration(c -> c.rules(wanted))));
    }

    private void write(HandlerContext ctx, String name, String what, String action, Runnable call) {
        ctx.say("bucket.setting", name, what);
        ctx.mutating(action, () -> call(() -> {
            call.run();
            return null;
        }));
    }

    /** A call on a bucket that may not be visible yet: NoSuchBucket is retried within the kind's window. */
    private <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (S3Exception e) {
            if (BucketContents.isNoSuchBucket(e)) {
                throw new RetryableException("NoSuchBucket", Message.of("aws.notVisible", kind(), e.awsErrorDetails() == null
                        ? "" : String.valueOf(e.awsErrorDetails().errorMessage())), e);
            }
            throw e;
        }
    }

    /** The spec's Block Public Access flags; each one it leaves out stays as in {@code base}. */
    private static PublicAccessBlockConfiguration wantedBlock(ResolvedSpec spec, PublicAccessBlockConfiguration base) {
        return PublicAccessBlockConfiguration.builder()
                .blockPublicAcls(flag(spec, "blockPublicAcls", base.blockPublicAcls()))
                .ignorePublicAcls(flag(spec, "ignorePublicAcls", base.ignorePublicAcls()))
                .blockPublicPolicy(flag(spec, "blockPublicPolicy", base.blockPublicPolicy()))
                .restrictPublicBuckets(flag(spec, "restrictPublicBuckets", base.restrictPublicBuckets()))
                .build();
    }

    private void putBlock(HandlerContext ctx, S3Client s3, String name, PublicAccessBlockConfiguration wanted) {
        write(ctx, name, "Block Public Access", "PutPublicAccessBlock",
                () -> s3.putPublicAccessBlock(r -> r.bucket(name).publicAccessBlockConfiguration(wanted)));
    }

    private void putEncryption(HandlerContext ctx, S3Client s3, String name, String algorithm) {
        write(ctx, name, ENCRYPTION, "PutBucketEncryption", () -> s3.putBucketEncryption(r -> r.bucket(name)
                .serverSideEncryptionConfiguration(c -> c.rules(ServerSideEncryptionRule.builder()
                        .applyServerSideEncryptionByDefault(ServerSideEncryptionByDefault.builder().sseAlgorithm(algorithm).build())
                        .build()))));
    }

    private void putVersioning(HandlerContext ctx, S3Client s3, String name, String status) {
        write(ctx, name, VERSIONING, "PutBucketVersioning",
                () -> s3.putBucketVersioning(r -> r.bucket(name).versioningConfiguration(v -> v.status(status))));
    }

    private static boolean flag(ResolvedSpec spec, String prop, Boolean have) {
        String v = spec.property(prop);
        return v == null ? Boolean.TRUE.equals(have) : Boolean.parseBoolean(v.trim());
    }

    private static boolean same(PublicAccessBlockConfiguration a, PublicAccessBlockConfiguration b) {
        return Boolean.TRUE.equals(a.blockPublicAcls()) == Boolean.TRUE.equals(b.blockPublicAcls())
                && Boolean.TRUE.equals(a.ignorePublicAcls()) == Boolean.TRUE.equals(b.ignorePublicAcls())
                && Boolean.TRUE.equals(a.blockPublicPolicy()) == Boolean.TRUE.equals(b.blockPublicPolicy())
                && Boolean.TRUE.equals(a.restrictPublicBuckets()) == Boolean.TRUE.equals(b.restrictPublicBuckets());
    }

    // ------------------------------------------------------------------------------------
    // Reads

    /** HeadBucket: empty on 404; a 403 or 301 is thrown for the caller to word. */
    static Optional<HeadBucketResponse> head(S3Client s3, String name) {
        try {
            return Optional.of(s3.headBucket(r -> r.bucket(name)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Whether this account's own ListBuckets holds the bucket (HeadBucket also answers 200 for a bucket we may only read). */
    static boolean ownedByThisAccount(S3Client s3, String name) {
        for (Bucket b : s3.listBucketsPaginator(r -> r.prefix(name)).buckets()) {
            if (name.equals(b.name())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A HeadBucket sent to the wrong region: S3 answers 301 with the bucket's region in
     * {@code x-amz-bucket-region} (some endpoints 400 with the same header).
     */
    private static boolean inAnotherRegion(S3Exception e) {
        return e.statusCode() == 301 || (e.statusCode() == 400 && regionOf(e).isPresent());
    }

    private static Optional<String> regionOf(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null ? Optional.empty()
                : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
    }

    static Map<String, String> tags(S3Client s3, String name) {
        Map<String, String> map = new LinkedHashMap<>();
        try {
            s3.getBucketTagging(r -> r.bucket(name)).tagSet().forEach(t -> map.put(t.key(), t.value()));
        } catch (S3Exception e) {
            if (!"NoSuchTagSet".equals(AwsErrors.code(e))) {
                throw e;
            }
        }
        return map;
    }

    private String ownership(S3Client s3, String name) {
        try {
            return call(() -> s3.getBucketOwnershipControls(r -> r.bucket(name)).ownershipControls().rules().stream()
                    .map(OwnershipControlsRule::objectOwnershipAsString).findFirst().orElse(""));
        } catch (S3Exception e) {
            if ("OwnershipControlsNotFoundError".equals(AwsErrors.code(e))) {
                return "";
            }
            throw e;
        }
    }

    private PublicAccessBlockConfiguration publicAccessBlock(S3Client s3, String name) {
        try {
            return call(() -> s3.getPublicAccessBlock(r -> r.bucket(name)).publicAccessBlockConfiguration());
        } catch (S3Exception e) {
            if ("NoSuchPublicAccessBlockConfiguration".equals(AwsErrors.code(e))) {
                return PublicAccessBlockConfiguration.builder().blockPublicAcls(false).ignorePublicAcls(false)
                        .blockPublicPolicy(false).restrictPublicBuckets(false).build();
            }
            throw e;
        }
    }

    private String encryption(S3Client s3, String name) {
        try {
            return call(() -> s3.getBucketEncryption(r -> r.bucket(name)).serverSideEncryptionConfiguration().rules().stream()
                    .filter(r -> r.applyServerSideEncryptionByDefault() != null)
                    .map(r -> r.applyServerSideEncryptionByDefault().sseAlgorithmAsString()).findFirst().orElse(""));
        } catch (S3Exception e) {
            if ("ServerSideEncryptionConfigurationNotFoundError".equals(AwsErrors.code(e))) {
                return "";
            }
            throw e;
        }
    }

    private List<LifecycleRule> lifecycle(S3Client s3, String name) {
        try {
            return call(() -> s3.getBucketLifecycleConfiguration(r -> r.bucket(name)).rules());
        } catch (S3Exception e) {
            if ("NoSuchLifecycleConfiguration".equals(AwsErrors.code(e))) {
                return List.of();
            }
            throw e;
        }
    }

    private static LiveResource live(HandlerContext ctx, String region, String name) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("arn", "arn:" + ctx.partition() + ":s3:::" + name);
        a.put("regionalDomainName", name + ".s3." + region + (ctx.partition().equals("aws-cn") ? ".amazonaws.com.cn" : ".amazonaws.com"));
        a.put("region", region);
        return new LiveResource(name, a, "available");
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static String required(ResolvedSpec spec, String property) {
        String value = spec.property(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(spec.address() + " has no '" + property + "' property");
        }
        return value;
    }
}
