package dev.cairn.aws.s3;

import static dev.cairn.aws.AwsErrors.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What a bucket holds, counted the way a teardown has to delete it: every version and every
 * delete marker (a versioned bucket cannot be deleted while any of them remains, and a plain
 * {@code ListObjectsV2} shows neither noncurrent versions nor markers). Used by the plan, the
 * destroy and {@code cairn status} to say what a delete would throw away, and by the bucket's
 * handler to empty it a page at a time.
 */
public final class BucketContents {

    /** {@code ListObjectVersions} and {@code DeleteObjects} both take at most 1000 keys a call. */
    public static final int PAGE = 1000;

    private BucketContents() {}

    /**
     * @param objects current objects: latest versions that are not delete markers (what a
     *     {@code ListObjectsV2} would list)
     * @param versions every stored version, current and noncurrent (each one is billed storage)
     * @param deleteMarkers delete markers, current or not
     * @param bytes the size of every stored version together
     */
    public record Counts(long objects, long versions, long deleteMarkers, long bytes) {
        public static final Counts NONE = new Counts(0, 0, 0, 0);

        /** Nothing left that would stop a DeleteBucket (multipart uploads aside). */
        public boolean isEmpty() {
            return versions == 0 && deleteMarkers == 0;
        }

        Counts plus(Counts o) {
            return new Counts(objects + o.objects, versions + o.versions, deleteMarkers + o.deleteMarkers, bytes + o.bytes);
        }
    }

    /**
     * One page of a bucket's emptying: what {@link #deleteOnePage} removed.
     *
     * @param versions object versions deleted
     * @param deleteMarkers delete markers deleted
     * @param more whether the listing said more remained after this page
     */
    public record PageDeleted(int versions, int deleteMarkers, boolean more) {}

    /** Counts a bucket's contents (ListObjectVersions, paginated). Fails with NoSuchBucket when it does not exist. */
    public static Counts count(S3Client s3, String bucket) {
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(bucket, "bucket");
        Counts total = Counts.NONE;
        for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(r -> r.bucket(bucket).maxKeys(PAGE))) {
            long objects = 0;
            long bytes = 0;
            for (ObjectVersion v : page.versions()) {
                if (Boolean.TRUE.equals(v.isLatest())) {
                    objects++;
                }
                bytes += v.size() == null ? 0 : v.size();
            }
            total = total.plus(new Counts(objects, page.versions().size(), page.deleteMarkers().size(), bytes));
        }
        return total;
    }

    /** As {@link #count}, or empty when the bucket does not exist (a plan before the first apply, a destroy after). */
    public static Optional<Counts> countIfExists(S3Client s3, String bucket) {
        try {
            return Optional.of(count(s3, bucket));
        } catch (S3Exception e) {
            if (isNoSuchBucket(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Deletes the first page of what the bucket holds: up to {@link #PAGE} versions and delete
     * markers, in one {@code DeleteObjects} (quiet: only failures are answered). Always lists
     * from the start, so a page repeated after a crash or a concurrent writer does no harm.
     * A key the call could not delete fails with S3's code and message.
     */
    public static PageDeleted deleteOnePage(S3Client s3, String bucket) {
        ListObjectVersionsResponse page = s3.listObjectVersions(r -> r.bucket(bucket).maxKeys(PAGE));
        List<ObjectIdentifier> ids = new ArrayList<>();
        for (ObjectVersion v : page.versions()) {
            ids.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build());
        }
        int versions = ids.size();
        for (DeleteMarkerEntry m : page.deleteMarkers()) {
            ids.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build());
        }
        // A listing may answer versions and markers together beyond MaxKeys on some endpoints:
        // DeleteObjects refuses more than 1000, so the rest waits for the next page.
        List<ObjectIdentifier> batch = ids.size() > PAGE ? ids.subList(0, PAGE) : ids;
        boolean more = Boolean.TRUE.equals(page.isTruncated()) || batch.size() < ids.size();
        if (batch.isEmpty()) {
            return new PageDeleted(0, 0, more);
        }
        DeleteObjectsResponse answer = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
        if (answer.hasErrors() && !answer.errors().isEmpty()) {
            S3Error first = answer.errors().get(0);
            throw new IllegalStateException("S3 could not delete " + answer.errors().size() + " of " + batch.size()
                    + " versions in bucket " + bucket + "; first: " + first.key() + " (" + first.versionId() + "): "
                    + first.code() + ": " + first.message());
        }
        int deletedVersions = Math.min(versions, batch.size());
        return new PageDeleted(deletedVersions, batch.size() - deletedVersions, more);
    }

    /** Aborts every unfinished multipart upload (their parts are billed storage and block nothing else). Returns how many. */
    public static int abortMultipartUploads(S3Client s3, String bucket) {
        int aborted = 0;
        for (MultipartUpload u : s3.listMultipartUploadsPaginator(r -> r.bucket(bucket)).uploads()) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
                aborted++;
            } catch (S3Exception e) {
                // Completed or aborted meanwhile: gone either way.
                if (!"NoSuchUpload".equals(code(e))) {
                    throw e;
                }
            }
        }
        return aborted;
    }

    static boolean isNoSuchBucket(S3Exception e) {
        return "NoSuchBucket".equals(code(e)) || (e.statusCode() == 404 && code(e).isEmpty());
    }

}
