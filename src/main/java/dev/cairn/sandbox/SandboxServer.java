package dev.cairn.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Sandbox: an AWS-compatible HTTP endpoint on loopback that the real AWS SDK clients and
 * the AWS CLI use unchanged (EC2 query and STS today).
 *
 * <p>Every request walks one chain (after LocalStack's handler chain): find the protocol →
 * resolve service, region and account from the SigV4 scope → maybe throttle → parse → dispatch
 * to the model → render → map {@link AwsException}s into the protocol's error envelope. State is
 * kept per account and region, advanced lazily from timestamps, serialised by one lock, and
 * persisted after each mutating request when a data folder is configured.
 *
 * <p>Besides AWS's namespace it answers a small control API: {@code GET /_sandbox/health},
 * {@code POST /_sandbox/reset}, {@code GET /_sandbox/resources}.
 */
public final class SandboxServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SandboxServer.class.getName());
    /** Request threads: a few are enough for an SDK's connection pool on loopback. */
    static final int THREADS = 4;
    /**
     * Request threads are background work: embedded in the desktop app, the Sandbox shares the
     * machine with the window, and like a remote endpoint it must not take the FX thread's CPU
     * (the app's JVM options give priority 1 nice 10 on Linux; elsewhere the OS maps it).
     */
    static final int THREAD_PRIORITY = Thread.MIN_PRIORITY;
    /** Upper bound of one request body; AWS query requests are small. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    static final String CONTROL_PREFIX = "/_sandbox/";

    private final SandboxConfig config;
    private final HttpServer http;
    private final ExecutorService executor;
    private final Random random;
    private final StateStore store;
    private final Ec2Service ec2 = new Ec2Service();
    private final List<WireProtocol> protocols = new ArrayList<>();
    private final Object lock = new Object();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private Ec2Model.World world;

    private SandboxServer(SandboxConfig config) throws IOException {
        this.config = config;
        this.random = new Random(config.seed());
        this.store = new StateStore(config.dataDir());
        this.world = store.load();
        protocols.add(new JsonProtocol(Map.of(SsmService.TARGET_PREFIX, new SsmService())));
        protocols.add(new QueryProtocol(new QueryProtocol.Ec2Runner() {
            @Override
            public String run(AwsRequest request) {
                return runEc2(request);
            }

            @Override
            public boolean mutates(String action) {
                return ec2.isMutating(action);
            }
        }));
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
     * Starts a server; it listens until {@link #close()}.
     *
     * @param config what to listen on, where to persist, which latency and faults
     * @return the running server
     * @throws UncheckedIOException when the port cannot be bound or the saved state cannot be read
     */
    public static SandboxServer start(SandboxConfig config) {
        try {
            SandboxServer server = new SandboxServer(config);
            server.http.start();
            LOG.log(System.Logger.Level.INFO, "Sandbox listening on {0}", server.endpoint());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Sandbox on port " + config.port(), e);
        }
    }

    /** The base URL for {@code endpointOverride} and {@code --endpoint-url}: {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
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

    /** Wipes every account and region (and the persisted file, when there is one). */
    public void reset() {
        synchronized (lock) {
            world = new Ec2Model.World();
            store.save(world);
        }
    }

    /**
     * Every live resource of every account and region, as the control API reports it: maps with
     * {@code account, region, type, id, state, tags}. Deleted and failed NAT gateways are not live.
     */
    public List<Map<String, Object>> resources() {
        synchronized (lock) {
            long now = System.currentTimeMillis();
            List<Map<String, Object>> out = new ArrayList<>();
            world.accounts.forEach((account, regions) -> regions.forEach((region, state) -> {
                Ec2Backend backend = new Ec2Backend(state, account, Regions.require(region), config, random, now)
                        .withWorld(world);
                backend.advance();
                out.addAll(backend.liveResources());
            }));
            return out;
        }
    }

    /** Stops listening, waits briefly for requests in flight, and persists the state. */
    @Override
    public void close() {
        http.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            store.save(world);
        }
    }

    // ---------------------------------------------------------------- the chain

    private void exchange(HttpExchange ex) throws IOException {
        try (ex) {
            WireProtocol.HttpRequest request = read(ex);
            WireProtocol.HttpResponse response = request.path().startsWith(CONTROL_PREFIX)
                    ? control(request) : aws(request);
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", response.contentType());
            ex.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Sandbox request failed", e);
            throw e;
        }
    }

    private static WireProtocol.HttpRequest read(HttpExchange ex) throws IOException {
        Map<String, String> headers = new HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES);
        }
        URI uri = ex.getRequestURI();
        return new WireProtocol.HttpRequest(ex.getRequestMethod(), uri.getPath(), uri.getRawQuery(), headers, body);
    }

    private WireProtocol.HttpResponse aws(WireProtocol.HttpRequest request) {
        requests.incrementAndGet();
        String requestId = UUID.randomUUID().toString();
        WireProtocol protocol = protocols.stream().filter(p -> p.accepts(request)).findFirst().orElse(null);
        if (protocol == null) {
            // restXml (S3, Route 53) is not modelled yet: answer like a restXml service that lacks the operation.
            return WireProtocol.HttpResponse.xml(400, new Xml().root("Error", null).el("Code", "InvalidAction")
                    .el("Message", "The Sandbox does not serve " + request.method() + " " + request.path())
                    .el("RequestId", requestId).end().toString());
        }
        WireProtocol.Target target = null;
        try {
            target = protocol.resolve(request, requestId);
            if (config.throttleRate() > 0 && random.nextDouble() < config.throttleRate()) {
                throttled.incrementAndGet();
                throw protocol.throttling(target);
            }
            serviceDelay();
            WireProtocol.HttpResponse response = protocol.dispatch(target);
            if (protocol.mutates(target)) {
                synchronized (lock) {
                    store.save(world);
                }
            }
            return response;
        } catch (AwsException e) {
            return protocol.error(target, e, requestId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Sandbox internal error", e);
            return protocol.error(target, new AwsException("InternalError",
                    "An internal error has occurred", 500), requestId);
        }
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

    private String runEc2(AwsRequest request) {
        Regions.Region region = Regions.require(request.region());
        synchronized (lock) {
            Ec2Model.RegionState state = world.region(request.accountId(), region.name());
            Ec2Backend backend = new Ec2Backend(state, request.accountId(), region, config, random,
                    System.currentTimeMillis()).withWorld(world);
            backend.advance();
            return ec2.handle(request.action(), request.params(), backend, request.requestId());
        }
    }

    // ---------------------------------------------------------------- control API

    private WireProtocol.HttpResponse control(WireProtocol.HttpRequest request) {
        String what = request.path().substring(CONTROL_PREFIX.length());
        String method = request.method();
        try {
            return switch (what) {
                case "health" -> method.equals("GET") ? json(200, Map.of("status", "ok")) : notAllowed();
                case "reset" -> {
                    if (!method.equals("POST")) {
                        yield notAllowed();
                    }
                    reset();
                    yield json(200, Map.of("status", "reset"));
                }
                case "resources" -> method.equals("GET") ? json(200, resources()) : notAllowed();
                default -> json(404, Map.of("error", "unknown control path " + request.path()));
            };
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WireProtocol.HttpResponse json(int status, Object body)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        return new WireProtocol.HttpResponse(status, "application/json", StateStore.MAPPER.writeValueAsString(body));
    }

    private static WireProtocol.HttpResponse notAllowed() throws com.fasterxml.jackson.core.JsonProcessingException {
        return json(405, Map.of("error", "method not allowed"));
    }
}
