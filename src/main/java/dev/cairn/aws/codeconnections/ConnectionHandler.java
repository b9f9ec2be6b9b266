package dev.cairn.aws.codeconnections;

import static dev.cairn.aws.AwsErrors.code;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.Settled;
import dev.cairn.aws.tagging.TaggingApiScanner;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.CodeConnectionsKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.codeconnections.CodeConnectionsClient;
import software.amazon.awssdk.services.codeconnections.model.Connection;
import software.amazon.awssdk.services.codeconnections.model.Tag;

/**
 * The pipeline's connection to GitHub. CreateConnection makes it {@code PENDING}, and only a person
 * in the AWS console can finish the handshake with GitHub (no API can): so the connection is
 * ready as soon as it exists, whatever its status, and carries {@code status} and
 * {@code consoleUrl} (where that person goes) for the CLI, the GUI's banner and
 * {@link ConnectionStatus}. The pipeline's first run waits for {@code AVAILABLE}, not the apply.
 *
 * <p>Its physical ID is its ARN (AWS picks the UUID). Connections are not unique by name, so the
 * find lists them (ListConnections of the provider type) and takes the one of the spec's name whose
 * tags (given in CreateConnection) name this stack and address; one of the name without them is
 * taken, never adopted.
 */
public final class ConnectionHandler implements ResourceHandler {

    /** The status of a connection whose handshake nobody has completed yet. */
    static final String PENDING = "PENDING";

    static final String NOT_FOUND = "ResourceNotFoundException";
    /** The provider type Cairn's pipeline uses, when the spec names none. */
    static final String GITHUB = "GitHub";

    private final AwsClients clients;

    public ConnectionHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public ResourceKind kind() {
        return CodeConnectionsKinds.CONNECTION;
    }

    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        CodeConnectionsClient cc = clients.codeConnections(spec.region());
        String name = required(spec, "name");
        List<Connection> named = new ArrayList<>();
        for (var page : cc.listConnectionsPaginator(r -> r.providerTypeFilter(providerType(spec)))) {
            for (Connection c : page.connections()) {
                if (name.equals(c.connectionName())) {
                    named.add(c);
                }
            }
        }
        String stranger = null;
        for (Connection c : named) {
            Map<String, String> tags = tags(cc, c.connectionArn());
            if (ctx.stack().equals(tags.get(Tags.STACK)) && spec.address().value().equals(tags.get(Tags.ADDRESS))) {
                return Found.ours(live(c));
            }
            String stack = tags.get(Tags.STACK);
            stranger = c.connectionArn() + (stack == null ? " without Cairn's tags" : " of Cairn stack " + stack + " ("
                    + tags.getOrDefault(Tags.ADDRESS, "?") + ")");
        }
        if (stranger != null) {
            return Found.taken("a " + providerType(spec) + " connection named " + name + " already exists in " + spec.region()
                    + ": " + stranger);
        }
        return Found.absent();
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        CodeConnectionsClient cc = clients.codeConnections(spec.region());
        String name = required(spec, "name");
        ctx.say("connection.creating", name, providerType(spec));
        // CreateConnection takes no client token: a healed create finds the connection by name and tags.
        String arn = cc.createConnection(r -> r.connectionName(name).providerType(providerType(spec)).tags(toTags(spec.tags())))
                .connectionArn();
        // A new connection is PENDING until someone completes the handshake in the console (AWS's
        // CreateConnection documentation): its answer needs no GetConnection to confirm it.
        ctx.say("connection.handshake", name, consoleUrl(arn));
        return Settled.mark(new LiveResource(arn, attributes(arn, name, PENDING), ""));
    }

    /**
     * Ready once it exists. While it is {@code PENDING} the handler says who must act and where:
     * the apply goes on with everything else.
     */
    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        if (Settled.is(resource)) {
            return Poll.done(resource);
        }
        Optional<Connection> c = get(clients.codeConnections(spec.region()), resource.physicalId());
        if (c.isEmpty()) {
            return Poll.pending(Message.of("aws.notVisible", kind(), resource.physicalId()));
        }
        LiveResource live = live(c.get());
        if (PENDING.equals(c.get().connectionStatusAsString())) {
            ctx.say("connection.handshake", c.get().connectionName(), live.attributes().get("consoleUrl"));
        }
        return Poll.done(live);
    }

    /** Only the user's tags change in place (name and provider replace it). */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.remove(TAGS);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        CodeConnectionsClient cc = clients.codeConnections(spec.region());
        String arn = current.physicalId();
        Connection c = get(cc, arn).orElseThrow(() -> new IllegalStateException("connection " + arn + " is gone; plan again to create it"));
        Map<String, String> have = tags(cc, arn);
        if (!have.equals(spec.tags())) {
            List<String> gone = have.keySet().stream().filter(k -> !spec.tags().containsKey(k) && !Tags.isCairns(k)).toList();
            if (!gone.isEmpty()) {
                ctx.mutating("UntagResource", () -> cc.untagResource(r -> r.resourceArn(arn).tagKeys(gone)));
            }
            ctx.mutating("TagResource", () -> cc.tagResource(r -> r.resourceArn(arn).tags(toTags(spec.tags()))));
        }
        return Poll.done(live(c));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return get(clients.codeConnections(record.spec().region()), record.physicalId()).map(ConnectionHandler::live);
    }

    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        CodeConnectionsClient cc = clients.codeConnections(record.spec().region());
        try {
            cc.deleteConnection(r -> r.connectionArn(record.physicalId()));
        } catch (AwsServiceException e) {
            if (!NOT_FOUND.equals(code(e))) {
                throw e;
            }
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return get(clients.codeConnections(record.spec().region()), record.physicalId())
                .map(c -> Poll.pending(Message.of("aws.stillExists", kind(), record.physicalId())))
                .orElseGet(Poll::done);
    }

    /** Whether a spec is a CodeConnections connection (for {@code app/ConnectionStatus}, which may not name kinds). */
    public static boolean isConnection(ResourceSpec spec) {
        return spec.kind() == CodeConnectionsKinds.CONNECTION;
    }

    /** A connection's status now ({@code PENDING}, {@code AVAILABLE}, {@code ERROR}); empty when it is gone. */
    public static Optional<String> status(CodeConnectionsClient cc, String arn) {
        return get(cc, arn).map(Connection::connectionStatusAsString);
    }

    /** For the tagging-API scan: the connection's status while GetConnection knows it. */
    public static TaggingApiScanner.LiveCheck liveCheck(AwsClients clients) {
        return (region, arn) -> get(clients.codeConnections(region), arn).map(Connection::connectionStatusAsString);
    }

    /**
     * Where a person completes the handshake:
     * {@code https://console.aws.amazon.com/codesuite/settings/<account>/<region>/connections/<uuid>},
     * read from the ARN {@code arn:<partition>:codeconnections:<region>:<account>:connection/<uuid>}.
     */
    public static String consoleUrl(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !parts[5].startsWith("connection/")) {
            throw new IllegalArgumentException("not a connection ARN: " + arn);
        }
        return "https://console.aws.amazon.com/codesuite/settings/" + parts[4] + "/" + parts[3] + "/connections/"
                + parts[5].substring("connection/".length());
    }

    static Optional<Connection> get(CodeConnectionsClient cc, String arn) {
        try {
            return Optional.ofNullable(cc.getConnection(r -> r.connectionArn(arn)).connection());
        } catch (AwsServiceException e) {
            if (NOT_FOUND.equals(code(e))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static Map<String, String> tags(CodeConnectionsClient cc, String arn) {
        Map<String, String> map = new LinkedHashMap<>();
        try {
            cc.listTagsForResource(r -> r.resourceArn(arn)).tags().forEach(t -> map.put(t.key(), t.value()));
        } catch (AwsServiceException e) {
            if (!NOT_FOUND.equals(code(e))) {
                throw e;
            }
        }
        return map;
    }

    private static LiveResource live(Connection c) {
        return new LiveResource(c.connectionArn(), attributes(c.connectionArn(), c.connectionName(), c.connectionStatusAsString()),
                c.connectionStatusAsString());
    }

    private static Map<String, String> attributes(String arn, String name, String status) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("name", name);
        a.put("status", status);
        a.put("consoleUrl", consoleUrl(arn));
        return a;
    }

    private static String providerType(ResolvedSpec spec) {
        String p = spec.property("providerType");
        return p == null || p.isBlank() ? GITHUB : p.trim();
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static String required(ResolvedSpec spec, String property) {
        String value = spec.property(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(spec.address() + " has no '" + property + "' property");
        }
        return value;
    }
}
