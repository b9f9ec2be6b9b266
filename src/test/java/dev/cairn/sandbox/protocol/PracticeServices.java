package dev.cairn.sandbox.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.HttpResponse;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.ServiceDefinition.Route;
import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.Xml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small services that exist only in the tests, registered from the test, to drive the protocols
 * no modelled service speaks yet (rest-json, rest-xml) through real clients: they use the signing
 * names and routes of Lambda and S3 so the AWS CLI and the SDK reach them, and answer a couple of
 * operations each. They are not those services. (json 1.0 is DynamoDB's, which the Sandbox models.)
 */
final class PracticeServices {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FUNCTION = "practice";

    private PracticeServices() {
    }

    /** restJson1 as Lambda speaks it: ListFunctions and GetFunction of one known function. */
    static ServiceDefinition functions() {
        return ServiceDefinition.builder("lambda", ServiceDefinition.Protocol.REST_JSON)
                .unknownOperation(op -> new AwsException("UnknownOperationException", "Unknown operation " + op, 404))
                .rest("ListFunctions", Effect.READS, Route.of("GET", "/2015-03-31/functions/"), call -> {
                    ObjectNode out = JSON.createObjectNode();
                    out.putArray("Functions").addObject().put("FunctionName", FUNCTION);
                    return HttpResponse.text(200, "application/json", out.toString());
                })
                .rest("GetFunction", Effect.READS, Route.of("GET", "/2015-03-31/functions/{FunctionName}"), call -> {
                    String name = call.pathParam("FunctionName");
                    if (!name.equals(FUNCTION)) {
                        throw new AwsException("ResourceNotFoundException", "Function not found: " + name, 404);
                    }
                    ObjectNode out = JSON.createObjectNode();
                    out.putObject("Configuration").put("FunctionName", FUNCTION);
                    return HttpResponse.text(200, "application/json", out.toString());
                })
                .build();
    }

    /** The objects store of {@link #objects()}: bucket → key → object; bodies are blobs, not JSON. */
    static final class ObjectStore {
        static final StoreSpec<ObjectStore> SPEC = StoreSpec.of("practice-objects.json", ObjectStore.class,
                ObjectStore::new);

        /** One stored object: the blob holding its bytes and what GetObject sends back. */
        static final class StoredObject {
            public String blob;
            public String etag;
            public long length;
            public LinkedHashMap<String, String> checksums = new LinkedHashMap<>();
        }

        public LinkedHashMap<String, LinkedHashMap<String, StoredObject>> buckets = new LinkedHashMap<>();
    }

    /**
     * restXml with S3's addressing (path-style and virtual-hosted) and uploads: CreateBucket,
     * ListBuckets, PutObject, GetObject. Object bodies go to {@link dev.cairn.sandbox.core.Blobs}.
     */
    static ServiceDefinition objects() {
        return ServiceDefinition.builder("s3", ServiceDefinition.Protocol.REST_XML)
                .bucketHosts()
                .maxBodyBytes(5L * 1024 * 1024 * 1024)
                .store(ObjectStore.SPEC)
                .rest("ListBuckets", Effect.READS, Route.of("GET", "/"), call -> {
                    Xml x = new Xml().root("ListAllMyBucketsResult", "http://s3.amazonaws.com/doc/2006-03-01/")
                            .start("Buckets");
                    call.state(ObjectStore.class).buckets.keySet().forEach(b -> x.start("Bucket").el("Name", b)
                            .el("CreationDate", "2026-11-25T00:00:00.000Z").end());
                    return HttpResponse.xml(200, x.end().end().toString());
                })
                .rest("CreateBucket", Effect.WRITES, Route.of("PUT", "/{Bucket}"), call -> {
                    call.state(ObjectStore.class).buckets.putIfAbsent(call.pathParam("Bucket"), new LinkedHashMap<>());
                    return HttpResponse.empty(200).withHeader("Location", "/" + call.pathParam("Bucket"));
                })
                .rest("PutObject", Effect.WRITES, Route.of("PUT", "/{Bucket}/{Key+}"), PracticeServices::putObject)
                .rest("GetObject", Effect.READS, Route.of("GET", "/{Bucket}/{Key+}"), call -> {
                    ObjectStore.StoredObject o = bucket(call).get(call.pathParam("Key"));
                    if (o == null) {
                        throw new AwsException("NoSuchKey", "The specified key does not exist.", 404);
                    }
                    HttpResponse answer = HttpResponse.file(200, "application/octet-stream",
                            call.world().blobs().path("s3", o.blob)).withHeader("ETag", o.etag);
                    for (Map.Entry<String, String> c : o.checksums.entrySet()) {
                        answer = answer.withHeader(c.getKey(), c.getValue());
                    }
                    return answer;
                })
                .build();
    }

    private static LinkedHashMap<String, ObjectStore.StoredObject> bucket(Call call) {
        LinkedHashMap<String, ObjectStore.StoredObject> bucket =
                call.state(ObjectStore.class).buckets.get(call.pathParam("Bucket"));
        if (bucket == null) {
            throw new AwsException("NoSuchBucket", "The specified bucket does not exist", 404);
        }
        return bucket;
    }

    private static HttpResponse putObject(Call call) {
        LinkedHashMap<String, ObjectStore.StoredObject> bucket = bucket(call);
        ObjectStore.StoredObject o = new ObjectStore.StoredObject();
        try {
            o.blob = call.world().blobs().put("s3", call.http().body());
            try (InputStream in = Files.newInputStream(call.world().blobs().path("s3", o.blob))) {
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    md5.update(buffer, 0, n);
                    o.length += n;
                }
                o.etag = "\"" + HexFormat.of().formatHex(md5.digest()) + "\"";
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // The checksums the protocol layer verified (sent as headers or aws-chunked trailers).
        call.http().headers().forEach((name, value) -> {
            if (name.startsWith("x-amz-checksum-") && !name.equals("x-amz-checksum-mode")) {
                o.checksums.put(name, value);
            }
        });
        bucket.put(call.pathParam("Key"), o);
        HttpResponse answer = HttpResponse.empty(200).withHeader("ETag", o.etag);
        for (Map.Entry<String, String> c : o.checksums.entrySet()) {
            answer = answer.withHeader(c.getKey(), c.getValue());
        }
        return answer;
    }
}
