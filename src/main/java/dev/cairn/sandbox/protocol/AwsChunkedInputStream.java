package dev.cairn.sandbox.protocol;

import dev.cairn.sandbox.core.AwsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes SigV4 streaming ({@code Content-Encoding: aws-chunked}) on the fly: each chunk is
 * {@code hex-size[;chunk-signature=…]\r\n data \r\n}, the last has size 0 and is followed by
 * optional trailers ({@code x-amz-checksum-crc32:…}, {@code x-amz-trailer-signature:…}) and an
 * empty line. The SDK v2 sends this for S3 uploads over http by default, with signed chunks and
 * a checksum trailer; the AWS CLI sends the unsigned variant. Signatures are not checked (the
 * Sandbox checks none); the trailers are kept for {@link #trailers()}.
 */
final class AwsChunkedInputStream extends BlockInputStream {
    /** A chunk header or trailer line longer than this is not SigV4 streaming. */
    static final int MAX_LINE = 4096;

    private final InputStream in;
    private long remaining;
    private boolean done;
    private final Map<String, String> trailers = new LinkedHashMap<>();

    AwsChunkedInputStream(InputStream in) {
        this.in = in;
    }

    /** Trailer headers by lower-case name; complete once the stream has returned end of data. */
    Map<String, String> trailers() {
        return trailers;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining == 0 && !done) {
            nextChunk();
        }
        if (done) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw incomplete("the body ended inside a chunk");
        }
        remaining -= n;
        if (remaining == 0) {
            String end = line();
            if (!end.isEmpty()) {
                throw incomplete("a chunk is not followed by CRLF");
            }
        }
        return n;
    }

    private void nextChunk() throws IOException {
        String header = line();
        int semicolon = header.indexOf(';');
        String size = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
        try {
            remaining = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw incomplete("'" + header + "' is not a chunk header");
        }
        if (remaining < 0) {
            throw incomplete("negative chunk size");
        }
        if (remaining == 0) {
            readTrailers();
            done = true;
        }
    }

    private void readTrailers() throws IOException {
        for (String line = lineOrEnd(); line != null && !line.isEmpty(); line = lineOrEnd()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw incomplete("'" + line + "' is not a trailer");
            }
            trailers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    private String line() throws IOException {
        String line = lineOrEnd();
        if (line == null) {
            throw incomplete("the body ended before its last chunk");
        }
        return line;
    }

    /** One CRLF-terminated line, or null at the end of the stream (allowed only after the last chunk). */
    private String lineOrEnd() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.US_ASCII);
            }
            if (line.size() >= MAX_LINE) {
                throw incomplete("a chunk header is longer than " + MAX_LINE + " bytes");
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    private static AwsException incomplete(String why) {
        return new AwsException("IncompleteBody", "The request body is not valid aws-chunked encoding: " + why + ".");
    }
}
