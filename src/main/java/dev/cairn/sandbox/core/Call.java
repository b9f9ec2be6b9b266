package dev.cairn.sandbox.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One call to a service after the first links of the chain: who (access key → account), where
 * (region), which service and operation, its parsed input, and the state it may touch.
 *
 * <p>A service reaches its own state with {@link #state(Class)} and other services only through
 * the interfaces they export ({@link #peer(Class)}). Both are valid only while the server holds
 * the world lock, which it does for the whole of a dispatch. The call remembers which stores it
 * touched, so a mutating call saves exactly those.
 */
public final class Call {
    /** The access key whose account is all zeros: the Sandbox's default identity. */
    public static final String DEFAULT_ACCESS_KEY = "sandbox";
    /** The region of a request that carries no SigV4 scope. */
    public static final String DEFAULT_REGION = "us-east-1";
    private static final Pattern SCOPE = Pattern.compile(
            "Credential=([^/,\\s]+)/\\d{8}/([a-z0-9-]+)/([a-zA-Z0-9-]+)/aws4_request");

    /** The parts of a SigV4 credential scope; null members when the request is unsigned. */
    public record Scope(String accessKey, String region, String service) {
        /** Reads the scope of an {@code Authorization} header (signatures are not checked). */
        public static Scope of(String authorization) {
            if (authorization != null) {
                Matcher m = SCOPE.matcher(authorization);
                if (m.find()) {
                    return new Scope(m.group(1), m.group(2), m.group(3).toLowerCase(Locale.ROOT));
                }
            }
            return new Scope(null, null, null);
        }

        /** The scope of a request: its {@code Authorization} header, else a presigned URL's {@code X-Amz-Credential}. */
        public static Scope ofRequest(HttpRequest http) {
            Scope scope = of(http.header("authorization"));
            if (scope.service() == null) {
                String credential = http.queryParameters().get("X-Amz-Credential");
                if (credential != null) {
                    scope = of("Credential=" + credential);
                }
            }
            return scope;
        }
    }

    /** What the protocol read from the request: the operation and its parameters in the protocol's form. */
    public record Input(String operation, QueryParams params, JsonNode json, Map<String, String> pathParams) {
        /** A query-protocol call ({@code Action} and form parameters). */
        public static Input query(String operation, QueryParams params) {
            return new Input(operation, params, null, Map.of());
        }

        /** An awsJson call (operation from {@code X-Amz-Target}, body as JSON). */
        public static Input json(String operation, JsonNode body) {
            return new Input(operation, new QueryParams(Map.of()), body, Map.of());
        }

        /** A REST call (operation from the route, labels from the path). */
        public static Input rest(String operation, Map<String, String> pathParams, JsonNode body) {
            return new Input(operation, new QueryParams(Map.of()), body, Map.copyOf(pathParams));
        }
    }

    private final World world;
    private final ServiceDefinition service;
    private final String region;
    private final String accessKey;
    private final String accountId;
    private final String requestId;
    private final long now;
    private final HttpRequest http;
    private final Input input;
    private final Set<Class<?>> touched;

    /**
     * A call before its input is parsed.
     *
     * @param world     the state it runs against
     * @param service   the service it addresses
     * @param region    region from the SigV4 scope ({@link #DEFAULT_REGION} when unsigned)
     * @param accessKey access key ID from the scope (never the secret)
     * @param requestId ID echoed in the answer
     * @param now       the wall clock of this call, epoch milliseconds
     * @param http      the request as received
     */
    public Call(World world, ServiceDefinition service, String region, String accessKey, String requestId, long now,
                HttpRequest http) {
        this(world, service, region, accessKey, requestId, now, http, null, new LinkedHashSet<>());
    }

    private Call(World world, ServiceDefinition service, String region, String accessKey, String requestId, long now,
                 HttpRequest http, Input input, Set<Class<?>> touched) {
        this(world, service, region, accessKey, accountFor(accessKey), requestId, now, http, input, touched);
    }

    private Call(World world, ServiceDefinition service, String region, String accessKey, String accountId,
                 String requestId, long now, HttpRequest http, Input input, Set<Class<?>> touched) {
        this.world = world;
        this.service = service;
        this.region = region;
        this.accessKey = accessKey;
        this.accountId = accountId;
        this.requestId = requestId;
        this.now = now;
        this.http = http;
        this.input = input;
        this.touched = touched;
    }

    /**
     * A call made by the Sandbox itself on behalf of an account, outside any AWS request: a
     * service's companion reading its state and its peers' (a load balancer's loopback listener
     * asking EC2 about its targets). It has no access key, no HTTP request and no input; only
     * under the world lock, and what it touches is not saved (it must only read).
     */
    public static Call onBehalfOf(World world, ServiceDefinition service, String accountId, String region, long now) {
        return new Call(world, service, region, null, accountId, "sandbox-internal", now, null,
                Input.query(null, new QueryParams(Map.of())), new LinkedHashSet<>());
    }

    /** This call with its parsed input. */
    public Call with(Input parsed) {
        return new Call(world, service, region, accessKey, accountId, requestId, now, http, parsed, touched);
    }

    /** The same call at another clock (the world's stamp once it holds the lock); touched stores are shared. */
    public Call at(long newNow) {
        return new Call(world, service, region, accessKey, accountId, requestId, newNow, http, input, touched);
    }

    /** The same caller and clock addressing another service (a peer call); touched stores are shared. */
    public Call forService(ServiceDefinition other) {
        return new Call(world, other, region, accessKey, accountId, requestId, now, http, input, touched);
    }

    /**
     * The same caller and clock addressing {@code other} with a touched set of its own: a
     * service settling its state before another service's call ({@link ServiceDefinition.Settler}).
     */
    public Call settling(ServiceDefinition other) {
        return new Call(world, other, region, accessKey, accountId, requestId, now, http, input, new LinkedHashSet<>());
    }

    public ServiceDefinition service() {
        return service;
    }

    /** The operation ({@code DescribeVpcs}, {@code GetParameter}, …); null before parsing. */
    public String operation() {
        return input == null ? null : input.operation();
    }

    public String region() {
        return region;
    }

    public String accessKey() {
        return accessKey;
    }

    /** The 12-digit account of the access key ({@link #accountFor}). */
    public String accountId() {
        return accountId;
    }

    public String requestId() {
        return requestId;
    }

    /** The call's clock (epoch milliseconds): every state transition of the call is computed against it. */
    public long now() {
        return now;
    }

    public HttpRequest http() {
        return http;
    }

    /** Form parameters (query protocols); empty for other protocols. */
    public QueryParams params() {
        return input.params();
    }

    /** The JSON body (awsJson and REST-JSON protocols); null for others. */
    public JsonNode json() {
        return input.json();
    }

    /** A label of the matched REST route ({@code {Bucket}} → {@code Bucket}), or null. */
    public String pathParam(String name) {
        return input.pathParams().get(name);
    }

    public World world() {
        return world;
    }

    /** The current object of a registered store, marked as touched by this call. Only under the world lock. */
    public <T> T state(Class<T> storeType) {
        touched.add(storeType);
        return world.store(storeType);
    }

    /** The stores this call has reached so far (its own and its peers'). */
    public Set<Class<?>> touched() {
        return Collections.unmodifiableSet(touched);
    }

    /** Another service's exported interface, bound to this caller, region and clock. */
    public <T> T peer(Class<T> api) {
        return world.registry().peer(api, this);
    }

    /**
     * Another service's exported interface, or empty when no registered service exports it (a
     * Sandbox started with fewer services, as some tests do): the caller then skips the check
     * that needs it.
     */
    public <T> java.util.Optional<T> optionalPeer(Class<T> api) {
        return world.registry().exports(api) ? java.util.Optional.of(peer(api)) : java.util.Optional.empty();
    }

    /**
     * A stable 12-digit account for an access key: {@code sandbox} is {@code 000000000000};
     * any other key maps through SHA-256, so the same key always lands in the same account.
     */
    public static String accountFor(String accessKey) {
        if (accessKey == null || accessKey.equals(DEFAULT_ACCESS_KEY)) {
            return "000000000000";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessKey.getBytes(StandardCharsets.UTF_8));
            long n = 0;
            for (int i = 0; i < 8; i++) {
                n = (n << 8) | (digest[i] & 0xff);
            }
            // Never the default account: the first digit is 1..9.
            long account = 100_000_000_000L + Math.floorMod(n, 900_000_000_000L);
            return Long.toString(account);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
