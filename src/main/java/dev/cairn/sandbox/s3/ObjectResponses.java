package dev.cairn.sandbox.s3;

import static dev.cairn.sandbox.s3.S3Service.NAMESPACE;
import static dev.cairn.sandbox.s3.S3Service.route;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Blobs;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.HttpResponse;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.core.XmlElements;
import dev.cairn.sandbox.s3.S3Store.Bucket;
import dev.cairn.sandbox.s3.S3Store.ObjectVersion;
import dev.cairn.sandbox.s3.S3Store.Part;
import dev.cairn.sandbox.s3.S3Store.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/** Parse and render of the object operations (objects, listings, multipart uploads); the rules are {@link S3Objects}. */
final class ObjectResponses {
    static final String OBJECT = "/{Bucket}/{Key+}";
    /** Listings answer at most 1000 entries a page (AWS's figure). */
    static final int MAX_KEYS = 1000;
    /** DeleteObjects takes at most 1000 keys a call. */
    static final int MAX_DELETE_KEYS = 1000;
    /** Keys are at most 1024 bytes of UTF-8. */
    static final int MAX_KEY_BYTES = 1024;
    /**
     * A ranged GET is answered from memory up to this many bytes (the CLI and the SDKs' transfer
     * managers ask for 8 MiB ranges); a larger range gets the whole object, as HTTP lets a server
     * ignore a Range header, so a large object is still never held in memory.
     */
    static final long MAX_RANGE_IN_MEMORY = 16L * 1024 * 1024;
    /** Headers stored with an object and sent back as they were given. */
    static final List<String> STORED_HEADERS = List.of("Cache-Control", "Content-Disposition", "Content-Encoding",
            "Content-Language", "Expires");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final Pattern PART = Pattern.compile("x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)");

    private ObjectResponses() {
    }

    static void register(ServiceDefinition.Builder b) {
        b.rest("ListObjects", Effect.READS, route("GET", "/{Bucket}"), ObjectResponses::listObjects)
                .rest("ListObjectsV2", Effect.READS, route("GET", "/{Bucket}", "list-type"), ObjectResponses::listObjectsV2)
                .rest("ListObjectVersions", Effect.READS, route("GET", "/{Bucket}", "versions"),
                        ObjectResponses::listObjectVersions)
                .rest("DeleteObjects", Effect.WRITES, route("POST", "/{Bucket}", "delete"), ObjectResponses::deleteObjects)
                .rest("PutObject", Effect.WRITES, route("PUT", OBJECT), ObjectResponses::putObject)
                .rest("CopyObject", Effect.WRITES, route("PUT", OBJECT).withHeaders("x-amz-copy-source"),
                        ObjectResponses::copyObject)
                .rest("GetObject", Effect.READS, route("GET", OBJECT), call -> getObject(call, false))
                .rest("HeadObject", Effect.READS, route("HEAD", OBJECT), call -> getObject(call, true))
                .rest("DeleteObject", Effect.WRITES, route("DELETE", OBJECT), ObjectResponses::deleteObject)
                .rest("PutObjectTagging", Effect.WRITES, route("PUT", OBJECT, "tagging"), call -> {
                    ObjectVersion v = taggedVersion(call, "s3:PutObjectTagging");
                    v.tags = BucketResponses.parseTagging(call.http().bodyText());
                    return HttpResponse.empty(200).withHeader("x-amz-version-id", v.versionId);
                })
                .rest("GetObjectTagging", Effect.READS, route("GET", OBJECT, "tagging"), call -> {
                    ObjectVersion v = taggedVersion(call, "s3:GetObjectTagging");
                    return S3Service.xml(200, BucketResponses.tagging(v.tags)).withHeader("x-amz-version-id", v.versionId);
                })
                .rest("DeleteObjectTagging", Effect.WRITES, route("DELETE", OBJECT, "tagging"), call -> {
                    ObjectVersion v = taggedVersion(call, "s3:DeleteObjectTagging");
                    v.tags = new LinkedHashMap<>();
                    return HttpResponse.empty(204).withHeader("x-amz-version-id", v.versionId);
                })
                .rest("CreateMultipartUpload", Effect.WRITES, route("POST", OBJECT, "uploads"),
                        ObjectResponses::createMultipartUpload)
                .rest("UploadPart", Effect.WRITES, route("PUT", OBJECT, "partNumber", "uploadId"),
                        ObjectResponses::uploadPart)
                .rest("CompleteMultipartUpload", Effect.WRITES, route("POST", OBJECT, "uploadId"),
                        ObjectResponses::completeMultipartUpload)
                .rest("AbortMultipartUpload", Effect.WRITES, route("DELETE", OBJECT, "uploadId"), call -> {
                    Bucket bucket = S3Service.bucket(call, "s3:AbortMultipartUpload", call.pathParam("Key"));
                    S3Objects objects = S3Service.objects(call, bucket);
                    objects.endUpload(objects.upload(query(call, "uploadId"), call.pathParam("Key")));
                    return HttpResponse.empty(204);
                })
                .rest("ListParts", Effect.READS, route("GET", OBJECT, "uploadId"), ObjectResponses::listParts)
                .rest("ListMultipartUploads", Effect.READS, route("GET", "/{Bucket}", "uploads"),
                        ObjectResponses::listMultipartUploads);
    }

    private static String query(Call call, String name) {
        return call.http().queryParameters().get(name);
    }

    private static String key(Call call) {
        String key = call.pathParam("Key");
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new AwsException("KeyTooLongError", "Your key is too long");
        }
        return key;
    }

    // ------------------------------------------------------------------ put, copy

    private static HttpResponse putObject(Call call) {
        Bucket bucket = S3Service.bucket(call, "s3:PutObject", call.pathParam("Key"));
        String key = key(call);
        S3Objects objects = S3Service.objects(call, bucket);
        // Checked before the body becomes a blob: a refused write leaves nothing behind.
        objects.checkWrite(key, call.http().header("if-match"), call.http().header("if-none-match"));
        ObjectVersion v = describe(call, bucket);
        Blobs blobs = call.world().blobs();
        try {
            v.blob = blobs.put(S3Service.BLOBS, call.http().body());
            Digest d = md5(blobs.path(S3Service.BLOBS, v.blob));
            v.etag = "\"" + HexFormat.of().formatHex(d.md5()) + "\"";
            v.size = d.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        v.checksums = checksums(call.http().headers());
        objects.install(key, v);
        HttpResponse answer = HttpResponse.empty(200).withHeader("ETag", v.etag)
                .withHeader("x-amz-server-side-encryption", bucket.encryption.algorithm);
        for (Map.Entry<String, String> c : v.checksums.entrySet()) {
            answer = answer.withHeader(c.getKey(), c.getValue());
        }
        return versionHeader(answer, bucket, v);
    }

    /** The object a request describes in its headers: type, stored headers, metadata, tags, owner. */
    private static ObjectVersion describe(Call call, Bucket bucket) {
        ObjectVersion v = new ObjectVersion();
        Map<String, String> headers = call.http().headers();
        String type = headers.get("content-type");
        v.contentType = type == null || type.isEmpty() ? "binary/octet-stream" : type;
        for (String h : STORED_HEADERS) {
            String value = headers.get(h.toLowerCase(Locale.ROOT));
            if (value != null) {
                v.headers.put(h, value);
            }
        }
        // aws-chunked is how the body travelled, not how the object is encoded.
        String encoding = v.headers.get("Content-Encoding");
        if (encoding != null) {
            String rest = List.of(encoding.split(",")).stream().map(String::trim)
                    .filter(e -> !e.equalsIgnoreCase("aws-chunked") && !e.isEmpty()).reduce((a, c) -> a + "," + c)
                    .orElse(null);
            if (rest == null) {
                v.headers.remove("Content-Encoding");
            } else {
                v.headers.put("Content-Encoding", rest);
            }
        }
        v.metadata = metadata(headers);
        v.tags = headerTags(headers.get("x-amz-tagging"));
        v.owner = bucket.account;
        return v;
    }

    private static LinkedHashMap<String, String> metadata(Map<String, String> headers) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (name.startsWith("x-amz-meta-")) {
                out.put(name.substring("x-amz-meta-".length()), value);
            }
        });
        return out;
    }

    /** {@code x-amz-tagging: k1=v1&k2=v2}, URL-encoded. */
    static LinkedHashMap<String, String> headerTags(String header) {
        if (header == null || header.isEmpty()) {
            return new LinkedHashMap<>();
        }
        List<Map.Entry<String, String>> tags = new ArrayList<>();
        for (String pair : header.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String val = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            tags.add(Map.entry(k, val));
        }
        return BucketResponses.checkTags(tags);
    }

    /** The full-object checksums the protocol layer verified (headers or aws-chunked trailers). */
    private static LinkedHashMap<String, String> checksums(Map<String, String> headers) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (PART.matcher(name).matches()) {
                out.put(name, value);
            }
        });
        return out;
    }

    private static HttpResponse versionHeader(HttpResponse answer, Bucket bucket, ObjectVersion v) {
        return bucket.versioning == null ? answer : answer.withHeader("x-amz-version-id", v.versionId);
    }

    record Digest(byte[] md5, long size) {
    }

    /** MD5 and length of a file, read in blocks. */
    static Digest md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                md5.update(buffer, 0, n);
                size += n;
            }
            return new Digest(md5.digest(), size);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    private static HttpResponse copyObject(Call call) {
        Bucket bucket = S3Service.bucket(call, "s3:PutObject", call.pathParam("Key"));
        String key = key(call);
        String source = call.http().header("x-amz-copy-source");
        String sourceVersion = null;
        int q = source.indexOf('?');
        if (q >= 0) {
            String query = source.substring(q + 1);
            source = source.substring(0, q);
            if (query.startsWith("versionId=")) {
                sourceVersion = URLDecoder.decode(query.substring("versionId=".length()), StandardCharsets.UTF_8);
            }
        }
        source = URLDecoder.decode(source.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (source.startsWith("/")) {
            source = source.substring(1);
        }
        int slash = source.indexOf('/');
        if (slash <= 0 || slash == source.length() - 1) {
            throw new AwsException("InvalidArgument", "Invalid copy source object key");
        }
        Bucket from = new Buckets(call.state(S3Store.class)).owned(source.substring(0, slash), call.accountId());
        String fromKey = source.substring(slash + 1);
        ObjectVersion original = S3Service.objects(call, from).read(fromKey, sourceVersion);
        boolean replace = "REPLACE".equals(call.http().header("x-amz-metadata-directive"));
        boolean replaceTags = "REPLACE".equals(call.http().header("x-amz-tagging-directive"));
        if (from == bucket && fromKey.equals(key) && !replace) {
            throw new AwsException("InvalidRequest", "This copy request is illegal because it is trying to copy an "
                    + "object to itself without changing the object's metadata, storage class, website redirect "
                    + "location or encryption attributes.");
        }
        S3Objects objects = S3Service.objects(call, bucket);
        objects.checkWrite(key, call.http().header("if-match"), call.http().header("if-none-match"));
        ObjectVersion v = replace ? describe(call, bucket) : new ObjectVersion();
        if (!replace) {
            v.contentType = original.contentType;
            v.headers = new LinkedHashMap<>(original.headers);
            v.metadata = new LinkedHashMap<>(original.metadata);
            v.owner = bucket.account;
        }
        v.tags = replaceTags ? headerTags(call.http().header("x-amz-tagging")) : new LinkedHashMap<>(original.tags);
        v.etag = original.etag;
        v.size = original.size;
        v.partsCount = original.partsCount;
        v.checksums = new LinkedHashMap<>(original.checksums);
        Blobs blobs = call.world().blobs();
        try (InputStream in = Files.newInputStream(blobs.path(S3Service.BLOBS, original.blob))) {
            v.blob = blobs.write(S3Service.BLOBS, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        objects.install(key, v);
        HttpResponse answer = S3Service.xml(200, new Xml().root("CopyObjectResult", NAMESPACE)
                .el("LastModified", S3Service.iso(v.lastModified)).el("ETag", v.etag).end());
        if (from.versioning != null) {
            answer = answer.withHeader("x-amz-copy-source-version-id", original.versionId);
        }
        return versionHeader(answer, bucket, v);
    }

    // ------------------------------------------------------------------ get, head, delete

    private static HttpResponse getObject(Call call, boolean head) {
        String key = call.pathParam("Key");
        String versionId = query(call, "versionId");
        Bucket bucket = S3Service.bucket(call, versionId == null ? "s3:GetObject" : "s3:GetObjectVersion", key);
        ObjectVersion v = S3Service.objects(call, bucket).read(key, versionId);
        Map<String, String> h = call.http().headers();
        String ifMatch = h.get("if-match");
        String ifNoneMatch = h.get("if-none-match");
        Long ifUnmodifiedSince = S3Service.parseHttpDate(h.get("if-unmodified-since"));
        Long ifModifiedSince = S3Service.parseHttpDate(h.get("if-modified-since"));
        // S3's order: If-Match (else If-Unmodified-Since) → 412, then If-None-Match (else If-Modified-Since) → 304.
        long modifiedSecond = v.lastModified / 1000 * 1000;
        if (ifMatch != null ? !S3Objects.etagMatches(ifMatch, v.etag)
                : ifUnmodifiedSince != null && modifiedSecond > ifUnmodifiedSince) {
            throw S3Objects.preconditionFailed();
        }
        if (ifNoneMatch != null ? S3Objects.etagMatches(ifNoneMatch, v.etag)
                : ifModifiedSince != null && modifiedSecond <= ifModifiedSince) {
            return HttpResponse.empty(304).withHeader("ETag", v.etag)
                    .withHeader("Last-Modified", S3Service.httpDate(v.lastModified));
        }
        Path file = call.world().blobs().path(S3Service.BLOBS, v.blob);
        Map<String, String> q = call.http().queryParameters();
        HttpResponse answer;
        long[] range = range(h.get("range"), v.size);
        if (head) {
            answer = HttpResponse.empty(200).withHeader("Content-Length", Long.toString(v.size));
        } else if (range != null && range[1] - range[0] + 1 <= MAX_RANGE_IN_MEMORY) {
            byte[] bytes = new byte[(int) (range[1] - range[0] + 1)];
            try (var channel = Files.newByteChannel(file)) {
                channel.position(range[0]);
                var buffer = java.nio.ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                    // reads until the range is full
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            answer = HttpResponse.of(206, null, bytes)
                    .withHeader("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + v.size);
        } else {
            answer = new HttpResponse(200, Map.of(), null, file);
        }
        answer = answer.withHeader("Content-Type", q.getOrDefault("response-content-type", v.contentType))
                .withHeader("ETag", v.etag)
                .withHeader("Last-Modified", S3Service.httpDate(v.lastModified))
                .withHeader("Accept-Ranges", "bytes")
                .withHeader("x-amz-server-side-encryption", bucket.encryption.algorithm);
        for (String stored : STORED_HEADERS) {
            String override = q.get("response-" + stored.toLowerCase(Locale.ROOT));
            String value = override != null ? override : v.headers.get(stored);
            if (value != null) {
                answer = answer.withHeader(stored, value);
            }
        }
        for (Map.Entry<String, String> m : v.metadata.entrySet()) {
            answer = answer.withHeader("x-amz-meta-" + m.getKey(), m.getValue());
        }
        if (!v.tags.isEmpty()) {
            answer = answer.withHeader("x-amz-tagging-count", Integer.toString(v.tags.size()));
        }
        if (v.partsCount > 0 && q.containsKey("partNumber")) {
            answer = answer.withHeader("x-amz-mp-parts-count", Integer.toString(v.partsCount));
        }
        // Full-object checksums, only when asked for and for the whole object.
        if ("ENABLED".equalsIgnoreCase(h.get("x-amz-checksum-mode")) && (range == null || answer.status() == 200)) {
            for (Map.Entry<String, String> c : v.checksums.entrySet()) {
                answer = answer.withHeader(c.getKey(), c.getValue());
            }
        }
        return versionHeader(answer, bucket, v);
    }

    /** A {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n} range as [first, last]; null when absent or unreadable. */
    private static long[] range(String header, long size) {
        if (header == null) {
            return null;
        }
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        long first;
        long last;
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0) {
                throw invalidRange(size);
            }
            first = Math.max(0, size - suffix);
            last = size - 1;
        } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                return null;
            }
        }
        if (first >= size) {
            throw invalidRange(size);
        }
        return new long[] {first, last};
    }

    private static AwsException invalidRange(long size) {
        return new AwsException("InvalidRange", "The requested range is not satisfiable", 416);
    }

    private static HttpResponse deleteObject(Call call) {
        String versionId = query(call, "versionId");
        Bucket bucket = S3Service.bucket(call, versionId == null ? "s3:DeleteObject" : "s3:DeleteObjectVersion",
                call.pathParam("Key"));
        S3Objects.Deleted d = S3Service.objects(call, bucket).delete(call.pathParam("Key"), versionId);
        HttpResponse answer = HttpResponse.empty(204);
        if (d.versionId() != null) {
            answer = answer.withHeader("x-amz-version-id", d.versionId());
        }
        return d.deleteMarker() ? answer.withHeader("x-amz-delete-marker", "true") : answer;
    }

    private static HttpResponse deleteObjects(Call call) {
        Bucket bucket = S3Service.bucket(call, "s3:DeleteObject", null);
        if (call.http().header("content-md5") == null && call.http().headers().keySet().stream()
                .noneMatch(h -> PART.matcher(h).matches())) {
            throw new AwsException("InvalidRequest", "Missing required header for this request: Content-MD5 OR "
                    + "x-amz-checksum-*");
        }
        Element root = S3Xml.parse(call.http().bodyText(), "Delete").root();
        List<Element> items = XmlElements.children(root, "Object");
        if (items.isEmpty() || items.size() > MAX_DELETE_KEYS) {
            throw S3Xml.malformed();
        }
        boolean quiet = "true".equals(XmlElements.text(root, "Quiet"));
        S3Objects objects = S3Service.objects(call, bucket);
        Xml x = new Xml().root("DeleteResult", NAMESPACE);
        for (Element item : items) {
            String key = XmlElements.text(item, "Key");
            String versionId = XmlElements.text(item, "VersionId");
            if (key == null) {
                throw S3Xml.malformed();
            }
            try {
                S3Objects.Deleted d = objects.delete(key, versionId);
                if (!quiet) {
                    x.start("Deleted").el("Key", key).el("VersionId", versionId);
                    if (d.deleteMarker()) {
                        x.el("DeleteMarker", true).el("DeleteMarkerVersionId", d.versionId());
                    }
                    x.end();
                }
            } catch (AwsException e) {
                x.start("Error").el("Key", key).el("VersionId", versionId).el("Code", e.code())
                        .el("Message", e.getMessage()).end();
            }
        }
        return S3Service.xml(200, x.end());
    }

    private static ObjectVersion taggedVersion(Call call, String action) {
        Bucket bucket = S3Service.bucket(call, action, call.pathParam("Key"));
        return S3Service.objects(call, bucket).read(call.pathParam("Key"), query(call, "versionId"));
    }

    // ------------------------------------------------------------------ listings

    private static int maxKeys(Map<String, String> q, String name) {
        String text = q.get(name);
        if (text == null) {
            return MAX_KEYS;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 0) {
                return Math.min(n, MAX_KEYS);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new AwsException("InvalidArgument", "Provided " + name + " not an integer or within integer range");
    }

    private static String encodingType(Map<String, String> q) {
        String type = q.get("encoding-type");
        if (type != null && !type.equals("url")) {
            throw new AwsException("InvalidArgument", "Invalid Encoding Method specified in Request");
        }
        return type;
    }

    private static String enc(String value, String encodingType) {
        return value == null || encodingType == null ? value : S3Service.urlEncode(value);
    }

    private static void contents(Xml x, S3Objects.Entry e, String encodingType, boolean owner) {
        ObjectVersion v = e.version();
        x.start("Contents").el("Key", enc(e.key(), encodingType)).el("LastModified", S3Service.iso(v.lastModified))
                .el("ETag", v.etag).el("Size", v.size).el("StorageClass", "STANDARD");
        if (owner) {
            x.start("Owner").el("ID", S3Service.canonicalId(v.owner)).el("DisplayName", "sandbox").end();
        }
        x.end();
    }

    private static void prefixes(Xml x, S3Objects.Page page, String encodingType) {
        for (String p : page.commonPrefixes()) {
            x.start("CommonPrefixes").el("Prefix", enc(p, encodingType)).end();
        }
    }

    private static S3Objects.Page listing(Call call, String after, int max) {
        Map<String, String> q = call.http().queryParameters();
        Bucket bucket = S3Service.bucket(call, "s3:ListBucket", null);
        S3Objects objects = S3Service.objects(call, bucket);
        return max == 0 ? new S3Objects.Page(List.of(), false, null, null)
                : objects.listCurrent(q.getOrDefault("prefix", ""), q.get("delimiter"), after, max);
    }

    private static HttpResponse listObjectsV2(Call call) {
        Map<String, String> q = call.http().queryParameters();
        if (!"2".equals(q.get("list-type"))) {
            throw new AwsException("InvalidArgument", "Invalid List Type specified in Request");
        }
        int max = maxKeys(q, "max-keys");
        String encodingType = encodingType(q);
        String token = q.get("continuation-token");
        String startAfter = q.get("start-after");
        String after = startAfter;
        if (token != null) {
            try {
                after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new AwsException("InvalidArgument", "The continuation token provided is incorrect");
            }
            if (startAfter != null && startAfter.compareTo(after) > 0) {
                after = startAfter;
            }
        }
        S3Objects.Page page = listing(call, after, max);
        Xml x = new Xml().root("ListBucketResult", NAMESPACE).el("Name", call.pathParam("Bucket"))
                .el("Prefix", enc(q.getOrDefault("prefix", ""), encodingType))
                .el("Delimiter", enc(q.get("delimiter"), encodingType)).el("MaxKeys", max)
                .el("EncodingType", encodingType).el("KeyCount", page.entries().size())
                .el("IsTruncated", page.truncated()).el("ContinuationToken", token);
        if (page.truncated()) {
            x.el("NextContinuationToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(page.nextKey().getBytes(StandardCharsets.UTF_8)));
        }
        x.el("StartAfter", enc(startAfter, encodingType));
        boolean owner = "true".equals(q.get("fetch-owner"));
        page.items().forEach(e -> contents(x, e, encodingType, owner));
        prefixes(x, page, encodingType);
        return S3Service.xml(200, x.end());
    }

    private static HttpResponse listObjects(Call call) {
        Map<String, String> q = call.http().queryParameters();
        int max = maxKeys(q, "max-keys");
        String encodingType = encodingType(q);
        String marker = q.get("marker");
        S3Objects.Page page = listing(call, marker, max);
        Xml x = new Xml().root("ListBucketResult", NAMESPACE).el("Name", call.pathParam("Bucket"))
                .el("Prefix", enc(q.getOrDefault("prefix", ""), encodingType))
                .el("Marker", enc(marker == null ? "" : marker, encodingType))
                .el("Delimiter", enc(q.get("delimiter"), encodingType)).el("MaxKeys", max)
                .el("EncodingType", encodingType).el("IsTruncated", page.truncated());
        if (page.truncated()) {
            x.el("NextMarker", enc(page.nextKey(), encodingType));
        }
        page.items().forEach(e -> contents(x, e, encodingType, true));
        prefixes(x, page, encodingType);
        return S3Service.xml(200, x.end());
    }

    private static HttpResponse listObjectVersions(Call call) {
        Map<String, String> q = call.http().queryParameters();
        int max = maxKeys(q, "max-keys");
        String encodingType = encodingType(q);
        Bucket bucket = S3Service.bucket(call, "s3:ListBucketVersions", null);
        S3Objects objects = S3Service.objects(call, bucket);
        String keyMarker = q.get("key-marker");
        String versionMarker = q.get("version-id-marker");
        S3Objects.Page page = max == 0 ? new S3Objects.Page(List.of(), false, null, null)
                : objects.listVersions(q.getOrDefault("prefix", ""), q.get("delimiter"), keyMarker, versionMarker, max);
        Xml x = new Xml().root("ListVersionsResult", NAMESPACE).el("Name", bucket.id)
                .el("Prefix", enc(q.getOrDefault("prefix", ""), encodingType))
                .el("KeyMarker", enc(keyMarker == null ? "" : keyMarker, encodingType))
                .el("VersionIdMarker", versionMarker == null ? "" : versionMarker);
        if (page.truncated()) {
            x.el("NextKeyMarker", enc(page.nextKey(), encodingType)).el("NextVersionIdMarker", page.nextVersionId());
        }
        x.el("MaxKeys", max).el("Delimiter", enc(q.get("delimiter"), encodingType)).el("EncodingType", encodingType)
                .el("IsTruncated", page.truncated());
        String currentKey = null;
        for (S3Objects.Entry e : page.items()) {
            ObjectVersion v = e.version();
            boolean latest = objects.current(e.key()) == v;
            x.start(v.deleteMarker ? "DeleteMarker" : "Version").el("Key", enc(e.key(), encodingType))
                    .el("VersionId", v.versionId).el("IsLatest", latest)
                    .el("LastModified", S3Service.iso(v.lastModified));
            if (!v.deleteMarker) {
                x.el("ETag", v.etag).el("Size", v.size).el("StorageClass", "STANDARD");
            }
            x.start("Owner").el("ID", S3Service.canonicalId(v.owner == null ? bucket.account : v.owner))
                    .el("DisplayName", "sandbox").end().end();
            currentKey = e.key();
        }
        prefixes(x, page, encodingType);
        return S3Service.xml(200, x.end());
    }

    // ------------------------------------------------------------------ multipart uploads

    private static HttpResponse createMultipartUpload(Call call) {
        Bucket bucket = S3Service.bucket(call, "s3:PutObject", call.pathParam("Key"));
        String key = key(call);
        S3Objects objects = S3Service.objects(call, bucket);
        ObjectVersion described = describe(call, bucket);
        Upload u = objects.createUpload(key, call.accountId());
        u.contentType = described.contentType;
        u.headers = described.headers;
        u.metadata = described.metadata;
        u.tags = described.tags;
        u.checksumAlgorithm = call.http().header("x-amz-checksum-algorithm");
        HttpResponse answer = S3Service.xml(200, new Xml().root("InitiateMultipartUploadResult", NAMESPACE)
                .el("Bucket", bucket.id).el("Key", key).el("UploadId", u.uploadId).end())
                .withHeader("x-amz-server-side-encryption", bucket.encryption.algorithm);
        return u.checksumAlgorithm == null ? answer : answer.withHeader("x-amz-checksum-algorithm", u.checksumAlgorithm);
    }

    private static HttpResponse uploadPart(Call call) {
        Bucket bucket = S3Service.bucket(call, "s3:PutObject", call.pathParam("Key"));
        S3Objects objects = S3Service.objects(call, bucket);
        int number = S3Objects.partNumber(query(call, "partNumber"));
        Upload u = objects.upload(query(call, "uploadId"), call.pathParam("Key"));
        Part p = new Part();
        p.number = number;
        Blobs blobs = call.world().blobs();
        try {
            p.blob = blobs.put(S3Service.BLOBS, call.http().body());
            Digest d = md5(blobs.path(S3Service.BLOBS, p.blob));
            p.etag = "\"" + HexFormat.of().formatHex(d.md5()) + "\"";
            p.size = d.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.checksums = checksums(call.http().headers());
        objects.putPart(u, p);
        HttpResponse answer = HttpResponse.empty(200).withHeader("ETag", p.etag)
                .withHeader("x-amz-server-side-encryption", bucket.encryption.algorithm);
        for (Map.Entry<String, String> c : p.checksums.entrySet()) {
            answer = answer.withHeader(c.getKey(), c.getValue());
        }
        return answer;
    }

    private static HttpResponse completeMultipartUpload(Call call) {
        Bucket bucket = S3Service.bucket(call, "s3:PutObject", call.pathParam("Key"));
        String key = call.pathParam("Key");
        S3Objects objects = S3Service.objects(call, bucket);
        Upload u = objects.upload(query(call, "uploadId"), key);
        Element root = S3Xml.parse(call.http().bodyText(), "CompleteMultipartUpload").root();
        List<Map.Entry<Integer, String>> requested = new ArrayList<>();
        for (Element e : XmlElements.children(root, "Part")) {
            String number = XmlElements.text(e, "PartNumber");
            if (number == null) {
                throw S3Xml.malformed();
            }
            requested.add(new java.util.AbstractMap.SimpleEntry<>(S3Objects.partNumber(number.trim()),
                    XmlElements.text(e, "ETag")));
        }
        List<Part> parts = objects.partsToComplete(u, requested);
        objects.checkWrite(key, call.http().header("if-match"), call.http().header("if-none-match"));
        ObjectVersion v = new ObjectVersion();
        v.contentType = u.contentType;
        v.headers = u.headers;
        v.metadata = u.metadata;
        v.tags = u.tags;
        v.owner = bucket.account;
        v.partsCount = parts.size();
        Blobs blobs = call.world().blobs();
        try {
            MessageDigest md5s = MessageDigest.getInstance("MD5");
            List<InputStream> streams = new ArrayList<>();
            long size = 0;
            for (Part p : parts) {
                md5s.update(HexFormat.of().parseHex(S3Objects.unquote(p.etag)));
                streams.add(Files.newInputStream(blobs.path(S3Service.BLOBS, p.blob)));
                size += p.size;
            }
            try (InputStream all = new SequenceInputStream(Collections.enumeration(streams))) {
                v.blob = blobs.write(S3Service.BLOBS, all);
            } finally {
                for (InputStream s : streams) {
                    s.close();
                }
            }
            v.size = size;
            v.etag = "\"" + HexFormat.of().formatHex(md5s.digest()) + "-" + parts.size() + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
        objects.install(key, v);
        objects.endUpload(u);
        HttpResponse answer = S3Service.xml(200, new Xml().root("CompleteMultipartUploadResult", NAMESPACE)
                .el("Location", "/" + bucket.id + "/" + key).el("Bucket", bucket.id).el("Key", key)
                .el("ETag", v.etag).end())
                .withHeader("x-amz-server-side-encryption", bucket.encryption.algorithm);
        return versionHeader(answer, bucket, v);
    }

    private static HttpResponse listParts(Call call) {
        Bucket bucket = S3Service.bucket(call, "s3:ListMultipartUploadParts", call.pathParam("Key"));
        Upload u = S3Service.objects(call, bucket).upload(query(call, "uploadId"), call.pathParam("Key"));
        Map<String, String> q = call.http().queryParameters();
        int marker = q.containsKey("part-number-marker") ? Integer.parseInt(q.get("part-number-marker")) : 0;
        int max = maxKeys(q, "max-parts");
        List<Part> parts = new ArrayList<>(u.parts.tailMap(marker, false).values());
        boolean truncated = parts.size() > max;
        List<Part> page = parts.subList(0, Math.min(max, parts.size()));
        Xml x = new Xml().root("ListPartsResult", NAMESPACE).el("Bucket", bucket.id).el("Key", u.key)
                .el("UploadId", u.uploadId).el("PartNumberMarker", marker)
                .el("NextPartNumberMarker", page.isEmpty() ? marker : page.get(page.size() - 1).number)
                .el("MaxParts", max).el("IsTruncated", truncated).el("StorageClass", "STANDARD");
        for (Part p : page) {
            x.start("Part").el("PartNumber", p.number).el("LastModified", S3Service.iso(p.lastModified))
                    .el("ETag", p.etag).el("Size", p.size).end();
        }
        return S3Service.xml(200, x.end());
    }

    private static HttpResponse listMultipartUploads(Call call) {
        Bucket bucket = S3Service.bucket(call, "s3:ListBucketMultipartUploads", null);
        Map<String, String> q = call.http().queryParameters();
        String prefix = q.getOrDefault("prefix", "");
        Xml x = new Xml().root("ListMultipartUploadsResult", NAMESPACE).el("Bucket", bucket.id)
                .el("KeyMarker", "").el("UploadIdMarker", "").el("Prefix", prefix).el("MaxUploads", MAX_KEYS)
                .el("IsTruncated", false);
        for (Upload u : bucket.uploads.values()) {
            if (u.key.startsWith(prefix)) {
                String id = S3Service.canonicalId(u.initiator);
                x.start("Upload").el("Key", u.key).el("UploadId", u.uploadId)
                        .start("Initiator").el("ID", id).el("DisplayName", "sandbox").end()
                        .start("Owner").el("ID", id).el("DisplayName", "sandbox").end()
                        .el("StorageClass", "STANDARD").el("Initiated", S3Service.iso(u.initiated)).end();
            }
        }
        return S3Service.xml(200, x.end());
    }
}
