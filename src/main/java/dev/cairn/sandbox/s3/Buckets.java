package dev.cairn.sandbox.s3;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.s3.S3Store.Bucket;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of buckets: AWS's naming rules, one namespace of names across every account,
 * ownership (another account's bucket is {@code AccessDenied}), the region a bucket lives in, and
 * what a delete needs (no object version or delete marker left).
 */
final class Buckets {
    /** Since April 2023 a new bucket has ACLs disabled: the owner owns every object. */
    static final String DEFAULT_OWNERSHIP = "BucketOwnerEnforced";
    static final Set<String> OWNERSHIP_VALUES = Set.of("BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter");
    /** The region whose endpoint takes a CreateBucket without a LocationConstraint. */
    static final String US_EAST_1 = "us-east-1";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    /** Prefixes and suffixes AWS reserves for its own names (access points, Object Lambda, directory buckets, …). */
    private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

    private final S3Store store;

    Buckets(S3Store store) {
        this.store = store;
    }

    /** Whether a name follows AWS's rules for general purpose buckets. */
    static boolean validName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..") || IP_ADDRESS.matcher(name).matches()) {
            return false;
        }
        return RESERVED_PREFIXES.stream().noneMatch(name::startsWith) && RESERVED_SUFFIXES.stream().noneMatch(name::endsWith);
    }

    static AwsException noSuchBucket() {
        return new AwsException("NoSuchBucket", "The specified bucket does not exist", 404);
    }

    static AwsException accessDenied() {
        return new AwsException("AccessDenied", "Access Denied", 403);
    }

    /**
     * Creates a bucket for an account in the region whose endpoint the request was signed for.
     * A request to us-east-1 takes no LocationConstraint; any other region needs its own name
     * as the constraint (AWS's endpoints are regional).
     *
     * @return the bucket, new or (us-east-1's legacy answer) the caller's existing one
     */
    Bucket create(String name, String account, String endpointRegion, String locationConstraint, String ownership,
                  long now) {
        if (!validName(name)) {
            throw new AwsException("InvalidBucketName", "The specified bucket is not valid.");
        }
        String constraint = locationConstraint == null || locationConstraint.isEmpty() ? null : locationConstraint;
        if (constraint != null && (constraint.equals(US_EAST_1) || !Regions.ALL.containsKey(constraint))) {
            throw new AwsException("InvalidLocationConstraint", "The specified location-constraint is not valid");
        }
        String region = constraint == null ? US_EAST_1 : constraint;
        if (!region.equals(endpointRegion)) {
            throw new AwsException("IllegalLocationConstraintException", "The " + (constraint == null ? "unspecified"
                    : constraint) + " location constraint is incompatible for the region specific endpoint this "
                    + "request was sent to.");
        }
        if (ownership != null && !OWNERSHIP_VALUES.contains(ownership)) {
            throw new AwsException("InvalidArgument", "Invalid x-amz-object-ownership header: " + ownership);
        }
        Bucket existing = store.buckets.get(name);
        if (existing != null) {
            if (!existing.account.equals(account)) {
                throw new AwsException("BucketAlreadyExists", "The requested bucket name is not available. The bucket "
                        + "namespace is shared by all users of the system. Please select a different name and try again.",
                        409);
            }
            if (existing.region.equals(US_EAST_1) && endpointRegion.equals(US_EAST_1)) {
                // North Virginia's legacy answer: 200 OK for a bucket you already own there.
                return existing;
            }
            throw new AwsException("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket "
                    + "succeeded and you already own it.", 409);
        }
        Bucket b = new Bucket();
        b.id = name;
        b.account = account;
        b.region = region;
        b.createdAt = now;
        b.ownership = ownership == null ? DEFAULT_OWNERSHIP : ownership;
        // New buckets have all four Block Public Access settings on (AWS's default since April 2023).
        b.publicAccessBlock = new S3Store.PublicAccessBlock();
        b.publicAccessBlock.blockPublicAcls = true;
        b.publicAccessBlock.ignorePublicAcls = true;
        b.publicAccessBlock.blockPublicPolicy = true;
        b.publicAccessBlock.restrictPublicBuckets = true;
        store.buckets.put(name, b);
        return b;
    }

    /**
     * The caller's bucket: {@code NoSuchBucket} when no account has it, {@code AccessDenied} when
     * another account owns it (its policy is not evaluated for other accounts' signed requests).
     */
    Bucket owned(String name, String account) {
        Bucket b = store.buckets.get(name);
        if (b == null) {
            throw noSuchBucket();
        }
        if (!b.account.equals(account)) {
            throw accessDenied();
        }
        return b;
    }

    /** A bucket whoever owns it (anonymous requests, whose access the policy decides), or {@code NoSuchBucket}. */
    Bucket any(String name) {
        Bucket b = store.buckets.get(name);
        if (b == null) {
            throw noSuchBucket();
        }
        return b;
    }

    /** Deletes an empty bucket: any version or delete marker keeps it; uploads in progress go with it. */
    Bucket delete(String name, String account) {
        Bucket b = owned(name, account);
        if (!b.objects.isEmpty()) {
            throw new AwsException("BucketNotEmpty", b.versioning == null ? "The bucket you tried to delete is not empty"
                    : "The bucket you tried to delete is not empty. You must delete all versions in the bucket.", 409);
        }
        store.buckets.remove(name);
        return b;
    }

    /** Versioning {@code Enabled} or {@code Suspended}; once enabled it can never go back to unversioned. */
    static void versioning(Bucket b, String status, String mfaDelete) {
        if (!"Enabled".equals(status) && !"Suspended".equals(status)) {
            throw new AwsException("MalformedXML", "The XML you provided was not well-formed or did not validate "
                    + "against our published schema");
        }
        if ("Enabled".equals(mfaDelete)) {
            throw new AwsException("InvalidRequest", "DevPay and Mfa are mutually exclusive authorization methods.");
        }
        b.versioning = status;
    }

    static void ownership(Bucket b, String value) {
        if (value == null || !OWNERSHIP_VALUES.contains(value)) {
            throw new AwsException("MalformedXML", "The XML you provided was not well-formed or did not validate "
                    + "against our published schema");
        }
        b.ownership = value;
    }
}
