package dev.cairn.sandbox.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer: status, headers and body bytes — or a file, so a large object is streamed from disk
 * and never held in memory. {@code Content-Type} is one of the headers; {@code Content-Length}
 * is set by the server from the body.
 *
 * @param status  HTTP status
 * @param headers header name → value, in the order they are sent
 * @param body    the bytes to send; empty when there is none or when {@code file} is set
 * @param file    a file whose bytes are the body, or null
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body, Path file) {
    private static final byte[] NONE = new byte[0];

    public HttpResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body == null ? NONE : body;
    }

    /** Bytes with a content type. */
    public static HttpResponse of(int status, String contentType, byte[] body) {
        Map<String, String> h = new LinkedHashMap<>();
        if (contentType != null) {
            h.put("Content-Type", contentType);
        }
        return new HttpResponse(status, h, body, null);
    }

    /** UTF-8 text with a content type. */
    public static HttpResponse text(int status, String contentType, String body) {
        return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** An XML document, as the query and REST-XML protocols answer. */
    public static HttpResponse xml(int status, String body) {
        return text(status, "text/xml;charset=UTF-8", body);
    }

    /** A file's bytes as the body (streamed by the server). */
    public static HttpResponse file(int status, String contentType, Path file) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", contentType);
        return new HttpResponse(status, h, NONE, file);
    }

    /** No body at all (e.g. 204, or a HEAD answer whose length is in a header). */
    public static HttpResponse empty(int status) {
        return new HttpResponse(status, Map.of(), NONE, null);
    }

    /** This answer with one more (or a replaced) header. */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpResponse(status, h, body, file);
    }

    /** The body as UTF-8 text (tests and logs; a file body reads as empty). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
