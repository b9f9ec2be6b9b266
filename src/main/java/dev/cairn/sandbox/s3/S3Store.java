package dev.cairn.sandbox.s3;

import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.TaggedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * S3's store, saved as {@code s3.json} (schema 1). Bucket names are one namespace across every
 * account and region, so the store is keyed by bucket name and each bucket records its owner and
 * region. Object bytes are never here: a version names its blob file ({@link dev.cairn.sandbox.core.Blobs}).
 * Plain public fields so Jackson writes it as it is; the rules live in {@link Buckets} and {@link Objects}.
 */
final class S3Store {
    static final StoreSpec<S3Store> SPEC = StoreSpec.of("s3.json", S3Store.class, S3Store::new);

    /** Block Public Access, the four settings of {@code PublicAccessBlockConfiguration}. */
    static final class PublicAccessBlock {
        public boolean blockPublicAcls;
        public boolean ignorePublicAcls;
        public boolean blockPublicPolicy;
        public boolean restrictPublicBuckets;
    }

    /** Default encryption: SSE-S3 ({@code AES256}) unless set to KMS. */
    static final class Encryption {
        public String algorithm = "AES256";
        public String kmsKeyId;
        public boolean bucketKeyEnabled;
    }

    /** One lifecycle rule, with the actions the Sandbox applies (others are refused when put). */
    static final class LifecycleRule {
        public String id;
        /** {@code Enabled} or {@code Disabled}. */
        public String status;
        /** The rule's prefix filter; empty for the whole bucket. */
        public String prefix = "";
        /** Whether the filter was given as {@code <Filter>} (rendered back the same way). */
        public boolean filterElement = true;
        public Integer expirationDays;
        public Boolean expiredObjectDeleteMarker;
        public Integer noncurrentDays;
        public Integer newerNoncurrentVersions;
        public Integer abortIncompleteDays;
    }

    /** One version of a key, or a delete marker. */
    static final class ObjectVersion {
        /** {@code null} (the string) for an object written while versioning was never enabled or suspended. */
        public String versionId;
        public boolean deleteMarker;
        public long lastModified;
        /** When a newer version took its place (lifecycle's noncurrent days count from it); 0 while current. */
        public long noncurrentSince;
        public String blob;
        /** Quoted, as S3 sends it: {@code "md5hex"} or {@code "md5-of-md5s-N"}. */
        public String etag;
        public long size;
        public String contentType;
        /** Content-Encoding, Content-Disposition, Cache-Control, Content-Language, Expires as sent. */
        public LinkedHashMap<String, String> headers = new LinkedHashMap<>();
        /** {@code x-amz-meta-*} without the prefix, lower-case names as S3 keeps them. */
        public LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
        /** Full-object checksums the client sent ({@code x-amz-checksum-crc32} → value). */
        public LinkedHashMap<String, String> checksums = new LinkedHashMap<>();
        public LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        /** Parts of a multipart object; 0 for a single upload. */
        public int partsCount;
        /** The account that wrote it (the owner shown by listings). */
        public String owner;
    }

    /** One uploaded part of a multipart upload. */
    static final class Part {
        public int number;
        public String blob;
        public String etag;
        public long size;
        public long lastModified;
        public LinkedHashMap<String, String> checksums = new LinkedHashMap<>();
    }

    /** A multipart upload in progress. */
    static final class Upload {
        public String uploadId;
        public String key;
        public long initiated;
        public String initiator;
        public String contentType;
        public LinkedHashMap<String, String> headers = new LinkedHashMap<>();
        public LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
        public LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        public String checksumAlgorithm;
        public TreeMap<Integer, Part> parts = new TreeMap<>();
    }

    /** A bucket: {@link TaggedResource#id} is its name. */
    static final class Bucket extends TaggedResource {
        public String account;
        public String region;
        /** Null (never enabled), {@code Enabled} or {@code Suspended}. */
        public String versioning;
        public PublicAccessBlock publicAccessBlock;
        /** {@code BucketOwnerEnforced} (the default since April 2023), {@code BucketOwnerPreferred}, {@code ObjectWriter}; null after a delete. */
        public String ownership = Buckets.DEFAULT_OWNERSHIP;
        public String policy;
        public Encryption encryption = new Encryption();
        public List<LifecycleRule> lifecycle;
        /** Key → its versions, newest first; keys in S3's order (UTF-8 binary, which is UTF-16 order for the BMP). */
        public TreeMap<String, List<ObjectVersion>> objects = new TreeMap<>();
        public LinkedHashMap<String, Upload> uploads = new LinkedHashMap<>();
    }

    /** Every bucket of every account, by name: names are global. */
    public TreeMap<String, Bucket> buckets = new TreeMap<>();

    /** Every version and marker of a bucket, for counting and listing. */
    static List<ObjectVersion> allVersions(Bucket b) {
        List<ObjectVersion> out = new ArrayList<>();
        b.objects.values().forEach(out::addAll);
        return out;
    }
}
