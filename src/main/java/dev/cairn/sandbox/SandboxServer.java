package dev.cairn.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Blobs;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.HttpRequest;
import dev.cairn.sandbox.core.HttpResponse;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.RequestBody;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceRegistry;
import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.World;
import dev.cairn.sandbox.persist.Persistence;
import dev.cairn.sandbox.persist.SetAside;
import dev.cairn.sandbox.protocol.Protocol;
import dev.cairn.sandbox.protocol.RequestReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Sandbox: an AWS-compatible HTTP endpoint on loopback that the real AWS SDK clients and
 * the AWS CLI use unchanged. What it serves is the list in {@code Services}: one package per
 * AWS service, each speaking its own wire protocol.
 *
 * <p>Every request walks one chain (after LocalStack's handler chain): find the service from the
 * SigV4 credential scope (unsigned: from the JSON target or the query API version, else anonymous S3) → read the
 * body within the service's limit (decoding {@code aws-chunked}, checking checksums) → maybe
 * throttle → the protocol parses → the service checks and dispatches under the world lock →
 * the protocol renders (status, headers, bytes) → a change is saved before it is answered →
 * {@link AwsException}s become the protocol's error envelope. State is kept per service, per
 * account and region, advanced lazily from timestamps.
 *
 * <p>Besides AWS's namespace it answers a small control API: {@code GET /_sandbox/health},
 * {@code POST /_sandbox/reset}, {@code GET /_sandbox/resources}, and the paths services add
 * ({@link ServiceDefinition.Builder#control}).
 */
public final class SandboxServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SandboxServer.class.getName());
    /**
     * Request threads. The CPU work is short and serialised on the world lock; what the threads
     * mostly do is wait for their change to be saved, and every change waiting joins the same
     * fsync, so more threads means more changes per save (the engine runs 10 calls at once).
     */
    static final int THREADS = 16;
    /**
     * Request threads are background work: embedded in the desktop app, the Sandbox shares the
     * machine with the window, and like a remote endpoint it must not take the FX thread's CPU
     * (the app's JVM options give priority 1 nice 10 on Linux; elsewhere the OS maps it).
     */
    static final int THREAD_PRIORITY = Thread.MIN_PRIORITY;
    /**
     * How much of a refused (too large) body is read and dropped so the client sees the error
     * answer rather than a reset connection; past this the connection is closed instead.
     */
    static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;
    /** Control API bodies are tiny. */
    static final long CONTROL_MAX_BODY_BYTES = 64 * 1024;
    static final String CONTROL_PREFIX = "/_sandbox/";
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK's server writes the headers and the body of an answer in two packets; without
        // TCP_NODELAY the body waits for the client's delayed ACK of the headers (≈40 ms on
        // Linux), which made every call take that long. Read once, when the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SandboxConfig config;
    private final HttpServer http;
    private final ExecutorService executor;
    private final ServiceRegistry registry;
    private final Blobs blobs;
    private final World world;
    private final Persistence persistence;
    private final List<SetAside> setAside;
    private final Random faults;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    /** What the services run beside the endpoint ({@link ServiceDefinition.Companion}), in start order. */
    private final List<AutoCloseable> companions = new ArrayList<>();

    private SandboxServer(SandboxConfig config, List<ServiceDefinition> moreServices) throws IOException {
        this.config = config;
        List<ServiceDefinition> services = new ArrayList<>(Services.standard(config));
        services.addAll(moreServices);
        this.registry = new ServiceRegistry(services);
        this.blobs = Blobs.under(config.dataDir());
        this.world = new World(registry, config.timing(), new Random(config.seed()), blobs);
        // Throttling draws from its own source: whether a call is throttled must not shift the IDs
        // the models draw.
        this.faults = new Random(config.seed() ^ 0x5DEECE66DL);
        this.persistence = new Persistence(config.dataDir(), world);
        this.setAside = List.copyOf(persistence.load());
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "sandbox-http-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(THREAD_PRIORITY);
            return t;
        });
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 0);
        http.setExecutor(executor);
        http.createContext("/", this::exchange);
    }

    /**
     * Starts a server; it listens until {@link #close()}. A saved state file that cannot be read
     * does not stop it: the file is set aside ({@link #setAside()}) and that service starts empty.
     *
     * @param config what to listen on, where to persist, which latency and faults
     * @return the running server
     * @throws UncheckedIOException when the port cannot be bound or the data folder cannot be used
     */
    public static SandboxServer start(SandboxConfig config) {
        return start(config, List.of());
    }

    /**
     * Starts a server that serves more services than the standard ones (a test's own service,
     * to exercise a protocol no modelled service speaks yet).
     *
     * @param config       as for {@link #start(SandboxConfig)}
     * @param moreServices services served besides {@code Services.standard}; their signing names must be new
     */
    public static SandboxServer start(SandboxConfig config, List<ServiceDefinition> moreServices) {
        try {
            SandboxServer server = new SandboxServer(config, moreServices);
            server.http.start();
            server.startCompanions();
            LOG.log(System.Logger.Level.INFO, "Sandbox listening on {0}", server.endpoint());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Sandbox on port " + config.port(), e);
        }
    }

    private void startCompanions() {
        for (ServiceDefinition service : registry.all()) {
            for (ServiceDefinition.Companion companion : service.companions()) {
                companions.add(companion.start(world));
            }
        }
    }

    /** The base URL for {@code endpointOverride} and {@code --endpoint-url}: {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** Whether the server serves the service of that SigV4 signing name. */
    public boolean serves(String signingName) {
        return registry.bySigningName(signingName).isPresent();
    }

    /** The configuration the server runs with. */
    public SandboxConfig config() {
        return config;
    }

    /** AWS requests answered so far (control API calls not counted). */
    public long requestCount() {
        return requests.get();
    }

    /** AWS requests answered with a throttling error by fault injection. */
    public long throttledCount() {
        return throttled.get();
    }

    /** The state files that could not be read at start and were moved aside (empty when all was read). */
    public List<SetAside> setAside() {
        return setAside;
    }

    /** Wipes every service of every account and region (and the saved files and blobs, when there are). */
    public void reset() {
        long version;
        synchronized (world.lock()) {
            Set<Class<?>> all = new LinkedHashSet<>();
            for (ServiceDefinition service : registry.all()) {
                for (StoreSpec<?> spec : service.stores()) {
                    world.put(spec.type(), spec.empty().get());
                    all.add(spec.type());
                }
            }
            version = persistence.changed(all);
        }
        persistence.awaitDurable(version);
        try {
            blobs.clear();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the Sandbox's blobs", e);
        }
    }

    /**
     * Every live resource of every service, account and region, as the control API reports it:
     * maps with {@code account, region, type, id, state, tags}. Deleted and failed NAT gateways
     * and terminated instances are not live.
     */
    public List<Map<String, Object>> resources() {
        synchronized (world.lock()) {
            long now = System.currentTimeMillis();
            List<Map<String, Object>> out = new ArrayList<>();
            for (ServiceDefinition service : registry.all()) {
                if (service.inventory() != null) {
                    service.inventory().live(world, now, null, null).forEach(r -> out.add(r.summary()));
                }
            }
            return out;
        }
    }

    /** Stops listening, waits briefly for requests in flight, and saves what is not saved yet. */
    @Override
    public void close() {
        for (int i = companions.size() - 1; i >= 0; i--) {
            AutoCloseable companion = companions.get(i);
            try {
                companion.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "a Sandbox companion did not stop cleanly", e);
            }
        }
        http.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            persistence.flush();
        } finally {
            blobs.close();
        }
    }

    // ---------------------------------------------------------------- the chain

    private void exchange(HttpExchange ex) throws IOException {
        try (ex) {
            URI uri = ex.getRequestURI();
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
            String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
            HttpResponse response = path.startsWith(CONTROL_PREFIX)
                    ? control(ex.getRequestMethod(), path, ex.getRequestBody())
                    : aws(ex.getRequestMethod(), path, uri.getRawQuery(), headers, ex.getRequestBody());
            write(ex, response);
        } catch (RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Sandbox request failed", e);
            throw e;
        }
    }

    private static void write(HttpExchange ex, HttpResponse response) throws IOException {
        response.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        long length = response.file() != null ? Files.size(response.file()) : response.body().length;
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(response.status(), length == 0 || head ? -1 : length);
        if (length > 0 && !head) {
            try (OutputStream out = ex.getResponseBody()) {
                if (response.file() != null) {
                    Files.copy(response.file(), out);
                } else {
                    out.write(response.body());
                }
            }
        }
    }

    private HttpResponse aws(String method, String path, String rawQuery, Map<String, String> headers, InputStream raw)
            throws IOException {
        requests.incrementAndGet();
        String requestId = UUID.randomUUID().toString();
        HttpRequest head = new HttpRequest(method, path, rawQuery, headers, RequestBody.empty());
        Call.Scope scope = Call.Scope.ofRequest(head);
        ServiceDefinition service = registry.bySigningName(scope.service()).orElse(null);
        String target = headers.get("x-amz-target");
        if (service == null && scope.service() == null && target != null && target.contains(".")) {
            service = registry.byTargetPrefix(target.substring(0, target.lastIndexOf('.'))).orElse(null);
        }
        Protocol protocol = service != null ? Protocol.of(service.protocol()) : byShape(head);
        if (service == null && scope.service() == null && protocol == Protocol.of(ServiceDefinition.Protocol.REST_XML)) {
            // An unsigned REST request (curl, a browser) can only be anonymous S3: the one service AWS
            // answers without a signature on a bare bucket path. The service decides what it may read.
            service = registry.all().stream().filter(ServiceDefinition::bucketHosts).findFirst().orElse(null);
            protocol = service == null ? protocol : Protocol.of(service.protocol());
        }
        long limit = service != null ? service.maxBodyBytes() : ServiceDefinition.DEFAULT_MAX_BODY_BYTES;
        RequestReader.Decoded decoded;
        try {
            decoded = RequestReader.read(raw, headers, limit, blobs::spoolDir);
        } catch (RequestBody.TooLargeException e) {
            boolean drained = drain(raw);
            HttpResponse answer = protocol.error(service, new AwsException("RequestEntityTooLarge",
                    "The request body is larger than " + limit + " bytes, the most "
                            + (service == null ? "the Sandbox" : service.name()) + " accepts.", 413), requestId);
            return drained ? answer : answer.withHeader("Connection", "close");
        } catch (AwsException e) {
            return protocol.error(service, e, requestId);
        }
        HttpRequest request = new HttpRequest(method, path, rawQuery, decoded.headers(), decoded.body());
        try (RequestBody body = decoded.body()) {
            if (service == null && protocol == Protocol.of(ServiceDefinition.Protocol.QUERY)) {
                // Unsigned query request: the API version names the service.
                service = registry.byApiVersion(QueryParams.ofForm(request).get("Version")).orElse(null);
                protocol = service == null ? protocol : Protocol.of(service.protocol());
            }
            if (service == null) {
                return unknownService(request, protocol, scope, requestId);
            }
            String region = scope.region() == null ? Call.DEFAULT_REGION : scope.region();
            String accessKey = scope.accessKey() == null ? Call.DEFAULT_ACCESS_KEY : scope.accessKey();
            Call call = new Call(world, service, region, accessKey, requestId, System.currentTimeMillis(), request);
            return dispatch(protocol, call);
        }
    }

    /**
     * Reads and drops the rest of a refused body, up to {@link #MAX_DRAIN_BYTES}, so the client
     * reads the error instead of a reset. (Not {@code skip}: the JDK server's body stream passes
     * it to the socket, past the end of the body.)
     *
     * @return whether the body ended within the bound
     */
    private static boolean drain(InputStream body) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; total <= MAX_DRAIN_BYTES; total += n) {
            n = body.read(buffer);
            if (n < 0) {
                return true;
            }
        }
        return false;
    }

    private HttpResponse dispatch(Protocol protocol, Call unparsed) {
        ServiceDefinition service = unparsed.service();
        try {
            if (config.throttleRate() > 0 && nextFault() < config.throttleRate()) {
                throttled.incrementAndGet();
                throw protocol.throttling(service);
            }
            serviceDelay();
            Call call = unparsed.with(protocol.parse(unparsed.http(), service));
            service.precheck(call);
            ServiceDefinition.Operation operation = service.operation(call.operation());
            if (operation == null) {
                throw service.unknownOperation(call.operation());
            }
            HttpResponse response = null;
            AwsException refused = null;
            long mustBeDurable;
            synchronized (world.lock()) {
                // The call's clock starts when it holds the lock, not when it arrived: what it
                // settles and changes is never dated before a change it comes after.
                Call stamped = call.at(world.stamp(System.currentTimeMillis()));
                Set<Class<?>> settled = settle(stamped);
                try {
                    response = protocol.invoke(stamped, operation);
                } catch (AwsException e) {
                    refused = e;
                } finally {
                    // A change (even one a refusal cut short) is saved before any answer; a read
                    // waits for what it saw to be saved, so it never shows a change a failed save undoes.
                    // What settling changed is saved as a write's change is, even before a read.
                    if (operation.mutates()) {
                        settled.addAll(stamped.touched());
                    }
                    mustBeDurable = settled.isEmpty() ? persistence.visibleVersion() : persistence.changed(settled);
                }
            }
            persistence.awaitDurable(mustBeDurable);
            if (refused != null) {
                throw refused;
            }
            return response;
        } catch (AwsException e) {
            return protocol.error(service, e, unparsed.requestId());
        } catch (Persistence.SaveFailedException e) {
            return protocol.error(service, new AwsException("InternalError",
                    "An internal error has occurred (the Sandbox could not save its state; nothing was changed)", 500),
                    unparsed.requestId());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Sandbox internal error", e);
            return protocol.error(service, new AwsException("InternalError",
                    "An internal error has occurred", 500), unparsed.requestId());
        }
    }

    /**
     * Lets every service with a {@link ServiceDefinition.Settler} bring its state up to the call's
     * clock; under the world lock.
     *
     * @return the stores the settlers touched (to be saved before the answer)
     */
    private Set<Class<?>> settle(Call call) {
        Set<Class<?>> touched = new LinkedHashSet<>();
        for (ServiceDefinition s : registry.all()) {
            if (s.settler() != null) {
                Call settling = call.settling(s);
                s.settler().settle(settling);
                touched.addAll(settling.touched());
            }
        }
        return touched;
    }

    private double nextFault() {
        synchronized (faults) {
            return faults.nextDouble();
        }
    }

    /** The protocol a request of an unknown service looks like: a JSON target, a query form, or REST. */
    private static Protocol byShape(HttpRequest head) {
        if (head.header("x-amz-target") != null) {
            return Protocol.of(ServiceDefinition.Protocol.JSON_1_1);
        }
        String type = head.header("content-type");
        boolean form = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        if (head.method().equals("POST") && form || (head.rawQuery() != null && head.rawQuery().contains("Action="))) {
            return Protocol.of(ServiceDefinition.Protocol.QUERY);
        }
        return Protocol.of(ServiceDefinition.Protocol.REST_XML);
    }

    /** A service the Sandbox does not model: the error its protocol would give for an unknown operation. */
    private static HttpResponse unknownService(HttpRequest request, Protocol protocol, Call.Scope scope, String requestId) {
        String name = scope.service() == null ? "unknown" : scope.service();
        AwsException error;
        if (protocol == Protocol.of(ServiceDefinition.Protocol.JSON_1_1)) {
            error = new AwsException("UnknownOperationException",
                    "Operation " + request.header("x-amz-target") + " is not supported by the Sandbox.");
        } else if (protocol == Protocol.of(ServiceDefinition.Protocol.QUERY)) {
            QueryParams params = QueryParams.ofForm(request);
            error = params.get("Action") == null || params.get("Action").isEmpty()
                    ? AwsException.missingParameter("Action")
                    : new AwsException("InvalidAction", "The action " + params.get("Action")
                    + " is not valid for this web service (the Sandbox does not serve '" + name + "').");
        } else {
            error = new AwsException("InvalidAction", "The Sandbox does not serve " + request.method() + " "
                    + request.path());
        }
        return protocol.error(null, error, requestId);
    }

    /** The request's service time in realistic mode (a few milliseconds × scale). */
    private void serviceDelay() {
        Duration delay = config.scaled(LatencyProfile.REQUEST_SERVICE_TIME);
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------- control API

    private HttpResponse control(String method, String path, InputStream body) throws IOException {
        byte[] bytes;
        try (RequestBody read = RequestBody.read(body, CONTROL_MAX_BODY_BYTES, blobs::spoolDir)) {
            bytes = read.bytes();
        }
        String what = path.substring(CONTROL_PREFIX.length());
        for (ServiceDefinition service : registry.all()) {
            ServiceDefinition.ControlHandler handler = service.controls().get(what);
            if (handler != null) {
                return serviceControl(service, handler, method, bytes);
            }
        }
        return switch (what) {
            case "health" -> method.equals("GET") ? json(200, health()) : notAllowed();
            case "reset" -> {
                if (!method.equals("POST")) {
                    yield notAllowed();
                }
                reset();
                yield json(200, Map.of("status", "reset"));
            }
            case "resources" -> method.equals("GET") ? json(200, resources()) : notAllowed();
            default -> json(404, Map.of("error", "unknown control path " + path));
        };
    }

    /** A service's control path: under the world lock, its stores saved after a POST. */
    private HttpResponse serviceControl(ServiceDefinition service, ServiceDefinition.ControlHandler handler,
                                        String method, byte[] body) {
        HttpResponse response;
        long version;
        synchronized (world.lock()) {
            response = handler.handle(method, body, world, world.stamp(System.currentTimeMillis()));
            Set<Class<?>> stores = new LinkedHashSet<>();
            service.stores().forEach(spec -> stores.add(spec.type()));
            version = method.equals("POST") ? persistence.changed(stores) : persistence.visibleVersion();
        }
        persistence.awaitDurable(version);
        return response;
    }

    /** {@code {"status":"ok"}}, plus the files set aside at start when there are any. */
    private Map<String, Object> health() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "ok");
        if (!setAside.isEmpty()) {
            out.put("setAside", setAside.stream().map(s -> Map.of("file", s.file().toString(),
                    "movedTo", s.movedTo().toString(), "reason", s.reason())).toList());
        }
        return out;
    }

    private static HttpResponse json(int status, Object body) {
        try {
            return HttpResponse.text(status, "application/json", JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse notAllowed() {
        return json(405, Map.of("error", "method not allowed"));
    }
}
