package dev.cairn.aws.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.aws.AwsErrors;
import dev.cairn.aws.AwsClients;
import dev.cairn.aws.Settled;
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
import dev.cairn.model.kinds.S3Kinds;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A bucket's policy, which lives in its bucket: nothing of its own to find, tag or own. The
 * bucket is this stack's (its handler made sure), so the policy is written as the spec says,
 * whatever was there. Physical ID the bucket's name.
 *
 * <p>A public policy is refused with {@code AccessDenied} while Block Public Access still
 * blocks it, and the bucket's handler has only just relaxed that (the guide's public-read
 * exercise): the put is retried within the kind's window for that code.
 */
public final class BucketPolicyHandler implements ResourceHandler {

    static final String ACCESS_DENIED = "AccessDenied";
    private static final String NO_POLICY = "NoSuchBucketPolicy";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsClients clients;

    public BucketPolicyHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public ResourceKind kind() {
        return S3Kinds.BUCKET_POLICY;
    }

    /** Ours when the bucket already holds this very policy; absent otherwise (the create writes it). */
    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        String bucket = spec.refId("bucket");
        Optional<String> policy = policy(clients.s3(spec.region()), bucket);
        if (policy.isPresent() && samePolicy(policy.get(), BucketHandler.required(spec, "policy"))) {
            return Found.ours(live(bucket));
        }
        return Found.absent();
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        String bucket = spec.refId("bucket");
        put(clients.s3(spec.region()), bucket, BucketHandler.required(spec, "policy"));
        // PutBucketPolicy's success is the answer: no GetBucketPolicy to confirm it.
        return Settled.mark(live(bucket));
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        if (Settled.is(resource)) {
            return Poll.done(resource);
        }
        return policy(clients.s3(spec.region()), resource.physicalId()).isPresent()
                ? Poll.done(live(resource.physicalId()))
                : Poll.pending(Message.of("aws.notVisible", kind(), resource.physicalId()));
    }

    /** The policy is replaced whole, unless the bucket already holds it (a repeated update). */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.remove("policy");
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        S3Client s3 = clients.s3(spec.region());
        String bucket = spec.refId("bucket");
        String wanted = BucketHandler.required(spec, "policy");
        Optional<String> have = policy(s3, bucket);
        if (have.isEmpty() || !samePolicy(have.get(), wanted)) {
            put(s3, bucket, wanted);
        }
        return Poll.done(live(bucket));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return policy(clients.s3(record.spec().region()), record.physicalId()).map(p -> live(record.physicalId()));
    }

    /** DeleteBucketPolicy; a bucket already gone took its policy with it. */
    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        try {
            clients.s3(record.spec().region()).deleteBucketPolicy(r -> r.bucket(record.physicalId()));
        } catch (S3Exception e) {
            if (!BucketContents.isNoSuchBucket(e) && !NO_POLICY.equals(AwsErrors.code(e))) {
                throw e;
            }
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return read(ctx, record).isPresent()
                ? Poll.pending(Message.of("aws.stillExists", kind(), record.physicalId()))
                : Poll.done();
    }

    private void put(S3Client s3, String bucket, String policy) {
        try {
            s3.putBucketPolicy(r -> r.bucket(bucket).policy(policy));
        } catch (S3Exception e) {
            String code = AwsErrors.code(e);
            if (ACCESS_DENIED.equals(code)) {
                // Block Public Access relaxed moments ago still blocks a public policy for a while.
                throw new RetryableException(ACCESS_DENIED, Message.of("bucketPolicy.blocked", bucket, message(e)), e);
            }
            if (BucketContents.isNoSuchBucket(e)) {
                throw new RetryableException("NoSuchBucket", Message.of("aws.notVisible", S3Kinds.BUCKET, bucket), e);
            }
            throw e;
        }
    }

    /** The bucket's policy, or empty when it has none or the bucket is gone. */
    static Optional<String> policy(S3Client s3, String bucket) {
        try {
            return Optional.ofNullable(s3.getBucketPolicy(r -> r.bucket(bucket)).policy());
        } catch (S3Exception e) {
            if (NO_POLICY.equals(AwsErrors.code(e)) || BucketContents.isNoSuchBucket(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The same document, whatever the whitespace and key order S3 answers it with. */
    static boolean samePolicy(String a, String b) {
        try {
            JsonNode x = JSON.readTree(a);
            JsonNode y = JSON.readTree(b);
            return x.equals(y);
        } catch (JsonProcessingException e) {
            return a.equals(b);
        }
    }

    private static String message(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? e.getMessage()
                : e.awsErrorDetails().errorMessage();
    }

    private static LiveResource live(String bucket) {
        return new LiveResource(bucket, Map.of("bucket", bucket), "");
    }
}
