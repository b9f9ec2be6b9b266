package dev.cairn.sandbox.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.TaggedResource;
import java.util.LinkedHashMap;

/**
 * DynamoDB's store: per account, then per region, the tables and their items. Saved as
 * {@code dynamodb.json}; schema 1. The rules live in {@link Tables} and {@link Items}.
 */
final class DynamoDbStore {
    static final StoreSpec<DynamoDbStore> SPEC = StoreSpec.of("dynamodb.json", DynamoDbStore.class, DynamoDbStore::new);

    /**
     * A table: {@link TaggedResource#id} is its name. Its status is computed from timestamps
     * ({@link Tables#status}), so a table resumes its transition after a restart.
     */
    static final class Table extends TaggedResource {
        /** The table's UUID ({@code TableId}). */
        public String tableId;
        public String hashKey;
        /** {@code S}, {@code N} or {@code B}. */
        public String hashType;
        /** The sort key's name, or null for a table with a partition key only. */
        public String rangeKey;
        public String rangeType;
        /** {@code PROVISIONED} or {@code PAY_PER_REQUEST}. */
        public String billingMode;
        /** Provisioned capacity; 0 for on-demand. */
        public long readCapacity;
        public long writeCapacity;
        /** When the table last switched to on-demand (epoch ms), or null. */
        public Long payPerRequestSince;
        public boolean deletionProtection;
        /** Point-in-time recovery: whether on, and since when (epoch ms, the earliest restorable time). */
        public boolean pointInTimeRecovery;
        public Long pointInTimeRecoverySince;
        public int recoveryPeriodInDays = Tables.DEFAULT_RECOVERY_DAYS;
        /** Time to live: the attribute, and whether it is on. */
        public String ttlAttribute;
        public boolean ttlEnabled;
        /** When the table is ACTIVE (epoch ms): creation plus the create duration as played. */
        public long activeAt;
        /** An UpdateTable that changes capacity leaves it UPDATING until then (epoch ms); 0 for none. */
        public long updatingUntil;
        /** When DeleteTable was accepted (epoch ms), or null; the table is gone at {@link #goneAt}. */
        public Long deletingSince;
        public long goneAt;
        /** The items by their canonical key ({@link Items#keyString}), each an AttributeValue map. */
        public LinkedHashMap<String, ObjectNode> items = new LinkedHashMap<>();
    }

    /** One region's DynamoDB: tables by name. */
    static final class RegionState {
        public LinkedHashMap<String, Table> tables = new LinkedHashMap<>();
    }

    /** account → region → state. */
    public LinkedHashMap<String, LinkedHashMap<String, RegionState>> accounts = new LinkedHashMap<>();

    RegionState region(String account, String region) {
        return accounts.computeIfAbsent(account, a -> new LinkedHashMap<>())
                .computeIfAbsent(region, r -> new RegionState());
    }

    /** A region's state if it exists, without creating it (reads must not change the store). */
    RegionState existing(String account, String region) {
        LinkedHashMap<String, RegionState> regions = accounts.get(account);
        return regions == null ? null : regions.get(region);
    }
}
