package dev.cairn.sandbox.elbv2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.sandbox.acm.AcmCertificates;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.HttpResponse;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.World;
import dev.cairn.sandbox.ec2.Ec2Fleet;
import dev.cairn.sandbox.elbv2.ElbModel.Action;
import dev.cairn.sandbox.elbv2.ElbModel.Listener;
import dev.cairn.sandbox.elbv2.ElbModel.LoadBalancer;
import dev.cairn.sandbox.elbv2.ElbModel.RegionState;
import dev.cairn.sandbox.elbv2.ElbModel.Target;
import dev.cairn.sandbox.elbv2.ElbModel.TargetGroup;
import dev.cairn.sandbox.elbv2.ElbModel.WeightedGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load balancers answer: every listener of every {@code active} load balancer is served on
 * {@code 127.0.0.1} at an ephemeral port for as long as it exists (a companion of the ELB
 * service; daemon threads at low priority). A {@code forward} listener round-robins over the
 * healthy targets of its target groups ({@link TargetHealth}) and answers with the page each
 * instance's user data installs ({@link InstancePages}); with no healthy target it answers
 * {@code 503} as an ALB does. A {@code redirect} listener answers {@code 301}/{@code 302} with a
 * {@code Location} on the loopback listener of the redirect's port.
 *
 * <p>An HTTPS listener is served as plain HTTP on its loopback port: its certificate is for a
 * domain nobody's browser can resolve to the loopback, and no browser would trust one the
 * Sandbox made up. The control path {@code GET /_sandbox/load-balancers} lists every load
 * balancer with its listeners' loopback URLs.
 */
final class LoopbackListeners implements ServiceDefinition.Companion {
    /** How often the served listeners are brought in line with the load balancers that exist. */
    static final Duration RECONCILE_EVERY = Duration.ofMillis(200);
    /** Threads answering loopback requests: few, the machine is shared. */
    static final int SERVING_THREADS = 2;
    static final String CONTROL_NAME = "load-balancers";
    /** What an ALB answers when no target is healthy. */
    static final String UNAVAILABLE_PAGE = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n"
            + "<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n";
    static final String NOT_FOUND_PAGE = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n"
            + "<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n"
            + "<p>The requested URL was not found on this server.</p>\n</body></html>\n";
    /** What nginx answers for a file it does not have. */
    static final String NGINX_NOT_FOUND_PAGE = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
            + "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    private static final System.Logger LOG = System.getLogger(LoopbackListeners.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One listener being served. */
    private record Served(String account, String region, String loadBalancerArn, String listenerArn, HttpServer server,
                          int port, AtomicLong next) {
    }

    /** An answer worked out under the world lock, sent after it is released. */
    private record Answer(int status, Map<String, String> headers, String body) {
    }

    private final Map<String, Served> served = new ConcurrentHashMap<>();
    private volatile ExecutorService pool;
    private volatile boolean closed;

    @Override
    public AutoCloseable start(World world) {
        pool = Executors.newFixedThreadPool(SERVING_THREADS, r -> {
            Thread t = new Thread(r, "sandbox-elb-listener");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        Thread reconciler = new Thread(() -> {
            while (!closed) {
                try {
                    synchronized (world.lock()) {
                        reconcile(world, System.currentTimeMillis());
                    }
                    Thread.sleep(RECONCILE_EVERY.toMillis());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "the load balancers' loopback listeners could not be updated", e);
                }
            }
        }, "sandbox-elb-reconciler");
        reconciler.setDaemon(true);
        reconciler.setPriority(Thread.MIN_PRIORITY);
        reconciler.start();
        return () -> {
            closed = true;
            reconciler.interrupt();
            served.values().forEach(s -> s.server().stop(0));
            served.clear();
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.SECONDS);
        };
    }

    /**
     * Serves the listeners of active load balancers that are not served yet and stops those
     * whose listener or load balancer is gone. Under the world lock; stopping happens on
     * another thread, since a stop waits for exchanges that may be waiting for the lock.
     */
    void reconcile(World world, long now) {
        if (closed || pool == null) {
            return;
        }
        Map<String, String[]> wanted = new LinkedHashMap<>();
        ElbStore store = world.store(ElbStore.class);
        store.accounts.forEach((account, regions) -> regions.forEach((region, state) -> {
            for (Listener l : state.listeners.values()) {
                LoadBalancer lb = state.loadBalancers.get(l.loadBalancerArn);
                if (lb != null && LoadBalancers.active(lb, now)) {
                    wanted.put(l.id, new String[] {account, region, lb.id});
                }
            }
        }));
        for (Served s : List.copyOf(served.values())) {
            if (!wanted.containsKey(s.listenerArn())) {
                served.remove(s.listenerArn());
                pool.execute(() -> s.server().stop(0));
            }
        }
        wanted.forEach((listenerArn, where) -> {
            if (!served.containsKey(listenerArn)) {
                served.put(listenerArn, serve(world, where[0], where[1], where[2], listenerArn));
            }
        });
    }

    private Served serve(World world, String account, String region, String lbArn, String listenerArn) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            AtomicLong next = new AtomicLong();
            Served s = new Served(account, region, lbArn, listenerArn, server, server.getAddress().getPort(), next);
            server.setExecutor(pool);
            server.createContext("/", exchange -> answer(world, s, exchange));
            server.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve a load balancer's listener on the loopback", e);
        }
    }

    private void answer(World world, Served s, HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer a;
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            synchronized (world.lock()) {
                a = answer(world, s, path == null ? "/" : path, query, System.currentTimeMillis());
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(a.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a loopback listener could not answer", e);
        }
    }

    /** What the listener answers now; under the world lock. */
    private Answer answer(World world, Served s, String path, String query, long now) {
        ElbStore store = world.store(ElbStore.class);
        RegionState state = store.existing(s.account(), s.region());
        Listener l = state == null ? null : state.listeners.get(s.listenerArn());
        LoadBalancer lb = l == null ? null : state.loadBalancers.get(l.loadBalancerArn);
        if (l == null || lb == null || !LoadBalancers.active(lb, now) || l.defaultActions.isEmpty()) {
            return unavailable();
        }
        Action action = l.defaultActions.get(0);
        if (action.type.equals("redirect")) {
            return redirect(state, lb, l, action, path, query);
        }
        ElbBackend b = backend(world, state, s.account(), s.region(), now);
        TargetHealth health = b.health();
        List<Target> healthy = new ArrayList<>();
        List<TargetGroup> groupOf = new ArrayList<>();
        for (WeightedGroup w : action.targetGroups) {
            TargetGroup tg = state.targetGroups.get(w.targetGroupArn);
            if (tg != null && w.weight > 0) {
                for (Target t : health.healthyTargets(tg)) {
                    healthy.add(t);
                    groupOf.add(tg);
                }
            }
        }
        if (healthy.isEmpty()) {
            return unavailable();
        }
        int pick = (int) Math.floorMod(s.next().getAndIncrement(), (long) healthy.size());
        Target target = healthy.get(pick);
        if (groupOf.get(pick).targetType.equals("ip")) {
            return ipPage(b, groupOf.get(pick), target, path);
        }
        Optional<Ec2Fleet.InstanceView> instance = b.fleet().instance(target.instanceId);
        if (instance.isEmpty()) {
            return unavailable();
        }
        String page = InstancePages.of(instance.get(), s.region()).page(path);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html; charset=UTF-8");
        headers.put("Server", "Apache/2.4.62 ()");
        return page == null ? new Answer(404, headers, NOT_FOUND_PAGE) : new Answer(200, headers, page);
    }

    /** The page an IP target's host (an ECS task) serves. */
    private static Answer ipPage(ElbBackend b, TargetGroup tg, Target target, String path) {
        Optional<IpTargetHosts.Host> host = b.ipHosts().flatMap(h -> h.host(tg.vpcId, target.instanceId));
        if (host.isEmpty() || !host.get().running()) {
            return unavailable();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html");
        headers.put("Server", host.get().server());
        String page = host.get().page(path);
        return page == null ? new Answer(404, headers, NGINX_NOT_FOUND_PAGE) : new Answer(200, headers, page);
    }

    private static ElbBackend backend(World world, RegionState state, String account, String region, long now) {
        ServiceDefinition elb = world.registry().bySigningName(Elbv2Service.SIGNING_NAME).orElseThrow();
        Call call = Call.onBehalfOf(world, elb, account, region, now);
        return new ElbBackend(state, account, Regions.require(region), world.timing(), world.random(), now,
                () -> call.peer(Ec2Fleet.class), () -> call.optionalPeer(AcmCertificates.class),
                () -> call.optionalPeer(IpTargetHosts.class));
    }

    private Answer redirect(RegionState state, LoadBalancer lb, Listener l, Action a, String path, String query) {
        String protocol = a.redirectProtocol.replace("#{protocol}", l.protocol);
        String port = a.redirectPort.replace("#{port}", Integer.toString(l.port));
        String pathPart = path.startsWith("/") ? path.substring(1) : path;
        String newPath = a.redirectPath.replace("#{path}", pathPart).replace("#{port}", Integer.toString(l.port))
                .replace("#{host}", lb.dnsName);
        String newQuery = a.redirectQuery.replace("#{query}", query == null ? "" : query);
        String tail = newPath + (newQuery.isEmpty() ? "" : "?" + newQuery);
        String location = null;
        for (Listener other : state.listeners.values()) {
            Served target = served.get(other.id);
            if (other.loadBalancerArn.equals(lb.id) && Integer.toString(other.port).equals(port) && target != null) {
                location = "http://127.0.0.1:" + target.port() + tail;
            }
        }
        if (location == null) {
            String host = a.redirectHost.replace("#{host}", lb.dnsName);
            location = protocol.toLowerCase(java.util.Locale.ROOT) + "://" + host + ":" + port + tail;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Server", "awselb/2.0");
        headers.put("Location", location);
        headers.put("Content-Type", "text/html");
        int status = a.redirectStatusCode.equals("HTTP_302") ? 302 : 301;
        String title = status == 301 ? "301 Moved Permanently" : "302 Found";
        return new Answer(status, headers, "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>"
                + title + "</h1></center>\r\n</body>\r\n</html>\r\n");
    }

    private static Answer unavailable() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Server", "awselb/2.0");
        headers.put("Content-Type", "text/html");
        return new Answer(503, headers, UNAVAILABLE_PAGE);
    }

    /** {@code GET /_sandbox/load-balancers}: every load balancer and its listeners' loopback URLs. */
    HttpResponse control(String method, byte[] body, World world, long now) {
        if (!method.equals("GET")) {
            return HttpResponse.text(405, "application/json", "{\"error\":\"method not allowed\"}");
        }
        reconcile(world, now);
        List<Map<String, Object>> out = new ArrayList<>();
        ElbStore store = world.store(ElbStore.class);
        store.accounts.forEach((account, regions) -> regions.forEach((region, state) -> {
            for (LoadBalancer lb : state.loadBalancers.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("account", account);
                m.put("region", region);
                m.put("name", lb.name);
                m.put("arn", lb.id);
                m.put("dnsName", lb.dnsName);
                m.put("state", LoadBalancers.state(lb, now));
                List<Map<String, Object>> listeners = new ArrayList<>();
                state.listeners.values().stream().filter(l -> l.loadBalancerArn.equals(lb.id))
                        .sorted(java.util.Comparator.comparingInt(l -> l.port)).forEach(l -> {
                            Map<String, Object> lm = new LinkedHashMap<>();
                            lm.put("port", l.port);
                            lm.put("protocol", l.protocol);
                            Served s = served.get(l.id);
                            lm.put("url", s == null ? null : "http://127.0.0.1:" + s.port() + "/");
                            listeners.add(lm);
                        });
                m.put("listeners", listeners);
                out.add(m);
            }
        }));
        try {
            return HttpResponse.text(200, "application/json", JSON.writeValueAsString(out));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
