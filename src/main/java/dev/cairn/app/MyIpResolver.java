package dev.cairn.app;

import dev.cairn.model.Blueprint;
import dev.cairn.step.access.AccessSection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns {@code access.myIp: auto} into the address the SSH rules allow, at plan/apply time (never
 * at validation, which makes no network call). Against AWS it asks
 * {@value #CHECKIP_URL}, AWS's own "what is my IP" service; against the Sandbox or another local
 * endpoint it uses {@value #SANDBOX_ADDRESS}, an RFC 5737 documentation address, since no real
 * address matters there and practice must work offline. A bare address becomes a {@code /32}.
 */
public final class MyIpResolver {

    public static final String CHECKIP_URL = "https://checkip.amazonaws.com";
    /** checkip answers in milliseconds; a slow answer means no internet, and the user should type the address. */
    public static final Duration CHECKIP_TIMEOUT = Duration.ofSeconds(5);
    /** TEST-NET-3 (RFC 5737): never routed, safe to put in a practice rule. */
    public static final String SANDBOX_ADDRESS = "203.0.113.10/32";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");

    private final Supplier<String> lookup;

    /** @param lookup returns the address (bare IPv4); throws {@link MyIpException} when it cannot */
    public MyIpResolver(Supplier<String> lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    /** The resolver for a target: checkip against AWS, the documentation address elsewhere. */
    public static MyIpResolver forTarget(Target.Kind kind) {
        return kind == Target.Kind.AWS ? new MyIpResolver(MyIpResolver::checkip) : new MyIpResolver(() -> SANDBOX_ADDRESS);
    }

    /** The blueprint with {@code access.myIp} a CIDR; unchanged without an access section. */
    public Blueprint resolve(Blueprint blueprint) {
        AccessSection access = blueprint.section(AccessSection.KEY);
        if (access == null) {
            return blueprint;
        }
        String ip = access.myIp();
        if (ip == null || ip.isEmpty() || AccessSection.MY_IP_AUTO.equals(ip)) {
            ip = lookup.get().strip();
        }
        if (IPV4.matcher(ip).matches()) {
            ip = ip + "/32";
        } else if (!CIDR.matcher(ip).matches()) {
            throw new MyIpException("the address lookup answered \"" + ip + "\", which is not an IPv4 address;"
                    + " set access.myIp to your address");
        }
        return ip.equals(access.myIp()) ? blueprint : blueprint.with(AccessSection.KEY, access.withMyIp(ip));
    }

    private static String checkip() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(CHECKIP_TIMEOUT).build();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(CHECKIP_URL)).timeout(CHECKIP_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new MyIpException(CHECKIP_URL + " answered HTTP " + r.statusCode() + "; set access.myIp to your address");
            }
            return r.body();
        } catch (IOException e) {
            throw new MyIpException("cannot reach " + CHECKIP_URL + " to detect your address (" + reason(e)
                    + "); set access.myIp to your address", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MyIpException("interrupted while detecting your address", e);
        }
    }

    /** Why a request failed, in words: the JDK's connect failures carry no message at all. */
    static String reason(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + CHECKIP_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof ConnectException) {
            return "no connection: is this machine offline?";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The address could not be detected; the message says to set {@code access.myIp}. */
    public static final class MyIpException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MyIpException(String message) {
            super(message);
        }

        public MyIpException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
