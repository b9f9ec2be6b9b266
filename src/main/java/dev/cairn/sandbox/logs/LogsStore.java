package dev.cairn.sandbox.logs;

import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.TaggedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * CloudWatch Logs' store: per account, then per region, the log groups with their streams and
 * events. Saved as {@code logs.json}; schema 1. The rules live in {@link LogGroups}.
 */
final class LogsStore {
    static final StoreSpec<LogsStore> SPEC = StoreSpec.of("logs.json", LogsStore.class, LogsStore::new);

    /** A log group: {@link TaggedResource#id} is its name. */
    static final class LogGroup extends TaggedResource {
        /** Days events are kept; null keeps them forever. */
        public Integer retentionInDays;
        public String kmsKeyId;
        /** {@code STANDARD} or {@code INFREQUENT_ACCESS}. */
        public String logGroupClass;
        public LinkedHashMap<String, LogStream> streams = new LinkedHashMap<>();
    }

    /** A log stream of a group and its events in the order they were stored. */
    static final class LogStream {
        public String name;
        public long createdAt;
        public List<Event> events = new ArrayList<>();
        public Long lastIngestionTime;
    }

    /** One stored event. */
    static final class Event {
        public long timestamp;
        public String message;
        public long ingestionTime;
        /** Unique in the region: FilterLogEvents' {@code eventId}. */
        public long sequence;
    }

    /** One region's CloudWatch Logs. */
    static final class RegionState {
        public LinkedHashMap<String, LogGroup> groups = new LinkedHashMap<>();
        /** The next event's {@link Event#sequence}. */
        public long nextSequence = 1;
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
