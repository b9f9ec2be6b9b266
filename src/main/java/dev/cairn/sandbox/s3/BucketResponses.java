package dev.cairn.sandbox.s3;

import static dev.cairn.sandbox.s3.S3Service.NAMESPACE;
import static dev.cairn.sandbox.s3.S3Service.route;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.HttpResponse;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.core.XmlElements;
import dev.cairn.sandbox.s3.S3Store.Bucket;
import dev.cairn.sandbox.s3.S3Store.LifecycleRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/** Parse and render of the bucket operations; the rules are {@link Buckets}, {@link BucketPolicies}, {@link Lifecycle}. */
final class BucketResponses {
    /** A bucket (and an object) carries at most 50 tags. */
    static final int MAX_TAGS = 50;
    /** ListBuckets' largest page (AWS's figure). */
    static final int MAX_BUCKETS_PAGE = 10_000;
    static final Set<String> SSE_ALGORITHMS = Set.of("AES256", "aws:kms", "aws:kms:dsse");

    private BucketResponses() {
    }

    static void register(ServiceDefinition.Builder b) {
        b.rest("ListBuckets", Effect.READS, route("GET", "/"), BucketResponses::listBuckets)
                .rest("CreateBucket", Effect.WRITES, route("PUT", "/{Bucket}"), BucketResponses::createBucket)
                .rest("HeadBucket", Effect.READS, route("HEAD", "/{Bucket}"), BucketResponses::headBucket)
                .rest("DeleteBucket", Effect.WRITES, route("DELETE", "/{Bucket}"), BucketResponses::deleteBucket)
                .rest("GetBucketLocation", Effect.READS, route("GET", "/{Bucket}", "location"),
                        BucketResponses::getBucketLocation)
                .rest("PutPublicAccessBlock", Effect.WRITES, route("PUT", "/{Bucket}", "publicAccessBlock"),
                        BucketResponses::putPublicAccessBlock)
                .rest("GetPublicAccessBlock", Effect.READS, route("GET", "/{Bucket}", "publicAccessBlock"),
                        BucketResponses::getPublicAccessBlock)
                .rest("DeletePublicAccessBlock", Effect.WRITES, route("DELETE", "/{Bucket}", "publicAccessBlock"),
                        call -> {
                            owned(call).publicAccessBlock = null;
                            return HttpResponse.empty(204);
                        })
                .rest("PutBucketOwnershipControls", Effect.WRITES, route("PUT", "/{Bucket}", "ownershipControls"),
                        BucketResponses::putOwnershipControls)
                .rest("GetBucketOwnershipControls", Effect.READS, route("GET", "/{Bucket}", "ownershipControls"),
                        BucketResponses::getOwnershipControls)
                .rest("DeleteBucketOwnershipControls", Effect.WRITES,
                        route("DELETE", "/{Bucket}", "ownershipControls"), call -> {
                            owned(call).ownership = null;
                            return HttpResponse.empty(204);
                        })
                .rest("PutBucketPolicy", Effect.WRITES, route("PUT", "/{Bucket}", "policy"),
                        BucketResponses::putBucketPolicy)
                .rest("GetBucketPolicy", Effect.READS, route("GET", "/{Bucket}", "policy"), call -> {
                    Bucket bucket = owned(call);
                    if (bucket.policy == null) {
                        throw noSuchPolicy();
                    }
                    return HttpResponse.text(200, "application/json", bucket.policy);
                })
                .rest("DeleteBucketPolicy", Effect.WRITES, route("DELETE", "/{Bucket}", "policy"), call -> {
                    owned(call).policy = null;
                    return HttpResponse.empty(204);
                })
                .rest("GetBucketPolicyStatus", Effect.READS, route("GET", "/{Bucket}", "policyStatus"), call -> {
                    Bucket bucket = owned(call);
                    if (bucket.policy == null) {
                        throw noSuchPolicy();
                    }
                    boolean isPublic = BucketPolicies.isPublic(BucketPolicies.validate(bucket.policy, bucket.id));
                    return S3Service.xml(200, new Xml().root("PolicyStatus", NAMESPACE).el("IsPublic", isPublic).end());
                })
                .rest("PutBucketVersioning", Effect.WRITES, route("PUT", "/{Bucket}", "versioning"), call -> {
                    Element root = S3Xml.parse(call.http().bodyText(), "VersioningConfiguration").root();
                    Buckets.versioning(owned(call), XmlElements.text(root, "Status"), XmlElements.text(root, "MfaDelete"));
                    return HttpResponse.empty(200);
                })
                .rest("GetBucketVersioning", Effect.READS, route("GET", "/{Bucket}", "versioning"), call -> {
                    Bucket bucket = owned(call);
                    return S3Service.xml(200, new Xml().root("VersioningConfiguration", NAMESPACE)
                            .el("Status", bucket.versioning).end());
                })
                .rest("PutBucketEncryption", Effect.WRITES, route("PUT", "/{Bucket}", "encryption"),
                        BucketResponses::putEncryption)
                .rest("GetBucketEncryption", Effect.READS, route("GET", "/{Bucket}", "encryption"),
                        BucketResponses::getEncryption)
                .rest("DeleteBucketEncryption", Effect.WRITES, route("DELETE", "/{Bucket}", "encryption"), call -> {
                    // Every bucket is encrypted: deleting the configuration puts SSE-S3 back.
                    owned(call).encryption = new S3Store.Encryption();
                    return HttpResponse.empty(204);
                })
                .rest("PutBucketLifecycleConfiguration", Effect.WRITES, route("PUT", "/{Bucket}", "lifecycle"),
                        call -> {
                            Bucket bucket = owned(call);
                            bucket.lifecycle = Lifecycle.parse(call.http().bodyText());
                            return HttpResponse.empty(200);
                        })
                .rest("GetBucketLifecycleConfiguration", Effect.READS, route("GET", "/{Bucket}", "lifecycle"),
                        BucketResponses::getLifecycle)
                .rest("DeleteBucketLifecycle", Effect.WRITES, route("DELETE", "/{Bucket}", "lifecycle"), call -> {
                    owned(call).lifecycle = null;
                    return HttpResponse.empty(204);
                })
                .rest("PutBucketTagging", Effect.WRITES, route("PUT", "/{Bucket}", "tagging"), call -> {
                    Bucket bucket = owned(call);
                    LinkedHashMap<String, String> tags = parseTagging(call.http().bodyText());
                    bucket.tags = tags;
                    return HttpResponse.empty(204);
                })
                .rest("GetBucketTagging", Effect.READS, route("GET", "/{Bucket}", "tagging"), call -> {
                    Bucket bucket = owned(call);
                    if (bucket.tags.isEmpty()) {
                        throw new AwsException("NoSuchTagSet", "The TagSet does not exist", 404);
                    }
                    return S3Service.xml(200, tagging(bucket.tags));
                })
                .rest("DeleteBucketTagging", Effect.WRITES, route("DELETE", "/{Bucket}", "tagging"), call -> {
                    owned(call).tags = new LinkedHashMap<>();
                    return HttpResponse.empty(204);
                });
    }

    /** The caller's own bucket, for a bucket setting (never anonymous). */
    static Bucket owned(Call call) {
        if (S3Service.anonymous(call)) {
            throw dev.cairn.sandbox.s3.Buckets.accessDenied();
        }
        return S3Service.bucket(call, "s3:ListBucket", null);
    }

    static AwsException noSuchPolicy() {
        return new AwsException("NoSuchBucketPolicy", "The bucket policy does not exist", 404);
    }

    private static HttpResponse listBuckets(Call call) {
        if (S3Service.anonymous(call)) {
            throw Buckets.accessDenied();
        }
        Map<String, String> q = call.http().queryParameters();
        String prefix = q.getOrDefault("prefix", "");
        String region = q.get("bucket-region");
        String after = q.get("continuation-token");
        int max = Integer.MAX_VALUE;
        if (q.containsKey("max-buckets")) {
            try {
                max = Integer.parseInt(q.get("max-buckets"));
            } catch (NumberFormatException e) {
                max = 0;
            }
            if (max < 1 || max > MAX_BUCKETS_PAGE) {
                throw new AwsException("InvalidArgument", "Argument max-buckets must be an integer between 1 and "
                        + MAX_BUCKETS_PAGE + ".");
            }
        }
        Xml x = new Xml().root("ListAllMyBucketsResult", NAMESPACE).start("Owner")
                .el("ID", S3Service.canonicalId(call.accountId())).el("DisplayName", "sandbox").end().start("Buckets");
        int n = 0;
        String next = null;
        for (Bucket b : call.state(S3Store.class).buckets.values()) {
            if (!b.account.equals(call.accountId()) || !b.id.startsWith(prefix) || (region != null
                    && !region.equals(b.region)) || (after != null && !after.isEmpty() && b.id.compareTo(after) <= 0)) {
                continue;
            }
            if (n == max) {
                break;
            }
            x.start("Bucket").el("Name", b.id).el("CreationDate", S3Service.iso(b.createdAt))
                    .el("BucketRegion", b.region).end();
            n++;
            next = b.id;
        }
        x.end();
        boolean more = false;
        if (n == max && next != null) {
            String last = next;
            more = call.state(S3Store.class).buckets.values().stream().anyMatch(b -> b.account.equals(call.accountId())
                    && b.id.startsWith(prefix) && (region == null || region.equals(b.region)) && b.id.compareTo(last) > 0);
        }
        if (more) {
            x.el("ContinuationToken", next);
        }
        if (!prefix.isEmpty()) {
            x.el("Prefix", prefix);
        }
        return S3Service.xml(200, x.end());
    }

    private static HttpResponse createBucket(Call call) {
        if (S3Service.anonymous(call)) {
            throw Buckets.accessDenied();
        }
        String constraint = null;
        String body = call.http().bodyText();
        if (!body.isBlank()) {
            constraint = XmlElements.text(S3Xml.parse(body, "CreateBucketConfiguration").root(), "LocationConstraint");
        }
        Bucket b = new Buckets(call.state(S3Store.class)).create(call.pathParam("Bucket"), call.accountId(),
                call.region(), constraint, call.http().header("x-amz-object-ownership"), call.now());
        return HttpResponse.empty(200).withHeader("Location", "/" + b.id);
    }

    private static HttpResponse headBucket(Call call) {
        S3Store store = call.state(S3Store.class);
        Bucket b = store.buckets.get(call.pathParam("Bucket"));
        if (b != null && !S3Service.anonymous(call) && b.account.equals(call.accountId())
                && !b.region.equals(call.region())) {
            // The SDKs and the CLI learn a bucket's region from this header on the redirect.
            return HttpResponse.empty(301).withHeader("x-amz-bucket-region", b.region);
        }
        Bucket bucket = S3Service.bucket(call, "s3:ListBucket", null);
        return HttpResponse.empty(200).withHeader("x-amz-bucket-region", bucket.region)
                .withHeader("x-amz-access-point-alias", "false");
    }

    private static HttpResponse deleteBucket(Call call) {
        owned(call);
        Bucket gone = new Buckets(call.state(S3Store.class)).delete(call.pathParam("Bucket"), call.accountId());
        S3Objects objects = S3Service.objects(call, gone);
        new java.util.ArrayList<>(gone.uploads.values()).forEach(objects::endUpload);
        return HttpResponse.empty(204);
    }

    private static HttpResponse getBucketLocation(Call call) {
        if (S3Service.anonymous(call)) {
            throw Buckets.accessDenied();
        }
        // Answered from any region's endpoint: it is how a client finds the right one.
        Bucket b = new Buckets(call.state(S3Store.class)).owned(call.pathParam("Bucket"), call.accountId());
        // us-east-1 is the empty constraint; region names need no escaping.
        String text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"" + NAMESPACE + "\">"
                + (b.region.equals(Buckets.US_EAST_1) ? "" : b.region) + "</LocationConstraint>";
        return HttpResponse.text(200, "application/xml", text);
    }

    private static HttpResponse putPublicAccessBlock(Call call) {
        Bucket bucket = owned(call);
        Element root = S3Xml.parse(call.http().bodyText(), "PublicAccessBlockConfiguration").root();
        S3Store.PublicAccessBlock pab = new S3Store.PublicAccessBlock();
        pab.blockPublicAcls = bool(root, "BlockPublicAcls");
        pab.ignorePublicAcls = bool(root, "IgnorePublicAcls");
        pab.blockPublicPolicy = bool(root, "BlockPublicPolicy");
        pab.restrictPublicBuckets = bool(root, "RestrictPublicBuckets");
        bucket.publicAccessBlock = pab;
        return HttpResponse.empty(200);
    }

    private static boolean bool(Element root, String name) {
        String v = XmlElements.text(root, name);
        if (v == null) {
            return false;
        }
        if (!v.trim().equals("true") && !v.trim().equals("false")) {
            throw S3Xml.malformed();
        }
        return Boolean.parseBoolean(v.trim());
    }

    private static HttpResponse getPublicAccessBlock(Call call) {
        S3Store.PublicAccessBlock pab = owned(call).publicAccessBlock;
        if (pab == null) {
            throw new AwsException("NoSuchPublicAccessBlockConfiguration",
                    "The public access block configuration was not found", 404);
        }
        return S3Service.xml(200, new Xml().root("PublicAccessBlockConfiguration", NAMESPACE)
                .el("BlockPublicAcls", pab.blockPublicAcls).el("IgnorePublicAcls", pab.ignorePublicAcls)
                .el("BlockPublicPolicy", pab.blockPublicPolicy).el("RestrictPublicBuckets", pab.restrictPublicBuckets)
                .end());
    }

    private static HttpResponse putOwnershipControls(Call call) {
        Bucket bucket = owned(call);
        Element root = S3Xml.parse(call.http().bodyText(), "OwnershipControls").root();
        List<Element> rules = XmlElements.children(root, "Rule");
        if (rules.size() != 1) {
            throw S3Xml.malformed();
        }
        Buckets.ownership(bucket, XmlElements.text(rules.get(0), "ObjectOwnership"));
        return HttpResponse.empty(200);
    }

    private static HttpResponse getOwnershipControls(Call call) {
        Bucket bucket = owned(call);
        if (bucket.ownership == null) {
            throw new AwsException("OwnershipControlsNotFoundError", "The bucket ownership controls were not found",
                    404);
        }
        return S3Service.xml(200, new Xml().root("OwnershipControls", NAMESPACE).start("Rule")
                .el("ObjectOwnership", bucket.ownership).end().end());
    }

    private static HttpResponse putBucketPolicy(Call call) {
        Bucket bucket = owned(call);
        String text = call.http().bodyText();
        var doc = BucketPolicies.validate(text, bucket.id);
        if (bucket.publicAccessBlock != null && bucket.publicAccessBlock.blockPublicPolicy
                && BucketPolicies.isPublic(doc)) {
            throw new AwsException("AccessDenied", "User: arn:aws:iam::" + call.accountId() + ":user/sandbox is not "
                    + "authorized to perform: s3:PutBucketPolicy on resource: \"arn:aws:s3:::" + bucket.id + "\" "
                    + "because public policies are blocked by the BlockPublicPolicy block public access setting.", 403);
        }
        bucket.policy = text;
        return HttpResponse.empty(204);
    }

    private static HttpResponse putEncryption(Call call) {
        Bucket bucket = owned(call);
        Element root = S3Xml.parse(call.http().bodyText(), "ServerSideEncryptionConfiguration").root();
        List<Element> rules = XmlElements.children(root, "Rule");
        if (rules.size() != 1) {
            throw S3Xml.malformed();
        }
        Element by = XmlElements.child(rules.get(0), "ApplyServerSideEncryptionByDefault");
        String algorithm = XmlElements.text(by, "SSEAlgorithm");
        if (algorithm == null || !SSE_ALGORITHMS.contains(algorithm)) {
            throw S3Xml.malformed();
        }
        String key = XmlElements.text(by, "KMSMasterKeyID");
        if (key != null && algorithm.equals("AES256")) {
            throw new AwsException("InvalidArgument", "a KMSMasterKeyID is not applicable if the default sse algorithm "
                    + "is not aws:kms or aws:kms:dsse");
        }
        S3Store.Encryption e = new S3Store.Encryption();
        e.algorithm = algorithm;
        e.kmsKeyId = key;
        e.bucketKeyEnabled = "true".equals(XmlElements.text(rules.get(0), "BucketKeyEnabled"));
        bucket.encryption = e;
        return HttpResponse.empty(200);
    }

    private static HttpResponse getEncryption(Call call) {
        S3Store.Encryption e = owned(call).encryption;
        return S3Service.xml(200, new Xml().root("ServerSideEncryptionConfiguration", NAMESPACE).start("Rule")
                .start("ApplyServerSideEncryptionByDefault").el("SSEAlgorithm", e.algorithm)
                .el("KMSMasterKeyID", e.kmsKeyId).end().el("BucketKeyEnabled", e.bucketKeyEnabled).end().end());
    }

    private static HttpResponse getLifecycle(Call call) {
        Bucket bucket = owned(call);
        if (bucket.lifecycle == null || bucket.lifecycle.isEmpty()) {
            throw new AwsException("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist", 404);
        }
        Xml x = new Xml().root("LifecycleConfiguration", NAMESPACE);
        for (LifecycleRule r : bucket.lifecycle) {
            x.start("Rule").el("ID", r.id);
            if (r.filterElement) {
                x.start("Filter").el("Prefix", r.prefix).end();
            } else {
                x.el("Prefix", r.prefix);
            }
            x.el("Status", r.status);
            if (r.expirationDays != null || r.expiredObjectDeleteMarker != null) {
                x.start("Expiration").el("Days", r.expirationDays)
                        .el("ExpiredObjectDeleteMarker", r.expiredObjectDeleteMarker).end();
            }
            if (r.noncurrentDays != null) {
                x.start("NoncurrentVersionExpiration").el("NoncurrentDays", r.noncurrentDays)
                        .el("NewerNoncurrentVersions", r.newerNoncurrentVersions).end();
            }
            if (r.abortIncompleteDays != null) {
                x.start("AbortIncompleteMultipartUpload").el("DaysAfterInitiation", r.abortIncompleteDays).end();
            }
            x.end();
        }
        return S3Service.xml(200, x.end());
    }

    /** A {@code <Tagging><TagSet>} body, checked as S3 checks tags. */
    static LinkedHashMap<String, String> parseTagging(String body) {
        Element root = S3Xml.parse(body, "Tagging").root();
        Element set = XmlElements.child(root, "TagSet");
        if (set == null) {
            throw S3Xml.malformed();
        }
        List<Map.Entry<String, String>> tags = new ArrayList<>();
        for (Element t : XmlElements.children(set, "Tag")) {
            String key = XmlElements.text(t, "Key");
            String value = XmlElements.text(t, "Value");
            if (key == null || value == null) {
                throw S3Xml.malformed();
            }
            tags.add(Map.entry(key, value));
        }
        return checkTags(tags);
    }

    /** S3's tag rules: at most 50, keys 1–128 characters, values up to 256, no duplicate keys, no {@code aws:} keys. */
    static LinkedHashMap<String, String> checkTags(List<Map.Entry<String, String>> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new AwsException("BadRequest", "Object tags cannot be greater than 50");
        }
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : tags) {
            String key = t.getKey();
            if (key.isEmpty() || key.length() > 128) {
                throw new AwsException("InvalidTag", "The TagKey you have provided is invalid");
            }
            if (t.getValue().length() > 256) {
                throw new AwsException("InvalidTag", "The TagValue you have provided is invalid");
            }
            if (key.startsWith("aws:")) {
                throw new AwsException("InvalidTag", "System tags cannot be added/updated by requester");
            }
            if (out.put(key, t.getValue()) != null) {
                throw new AwsException("InvalidTag", "Cannot provide multiple Tags with the same key");
            }
        }
        return out;
    }

    static Xml tagging(Map<String, String> tags) {
        Xml x = new Xml().root("Tagging", NAMESPACE).start("TagSet");
        tags.forEach((k, v) -> x.start("Tag").el("Key", k).el("Value", v).end());
        return x.end().end();
    }
}
