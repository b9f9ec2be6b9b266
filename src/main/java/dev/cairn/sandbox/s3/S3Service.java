package dev.cairn.sandbox.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.HttpResponse;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.ServiceDefinition.Route;
import dev.cairn.sandbox.core.World;
import dev.cairn.sandbox.s3.S3Store.Bucket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Amazon S3 over restXml (signing name {@code s3}), path-style and virtual-hosted: buckets in one
 * namespace across accounts, each in its region; objects with versions, delete markers and
 * conditional writes; multipart uploads; bucket settings (Block Public Access, ownership
 * controls, policy, versioning, encryption, lifecycle, tags). Object bytes are blob files
 * ({@link dev.cairn.sandbox.core.Blobs}), streamed in and out, never held whole in memory.
 *
 * <p>An unsigned request is anonymous: it may read what the bucket's policy grants to everyone
 * when Block Public Access does not restrict it (the guide's public-read exercise with curl).
 */
public final class S3Service {
    static final String SIGNING_NAME = "s3";
    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    /** The blob namespace of object bodies and parts. */
    static final String BLOBS = "s3";
    /** A single PUT may carry up to 5 GiB (AWS's limit; larger objects need a multipart upload). */
    static final long MAX_PUT_BYTES = 5L * 1024 * 1024 * 1024;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private S3Service() {
    }

    /** S3's definition. */
    public static ServiceDefinition definition() {
        ServiceDefinition.Builder b = ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.REST_XML)
                .bucketHosts()
                .xmlNamespace(NAMESPACE)
                .maxBodyBytes(MAX_PUT_BYTES)
                .store(S3Store.SPEC)
                .unknownOperation(op -> new AwsException("NotImplemented", "The Sandbox's S3 does not implement " + op
                        + ".", 501));
        BucketResponses.register(b);
        ObjectResponses.register(b);
        return b.inventory(S3Service::live)
                .settler(Lifecycle::settle)
                .export(S3Artifacts.class, Artifacts::new)
                .companion(S3Service::sweepBlobs)
                .build();
    }

    static Route route(String method, String path, String... query) {
        return Route.of(method, path).withQuery(query);
    }

    static void op(ServiceDefinition.Builder b, String name, Effect effect, Route route,
                   ServiceDefinition.RestHandler handler) {
        b.rest(name, effect, route, handler);
    }

    // ------------------------------------------------------------------ who may use a bucket

    /** Whether the request carries no SigV4 credential at all (curl, a browser). */
    static boolean anonymous(Call call) {
        return Call.Scope.ofRequest(call.http()).accessKey() == null;
    }

    /**
     * The bucket a call names, for the caller: the owner's signed request in the bucket's region
     * ({@code PermanentRedirect} from another region's endpoint, {@code AccessDenied} for another
     * account); an anonymous request only for an action the policy grants to everyone while
     * RestrictPublicBuckets does not cut a public policy off.
     *
     * @param action   the policy action the operation needs ({@code s3:GetObject})
     * @param resource the object key the action is on, or null for the bucket itself
     */
    static Bucket bucket(Call call, String action, String resource) {
        Buckets buckets = new Buckets(call.state(S3Store.class));
        String name = call.pathParam("Bucket");
        if (anonymous(call)) {
            Bucket b = buckets.any(name);
            JsonNode policy = b.policy == null ? null : BucketPolicies.validate(b.policy, b.id);
            String arn = "arn:aws:s3:::" + b.id + (resource == null ? "" : "/" + resource);
            boolean restricted = b.publicAccessBlock != null && b.publicAccessBlock.restrictPublicBuckets
                    && BucketPolicies.isPublic(policy);
            if (restricted || !BucketPolicies.allowsAnonymous(policy, action, arn)) {
                throw Buckets.accessDenied();
            }
            return b;
        }
        Bucket b = buckets.owned(name, call.accountId());
        if (!b.region.equals(call.region())) {
            // The SDKs and the CLI learn the bucket's region from this header.
            throw new AwsException("PermanentRedirect", "The bucket you are attempting to access must be addressed "
                    + "using the specified endpoint. Please send all future requests to this endpoint.", 301)
                    .withHeader("x-amz-bucket-region", b.region);
        }
        return b;
    }

    /** The rules over a bucket's objects for this call. */
    static S3Objects objects(Call call, Bucket bucket) {
        return new S3Objects(bucket, call.world().random(), call.now(), discard(call.world()));
    }

    /**
     * What to do with a blob a change stops naming. In memory it goes at once. With a data folder
     * it stays until the next start's sweep: a failed save brings back the state that names it,
     * and after a crash the saved state must never name a missing blob.
     */
    static Consumer<String> discard(World world) {
        return blob -> {
            if (!world.blobs().persistent()) {
                try {
                    world.blobs().delete(BLOBS, blob);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** At start: deletes every blob the saved state does not name (left by deletes, or by a crash before a save). */
    private static AutoCloseable sweepBlobs(World world) {
        synchronized (world.lock()) {
            Set<String> named = new HashSet<>();
            for (Bucket b : world.store(S3Store.class).buckets.values()) {
                S3Store.allVersions(b).forEach(v -> named.add(v.blob));
                b.uploads.values().forEach(u -> u.parts.values().forEach(p -> named.add(p.blob)));
            }
            try {
                for (String id : world.blobs().list(BLOBS)) {
                    if (!named.contains(id)) {
                        world.blobs().delete(BLOBS, id);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot sweep the S3 blobs", e);
            }
        }
        return () -> { };
    }

    // ------------------------------------------------------------------ inventory

    /** Buckets, in their own region, with ARN {@code arn:aws:s3:::NAME} (no region, no account, as AWS's). */
    private static List<LiveResource> live(World world, long now, String account, String region) {
        List<LiveResource> out = new ArrayList<>();
        for (Bucket b : world.store(S3Store.class).buckets.values()) {
            if ((account == null || account.equals(b.account)) && (region == null || region.equals(b.region))) {
                out.add(new LiveResource(b.account, b.region, "bucket", b.id, Arn.of(SIGNING_NAME, "", "", b.id),
                        "available", b.tags));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ shared rendering

    static String iso(long epochMillis) {
        return ISO.format(Instant.ofEpochMilli(epochMillis));
    }

    static String httpDate(long epochMillis) {
        return HTTP_DATE.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Parses an HTTP date header; null when absent or unreadable (S3 ignores an unreadable one). */
    static Long parseHttpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim())).toEpochMilli();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The canonical user ID S3 shows for an account (64 hex digits, stable per account). */
    static String canonicalId(String account) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("s3-canonical:" + account).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** S3's {@code encoding-type=url}: percent-encoding of every byte but unreserved characters and {@code /}. */
    static String urlEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || c == '/') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    static HttpResponse xml(int status, dev.cairn.sandbox.core.Xml x) {
        return HttpResponse.of(status, "application/xml", x.toString().getBytes(StandardCharsets.UTF_8));
    }
}
