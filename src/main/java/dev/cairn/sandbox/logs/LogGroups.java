package dev.cairn.sandbox.logs;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.logs.LogsStore.Event;
import dev.cairn.sandbox.logs.LogsStore.LogGroup;
import dev.cairn.sandbox.logs.LogsStore.LogStream;
import dev.cairn.sandbox.logs.LogsStore.RegionState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CloudWatch Logs' rules in one account and region: log groups (names, retention, tags), their
 * streams and events. Retention is applied on the clock: an event older than its group's
 * retention is not returned, and is dropped when its stream is next written. Under the world lock only.
 */
final class LogGroups {
    /** The retention values AWS accepts, in days. */
    static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    static final Pattern GROUP_NAME = Pattern.compile("[\\.\\-_/#A-Za-z0-9]+");
    static final Pattern STREAM_NAME = Pattern.compile("[^:*]*");
    static final int MAX_NAME = 512;
    /** Tags per log group (AWS's quota). */
    static final int MAX_TAGS = 50;
    /** PutLogEvents: at most this many events, and this many bytes (each event counts 26 bytes more). */
    static final int MAX_BATCH_EVENTS = 10_000;
    static final int MAX_BATCH_BYTES = 1_048_576;
    static final int EVENT_OVERHEAD_BYTES = 26;
    /** PutLogEvents refuses events older than 14 days or more than 2 hours ahead (AWS's figures). */
    static final Duration TOO_OLD = Duration.ofDays(14);
    static final Duration TOO_NEW = Duration.ofHours(2);
    /** PutLogEvents: the events of one call may span at most 24 hours. */
    static final Duration MAX_BATCH_SPAN = Duration.ofHours(24);
    static final Set<String> CLASSES = Set.of("STANDARD", "INFREQUENT_ACCESS", "DELIVERY");

    private final RegionState state;
    private final long now;

    LogGroups(RegionState state, long now) {
        this.state = state;
        this.now = now;
    }

    static String arn(String region, String account, String groupName) {
        return "arn:aws:logs:" + region + ":" + account + ":log-group:" + groupName;
    }

    LogGroup create(String name, String kmsKeyId, String logGroupClass, Map<String, String> tags) {
        checkGroupName(name);
        String cls = logGroupClass == null ? "STANDARD" : logGroupClass;
        if (!CLASSES.contains(cls)) {
            throw invalid("1 validation error detected: Value '" + cls + "' at 'logGroupClass' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY]");
        }
        checkTags(tags, Map.of());
        if (state.groups.containsKey(name)) {
            throw new AwsException("ResourceAlreadyExistsException", "The specified log group already exists");
        }
        LogGroup g = new LogGroup();
        g.id = name;
        g.createdAt = now;
        g.kmsKeyId = kmsKeyId;
        g.logGroupClass = cls;
        g.tags.putAll(tags);
        state.groups.put(name, g);
        return g;
    }

    LogGroup group(String name) {
        if (name == null || name.isEmpty()) {
            throw invalid("1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        LogGroup g = state.groups.get(name);
        if (g == null) {
            throw new AwsException("ResourceNotFoundException", "The specified log group does not exist.");
        }
        return g;
    }

    /** Whether a group of that name exists. */
    boolean exists(String name) {
        return name != null && state.groups.containsKey(name);
    }

    void delete(String name) {
        state.groups.remove(group(name).id);
    }

    /** Groups sorted by name, by prefix (case-sensitive) or pattern (a case-insensitive substring). */
    List<LogGroup> list(String prefix, String pattern) {
        if (prefix != null && pattern != null) {
            throw invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
        }
        List<LogGroup> out = new ArrayList<>();
        for (LogGroup g : state.groups.values()) {
            boolean byPrefix = prefix == null || g.id.startsWith(prefix);
            boolean byPattern = pattern == null
                    || g.id.toLowerCase(Locale.ROOT).contains(pattern.toLowerCase(Locale.ROOT));
            if (byPrefix && byPattern) {
                out.add(g);
            }
        }
        out.sort(Comparator.comparing(g -> g.id));
        return out;
    }

    void putRetention(String name, Integer days) {
        LogGroup g = group(name);
        if (days == null || !RETENTION_DAYS.contains(days)) {
            throw invalid("1 validation error detected: Value '" + days + "' at 'retentionInDays' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: " + RETENTION_DAYS);
        }
        g.retentionInDays = days;
    }

    void deleteRetention(String name) {
        group(name).retentionInDays = null;
    }

    void tag(LogGroup g, Map<String, String> tags) {
        checkTags(tags, g.tags);
        g.tags.putAll(tags);
    }

    static void checkTags(Map<String, String> adding, Map<String, String> existing) {
        long total = existing.size() + adding.keySet().stream().filter(k -> !existing.containsKey(k)).count();
        if (total > MAX_TAGS) {
            throw new AwsException("TooManyTagsException", "A resource can have no more than " + MAX_TAGS + " tags.");
        }
        for (String key : adding.keySet()) {
            if (key.isEmpty() || key.length() > 128 || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw invalid("Tag key '" + key + "' is not valid: 1 to 128 characters, not starting with 'aws:'.");
            }
        }
    }

    // ------------------------------------------------------------------ streams and events

    LogStream createStream(String groupName, String streamName) {
        LogGroup g = group(groupName);
        checkStreamName(streamName);
        if (g.streams.containsKey(streamName)) {
            throw new AwsException("ResourceAlreadyExistsException", "The specified log stream already exists");
        }
        LogStream s = new LogStream();
        s.name = streamName;
        s.createdAt = now;
        g.streams.put(streamName, s);
        return s;
    }

    LogStream stream(LogGroup g, String streamName) {
        LogStream s = streamName == null ? null : g.streams.get(streamName);
        if (s == null) {
            throw new AwsException("ResourceNotFoundException", "The specified log stream does not exist.");
        }
        return s;
    }

    void deleteStream(String groupName, String streamName) {
        LogGroup g = group(groupName);
        g.streams.remove(stream(g, streamName).name);
    }

    /** An event to store: its timestamp (epoch ms) and message. */
    record Input(long timestamp, String message) {
    }

    /** What PutLogEvents refused: the index ranges AWS reports (null when none). */
    record Rejected(Integer tooNewStartIndex, Integer tooOldEndIndex, Integer expiredEndIndex) {
        boolean any() {
            return tooNewStartIndex != null || tooOldEndIndex != null || expiredEndIndex != null;
        }
    }

    /**
     * Stores a batch as PutLogEvents does: chronological, within AWS's size limits; events too old,
     * too new or already past retention are not stored and are reported by index.
     */
    Rejected put(String groupName, String streamName, List<Input> events) {
        LogGroup g = group(groupName);
        LogStream s = stream(g, streamName);
        if (events.isEmpty()) {
            throw invalid("1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1");
        }
        if (events.size() > MAX_BATCH_EVENTS) {
            throw invalid("1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member "
                    + "must have length less than or equal to " + MAX_BATCH_EVENTS);
        }
        long bytes = 0;
        for (int i = 0; i < events.size(); i++) {
            Input e = events.get(i);
            bytes += e.message().getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD_BYTES;
            if (i > 0 && e.timestamp() < events.get(i - 1).timestamp()) {
                throw invalid("Log events in a single PutLogEvents request must be in chronological order.");
            }
        }
        if (bytes > MAX_BATCH_BYTES) {
            throw invalid("Upload too large: " + bytes + " bytes exceeds limit of " + MAX_BATCH_BYTES);
        }
        if (events.get(events.size() - 1).timestamp() - events.get(0).timestamp() > MAX_BATCH_SPAN.toMillis()) {
            throw invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }
        Integer tooNew = null;
        Integer tooOld = null;
        Integer expired = null;
        long retentionCut = retentionCut(g);
        for (int i = 0; i < events.size(); i++) {
            Input e = events.get(i);
            if (e.timestamp() > now + TOO_NEW.toMillis()) {
                tooNew = tooNew == null ? i : tooNew;
                continue;
            }
            if (e.timestamp() < now - TOO_OLD.toMillis()) {
                tooOld = i;
                continue;
            }
            if (e.timestamp() < retentionCut) {
                expired = i;
                continue;
            }
            Event stored = new Event();
            stored.timestamp = e.timestamp();
            stored.message = e.message();
            stored.ingestionTime = now;
            stored.sequence = state.nextSequence++;
            s.events.add(stored);
        }
        s.lastIngestionTime = now;
        s.events.removeIf(e -> e.timestamp < retentionCut);
        return new Rejected(tooNew, tooOld, expired);
    }

    /** Appends messages stamped now to a stream, created when missing (the Sandbox's writers). */
    void append(LogGroup g, String streamName, List<String> messages) {
        LogStream s = g.streams.get(streamName);
        if (s == null) {
            checkStreamName(streamName);
            s = new LogStream();
            s.name = streamName;
            s.createdAt = now;
            g.streams.put(streamName, s);
        }
        long cut = retentionCut(g);
        s.events.removeIf(e -> e.timestamp < cut);
        for (String m : messages) {
            Event stored = new Event();
            stored.timestamp = now;
            stored.message = m;
            stored.ingestionTime = now;
            stored.sequence = state.nextSequence++;
            s.events.add(stored);
        }
        s.lastIngestionTime = now;
    }

    /** A stream's events still within retention, in time order (ties in the order they were stored). */
    List<Event> events(LogGroup g, LogStream s) {
        long cut = retentionCut(g);
        List<Event> out = new ArrayList<>();
        for (Event e : s.events) {
            if (e.timestamp >= cut) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparingLong((Event e) -> e.timestamp).thenComparingLong(e -> e.sequence));
        return out;
    }

    /** Bytes a stream stores (its live events' messages). */
    long storedBytes(LogGroup g, LogStream s) {
        long n = 0;
        for (Event e : events(g, s)) {
            n += e.message.getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }

    /** Events older than this are past the group's retention (Long.MIN_VALUE: kept forever). */
    private long retentionCut(LogGroup g) {
        return g.retentionInDays == null ? Long.MIN_VALUE : now - Duration.ofDays(g.retentionInDays).toMillis();
    }

    static void checkGroupName(String name) {
        if (name == null || name.isEmpty()) {
            throw invalid("1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        if (name.length() > MAX_NAME || !GROUP_NAME.matcher(name).matches()) {
            throw invalid("1 validation error detected: Value '" + name + "' at 'logGroupName' failed to satisfy "
                    + "constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
        }
    }

    static void checkStreamName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || !STREAM_NAME.matcher(name).matches()) {
            throw invalid("1 validation error detected: Value '" + name + "' at 'logStreamName' failed to satisfy "
                    + "constraint: Member must satisfy regular expression pattern: [^:*]*");
        }
    }

    static AwsException invalid(String message) {
        return new AwsException("InvalidParameterException", message);
    }
}
