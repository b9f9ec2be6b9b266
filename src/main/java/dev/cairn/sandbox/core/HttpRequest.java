package dev.cairn.sandbox.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the chain sees it: method, path (decoded), raw query, headers with
 * lower-case names, and the body (in memory or spooled to a file when large).
 *
 * @param method   {@code GET}, {@code POST}, …
 * @param path     the URI path, percent-decoded
 * @param rawQuery the query string as sent (null when there is none)
 * @param headers  first value of each header, by lower-case name (aws-chunked trailers merged in)
 * @param body     the request body, already decoded from {@code aws-chunked} when it was sent so
 */
public record HttpRequest(String method, String path, String rawQuery, Map<String, String> headers, RequestBody body) {

    /** A header's first value, or null; the name is matched case-insensitively. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body as UTF-8 text (query and JSON protocols; bodies of those are small). */
    public String bodyText() {
        return new String(body.bytes(), StandardCharsets.UTF_8);
    }

    /** The {@code Host} header without its port, lower case; empty when absent. */
    public String hostName() {
        String host = header("host");
        if (host == null) {
            return "";
        }
        int colon = host.startsWith("[") ? host.indexOf(':', host.indexOf(']')) : host.lastIndexOf(':');
        return (colon < 0 ? host : host.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    /**
     * The query string as name → value (a name without {@code =} maps to the empty string, as
     * REST protocols use {@code ?tagging}); the first of repeated names wins.
     */
    public Map<String, String> queryParameters() {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    out.putIfAbsent(key, value);
                }
            }
        }
        return out;
    }

    /** The same request with another path (virtual-hosted S3 requests become path-style). */
    public HttpRequest withPath(String newPath) {
        return new HttpRequest(method, newPath, rawQuery, headers, body);
    }
}
