package dev.cairn.sandbox.s3;

import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.s3.S3Store.Bucket;
import dev.cairn.sandbox.s3.S3Store.ObjectVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@link S3Artifacts} for one call: whole objects written and read by the caller's account, as
 * CodePipeline and CodeBuild do with their service roles. The same rules as a {@code PutObject}
 * of the owner (the bucket must be the caller's; versioning decides the version ID; the body is a
 * blob file) without the HTTP request around it.
 */
final class Artifacts implements S3Artifacts {
    /** What CodePipeline's artifacts are stored as (it sets no content type of its own). */
    static final String CONTENT_TYPE = "application/zip";

    private final Call call;

    Artifacts(Call call) {
        this.call = call;
    }

    @Override
    public void put(String bucket, String key, byte[] body) {
        Bucket b = new Buckets(call.state(S3Store.class)).owned(bucket, call.accountId());
        S3Objects objects = S3Service.objects(call, b);
        ObjectVersion v = new ObjectVersion();
        v.contentType = CONTENT_TYPE;
        v.owner = b.account;
        try {
            v.blob = call.world().blobs().write(S3Service.BLOBS, new ByteArrayInputStream(body));
            ObjectResponses.Digest d = ObjectResponses.md5(call.world().blobs().path(S3Service.BLOBS, v.blob));
            v.etag = "\"" + HexFormat.of().formatHex(d.md5()) + "\"";
            v.size = d.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        objects.install(key, v);
    }

    @Override
    public Optional<byte[]> get(String bucket, String key) {
        Bucket b = call.state(S3Store.class).buckets.get(bucket);
        if (b == null || !b.account.equals(call.accountId())) {
            return Optional.empty();
        }
        ObjectVersion v = S3Service.objects(call, b).live(key);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(call.world().blobs().path(S3Service.BLOBS, v.blob)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
