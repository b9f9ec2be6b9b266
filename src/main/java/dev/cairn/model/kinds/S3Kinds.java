package dev.cairn.model.kinds;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Naming;
import dev.cairn.model.ResourceKind.Shape;
import java.time.Duration;
import java.util.List;

/**
 * The Storage step's Amazon S3 kinds. A bucket's name is global across every account: Cairn
 * names it, finds it by that name and checks ownership by its tags (a bucket of that name that
 * is not ours is "taken", never adopted). The Resource Groups Tagging API lists what a stack left
 * ({@code s3:bucket}, whose ARN {@code arn:aws:s3:::NAME} carries no region or account).
 */
public final class S3Kinds {

    /** CreateBucket answers at once; the bucket's settings follow in a few calls. */
    public static final Duration BUCKET_CREATE = Duration.ofMinutes(5);
    /**
     * A delete first empties the bucket — every version and delete marker, {@code DeleteObjects}
     * 1000 keys a call — so a bucket of millions of objects takes a while.
     */
    public static final Duration BUCKET_DELETE = Duration.ofMinutes(60);
    /** Bucket names: 3–63 characters, lower-case letters, digits, dots and hyphens (AWS's full rules are the step's). */
    public static final Naming BUCKET_NAME = new Naming(63, "a-z0-9.-", Naming.Scope.GLOBAL);
    /**
     * Right after CreateBucket (or a policy change) S3 may briefly answer {@code NoSuchBucket} or
     * refuse a policy that Block Public Access has only just stopped blocking.
     */
    public static final Duration EVENTUAL_CONSISTENCY_WINDOW = Duration.ofMinutes(2);

    private static final String CONSOLE = "https://s3.console.aws.amazon.com/s3/buckets/{id}?region={region}";

    private S3Kinds() {}

    /**
     * A general-purpose bucket. props: {@code name} (replace); in place: {@code versioning}
     * ({@code Enabled} or {@code Suspended}), {@code encryption} ({@code AES256}: SSE-S3),
     * {@code objectOwnership} ({@code BucketOwnerEnforced}), the four Block Public Access settings
     * {@code blockPublicAcls}, {@code ignorePublicAcls}, {@code blockPublicPolicy},
     * {@code restrictPublicBuckets} ({@code true}/{@code false}), {@code noncurrentExpirationDays}
     * (a lifecycle rule; empty for none) and {@code role} ({@code data}, or {@code state} for the
     * team's state bucket, which the diagram marks). Physical ID the bucket's name; attributes
     * {@code arn}, {@code regionalDomainName}, {@code region}. The delete empties the bucket first.
     */
    public static final ResourceKind BUCKET = ResourceKind.define("S3_BUCKET").service(AwsService.S3)
            .label("S3 bucket").cloudFormation("AWS::S3::Bucket")
            .named(BUCKET_NAME, "s3:bucket")
            .replaceOn("name")
            .updateOn("versioning", "encryption", "objectOwnership", "blockPublicAcls", "ignorePublicAcls",
                    "blockPublicPolicy", "restrictPublicBuckets", "noncurrentExpirationDays", "role")
            .timeouts(BUCKET_CREATE, Ec2Kinds.DEFAULT_UPDATE, BUCKET_DELETE)
            .retry("NoSuchBucket", EVENTUAL_CONSISTENCY_WINDOW)
            // S3 Standard: storage, and requests by their two price classes (DELETE is free).
            .cost(Cost.FREE.withUsage("storage", "GB-month")
                    .withUsage("PUT, COPY, POST and LIST requests", "1,000 requests")
                    .withUsage("GET and other requests", "1,000 requests"))
            .shape(Shape.SERVICE)
            .icon("S3", "#16a34a")
            .console(CONSOLE)
            .build();

    /**
     * A bucket's policy: nothing of its own to find (it lives in the bucket). refs: {@code bucket};
     * props in place: {@code policy} (the JSON document, TLS-only always, public read only when
     * the user allowed it). Physical ID the bucket's name. Its create waits while Block Public
     * Access still blocks a public policy ({@code AccessDenied}) for the eventual-consistency window.
     */
    public static final ResourceKind BUCKET_POLICY = ResourceKind.define("S3_BUCKET_POLICY").service(AwsService.S3)
            .label("Bucket policy").cloudFormation("AWS::S3::BucketPolicy")
            .foundThroughParent()
            .ref("bucket", BUCKET)
            .updateOn("policy")
            .timeouts(Ec2Kinds.DEFAULT_CREATE, Ec2Kinds.DEFAULT_UPDATE, Ec2Kinds.DEFAULT_DELETE)
            .retry("AccessDenied", EVENTUAL_CONSISTENCY_WINDOW)
            .cost(Cost.FREE)
            .foldedInto("bucket")
            .build();

    public static final List<ResourceKind> ALL = List.of(BUCKET, BUCKET_POLICY);
}
