package dev.cairn.sandbox.s3;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.s3.S3Store.Bucket;
import dev.cairn.sandbox.s3.S3Store.ObjectVersion;
import dev.cairn.sandbox.s3.S3Store.Part;
import dev.cairn.sandbox.s3.S3Store.Upload;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The rules of objects in one bucket: versions and delete markers (versioning never enabled,
 * {@code Enabled} or {@code Suspended}), conditional writes, listings in S3's key order with
 * prefixes, delimiters and markers, and multipart uploads. Blob files are the caller's business:
 * what a change stops naming is handed to {@code discard}.
 *
 * <p>Every method runs under the world lock, so a conditional check and the write it guards are
 * one atomic step: of two concurrent {@code If-None-Match: *} puts of one key exactly one wins.
 */
final class S3Objects {
    /** The version ID of objects written while versioning was never enabled, or suspended. */
    static final String NULL_VERSION = "null";
    /** Parts other than the last must be at least 5 MiB (AWS's figure). */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    static final int MAX_PART_NUMBER = 10_000;
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
    /** AWS's version IDs are 32 characters. */
    private static final int VERSION_ID_LENGTH = 32;

    private final Bucket bucket;
    private final Random random;
    private final long now;
    private final Consumer<String> discard;

    S3Objects(Bucket bucket, Random random, long now, Consumer<String> discard) {
        this.bucket = bucket;
        this.random = random;
        this.now = now;
        this.discard = discard;
    }

    /** Hands a blob nothing names any more to the service's disposal rule. */
    void discard(String blob) {
        discard.accept(blob);
    }

    static AwsException noSuchKey() {
        return new AwsException("NoSuchKey", "The specified key does not exist.", 404);
    }

    static AwsException preconditionFailed() {
        return new AwsException("PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                412);
    }

    /** The key's current version (possibly a delete marker), or null. */
    ObjectVersion current(String key) {
        List<ObjectVersion> versions = bucket.objects.get(key);
        return versions == null || versions.isEmpty() ? null : versions.get(0);
    }

    /** The current version when it is an object (not a delete marker), or null. */
    ObjectVersion live(String key) {
        ObjectVersion v = current(key);
        return v == null || v.deleteMarker ? null : v;
    }

    /**
     * A version to read: the current one, or the one named. {@code NoSuchKey} when the key has
     * none or its current version is a delete marker; {@code NoSuchVersion} for an unknown
     * version; {@code MethodNotAllowed} for a delete marker named by its version.
     */
    ObjectVersion read(String key, String versionId) {
        if (versionId == null) {
            ObjectVersion v = current(key);
            if (v == null) {
                throw noSuchKey();
            }
            if (v.deleteMarker) {
                throw noSuchKey().withHeader("x-amz-delete-marker", "true").withHeader("x-amz-version-id", v.versionId);
            }
            return v;
        }
        ObjectVersion v = version(key, versionId);
        if (v.deleteMarker) {
            throw new AwsException("MethodNotAllowed", "The specified method is not allowed against this resource.", 405)
                    .withHeader("x-amz-delete-marker", "true").withHeader("x-amz-version-id", v.versionId);
        }
        return v;
    }

    /** A version by ID: {@code InvalidArgument} for an ID S3 could not have made, {@code NoSuchVersion} otherwise. */
    ObjectVersion version(String key, String versionId) {
        if (versionId.isEmpty()) {
            throw new AwsException("InvalidArgument", "Version id cannot be the empty string");
        }
        List<ObjectVersion> versions = bucket.objects.get(key);
        if (versions != null) {
            for (ObjectVersion v : versions) {
                if (v.versionId.equals(versionId)) {
                    return v;
                }
            }
        }
        if (!versionId.equals(NULL_VERSION) && versionId.length() != VERSION_ID_LENGTH) {
            throw new AwsException("InvalidArgument", "Invalid version id specified");
        }
        throw new AwsException("NoSuchVersion", "The specified version does not exist.", 404);
    }

    /**
     * Checks a write's conditions against the key's current state: {@code If-None-Match: *}
     * fails when an object (not a delete marker) is current; {@code If-Match} needs the current
     * object to have that ETag ({@code NoSuchKey} when there is none).
     */
    void checkWrite(String key, String ifMatch, String ifNoneMatch) {
        ObjectVersion v = live(key);
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw new AwsException("NotImplemented", "A header you provided implies functionality that is not "
                        + "implemented", 501);
            }
            if (v != null) {
                throw preconditionFailed();
            }
        }
        if (ifMatch != null) {
            if (v == null) {
                throw noSuchKey();
            }
            if (!etagMatches(ifMatch, v.etag)) {
                throw preconditionFailed();
            }
        }
    }

    /** Whether a condition header's ETag list ({@code "a", "b"} or {@code *}) names this ETag. */
    static boolean etagMatches(String header, String etag) {
        for (String one : header.split(",")) {
            String t = one.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || unquote(t).equals(unquote(etag))) {
                return true;
            }
        }
        return false;
    }

    static String unquote(String etag) {
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1)
                : etag;
    }

    /**
     * Makes {@code v} the key's current version: a new version ID while versioning is enabled;
     * otherwise the {@code null} version, which replaces the key's previous {@code null} version.
     */
    ObjectVersion install(String key, ObjectVersion v) {
        List<ObjectVersion> versions = bucket.objects.computeIfAbsent(key, k -> new ArrayList<>());
        v.lastModified = now;
        v.noncurrentSince = 0;
        if ("Enabled".equals(bucket.versioning)) {
            v.versionId = newVersionId();
        } else {
            v.versionId = NULL_VERSION;
            removeVersion(versions, NULL_VERSION);
        }
        if (!versions.isEmpty() && versions.get(0).noncurrentSince == 0) {
            versions.get(0).noncurrentSince = now;
        }
        versions.add(0, v);
        return v;
    }

    private String newVersionId() {
        StringBuilder id = new StringBuilder(VERSION_ID_LENGTH);
        for (int i = 0; i < VERSION_ID_LENGTH; i++) {
            id.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
        }
        return id.toString();
    }

    private void removeVersion(List<ObjectVersion> versions, String versionId) {
        for (Iterator<ObjectVersion> it = versions.iterator(); it.hasNext(); ) {
            ObjectVersion old = it.next();
            if (old.versionId.equals(versionId)) {
                it.remove();
                if (old.blob != null) {
                    discard.accept(old.blob);
                }
            }
        }
    }

    /** What a delete did: the version it removed or the marker it made. */
    record Deleted(String versionId, boolean deleteMarker) {
    }

    /**
     * DeleteObject. Without a version: unversioned buckets lose the key; versioned buckets get a
     * delete marker (even for a key they never had); suspended ones replace the {@code null}
     * version with a {@code null} marker. With a version: that version goes for good (an unknown
     * one is no error, as in S3).
     */
    Deleted delete(String key, String versionId) {
        if (versionId != null) {
            if (versionId.isEmpty()) {
                throw new AwsException("InvalidArgument", "Version id cannot be the empty string");
            }
            List<ObjectVersion> versions = bucket.objects.get(key);
            if (versions == null) {
                return new Deleted(versionId, false);
            }
            boolean wasMarker = versions.stream().anyMatch(v -> v.versionId.equals(versionId) && v.deleteMarker);
            boolean wasCurrent = !versions.isEmpty() && versions.get(0).versionId.equals(versionId);
            removeVersion(versions, versionId);
            if (versions.isEmpty()) {
                bucket.objects.remove(key);
            } else if (wasCurrent) {
                versions.get(0).noncurrentSince = 0;
            }
            return new Deleted(versionId, wasMarker);
        }
        if (bucket.versioning == null) {
            List<ObjectVersion> versions = bucket.objects.remove(key);
            if (versions != null) {
                versions.stream().filter(v -> v.blob != null).forEach(v -> discard.accept(v.blob));
            }
            return new Deleted(null, false);
        }
        ObjectVersion marker = new ObjectVersion();
        marker.deleteMarker = true;
        marker.owner = bucket.account;
        install(key, marker);
        return new Deleted(marker.versionId, true);
    }

    // ------------------------------------------------------------------ listings

    /** One entry of a listing: an object version (or marker) or a common prefix. */
    record Entry(String key, ObjectVersion version, String commonPrefix) {
    }

    /** A page of a listing and where the next one starts. */
    record Page(List<Entry> entries, boolean truncated, String nextKey, String nextVersionId) {
        List<String> commonPrefixes() {
            return entries.stream().filter(e -> e.commonPrefix() != null).map(Entry::commonPrefix).toList();
        }

        List<Entry> items() {
            return entries.stream().filter(e -> e.commonPrefix() == null).toList();
        }
    }

    /**
     * Current objects (delete markers hidden) after {@code after} (exclusive), with a prefix and
     * a delimiter rolling keys up into common prefixes; each object and prefix counts toward
     * {@code maxKeys}. The next page starts after the page's last key or prefix.
     */
    Page listCurrent(String prefix, String delimiter, String after, int maxKeys) {
        List<Entry> out = new ArrayList<>();
        TreeSet<String> prefixes = new TreeSet<>();
        NavigableMap<String, List<ObjectVersion>> keys = after == null || after.isEmpty() ? bucket.objects
                : bucket.objects.tailMap(after, false);
        String last = null;
        for (Map.Entry<String, List<ObjectVersion>> e : keys.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) {
                if (key.compareTo(prefix) > 0) {
                    break;
                }
                continue;
            }
            ObjectVersion v = e.getValue().isEmpty() ? null : e.getValue().get(0);
            if (v == null || v.deleteMarker) {
                continue;
            }
            String common = commonPrefix(key, prefix, delimiter);
            // A page that ended on a common prefix continues after every key under it.
            if (common != null && (prefixes.contains(common) || (after != null && after.startsWith(common)))) {
                continue;
            }
            if (out.size() == maxKeys) {
                return new Page(out, true, last, null);
            }
            if (common != null) {
                prefixes.add(common);
                out.add(new Entry(null, null, common));
                last = common;
            } else {
                out.add(new Entry(key, v, null));
                last = key;
            }
        }
        return new Page(out, false, null, null);
    }

    /**
     * Every version and delete marker, keys in order and each key's versions newest first,
     * starting after ({@code keyMarker}, {@code versionIdMarker}); a key marker alone starts
     * after every version of that key.
     */
    Page listVersions(String prefix, String delimiter, String keyMarker, String versionIdMarker, int maxKeys) {
        if (versionIdMarker != null && !versionIdMarker.isEmpty() && (keyMarker == null || keyMarker.isEmpty())) {
            throw new AwsException("InvalidArgument", "A version-id marker cannot be specified without a key marker.");
        }
        List<Entry> out = new ArrayList<>();
        TreeSet<String> prefixes = new TreeSet<>();
        boolean fromMarkerKey = keyMarker != null && !keyMarker.isEmpty() && versionIdMarker != null
                && !versionIdMarker.isEmpty();
        NavigableMap<String, List<ObjectVersion>> keys = keyMarker == null || keyMarker.isEmpty() ? bucket.objects
                : bucket.objects.tailMap(keyMarker, fromMarkerKey);
        String lastKey = null;
        String lastVersion = null;
        for (Map.Entry<String, List<ObjectVersion>> e : keys.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) {
                if (key.compareTo(prefix) > 0) {
                    break;
                }
                continue;
            }
            String common = commonPrefix(key, prefix, delimiter);
            if (common != null) {
                if (prefixes.contains(common) || (keyMarker != null && common.compareTo(keyMarker) <= 0
                        && keyMarker.startsWith(common))) {
                    continue;
                }
                if (out.size() == maxKeys) {
                    return new Page(out, true, lastKey, lastVersion);
                }
                prefixes.add(common);
                out.add(new Entry(null, null, common));
                lastKey = common;
                lastVersion = null;
                continue;
            }
            boolean skipping = fromMarkerKey && key.equals(keyMarker);
            for (ObjectVersion v : e.getValue()) {
                if (skipping) {
                    skipping = !v.versionId.equals(versionIdMarker);
                    continue;
                }
                if (out.size() == maxKeys) {
                    return new Page(out, true, lastKey, lastVersion);
                }
                out.add(new Entry(key, v, null));
                lastKey = key;
                lastVersion = v.versionId;
            }
        }
        return new Page(out, false, null, null);
    }

    private static String commonPrefix(String key, String prefix, String delimiter) {
        if (delimiter == null || delimiter.isEmpty()) {
            return null;
        }
        int at = key.indexOf(delimiter, prefix.length());
        return at < 0 ? null : key.substring(0, at + delimiter.length());
    }

    /** How many objects (current, not markers), and how many versions and markers in all, the bucket holds. */
    long[] counts() {
        long objects = 0;
        long versions = 0;
        for (List<ObjectVersion> vs : bucket.objects.values()) {
            versions += vs.size();
            if (!vs.isEmpty() && !vs.get(0).deleteMarker) {
                objects++;
            }
        }
        return new long[] {objects, versions};
    }

    // ------------------------------------------------------------------ multipart uploads

    Upload createUpload(String key, String initiator) {
        Upload u = new Upload();
        StringBuilder id = new StringBuilder();
        while (id.length() < 64) {
            id.append(newVersionId());
        }
        u.uploadId = id.substring(0, 64).replace('.', '-');
        u.key = key;
        u.initiated = now;
        u.initiator = initiator;
        bucket.uploads.put(u.uploadId, u);
        return u;
    }

    Upload upload(String uploadId, String key) {
        Upload u = bucket.uploads.get(uploadId);
        if (u == null || (key != null && !u.key.equals(key))) {
            throw new AwsException("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, "
                    + "or the upload may have been aborted or completed.", 404);
        }
        return u;
    }

    static int partNumber(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_PART_NUMBER) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new AwsException("InvalidArgument", "Part number must be an integer between 1 and " + MAX_PART_NUMBER
                + ", inclusive");
    }

    /** Keeps an uploaded part, replacing an earlier upload of the same number. */
    void putPart(Upload u, Part p) {
        p.lastModified = now;
        Part old = u.parts.put(p.number, p);
        if (old != null) {
            discard.accept(old.blob);
        }
    }

    /**
     * The parts a CompleteMultipartUpload names, checked: ascending numbers, each uploaded with
     * that ETag, every part but the last at least 5 MiB.
     */
    List<Part> partsToComplete(Upload u, List<Map.Entry<Integer, String>> requested) {
        if (requested.isEmpty()) {
            throw new AwsException("MalformedXML", "The XML you provided was not well-formed or did not validate "
                    + "against our published schema");
        }
        List<Part> parts = new ArrayList<>();
        int previous = 0;
        for (Map.Entry<Integer, String> r : requested) {
            if (r.getKey() <= previous) {
                throw new AwsException("InvalidPartOrder", "The list of parts was not in ascending order. Parts must "
                        + "be ordered by part number.");
            }
            previous = r.getKey();
            Part p = u.parts.get(r.getKey());
            if (p == null || r.getValue() == null || !unquote(r.getValue().trim()).equals(unquote(p.etag))) {
                throw new AwsException("InvalidPart", "One or more of the specified parts could not be found.  The "
                        + "part may not have been uploaded, or the specified entity tag may not match the part's "
                        + "entity tag.");
            }
            parts.add(p);
        }
        for (int i = 0; i < parts.size() - 1; i++) {
            if (parts.get(i).size < MIN_PART_SIZE) {
                throw new AwsException("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed "
                        + "object size.");
            }
        }
        return parts;
    }

    /** Ends an upload: its parts' blobs go except those the completed object now holds (none: it has its own). */
    void endUpload(Upload u) {
        bucket.uploads.remove(u.uploadId);
        u.parts.values().forEach(p -> discard.accept(p.blob));
    }
}
