package dev.cairn.sandbox.protocol;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.RequestBody;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads a request body as the services see it: decoded from {@code aws-chunked} when it was sent
 * so (trailers merged into the headers), checked against the checksums the client sent, and
 * within the service's size limit — a longer body is refused whole, never cut.
 */
public final class RequestReader {
    private RequestReader() {
    }

    /** The body and the headers, trailers included. */
    public record Decoded(RequestBody body, Map<String, String> headers) {
    }

    /** Whether the headers announce SigV4 streaming (aws-chunked) of the body. */
    public static boolean isAwsChunked(Map<String, String> headers) {
        String encoding = headers.getOrDefault("content-encoding", "");
        String sha = headers.getOrDefault("x-amz-content-sha256", "");
        return encoding.toLowerCase(Locale.ROOT).contains("aws-chunked") || sha.startsWith("STREAMING-");
    }

    /**
     * Reads the whole body.
     *
     * @param raw      the body as received
     * @param headers  request headers by lower-case name
     * @param limit    largest decoded body accepted
     * @param spoolDir where a large body is spooled (asked only for one)
     * @throws RequestBody.TooLargeException past {@code limit}
     * @throws AwsException for a malformed aws-chunked body or a checksum that does not match
     */
    public static Decoded read(InputStream raw, Map<String, String> headers, long limit, Supplier<Path> spoolDir)
            throws IOException {
        AwsChunkedInputStream chunked = isAwsChunked(headers) ? new AwsChunkedInputStream(raw) : null;
        Map<String, Checksums.Digest> digests = new LinkedHashMap<>();
        for (String algorithm : expectedAlgorithms(headers)) {
            digests.put(algorithm, Checksums.of(algorithm));
        }
        InputStream decoded = chunked == null ? raw : chunked;
        RequestBody body = RequestBody.read(digests.isEmpty() ? decoded : digesting(decoded, digests), limit, spoolDir);
        Map<String, String> all = new LinkedHashMap<>(headers);
        try {
            if (chunked != null) {
                all.putAll(chunked.trailers());
                String declared = headers.get("x-amz-decoded-content-length");
                if (declared != null && !declared.equals(Long.toString(body.length()))) {
                    throw new AwsException("IncompleteBody", "You did not provide the number of bytes specified by "
                            + "the x-amz-decoded-content-length header (" + declared + ", got " + body.length() + ").");
                }
            }
            digests.forEach((algorithm, digest) -> {
                String sent = algorithm.equals("md5") ? all.get("content-md5") : all.get(Checksums.HEADER_PREFIX + algorithm);
                if (sent == null) {
                    throw new AwsException("InvalidRequest", "The " + algorithm + " checksum the request announced "
                            + "was not sent.");
                }
                Checksums.verify(algorithm, digest, sent);
            });
        } catch (AwsException e) {
            body.close();
            throw e;
        }
        return new Decoded(body, all);
    }

    /** The algorithms whose values the request carries or announces as a trailer. */
    private static List<String> expectedAlgorithms(Map<String, String> headers) {
        List<String> out = new ArrayList<>();
        String trailer = headers.getOrDefault("x-amz-trailer", "").toLowerCase(Locale.ROOT);
        for (String algorithm : Checksums.ALGORITHMS) {
            String name = Checksums.HEADER_PREFIX + algorithm;
            if (headers.containsKey(name) || trailer.contains(name)) {
                out.add(algorithm);
            }
        }
        if (headers.containsKey("content-md5")) {
            out.add("md5");
        }
        return out;
    }

    private static InputStream digesting(InputStream in, Map<String, Checksums.Digest> digests) {
        return new BlockInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    digests.values().forEach(d -> d.update(b, off, n));
                }
                return n;
            }
        };
    }
}
