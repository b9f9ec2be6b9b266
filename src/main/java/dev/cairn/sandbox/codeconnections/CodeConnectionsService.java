package dev.cairn.sandbox.codeconnections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.codeconnections.CodeConnectionsStore.Connection;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.HttpResponse;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.World;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * AWS CodeConnections (awsJson 1.0, {@code X-Amz-Target:
 * com.amazonaws.codeconnections.CodeConnections_20231201.<Op>}, signing name
 * {@code codeconnections}): connections to code providers. A connection is created {@code PENDING}
 * and no AWS API makes it {@code AVAILABLE}: on AWS a person completes the handshake with the
 * provider in the console. The Sandbox's stand-in for that person is the control path
 * {@code POST /_sandbox/connections/complete}. Exports {@link Connections} (CodePipeline's source
 * action reads the status through it).
 */
public final class CodeConnectionsService {
    static final String SIGNING_NAME = "codeconnections";
    static final String TARGET_PREFIX = "com.amazonaws.codeconnections.CodeConnections_20231201";
    /** The control path (under {@code /_sandbox/}) that completes handshakes. */
    public static final String COMPLETE_CONTROL = "connections/complete";
    /** AWS's quota: 250 connections per account per Region (CodeConnections quotas page). */
    static final int MAX_CONNECTIONS = 250;
    /** ConnectionName's length bounds in the API model. */
    static final int MAX_NAME_LENGTH = 32;
    /** ListConnections: MaxResults is 0–100 in the model; 0 or absent means AWS's default page of 100. */
    static final int MAX_RESULTS = 100;
    /** AWS's limit of tags on one resource (TagList max 200 in the model; 50 per resource in the quota). */
    static final int MAX_TAGS = 50;
    static final int MAX_TAG_KEY = 128;
    static final int MAX_TAG_VALUE = 256;
    static final Set<String> PROVIDER_TYPES =
            Set.of("Bitbucket", "GitHub", "GitHubEnterpriseServer", "GitLab", "GitLabSelfManaged", "AzureDevOps");
    /** Providers reached through a host resource (self-managed installations) — the Sandbox has no hosts. */
    static final Set<String> HOST_PROVIDERS = Set.of("GitHubEnterpriseServer", "GitLabSelfManaged");
    private static final String TOKEN_PREFIX = "codeconnections:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CodeConnectionsService() {
    }

    /** CodeConnections' definition. */
    public static ServiceDefinition definition() {
        return operations(ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.JSON_1_0)
                .targetPrefix(TARGET_PREFIX)
                .store(CodeConnectionsStore.SPEC))
                .export(Connections.class, CodeConnectionsService::exported)
                .inventory(CodeConnectionsService::live)
                .control(COMPLETE_CONTROL, CodeConnectionsService::complete)
                .build();
    }

    /**
     * The same service under its former name, CodeStar Connections (json 1.0, signing name
     * {@code codestar-connections}, another target prefix), which clients without
     * {@code codeconnections} (the AWS CLI 2.9) still speak. It shares CodeConnections' store, as
     * AWS's two endpoints share the connections; what it creates has a
     * {@code codestar-connections} ARN. Register it after {@link #definition()}.
     */
    public static ServiceDefinition codestarDefinition() {
        return operations(ServiceDefinition.builder(CODESTAR_SIGNING_NAME, ServiceDefinition.Protocol.JSON_1_0)
                .targetPrefix(CODESTAR_TARGET_PREFIX))
                .build();
    }

    static final String CODESTAR_SIGNING_NAME = "codestar-connections";
    static final String CODESTAR_TARGET_PREFIX = "com.amazonaws.codestar.connections.CodeStar_connections_20191201";

    private static ServiceDefinition.Builder operations(ServiceDefinition.Builder builder) {
        return builder
                .precheck(call -> Regions.require(call.region()))
                .json("CreateConnection", Effect.WRITES, CodeConnectionsService::createConnection)
                .json("GetConnection", Effect.READS, CodeConnectionsService::getConnection)
                .json("ListConnections", Effect.READS, CodeConnectionsService::listConnections)
                .json("DeleteConnection", Effect.WRITES, CodeConnectionsService::deleteConnection)
                .json("TagResource", Effect.WRITES, CodeConnectionsService::tagResource)
                .json("UntagResource", Effect.WRITES, CodeConnectionsService::untagResource)
                .json("ListTagsForResource", Effect.READS, CodeConnectionsService::listTags);
    }

    static AwsException validation(String message) {
        return new AwsException("ValidationException", message);
    }

    private static CodeConnectionsStore.RegionState writing(Call call) {
        return call.state(CodeConnectionsStore.class).region(call.accountId(), call.region());
    }

    /** A read's view: a region without state reads as empty and is not created. */
    private static CodeConnectionsStore.RegionState reading(Call call) {
        CodeConnectionsStore.RegionState state =
                call.state(CodeConnectionsStore.class).existing(call.accountId(), call.region());
        return state == null ? new CodeConnectionsStore.RegionState() : state;
    }

    private static Connection connection(CodeConnectionsStore.RegionState state, String arn) {
        if (arn == null || arn.isEmpty()) {
            throw validation("1 validation error detected: Value null at 'connectionArn' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        Connection c = state.connections.get(arn);
        if (c == null) {
            throw new AwsException("ResourceNotFoundException", "Connection " + arn + " not found");
        }
        return c;
    }

    // ------------------------------------------------------------------ operations

    private static ObjectNode createConnection(Call call) {
        JsonNode body = call.json();
        String name = body.path("ConnectionName").asText(null);
        if (name == null) {
            throw validation("1 validation error detected: Value null at 'connectionName' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw validation("1 validation error detected: Value '" + name + "' at 'connectionName' failed to "
                    + "satisfy constraint: Member must have length between 1 and " + MAX_NAME_LENGTH);
        }
        if (body.hasNonNull("HostArn")) {
            throw new AwsException("ResourceNotFoundException", "Host " + body.get("HostArn").asText()
                    + " not found: the Sandbox has no CodeConnections hosts");
        }
        String provider = body.path("ProviderType").asText(null);
        if (provider == null) {
            throw validation("ProviderType or HostArn must be provided");
        }
        if (!PROVIDER_TYPES.contains(provider)) {
            throw validation("1 validation error detected: Value '" + provider + "' at 'providerType' failed to "
                    + "satisfy constraint: Member must satisfy enum value set: " + new java.util.TreeSet<>(PROVIDER_TYPES));
        }
        if (HOST_PROVIDERS.contains(provider)) {
            throw validation("A connection to " + provider + " must be created through a host (HostArn)");
        }
        Map<String, String> tags = tags(body.path("Tags"));
        CodeConnectionsStore.RegionState state = writing(call);
        if (state.connections.size() >= MAX_CONNECTIONS) {
            throw new AwsException("LimitExceededException", "Maximum number of connections (" + MAX_CONNECTIONS
                    + ") reached for this account");
        }
        Connection c = new Connection();
        c.id = Arn.of(call.service().name(), call.region(), call.accountId(), "connection/" + uuid(call.world().random()))
                .toString();
        c.createdAt = call.now();
        c.name = name;
        c.providerType = provider;
        c.status = "PENDING";
        c.tags.putAll(tags);
        state.connections.put(c.id, c);
        ObjectNode out = JSON.createObjectNode();
        out.put("ConnectionArn", c.id);
        if (!c.tags.isEmpty()) {
            out.set("Tags", tagList(c.tags));
        }
        return out;
    }

    /** A version-4 UUID from the world's seeded random, so a seeded Sandbox makes the same ARNs. */
    private static UUID uuid(Random random) {
        long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo);
    }

    private static ObjectNode getConnection(Call call) {
        Connection c = connection(reading(call), call.json().path("ConnectionArn").asText(null));
        ObjectNode out = JSON.createObjectNode();
        out.set("Connection", describe(c, call.accountId()));
        return out;
    }

    private static ObjectNode describe(Connection c, String account) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ConnectionName", c.name);
        o.put("ConnectionArn", c.id);
        o.put("ProviderType", c.providerType);
        o.put("OwnerAccountId", account);
        o.put("ConnectionStatus", c.status);
        return o;
    }

    private static ObjectNode listConnections(Call call) {
        JsonNode body = call.json();
        String filter = body.path("ProviderTypeFilter").asText(null);
        if (filter != null && !PROVIDER_TYPES.contains(filter)) {
            throw validation("1 validation error detected: Value '" + filter + "' at 'providerTypeFilter' failed "
                    + "to satisfy constraint: Member must satisfy enum value set: "
                    + new java.util.TreeSet<>(PROVIDER_TYPES));
        }
        if (body.hasNonNull("HostArnFilter")) {
            throw new AwsException("ResourceNotFoundException", "Host " + body.get("HostArnFilter").asText()
                    + " not found: the Sandbox has no CodeConnections hosts");
        }
        int max = body.hasNonNull("MaxResults") ? body.get("MaxResults").asInt() : MAX_RESULTS;
        if (max < 0 || max > MAX_RESULTS) {
            throw validation("1 validation error detected: Value '" + max + "' at 'maxResults' failed to satisfy "
                    + "constraint: Member must have value " + (max < 0 ? "greater than or equal to 0"
                    : "less than or equal to " + MAX_RESULTS));
        }
        if (max == 0) {
            max = MAX_RESULTS;
        }
        List<Connection> matching = new ArrayList<>();
        for (Connection c : reading(call).connections.values()) {
            if (filter == null || filter.equals(c.providerType)) {
                matching.add(c);
            }
        }
        int offset = offset(body.path("NextToken").asText(null));
        int end = Math.min(matching.size(), offset + max);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("Connections");
        for (Connection c : matching.subList(Math.min(offset, end), end)) {
            list.add(describe(c, call.accountId()));
        }
        if (end < matching.size()) {
            out.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((TOKEN_PREFIX + end).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(TOKEN_PREFIX)) {
                return Integer.parseInt(text.substring(TOKEN_PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw validation("Invalid NextToken: " + token);
    }

    private static ObjectNode deleteConnection(Call call) {
        CodeConnectionsStore.RegionState state = writing(call);
        Connection c = connection(state, call.json().path("ConnectionArn").asText(null));
        state.connections.remove(c.id);
        return JSON.createObjectNode();
    }

    private static ObjectNode tagResource(Call call) {
        JsonNode body = call.json();
        CodeConnectionsStore.RegionState state = writing(call);
        Connection c = resource(state, body.path("ResourceArn").asText(null));
        if (!body.path("Tags").isArray()) {
            throw validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        Map<String, String> merged = new LinkedHashMap<>(c.tags);
        merged.putAll(tags(body.path("Tags")));
        if (merged.size() > MAX_TAGS) {
            throw new AwsException("LimitExceededException", "A resource can have at most " + MAX_TAGS + " tags");
        }
        c.tags.clear();
        c.tags.putAll(merged);
        return JSON.createObjectNode();
    }

    private static ObjectNode untagResource(Call call) {
        JsonNode body = call.json();
        CodeConnectionsStore.RegionState state = writing(call);
        Connection c = resource(state, body.path("ResourceArn").asText(null));
        if (!body.path("TagKeys").isArray()) {
            throw validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        body.path("TagKeys").forEach(k -> c.tags.remove(k.asText()));
        return JSON.createObjectNode();
    }

    private static ObjectNode listTags(Call call) {
        Connection c = resource(reading(call), call.json().path("ResourceArn").asText(null));
        ObjectNode out = JSON.createObjectNode();
        out.set("Tags", tagList(c.tags));
        return out;
    }

    /** The tagging operations' resource: only connections exist in the Sandbox (no hosts). */
    private static Connection resource(CodeConnectionsStore.RegionState state, String arn) {
        if (arn == null || arn.isEmpty()) {
            throw validation("1 validation error detected: Value null at 'resourceArn' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        Connection c = state.connections.get(arn);
        if (c == null) {
            throw new AwsException("ResourceNotFoundException", "Resource " + arn + " not found");
        }
        return c;
    }

    private static Map<String, String> tags(JsonNode tags) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode t : tags) {
            String key = t.path("Key").asText(null);
            String value = t.path("Value").asText(null);
            if (key == null || value == null) {
                throw validation("1 validation error detected: Value null at 'tags.member." + (key == null ? "key"
                        : "value") + "' failed to satisfy constraint: Member must not be null");
            }
            if (key.isEmpty() || key.length() > MAX_TAG_KEY) {
                throw validation("1 validation error detected: Value '" + key + "' at 'tags.member.key' failed to "
                        + "satisfy constraint: Member must have length between 1 and " + MAX_TAG_KEY);
            }
            if (value.length() > MAX_TAG_VALUE) {
                throw validation("1 validation error detected: Value at 'tags.member.value' failed to satisfy "
                        + "constraint: Member must have length less than or equal to " + MAX_TAG_VALUE);
            }
            out.put(key, value);
        }
        if (out.size() > MAX_TAGS) {
            throw new AwsException("LimitExceededException", "A resource can have at most " + MAX_TAGS + " tags");
        }
        return out;
    }

    private static ArrayNode tagList(Map<String, String> tags) {
        ArrayNode list = JSON.createArrayNode();
        tags.forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        return list;
    }

    // ------------------------------------------------------------------ other services, inventory, control

    /** What CodePipeline reads: a connection's status in the caller's account and region. Read-only. */
    private static Connections exported(Call call) {
        return arn -> {
            CodeConnectionsStore.RegionState state =
                    call.world().store(CodeConnectionsStore.class).existing(call.accountId(), call.region());
            if (state == null || arn == null) {
                return Optional.empty();
            }
            Connection c = state.connections.get(arn);
            return c == null ? Optional.empty() : Optional.of(c.status);
        };
    }

    /** Connections (the tagging API's {@code codeconnections:connection}), with their status. */
    private static List<LiveResource> live(World world, long now, String account, String region) {
        List<LiveResource> out = new ArrayList<>();
        world.store(CodeConnectionsStore.class).accounts.forEach((acct, regions) -> {
            if (account != null && !account.equals(acct)) {
                return;
            }
            regions.forEach((name, state) -> {
                if (region != null && !region.equals(name)) {
                    return;
                }
                for (Connection c : state.connections.values()) {
                    out.add(new LiveResource(acct, name, "connection", c.id, Arn.parse(c.id), c.status, c.tags));
                }
            });
        });
        return out;
    }

    /**
     * {@code POST /_sandbox/connections/complete}: the person's handshake in the console. The body
     * names one connection ({@code {"arn":…}}) or a stack's ({@code {"stack":…}}, every account
     * and region, narrowed by optional {@code "name"} and {@code "region"}); each becomes
     * {@code AVAILABLE}. Answers {@code {"connections":[{arn,name,account,region,status}]}}, 404
     * when nothing matches.
     */
    private static HttpResponse complete(String method, byte[] body, World world, long now) {
        if (!method.equals("POST")) {
            return json(405, Map.of("error", "method not allowed"));
        }
        JsonNode request;
        try {
            request = body.length == 0 ? JSON.createObjectNode()
                    : JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return json(400, Map.of("error", "the body is not JSON: " + e.getOriginalMessage()));
        }
        String arn = text(request, "arn");
        String stack = text(request, "stack");
        String name = text(request, "name");
        String region = text(request, "region");
        if (arn == null && stack == null) {
            return json(400, Map.of("error", "the body must name \"arn\" or \"stack\""));
        }
        CodeConnectionsStore store = world.store(CodeConnectionsStore.class);
        List<Map<String, String>> done = new ArrayList<>();
        store.accounts.forEach((acct, regions) -> regions.forEach((regionName, state) -> {
            if (region != null && !region.equals(regionName)) {
                return;
            }
            for (Connection c : state.connections.values()) {
                boolean match = arn != null ? arn.equals(c.id)
                        : stack.equals(c.tags.get(STACK_TAG)) && (name == null || name.equals(c.name));
                if (match) {
                    c.status = "AVAILABLE";
                    done.add(Map.of("arn", c.id, "name", c.name, "account", acct, "region", regionName,
                            "status", c.status));
                }
            }
        }));
        if (done.isEmpty()) {
            return json(404, Map.of("error", arn != null ? "no connection " + arn : "no connection of stack " + stack));
        }
        return json(200, Map.of("connections", done));
    }

    /** Cairn's stack tag ({@code model/Tags#STACK}); the Sandbox knows only JDK and Jackson, so it is spelled here. */
    static final String STACK_TAG = "cairn:stack";

    private static String text(JsonNode request, String field) {
        JsonNode n = request.get(field);
        return n == null || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }

    private static HttpResponse json(int status, Object body) {
        try {
            return HttpResponse.text(status, "application/json", JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
