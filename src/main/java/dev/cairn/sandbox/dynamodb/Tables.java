package dev.cairn.sandbox.dynamodb;

import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Timing;
import dev.cairn.sandbox.dynamodb.DynamoDbStore.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * DynamoDB's table rules for one account and region at one moment: creation with its key schema
 * checks, the status a table has now ({@code CREATING → ACTIVE}, {@code UPDATING},
 * {@code DELETING} → gone), updates, deletion protection, point-in-time recovery, time to live
 * and tags. Responses parse and render; this class decides. Used under the world lock only.
 */
final class Tables {
    /**
     * {@code CREATING → ACTIVE} in real AWS: an on-demand table with no indexes takes about 5–20
     * seconds; ten here.
     */
    static final Duration CREATE = Duration.ofSeconds(10);
    /** {@code DELETING} → gone in real AWS: a few seconds for a small table. */
    static final Duration DELETE = Duration.ofSeconds(5);
    /** {@code UPDATING → ACTIVE} after a billing mode or capacity change in real AWS: seconds to minutes. */
    static final Duration UPDATE = Duration.ofSeconds(10);
    /** AWS's point-in-time recovery window when none is given: 35 days. */
    static final int DEFAULT_RECOVERY_DAYS = 35;
    /** AWS's quota of tags per table. */
    static final int MAX_TAGS = 50;
    /** ListTables: AWS's largest page. */
    static final int MAX_LIST = 100;
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    static final String GONE = "GONE";

    private final DynamoDbStore.RegionState state;
    private final String account;
    private final String region;
    private final Timing timing;
    private final long now;

    Tables(DynamoDbStore.RegionState state, String account, String region, Timing timing, long now) {
        this.state = state;
        this.account = account;
        this.region = region;
        this.timing = timing;
        this.now = now;
    }

    static AwsException validation(String message) {
        return new AwsException("ValidationException", message);
    }

    /** A key of the schema: its attribute, its role and its type. */
    record KeyElement(String name, String keyType) {
    }

    /** What CreateTable asks for, as parsed from the request. */
    record Spec(String name, List<KeyElement> keySchema, Map<String, String> attributes, String billingMode,
                Long readCapacity, Long writeCapacity, boolean deletionProtection, Map<String, String> tags) {
    }

    // ------------------------------------------------------------------ names and status

    /**
     * A table name as AWS checks it (3–255 characters of {@code a-zA-Z0-9_.-}); item calls may
     * name the table by its ARN instead, which is read back to its name.
     */
    static String checkName(String name, String field) {
        if (name == null) {
            throw validation("1 validation error detected: Value null at '" + field + "' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        if (name.startsWith("arn:")) {
            Arn arn = Arn.parse(name);
            if (arn != null && arn.service().equals("dynamodb") && arn.resource().startsWith("table/")) {
                name = arn.resource().substring("table/".length());
            }
        }
        if (name.length() < 3 || name.length() > 255) {
            throw validation("1 validation error detected: Value '" + name + "' at '" + field + "' failed to satisfy "
                    + "constraint: Member must have length " + (name.length() < 3 ? "greater than or equal to 3"
                    : "less than or equal to 255"));
        }
        if (!NAME.matcher(name).matches()) {
            throw validation("1 validation error detected: Value '" + name + "' at '" + field + "' failed to satisfy "
                    + "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        return name;
    }

    /** {@code CREATING}, {@code ACTIVE}, {@code UPDATING}, {@code DELETING}, or {@link #GONE}. */
    String status(Table t) {
        if (t.deletingSince != null) {
            return now >= t.goneAt ? GONE : "DELETING";
        }
        if (now < t.activeAt) {
            return "CREATING";
        }
        return now < t.updatingUntil ? "UPDATING" : "ACTIVE";
    }

    String arn(Table t) {
        return arn(region, account, t.id);
    }

    static String arn(String region, String account, String name) {
        return Arn.of("dynamodb", region, account, "table/" + name).toString();
    }

    /** The table of that name that still exists, or null. */
    Table find(String name) {
        Table t = state.tables.get(name);
        return t == null || status(t).equals(GONE) ? null : t;
    }

    /** DescribeTable's lookup: {@code ResourceNotFoundException} naming the table when there is none. */
    Table table(String name) {
        Table t = find(checkName(name, "tableName"));
        if (t == null) {
            throw new AwsException("ResourceNotFoundException", "Requested resource not found: Table: " + name
                    + " not found");
        }
        return t;
    }

    /**
     * The table an item call addresses: it must exist and not be {@code CREATING} or
     * {@code DELETING} (AWS answers those as not found too).
     */
    Table forItems(String name) {
        Table t = find(checkName(name, "tableName"));
        if (t == null || status(t).equals("CREATING") || status(t).equals("DELETING")) {
            throw new AwsException("ResourceNotFoundException", "Requested resource not found");
        }
        return t;
    }

    /** The tables that exist, by name in AWS's (UTF-8 byte) order. */
    List<Table> all() {
        List<Table> out = new ArrayList<>();
        for (Table t : state.tables.values()) {
            if (!status(t).equals(GONE)) {
                out.add(t);
            }
        }
        out.sort((a, b) -> java.util.Arrays.compareUnsigned(a.id.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.id.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return out;
    }

    /** Forgets tables whose deletion has finished (writes only: reads must not change the store). */
    void purge() {
        state.tables.values().removeIf(t -> status(t).equals(GONE));
    }

    // ------------------------------------------------------------------ create

    /** CreateTable: checks the request as AWS does, then a {@code CREATING} table. */
    Table create(Spec spec, Random random) {
        String name = checkName(spec.name(), "tableName");
        List<KeyElement> schema = spec.keySchema();
        if (schema == null || schema.isEmpty()) {
            throw validation("1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        if (spec.attributes() == null) {
            throw validation("1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        for (int i = 0; i < schema.size(); i++) {
            String keyType = schema.get(i).keyType();
            if (!"HASH".equals(keyType) && !"RANGE".equals(keyType)) {
                throw validation("1 validation error detected: Value '" + keyType + "' at 'keySchema." + (i + 1)
                        + ".member.keyType' failed to satisfy constraint: Member must satisfy enum value set: "
                        + "[HASH, RANGE]");
            }
        }
        int position = 1;
        for (Map.Entry<String, String> a : spec.attributes().entrySet()) {
            String type = a.getValue();
            if (!"S".equals(type) && !"N".equals(type) && !"B".equals(type)) {
                throw validation("1 validation error detected: Value '" + type + "' at 'attributeDefinitions."
                        + position + ".member.attributeType' failed to satisfy constraint: Member must satisfy enum "
                        + "value set: [B, N, S]");
            }
            position++;
        }
        if (schema.size() > 2) {
            StringBuilder given = new StringBuilder();
            for (KeyElement k : schema) {
                given.append(given.length() == 0 ? "" : ", ").append("KeySchemaElement(attributeName=").append(k.name())
                        .append(", keyType=").append(k.keyType()).append(")");
            }
            throw validation("1 validation error detected: Value '[" + given + "]' at 'keySchema' failed to satisfy "
                    + "constraint: Member must have length less than or equal to 2");
        }
        if (!schema.get(0).keyType().equals("HASH")) {
            throw validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (schema.size() == 2) {
            if (!schema.get(1).keyType().equals("RANGE")) {
                throw validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
            }
            if (schema.get(0).name().equals(schema.get(1).name())) {
                throw validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
            }
        }
        List<String> keys = schema.stream().map(KeyElement::name).sorted().toList();
        List<String> defined = spec.attributes().keySet().stream().sorted().toList();
        if (!keys.equals(defined)) {
            if (defined.size() > keys.size()) {
                throw validation("One or more parameter values were invalid: Number of attributes in KeySchema does "
                        + "not exactly match number of attributes defined in AttributeDefinitions");
            }
            if (defined.size() < keys.size()) {
                throw validation("Invalid KeySchema: Some index key attribute have no definition");
            }
            throw validation("One or more parameter values were invalid: Some index key attributes are not defined in "
                    + "AttributeDefinitions. Keys: " + keys + ", AttributeDefinitions: " + defined);
        }
        String billing = spec.billingMode() == null ? "PROVISIONED" : spec.billingMode();
        checkBilling(billing, spec.readCapacity(), spec.writeCapacity());
        checkTags(spec.tags(), 0);
        if (find(name) != null) {
            throw new AwsException("ResourceInUseException", "Table already exists: " + name);
        }
        purge();
        Table t = new Table();
        t.id = name;
        t.createdAt = now;
        UUID uuid = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
        t.tableId = uuid.toString();
        t.hashKey = schema.get(0).name();
        t.hashType = spec.attributes().get(t.hashKey);
        if (schema.size() == 2) {
            t.rangeKey = schema.get(1).name();
            t.rangeType = spec.attributes().get(t.rangeKey);
        }
        t.billingMode = billing;
        if (billing.equals("PROVISIONED")) {
            t.readCapacity = spec.readCapacity();
            t.writeCapacity = spec.writeCapacity();
        } else {
            t.payPerRequestSince = now;
        }
        t.deletionProtection = spec.deletionProtection();
        t.tags = new LinkedHashMap<>(spec.tags());
        t.activeAt = now + timing.scaledMillis(CREATE);
        state.tables.put(name, t);
        return t;
    }

    private static void checkBilling(String billing, Long read, Long write) {
        if (!billing.equals("PROVISIONED") && !billing.equals("PAY_PER_REQUEST")) {
            throw validation("1 validation error detected: Value '" + billing + "' at 'billingMode' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
        }
        if (billing.equals("PAY_PER_REQUEST") && (read != null || write != null)) {
            throw validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor "
                    + "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        if (billing.equals("PROVISIONED")) {
            if (read == null || write == null) {
                throw validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits "
                        + "must both be specified when BillingMode is PROVISIONED");
            }
            checkCapacity(read, "readCapacityUnits");
            checkCapacity(write, "writeCapacityUnits");
        }
    }

    private static void checkCapacity(long units, String field) {
        if (units < 1) {
            throw validation("1 validation error detected: Value '" + units + "' at 'provisionedThroughput." + field
                    + "' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
    }

    // ------------------------------------------------------------------ update, delete

    /**
     * UpdateTable: deletion protection at once; a billing mode or capacity change leaves the
     * table {@code UPDATING} for a while. Only an {@code ACTIVE} table may change.
     */
    void update(Table t, String billingMode, Long read, Long write, Boolean deletionProtection) {
        if (billingMode == null && read == null && write == null && deletionProtection == null) {
            throw validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
                    + "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
        }
        requireActive(t);
        boolean capacityChange = false;
        if (billingMode != null || read != null || write != null) {
            String billing = billingMode == null ? t.billingMode : billingMode;
            boolean throughputGiven = read != null || write != null;
            if (billing.equals("PROVISIONED") && !throughputGiven && t.billingMode.equals("PROVISIONED")) {
                read = t.readCapacity;
                write = t.writeCapacity;
            }
            checkBilling(billing, read, write);
            if (billing.equals("PROVISIONED")) {
                capacityChange = !t.billingMode.equals(billing) || t.readCapacity != read || t.writeCapacity != write;
                if (!capacityChange && throughputGiven) {
                    throw validation("The provisioned throughput for the table will not change. The requested value "
                            + "equals the current value. Current ReadCapacityUnits provisioned for the table: "
                            + t.readCapacity + ". Requested ReadCapacityUnits: " + read + ". Current WriteCapacityUnits "
                            + "provisioned for the table: " + t.writeCapacity + ". Requested WriteCapacityUnits: " + write
                            + ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request "
                            + "higher limits.");
                }
                t.readCapacity = read;
                t.writeCapacity = write;
            } else {
                capacityChange = !t.billingMode.equals(billing);
                if (capacityChange) {
                    t.payPerRequestSince = now;
                }
                t.readCapacity = 0;
                t.writeCapacity = 0;
            }
            t.billingMode = billing;
        }
        if (deletionProtection != null) {
            t.deletionProtection = deletionProtection;
        }
        if (capacityChange) {
            t.updatingUntil = now + timing.scaledMillis(UPDATE);
        }
    }

    /** {@code ResourceInUseException} unless the table is {@code ACTIVE}, worded as AWS words each state. */
    void requireActive(Table t) {
        String status = status(t);
        if (!status.equals("ACTIVE")) {
            String doing = switch (status) {
                case "CREATING" -> "being created";
                case "DELETING" -> "being deleted";
                default -> "being updated";
            };
            throw new AwsException("ResourceInUseException", "Attempt to change a resource which is still in use: "
                    + "Table is " + doing + ": " + t.id);
        }
    }

    /**
     * DeleteTable: refused while protected, {@code CREATING} or {@code UPDATING}; then
     * {@code DELETING}, gone a while later. A table already {@code DELETING} is no error (AWS).
     */
    void delete(Table t) {
        String status = status(t);
        if (status.equals("DELETING")) {
            return;
        }
        if (t.deletionProtection) {
            throw validation("Resource cannot be deleted as it is currently protected against deletion. Disable "
                    + "deletion protection first.");
        }
        requireActive(t);
        t.deletingSince = now;
        t.goneAt = now + timing.scaledMillis(DELETE);
    }

    // ------------------------------------------------------------------ backups, time to live

    /** DescribeContinuousBackups' and UpdateContinuousBackups' lookup: AWS answers {@code TableNotFoundException}. */
    Table forBackups(String name) {
        Table t = find(checkName(name, "tableName"));
        if (t == null) {
            throw new AwsException("TableNotFoundException", "Table not found: " + name);
        }
        return t;
    }

    /**
     * UpdateContinuousBackups: point-in-time recovery on or off. Right after CreateTable AWS
     * answers {@code ContinuousBackupsUnavailableException} until the table's backups are set up
     * (while it is {@code CREATING} here); callers retry.
     */
    void pointInTimeRecovery(Table t, boolean enabled, Integer recoveryDays) {
        if (status(t).equals("CREATING")) {
            throw new AwsException("ContinuousBackupsUnavailableException", "Backups are being enabled for the table: "
                    + t.id + ". Please retry later");
        }
        if (recoveryDays != null) {
            if (!enabled) {
                throw validation("RecoveryPeriodInDays can only be set when PointInTimeRecoveryEnabled is true");
            }
            if (recoveryDays < 1 || recoveryDays > DEFAULT_RECOVERY_DAYS) {
                throw validation("1 validation error detected: Value '" + recoveryDays + "' at "
                        + "'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy constraint: Member "
                        + "must have value " + (recoveryDays < 1 ? "greater than or equal to 1"
                        : "less than or equal to " + DEFAULT_RECOVERY_DAYS));
            }
        }
        if (enabled && !t.pointInTimeRecovery) {
            t.pointInTimeRecoverySince = now;
        }
        if (!enabled) {
            t.pointInTimeRecoverySince = null;
        }
        t.pointInTimeRecovery = enabled;
        t.recoveryPeriodInDays = enabled && recoveryDays != null ? recoveryDays : DEFAULT_RECOVERY_DAYS;
    }

    /** UpdateTimeToLive: on with an attribute, or off (the attribute named must be the one that is on). */
    void timeToLive(Table t, String attribute, Boolean enabled) {
        if (attribute == null || attribute.isEmpty() || enabled == null) {
            throw validation("1 validation error detected: Value null at 'timeToLiveSpecification."
                    + (enabled == null ? "enabled" : "attributeName") + "' failed to satisfy constraint: Member must "
                    + "not be null");
        }
        requireActive(t);
        if (enabled == t.ttlEnabled && (!enabled || attribute.equals(t.ttlAttribute))) {
            throw validation("TimeToLive is already " + (enabled ? "enabled" : "disabled"));
        }
        if (!enabled && !attribute.equals(t.ttlAttribute)) {
            throw validation("TimeToLive is active on a different AttributeName: current AttributeName is "
                    + t.ttlAttribute);
        }
        if (enabled && t.ttlEnabled) {
            throw validation("TimeToLive is active on a different AttributeName: current AttributeName is "
                    + t.ttlAttribute);
        }
        t.ttlEnabled = enabled;
        t.ttlAttribute = enabled ? attribute : null;
    }

    // ------------------------------------------------------------------ tags

    /** The table of a tagging call's ARN, in this account and region. */
    Table byArn(String arn) {
        if (arn == null) {
            throw validation("1 validation error detected: Value null at 'resourceArn' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        Arn parsed = Arn.parse(arn);
        if (parsed == null || !parsed.service().equals("dynamodb") || !parsed.resource().startsWith("table/")) {
            throw validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
        }
        String name = parsed.resource().substring("table/".length());
        Table t = parsed.region().equals(region) && parsed.account().equals(account) ? find(name) : null;
        if (t == null) {
            throw new AwsException("ResourceNotFoundException", "Requested resource not found: ResourcArn: " + arn
                    + " not found");
        }
        return t;
    }

    /** Tag keys and values as AWS constrains them, 50 at most per table. */
    static void checkTags(Map<String, String> tags, int existing) {
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (t.getKey().isEmpty() || t.getKey().length() > 128) {
                throw validation("1 validation error detected: Value '" + t.getKey() + "' at 'tags.1.member.key' failed "
                        + "to satisfy constraint: Member must have length " + (t.getKey().isEmpty()
                        ? "greater than or equal to 1" : "less than or equal to 128"));
            }
            if (t.getKey().startsWith("aws:")) {
                throw validation("One or more parameter values were invalid: Tag keys starting with 'aws:' are reserved "
                        + "for system use");
            }
            if (t.getValue().length() > 256) {
                throw validation("1 validation error detected: Value '" + t.getValue() + "' at 'tags.1.member.value' "
                        + "failed to satisfy constraint: Member must have length less than or equal to 256");
            }
        }
        if (existing + tags.size() > MAX_TAGS) {
            throw validation("One or more parameter values were invalid: The number of tags for the resource exceeds "
                    + "the maximum of " + MAX_TAGS);
        }
    }

    void tag(Table t, Map<String, String> tags) {
        LinkedHashMap<String, String> merged = new LinkedHashMap<>(t.tags);
        merged.putAll(tags);
        checkTags(tags, merged.size() - tags.size());
        t.tags = merged;
    }

    void untag(Table t, List<String> keys) {
        keys.forEach(t.tags::remove);
    }
}
