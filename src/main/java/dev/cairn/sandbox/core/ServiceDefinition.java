package dev.cairn.sandbox.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One AWS service as the Sandbox serves it: its wire identity (signing name, protocol, API
 * version, JSON target prefix, XML namespace), its operations with their handlers, its stores
 * and the interfaces it exports to other services. A service package builds one definition; one
 * line in {@code dev.cairn.sandbox.Services} registers it.
 */
public final class ServiceDefinition {
    /** Query and awsQuery bodies are small; AWS's own limits are far below this. */
    public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;

    /** The wire protocols a service may speak, by the names Smithy gives them. */
    public enum Protocol {
        /** EC2 query: form body, {@code <ActionResponse>} with {@code requestId}, EC2's error envelope. */
        EC2("ec2"),
        /** awsQuery: form body, {@code <ActionResponse><ActionResult>}, {@code <ErrorResponse>}. */
        QUERY("query"),
        /** awsJson 1.0: {@code X-Amz-Target}, JSON body, {@code application/x-amz-json-1.0}. */
        JSON_1_0("json1.0"),
        /** awsJson 1.1: the same with {@code application/x-amz-json-1.1}. */
        JSON_1_1("json1.1"),
        /** restJson1: operation from method and path, JSON bodies, error code in {@code X-Amzn-ErrorType}. */
        REST_JSON("rest-json"),
        /** restXml: operation from method and path, XML bodies (S3, Route 53). */
        REST_XML("rest-xml");

        private final String id;

        Protocol(String id) {
            this.id = id;
        }

        /** The protocol's name as the docs' table of services shows it. */
        public String id() {
            return id;
        }
    }

    /** Whether an operation may change state (and so must be saved before it is answered). */
    public enum Effect { READS, WRITES }

    /** A query-protocol operation: reads {@link Call#params()}, writes the inside of the result element. */
    @FunctionalInterface
    public interface QueryHandler {
        void handle(Call call, Xml result);
    }

    /** An awsJson operation: reads {@link Call#json()}, returns the output object. */
    @FunctionalInterface
    public interface JsonHandler {
        ObjectNode handle(Call call);
    }

    /**
     * Brings a service's time-driven state up to a call's clock before any service answers it
     * (an Auto Scaling group launches what its desired size asks for, through EC2, so that
     * {@code DescribeInstances} shows it without an Auto Scaling call first). Runs under the
     * world lock for every request to every service, with a call addressing this service (its
     * own touched stores: what it changes is saved as a write is).
     */
    @FunctionalInterface
    public interface Settler {
        void settle(Call call);
    }

    /**
     * A control path of the Sandbox's own API ({@code /_sandbox/<name>}) that a service answers:
     * not AWS, no signature. Runs under the world lock; the service's stores are saved after a
     * {@code POST}.
     */
    @FunctionalInterface
    public interface ControlHandler {
        /**
         * @param method the HTTP method
         * @param body   the request body (JSON for a POST), empty for none
         * @param world  the state, locked
         * @param now    the wall clock, epoch milliseconds
         * @return the answer (JSON by convention)
         */
        HttpResponse handle(String method, byte[] body, World world, long now);
    }

    /**
     * Something a service runs beside the AWS endpoint for as long as the server runs (the load
     * balancers' loopback listeners): started after the saved state is loaded, closed when the
     * server closes. It reads the world only under its lock.
     */
    @FunctionalInterface
    public interface Companion {
        AutoCloseable start(World world);
    }

    /** A REST operation: reads the request and its path labels, returns the whole answer. */
    @FunctionalInterface
    public interface RestHandler {
        HttpResponse handle(Call call);
    }

    /**
     * How a REST operation is found: method, a path template whose {@code {Label}} matches one
     * segment and {@code {Label+}} the rest of the path, and the query keys and headers that must
     * be present (S3 tells {@code ?tagging} from a plain GET this way). The most specific match wins.
     */
    public record Route(String method, String pathTemplate, Set<String> queryKeys, Set<String> headers) {
        public Route {
            queryKeys = Set.copyOf(queryKeys);
            headers = Set.copyOf(headers);
        }

        /** A route by method and path only. */
        public static Route of(String method, String pathTemplate) {
            return new Route(method, pathTemplate, Set.of(), Set.of());
        }

        /** This route, only when these query keys are present. */
        public Route withQuery(String... keys) {
            return new Route(method, pathTemplate, Set.of(keys), headers);
        }

        /** This route, only when these headers are present. */
        public Route withHeaders(String... names) {
            return new Route(method, pathTemplate, queryKeys, Set.of(names));
        }
    }

    /** One operation: its name, effect, handler (of the protocol's handler type) and, for REST, its route. */
    public record Operation(String name, Effect effect, Object handler, Route route) {
        public boolean mutates() {
            return effect == Effect.WRITES;
        }
    }

    private final String name;
    private final Set<String> aliases;
    private final Protocol protocol;
    private final String apiVersion;
    private final String targetPrefix;
    private final String xmlNamespace;
    private final boolean global;
    private final long maxBodyBytes;
    private final boolean bucketHosts;
    private final Map<String, Operation> operations;
    private final List<StoreSpec<?>> stores;
    private final Map<Class<?>, Function<Call, ?>> exports;
    private final Inventory inventory;
    private final Function<String, AwsException> unknownOperation;
    private final Consumer<Call> precheck;
    private final Settler settler;
    private final Map<String, ControlHandler> controls;
    private final List<Companion> companions;

    private ServiceDefinition(Builder b) {
        this.name = b.name;
        this.aliases = Collections.unmodifiableSet(new LinkedHashSet<>(b.aliases));
        this.protocol = b.protocol;
        this.apiVersion = b.apiVersion;
        this.targetPrefix = b.targetPrefix;
        this.xmlNamespace = b.xmlNamespace;
        this.global = b.global;
        this.maxBodyBytes = b.maxBodyBytes;
        this.bucketHosts = b.bucketHosts;
        this.operations = Collections.unmodifiableMap(new LinkedHashMap<>(b.operations));
        this.stores = List.copyOf(b.stores);
        this.exports = Collections.unmodifiableMap(new LinkedHashMap<>(b.exports));
        this.inventory = b.inventory;
        this.unknownOperation = b.unknownOperation;
        this.precheck = b.precheck;
        this.settler = b.settler;
        this.controls = Collections.unmodifiableMap(new LinkedHashMap<>(b.controls));
        this.companions = List.copyOf(b.companions);
    }

    /** Starts a definition for a signing name ({@code ec2}, {@code elasticloadbalancing}, …) and its protocol. */
    public static Builder builder(String signingName, Protocol protocol) {
        return new Builder(signingName, protocol);
    }

    /** The SigV4 signing name, which the credential scope of every request carries. */
    public String name() {
        return name;
    }

    /** Other signing names that reach this service (older names, e.g. {@code codestar-connections}). */
    public Set<String> aliases() {
        return aliases;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** The API version of query protocols ({@code Version=}); picks the service of an unsigned request. */
    public String apiVersion() {
        return apiVersion;
    }

    /** The {@code X-Amz-Target} prefix of awsJson services ({@code AmazonSSM}). */
    public String targetPrefix() {
        return targetPrefix;
    }

    /** The XML namespace of the service's documents and error envelope (query, REST-XML); may be null. */
    public String xmlNamespace() {
        return xmlNamespace;
    }

    /** Global services (IAM, Route 53) keep one state per account, whatever region signs the call. */
    public boolean global() {
        return global;
    }

    /** Largest request body accepted; a longer one is answered with an error, never cut. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Whether a bucket may be named by the host ({@code bucket.localhost}) as well as the path: S3's addressing. */
    public boolean bucketHosts() {
        return bucketHosts;
    }

    public Map<String, Operation> operations() {
        return operations;
    }

    /** The operation of that name, or null. */
    public Operation operation(String operationName) {
        return operationName == null ? null : operations.get(operationName);
    }

    public List<StoreSpec<?>> stores() {
        return stores;
    }

    public Map<Class<?>, Function<Call, ?>> exports() {
        return exports;
    }

    /** The service's inventory of live resources, or null when it keeps none. */
    public Inventory inventory() {
        return inventory;
    }

    /** The error the service answers for an operation it does not have. */
    public AwsException unknownOperation(String operationName) {
        return unknownOperation.apply(operationName);
    }

    /** Checks a parsed call before its operation is looked up (EC2 checks the API version and region first). */
    public void precheck(Call call) {
        precheck.accept(call);
    }

    /** What brings the service's time-driven state up to a call's clock, or null. */
    public Settler settler() {
        return settler;
    }

    /** The control paths ({@code /_sandbox/<name>}) this service answers, by name. */
    public Map<String, ControlHandler> controls() {
        return controls;
    }

    /** What the service runs beside the endpoint while the server runs. */
    public List<Companion> companions() {
        return companions;
    }

    @Override
    public String toString() {
        return name + " (" + protocol.id() + ")";
    }

    /** Collects a definition; {@link #build()} checks that the handlers fit the protocol. */
    public static final class Builder {
        private final String name;
        private final Protocol protocol;
        private final Set<String> aliases = new LinkedHashSet<>();
        private String apiVersion;
        private String targetPrefix;
        private String xmlNamespace;
        private boolean global;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private boolean bucketHosts;
        private final Map<String, Operation> operations = new LinkedHashMap<>();
        private final List<StoreSpec<?>> stores = new ArrayList<>();
        private final Map<Class<?>, Function<Call, ?>> exports = new LinkedHashMap<>();
        private Inventory inventory;
        private Function<String, AwsException> unknownOperation;
        private Consumer<Call> precheck = call -> { };
        private Settler settler;
        private final Map<String, ControlHandler> controls = new LinkedHashMap<>();
        private final List<Companion> companions = new ArrayList<>();

        private Builder(String name, Protocol protocol) {
            this.name = Objects.requireNonNull(name, "name");
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            this.unknownOperation = op -> new AwsException(
                    protocol == Protocol.JSON_1_0 || protocol == Protocol.JSON_1_1
                            ? "UnknownOperationException" : "InvalidAction",
                    "The action " + op + " is not valid for this web service.");
        }

        public Builder alias(String signingName) {
            aliases.add(signingName);
            return this;
        }

        public Builder apiVersion(String version) {
            this.apiVersion = version;
            return this;
        }

        public Builder targetPrefix(String prefix) {
            this.targetPrefix = prefix;
            return this;
        }

        public Builder xmlNamespace(String namespace) {
            this.xmlNamespace = namespace;
            return this;
        }

        /** One state per account, not per region (IAM, Route 53). */
        public Builder global() {
            this.global = true;
            return this;
        }

        public Builder maxBodyBytes(long bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        /** S3's addressing: {@code bucket.host/key} is read as {@code host/bucket/key}. */
        public Builder bucketHosts() {
            this.bucketHosts = true;
            return this;
        }

        /** A query-protocol operation (EC2 query or awsQuery). */
        public Builder query(String operation, Effect effect, QueryHandler handler) {
            return add(operation, effect, handler, null);
        }

        /** An awsJson operation. */
        public Builder json(String operation, Effect effect, JsonHandler handler) {
            return add(operation, effect, handler, null);
        }

        /** A REST operation and the route that finds it. */
        public Builder rest(String operation, Effect effect, Route route, RestHandler handler) {
            return add(operation, effect, handler, Objects.requireNonNull(route, "route"));
        }

        private Builder add(String operation, Effect effect, Object handler, Route route) {
            if (operations.put(operation, new Operation(operation, effect, handler, route)) != null) {
                throw new IllegalArgumentException(name + " registers " + operation + " twice");
            }
            return this;
        }

        /** A store of this service (persisted in its own file when a data folder is set). */
        public Builder store(StoreSpec<?> spec) {
            stores.add(spec);
            return this;
        }

        /** An interface other services may call ({@link Call#peer}), bound per call by {@code factory}. */
        public <T> Builder export(Class<T> api, Function<Call, ? extends T> factory) {
            exports.put(api, factory);
            return this;
        }

        /** What brings the service's time-driven state up to every call's clock ({@link Settler}). */
        public Builder settler(Settler settle) {
            this.settler = settle;
            return this;
        }

        /** A control path {@code /_sandbox/<name>} this service answers. */
        public Builder control(String controlName, ControlHandler handler) {
            if (controls.put(controlName, Objects.requireNonNull(handler, "handler")) != null) {
                throw new IllegalArgumentException(name + " registers control " + controlName + " twice");
            }
            return this;
        }

        /** Something run beside the endpoint while the server runs ({@link Companion}). */
        public Builder companion(Companion companion) {
            companions.add(Objects.requireNonNull(companion, "companion"));
            return this;
        }

        public Builder inventory(Inventory live) {
            this.inventory = live;
            return this;
        }

        /** The service's own error for an operation it lacks (AWS words it per service). */
        public Builder unknownOperation(Function<String, AwsException> error) {
            this.unknownOperation = error;
            return this;
        }

        /** A check of every parsed call, before the operation is looked up; it throws {@link AwsException}. */
        public Builder precheck(Consumer<Call> check) {
            this.precheck = check;
            return this;
        }

        public ServiceDefinition build() {
            Class<?> expected = switch (protocol) {
                case EC2, QUERY -> QueryHandler.class;
                case JSON_1_0, JSON_1_1 -> JsonHandler.class;
                case REST_JSON, REST_XML -> RestHandler.class;
            };
            for (Operation op : operations.values()) {
                if (!expected.isInstance(op.handler())) {
                    throw new IllegalArgumentException(name + "." + op.name() + " is not a " + expected.getSimpleName()
                            + " though the service speaks " + protocol.id());
                }
            }
            if ((protocol == Protocol.JSON_1_0 || protocol == Protocol.JSON_1_1) && targetPrefix == null) {
                throw new IllegalArgumentException(name + " speaks " + protocol.id() + " but has no target prefix");
            }
            return new ServiceDefinition(this);
        }
    }
}
