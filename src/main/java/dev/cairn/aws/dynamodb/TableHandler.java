package dev.cairn.aws.dynamodb;

import static dev.cairn.aws.AwsErrors.code;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.tagging.TaggingApiScanner;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.DynamoDbKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * The Storage step's DynamoDB table: on-demand, its key schema from the props, tagged in
 * CreateTable (one call, so no untagged window), deletion protection as the user chose. Found by
 * its name (unique per account and region), owned when its tags name this stack and address.
 * Ready when {@code ACTIVE} and point-in-time recovery is as asked (UpdateContinuousBackups,
 * retried while DynamoDB still says {@code ContinuousBackupsUnavailableException} just after the
 * create). A delete never removes the user's deletion protection: it fails naming the field.
 */
public final class TableHandler implements ResourceHandler {

    static final String NOT_FOUND = "ResourceNotFoundException";
    static final String IN_USE = "ResourceInUseException";
    static final String BACKUPS_UNAVAILABLE = "ContinuousBackupsUnavailableException";
    /** The blueprint field a user changes to let Cairn delete a protected table. */
    public static final String PROTECTION_FIELD = "storage.table.deletionProtection";

    private final AwsClients clients;

    public TableHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public ResourceKind kind() {
        return DynamoDbKinds.TABLE;
    }

    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        DynamoDbClient ddb = clients.dynamoDb(spec.region());
        String name = required(spec, "name");
        Optional<TableDescription> table = describe(ddb, name);
        // A table on its way out counts as absent: the create waits (ResourceInUseException) until it is gone.
        if (table.isEmpty() || table.get().tableStatus() == TableStatus.DELETING) {
            return Found.absent();
        }
        Map<String, String> tags = tags(ddb, table.get().tableArn());
        if (ctx.stack().equals(tags.get(Tags.STACK)) && spec.address().value().equals(tags.get(Tags.ADDRESS))) {
            return Found.ours(live(table.get()));
        }
        String stack = tags.get(Tags.STACK);
        return Found.taken("DynamoDB table " + name + " already exists in " + spec.region()
                + (stack == null ? " without this stack's tags" : " and belongs to Cairn stack " + stack));
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        DynamoDbClient ddb = clients.dynamoDb(spec.region());
        String name = required(spec, "name");
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<KeySchemaElement> keys = new ArrayList<>();
        String partition = required(spec, "partitionKeyName");
        attributes.add(AttributeDefinition.builder().attributeName(partition).attributeType(required(spec, "partitionKeyType")).build());
        keys.add(KeySchemaElement.builder().attributeName(partition).keyType(KeyType.HASH).build());
        String sort = spec.property("sortKeyName");
        if (sort != null && !sort.isBlank()) {
            attributes.add(AttributeDefinition.builder().attributeName(sort).attributeType(required(spec, "sortKeyType")).build());
            keys.add(KeySchemaElement.builder().attributeName(sort).keyType(KeyType.RANGE).build());
        }
        String billing = spec.property("billingMode") == null ? BillingMode.PAY_PER_REQUEST.toString() : spec.property("billingMode");
        ctx.say("table.creating", name, String.join(", ", keys.stream().map(k -> k.attributeName() + " (" + k.keyTypeAsString() + ")").toList()));
        try {
            TableDescription t = ddb.createTable(r -> r.tableName(name)
                    .attributeDefinitions(attributes)
                    .keySchema(keys)
                    .billingMode(billing)
                    .deletionProtectionEnabled(flag(spec, "deletionProtection"))
                    .tags(toTags(spec.tags()))).tableDescription();
            return live(t);
        } catch (DynamoDbException e) {
            if (IN_USE.equals(code(e)) && describe(ddb, name).map(t -> t.tableStatus() == TableStatus.DELETING).orElse(false)) {
                throw new RetryableException(IN_USE, Message.of("table.status", name, "DELETING"), e);
            }
            throw e;
        }
    }

    /** ACTIVE, then point-in-time recovery as asked. */
    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        DynamoDbClient ddb = clients.dynamoDb(spec.region());
        String name = resource.physicalId();
        Optional<TableDescription> table = describe(ddb, name);
        if (table.isEmpty()) {
            return Poll.pending(Message.of("aws.notVisible", kind(), name));
        }
        if (table.get().tableStatus() != TableStatus.ACTIVE) {
            return Poll.pending(Message.of("table.status", name, table.get().tableStatusAsString()), live(table.get()));
        }
        Optional<Poll> pitr = convergePitr(ctx, ddb, spec, name);
        // Point-in-time recovery is no part of the table's description: the ACTIVE one just read is the answer.
        return pitr.orElseGet(() -> Poll.done(live(table.get())));
    }

    /**
     * Point-in-time recovery, deletion protection and the user's tags, each only when AWS does
     * not already show it; PENDING while the table is not ACTIVE (a change just made it UPDATING).
     */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.removeAll(Set.of("pointInTimeRecovery", "deletionProtection", TAGS));
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        DynamoDbClient ddb = clients.dynamoDb(spec.region());
        String name = current.physicalId();
        TableDescription t = describe(ddb, name)
                .orElseThrow(() -> new IllegalStateException("DynamoDB table " + name + " is gone; plan again to create it"));
        if (t.tableStatus() != TableStatus.ACTIVE) {
            return Poll.pending(Message.of("table.status", name, t.tableStatusAsString()), live(t));
        }
        if (changed.contains(TAGS) && !tags(ddb, t.tableArn()).equals(spec.tags())) {
            List<String> gone = current.spec().tags().keySet().stream()
                    .filter(k -> !spec.tags().containsKey(k) && !Tags.isCairns(k)).toList();
            if (!gone.isEmpty()) {
                ctx.mutating("UntagResource", () -> ddb.untagResource(r -> r.resourceArn(t.tableArn()).tagKeys(gone)));
            }
            ctx.mutating("TagResource", () -> ddb.tagResource(r -> r.resourceArn(t.tableArn()).tags(toTags(spec.tags()))));
        }
        if (changed.contains("deletionProtection")) {
            boolean wanted = flag(spec, "deletionProtection");
            if (!Objects.equals(t.deletionProtectionEnabled(), wanted)) {
                ctx.say("table.deletionProtection", name, wanted ? "on" : "off");
                try {
                    ctx.mutating("UpdateTable", () -> ddb.updateTable(r -> r.tableName(name).deletionProtectionEnabled(wanted)));
                } catch (DynamoDbException e) {
                    throw inUse(e, name);
                }
                return Poll.pending(Message.of("table.status", name, "UPDATING"));
            }
        }
        if (changed.contains("pointInTimeRecovery")) {
            Optional<Poll> pitr = convergePitr(ctx, ddb, spec, name);
            if (pitr.isPresent()) {
                return pitr.get();
            }
        }
        return Poll.done(live(describe(ddb, name).orElse(t)));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return describe(clients.dynamoDb(record.spec().region()), record.physicalId()).map(TableHandler::live);
    }

    /**
     * DeleteTable, unless the table is protected: then the delete fails naming the field that
     * turns protection off (Cairn never turns off what the user turned on). PENDING while the
     * table is busy (CREATING, UPDATING).
     */
    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        DynamoDbClient ddb = clients.dynamoDb(record.spec().region());
        String name = record.physicalId();
        Optional<TableDescription> table = describe(ddb, name);
        if (table.isEmpty() || table.get().tableStatus() == TableStatus.DELETING) {
            return Poll.done();
        }
        if (Boolean.TRUE.equals(table.get().deletionProtectionEnabled())) {
            return Poll.failed(Message.of("table.protected", name, PROTECTION_FIELD));
        }
        if (table.get().tableStatus() != TableStatus.ACTIVE) {
            return Poll.pending(Message.of("table.status", name, table.get().tableStatusAsString()));
        }
        try {
            ddb.deleteTable(r -> r.tableName(name));
        } catch (DynamoDbException e) {
            if (NOT_FOUND.equals(code(e))) {
                return Poll.done();
            }
            if (IN_USE.equals(code(e))) {
                return Poll.pending(Message.of("table.status", name, "in use"));
            }
            throw e;
        }
        return Poll.done();
    }

    /** Gone when DescribeTable answers ResourceNotFoundException. */
    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return describe(clients.dynamoDb(record.spec().region()), record.physicalId())
                .map(t -> Poll.pending(Message.of("table.status", record.physicalId(), t.tableStatusAsString())))
                .orElseGet(Poll::done);
    }

    /** For the tagging-API scan: a table's status while DescribeTable still knows it. */
    public static TaggingApiScanner.LiveCheck liveCheck(AwsClients clients) {
        return (region, arn) -> describe(clients.dynamoDb(region), nameOfArn(arn)).map(TableDescription::tableStatusAsString);
    }

    /** {@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME} → {@code NAME}. */
    public static String nameOfArn(String arn) {
        int at = arn.indexOf(":table/");
        return at < 0 ? arn : arn.substring(at + ":table/".length());
    }

    /**
     * Turns point-in-time recovery on or off when it differs from the spec; a PENDING poll while
     * DynamoDB cannot do so yet (just after a create), empty when nothing remains to do.
     */
    private Optional<Poll> convergePitr(HandlerContext ctx, DynamoDbClient ddb, ResolvedSpec spec, String name) {
        if (spec.property("pointInTimeRecovery") == null) {
            return Optional.empty();
        }
        boolean wanted = flag(spec, "pointInTimeRecovery");
        try {
            PointInTimeRecoveryStatus have = ddb.describeContinuousBackups(r -> r.tableName(name)).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus();
            if ((have == PointInTimeRecoveryStatus.ENABLED) == wanted) {
                return Optional.empty();
            }
            ctx.say("table.pitr", name, wanted ? "on" : "off");
            ctx.mutating("UpdateContinuousBackups", () -> ddb.updateContinuousBackups(r -> r.tableName(name)
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(wanted))));
            return Optional.empty();
        } catch (DynamoDbException e) {
            if (BACKUPS_UNAVAILABLE.equals(code(e))) {
                return Optional.of(Poll.pending(Message.of("table.pitrUnavailable", name)));
            }
            throw e;
        }
    }

    private static RuntimeException inUse(DynamoDbException e, String name) {
        if (IN_USE.equals(code(e))) {
            return new RetryableException(IN_USE, Message.of("table.status", name, "in use"), e);
        }
        return e;
    }

    static Optional<TableDescription> describe(DynamoDbClient ddb, String name) {
        try {
            return Optional.ofNullable(ddb.describeTable(r -> r.tableName(name)).table());
        } catch (DynamoDbException e) {
            if (NOT_FOUND.equals(code(e))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static Map<String, String> tags(DynamoDbClient ddb, String arn) {
        Map<String, String> map = new LinkedHashMap<>();
        String token = null;
        do {
            String next = token;
            ListTagsOfResourceResponse page;
            try {
                page = ddb.listTagsOfResource(r -> r.resourceArn(arn).nextToken(next));
            } catch (DynamoDbException e) {
                if (NOT_FOUND.equals(code(e))) {
                    return map;
                }
                throw e;
            }
            page.tags().forEach(t -> map.put(t.key(), t.value()));
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return map;
    }

    private static LiveResource live(TableDescription t) {
        Map<String, String> a = new LinkedHashMap<>();
        if (t.tableArn() != null) {
            a.put("arn", t.tableArn());
        }
        a.put("status", t.tableStatusAsString());
        return new LiveResource(t.tableName(), a, t.tableStatusAsString());
    }

    private static boolean flag(ResolvedSpec spec, String prop) {
        String v = spec.property(prop);
        return v != null && Boolean.parseBoolean(v.trim());
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
