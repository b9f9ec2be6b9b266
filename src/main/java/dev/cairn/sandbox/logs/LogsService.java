package dev.cairn.sandbox.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.World;
import dev.cairn.sandbox.logs.LogsStore.Event;
import dev.cairn.sandbox.logs.LogsStore.LogGroup;
import dev.cairn.sandbox.logs.LogsStore.LogStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amazon CloudWatch Logs (awsJson 1.1, {@code X-Amz-Target: Logs_20140328.<Op>}, signing name
 * {@code logs}): log groups with retention and tags, streams, events (put, get by token, a simple
 * filter). Exports {@link LogEvents} for the services that write logs (a build's phases, a task's
 * output). Log groups are in the inventory and the tagging API ({@code logs:log-group}).
 */
public final class LogsService {
    static final String SIGNING_NAME = "logs";
    static final String TARGET_PREFIX = "Logs_20140328";
    /** DescribeLogGroups / DescribeLogStreams: AWS's default and largest page. */
    static final int MAX_DESCRIBE = 50;
    /** GetLogEvents / FilterLogEvents: AWS's default and largest page of events. */
    static final int MAX_EVENTS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LogsService() {
    }

    /** CloudWatch Logs' definition. */
    public static ServiceDefinition definition() {
        return ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.JSON_1_1)
                .targetPrefix(TARGET_PREFIX)
                .store(LogsStore.SPEC)
                .precheck(call -> Regions.require(call.region()))
                .json("CreateLogGroup", Effect.WRITES, LogsService::createLogGroup)
                .json("DeleteLogGroup", Effect.WRITES, call -> {
                    writing(call).delete(text(call, "logGroupName"));
                    return empty();
                })
                .json("DescribeLogGroups", Effect.READS, LogsService::describeLogGroups)
                .json("PutRetentionPolicy", Effect.WRITES, call -> {
                    JsonNode days = call.json().get("retentionInDays");
                    writing(call).putRetention(text(call, "logGroupName"), days == null || !days.isInt()
                            ? null : days.asInt());
                    return empty();
                })
                .json("DeleteRetentionPolicy", Effect.WRITES, call -> {
                    writing(call).deleteRetention(text(call, "logGroupName"));
                    return empty();
                })
                .json("TagResource", Effect.WRITES, call -> {
                    LogGroups rules = writing(call);
                    rules.tag(byArn(call, rules), tagMap(call.json().path("tags")));
                    return empty();
                })
                .json("UntagResource", Effect.WRITES, call -> {
                    LogGroups rules = writing(call);
                    LogGroup g = byArn(call, rules);
                    call.json().path("tagKeys").forEach(k -> g.tags.remove(k.asText()));
                    return empty();
                })
                .json("ListTagsForResource", Effect.READS, call -> tagsOut(byArn(call, reading(call))))
                .json("TagLogGroup", Effect.WRITES, call -> {
                    LogGroups rules = writing(call);
                    rules.tag(rules.group(text(call, "logGroupName")), tagMap(call.json().path("tags")));
                    return empty();
                })
                .json("UntagLogGroup", Effect.WRITES, call -> {
                    LogGroup g = writing(call).group(text(call, "logGroupName"));
                    call.json().path("tags").forEach(k -> g.tags.remove(k.asText()));
                    return empty();
                })
                .json("ListTagsLogGroup", Effect.READS, call ->
                        tagsOut(reading(call).group(text(call, "logGroupName"))))
                .json("CreateLogStream", Effect.WRITES, call -> {
                    writing(call).createStream(text(call, "logGroupName"), text(call, "logStreamName"));
                    return empty();
                })
                .json("DeleteLogStream", Effect.WRITES, call -> {
                    writing(call).deleteStream(text(call, "logGroupName"), text(call, "logStreamName"));
                    return empty();
                })
                .json("DescribeLogStreams", Effect.READS, LogsService::describeLogStreams)
                .json("PutLogEvents", Effect.WRITES, LogsService::putLogEvents)
                .json("GetLogEvents", Effect.READS, LogsService::getLogEvents)
                .json("FilterLogEvents", Effect.READS, LogsService::filterLogEvents)
                .export(LogEvents.class, LogsService::exported)
                .inventory(LogsService::live)
                .build();
    }

    private static LogGroups writing(Call call) {
        return new LogGroups(call.state(LogsStore.class).region(call.accountId(), call.region()), call.now());
    }

    /** A read's view: a region without state reads as empty and is not created. */
    private static LogGroups reading(Call call) {
        LogsStore.RegionState state = call.state(LogsStore.class).existing(call.accountId(), call.region());
        return new LogGroups(state == null ? new LogsStore.RegionState() : state, call.now());
    }

    // ------------------------------------------------------------------ groups

    private static ObjectNode createLogGroup(Call call) {
        JsonNode body = call.json();
        writing(call).create(text(call, "logGroupName"), body.path("kmsKeyId").asText(null),
                body.path("logGroupClass").asText(null), tagMap(body.path("tags")));
        return empty();
    }

    private static ObjectNode describeLogGroups(Call call) {
        JsonNode body = call.json();
        LogGroups rules = reading(call);
        int limit = limit(body, MAX_DESCRIBE);
        List<LogGroup> all = rules.list(body.path("logGroupNamePrefix").asText(null),
                body.path("logGroupNamePattern").asText(null));
        int from = offset(body.path("nextToken").asText(null));
        int to = Math.min(all.size(), from + limit);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode groups = out.putArray("logGroups");
        for (LogGroup g : all.subList(Math.min(from, to), to)) {
            long stored = 0;
            for (LogStream s : g.streams.values()) {
                stored += rules.storedBytes(g, s);
            }
            String arn = LogGroups.arn(call.region(), call.accountId(), g.id);
            ObjectNode o = groups.addObject();
            o.put("logGroupName", g.id);
            o.put("creationTime", g.createdAt);
            if (g.retentionInDays != null) {
                o.put("retentionInDays", g.retentionInDays);
            }
            o.put("metricFilterCount", 0);
            o.put("arn", arn + ":*");
            o.put("storedBytes", stored);
            if (g.kmsKeyId != null) {
                o.put("kmsKeyId", g.kmsKeyId);
            }
            o.put("logGroupClass", g.logGroupClass);
            o.put("logGroupArn", arn);
        }
        if (to < all.size()) {
            out.put("nextToken", token(to));
        }
        return out;
    }

    /** The group a {@code resourceArn} names ({@code …:log-group:NAME}, with or without {@code :*}). */
    private static LogGroup byArn(Call call, LogGroups rules) {
        String text = call.json().path("resourceArn").asText(null);
        Arn arn = Arn.parse(text);
        if (arn == null || !arn.service().equals(SIGNING_NAME) || !arn.resource().startsWith("log-group:")) {
            throw LogGroups.invalid("Invalid resource arn: " + text);
        }
        if (!arn.region().equals(call.region()) || !arn.account().equals(call.accountId())) {
            throw new AwsException("ResourceNotFoundException", "The specified log group does not exist.");
        }
        String name = arn.resource().substring("log-group:".length());
        if (name.endsWith(":*")) {
            name = name.substring(0, name.length() - 2);
        }
        return rules.group(name);
    }

    private static ObjectNode tagsOut(LogGroup g) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode tags = out.putObject("tags");
        g.tags.forEach(tags::put);
        return out;
    }

    // ------------------------------------------------------------------ streams and events

    private static ObjectNode describeLogStreams(Call call) {
        JsonNode body = call.json();
        LogGroups rules = reading(call);
        LogGroup g = rules.group(groupName(call));
        String prefix = body.path("logStreamNamePrefix").asText(null);
        String orderBy = body.path("orderBy").asText("LogStreamName");
        if (!orderBy.equals("LogStreamName") && !orderBy.equals("LastEventTime")) {
            throw LogGroups.invalid("1 validation error detected: Value '" + orderBy + "' at 'orderBy' failed to "
                    + "satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]");
        }
        if (prefix != null && orderBy.equals("LastEventTime")) {
            throw LogGroups.invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        List<LogStream> all = new ArrayList<>();
        for (LogStream s : g.streams.values()) {
            if (prefix == null || s.name.startsWith(prefix)) {
                all.add(s);
            }
        }
        Comparator<LogStream> order = orderBy.equals("LastEventTime")
                ? Comparator.comparingLong(s -> lastEvent(rules, g, s))
                : Comparator.comparing(s -> s.name);
        all.sort(body.path("descending").asBoolean(false) ? order.reversed() : order);
        int limit = limit(body, MAX_DESCRIBE);
        int from = offset(body.path("nextToken").asText(null));
        int to = Math.min(all.size(), from + limit);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode streams = out.putArray("logStreams");
        for (LogStream s : all.subList(Math.min(from, to), to)) {
            List<Event> events = rules.events(g, s);
            ObjectNode o = streams.addObject();
            o.put("logStreamName", s.name);
            o.put("creationTime", s.createdAt);
            if (!events.isEmpty()) {
                o.put("firstEventTimestamp", events.get(0).timestamp);
                o.put("lastEventTimestamp", events.get(events.size() - 1).timestamp);
            }
            if (s.lastIngestionTime != null) {
                o.put("lastIngestionTime", s.lastIngestionTime);
            }
            o.put("arn", LogGroups.arn(call.region(), call.accountId(), g.id) + ":log-stream:" + s.name);
            o.put("storedBytes", rules.storedBytes(g, s));
        }
        if (to < all.size()) {
            out.put("nextToken", token(to));
        }
        return out;
    }

    private static long lastEvent(LogGroups rules, LogGroup g, LogStream s) {
        List<Event> events = rules.events(g, s);
        return events.isEmpty() ? s.createdAt : events.get(events.size() - 1).timestamp;
    }

    private static ObjectNode putLogEvents(Call call) {
        JsonNode body = call.json();
        List<LogGroups.Input> events = new ArrayList<>();
        for (JsonNode e : body.path("logEvents")) {
            if (!e.has("timestamp") || !e.has("message")) {
                throw LogGroups.invalid("1 validation error detected: Value null at 'logEvents.member.timestamp' "
                        + "failed to satisfy constraint: Member must not be null");
            }
            events.add(new LogGroups.Input(e.get("timestamp").asLong(), e.get("message").asText()));
        }
        LogGroups.Rejected rejected = writing(call).put(text(call, "logGroupName"), text(call, "logStreamName"),
                events);
        ObjectNode out = JSON.createObjectNode();
        if (rejected.any()) {
            ObjectNode info = out.putObject("rejectedLogEventsInfo");
            if (rejected.tooNewStartIndex() != null) {
                info.put("tooNewLogEventStartIndex", rejected.tooNewStartIndex());
            }
            if (rejected.tooOldEndIndex() != null) {
                info.put("tooOldLogEventEndIndex", rejected.tooOldEndIndex());
            }
            if (rejected.expiredEndIndex() != null) {
                info.put("expiredLogEventEndIndex", rejected.expiredEndIndex());
            }
        }
        return out;
    }

    /**
     * GetLogEvents, paged by AWS's two tokens: {@code f/N} reads forward from event N, {@code b/N}
     * backward from before event N. Without a token it reads the newest page, or the oldest with
     * {@code startFromHead}. At the end the forward token comes back unchanged, which is how a
     * reader knows to stop.
     */
    private static ObjectNode getLogEvents(Call call) {
        JsonNode body = call.json();
        LogGroups rules = reading(call);
        LogGroup g = rules.group(groupName(call));
        LogStream s = rules.stream(g, text(call, "logStreamName"));
        List<Event> events = window(rules.events(g, s), body);
        int limit = eventLimit(body);
        String token = body.path("nextToken").asText(null);
        int from;
        int to;
        if (token != null) {
            if (!token.matches("[fb]/\\d{1,56}")) {
                throw LogGroups.invalid("The specified nextToken is invalid.");
            }
            int n = Math.min(events.size(), Integer.parseInt(token.substring(2).replaceFirst("^0+(?=\\d)", "")));
            if (token.charAt(0) == 'f') {
                from = n;
                to = Math.min(events.size(), n + limit);
            } else {
                to = n;
                from = Math.max(0, n - limit);
            }
        } else if (body.path("startFromHead").asBoolean(false)) {
            from = 0;
            to = Math.min(events.size(), limit);
        } else {
            to = events.size();
            from = Math.max(0, to - limit);
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("events");
        for (Event e : events.subList(from, to)) {
            list.addObject().put("timestamp", e.timestamp).put("message", e.message).put("ingestionTime", e.ingestionTime);
        }
        out.put("nextForwardToken", String.format("f/%056d", to));
        out.put("nextBackwardToken", String.format("b/%056d", from));
        return out;
    }

    /**
     * FilterLogEvents over the group's streams (all, {@code logStreamNames} or a prefix), in time
     * order. The pattern is the simple form: every term must occur in the message, a quoted term
     * as written; the JSON and space-delimited pattern syntaxes are not modelled.
     */
    private static ObjectNode filterLogEvents(Call call) {
        JsonNode body = call.json();
        LogGroups rules = reading(call);
        LogGroup g = rules.group(groupName(call));
        List<String> names = new ArrayList<>();
        body.path("logStreamNames").forEach(n -> names.add(n.asText()));
        String prefix = body.path("logStreamNamePrefix").asText(null);
        if (!names.isEmpty() && prefix != null) {
            throw LogGroups.invalid("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
        }
        List<String> terms = terms(body.path("filterPattern").asText(""));
        record Hit(String stream, Event event) {
        }
        List<Hit> hits = new ArrayList<>();
        ObjectNode out = JSON.createObjectNode();
        ArrayNode searched = JSON.createArrayNode();
        for (LogStream s : g.streams.values()) {
            if (!names.isEmpty() && !names.contains(s.name) || prefix != null && !s.name.startsWith(prefix)) {
                continue;
            }
            searched.addObject().put("logStreamName", s.name).put("searchedCompletely", true);
            for (Event e : window(rules.events(g, s), body)) {
                if (terms.stream().allMatch(e.message::contains)) {
                    hits.add(new Hit(s.name, e));
                }
            }
        }
        hits.sort(Comparator.comparingLong((Hit h) -> h.event().timestamp).thenComparingLong(h -> h.event().sequence));
        int limit = eventLimit(body);
        int from = offset(body.path("nextToken").asText(null));
        int to = Math.min(hits.size(), from + limit);
        ArrayNode list = out.putArray("events");
        for (Hit h : hits.subList(Math.min(from, to), to)) {
            list.addObject().put("logStreamName", h.stream()).put("timestamp", h.event().timestamp)
                    .put("message", h.event().message).put("ingestionTime", h.event().ingestionTime)
                    .put("eventId", String.format("%056d", h.event().sequence));
        }
        out.set("searchedLogStreams", searched);
        if (to < hits.size()) {
            out.put("nextToken", token(to));
        }
        return out;
    }

    /** The terms of a simple filter pattern: words, or quoted phrases. */
    static List<String> terms(String pattern) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(pattern);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }

    /** Events within {@code startTime} (inclusive) and {@code endTime} (exclusive), when given. */
    private static List<Event> window(List<Event> events, JsonNode body) {
        long start = body.has("startTime") ? body.get("startTime").asLong() : Long.MIN_VALUE;
        long end = body.has("endTime") ? body.get("endTime").asLong() : Long.MAX_VALUE;
        return events.stream().filter(e -> e.timestamp >= start && e.timestamp < end).toList();
    }

    /** {@code logGroupName}, or the name at the end of a {@code logGroupIdentifier} (a name or an ARN). */
    private static String groupName(Call call) {
        String name = call.json().path("logGroupName").asText(null);
        String identifier = call.json().path("logGroupIdentifier").asText(null);
        if (name != null && identifier != null) {
            throw LogGroups.invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }
        if (identifier != null && identifier.startsWith("arn:")) {
            Arn arn = Arn.parse(identifier);
            String resource = arn == null ? "" : arn.resource();
            identifier = resource.startsWith("log-group:") ? resource.substring("log-group:".length()) : identifier;
            identifier = identifier.endsWith(":*") ? identifier.substring(0, identifier.length() - 2) : identifier;
        }
        return name != null ? name : identifier;
    }

    private static int limit(JsonNode body, int max) {
        int limit = body.has("limit") ? body.get("limit").asInt() : max;
        if (limit < 1 || limit > max) {
            throw LogGroups.invalid("1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy "
                    + "constraint: Member must have value " + (limit < 1 ? "greater than or equal to 1"
                    : "less than or equal to " + max));
        }
        return limit;
    }

    private static int eventLimit(JsonNode body) {
        return limit(body, MAX_EVENTS);
    }

    private static String text(Call call, String member) {
        return call.json().path(member).asText(null);
    }

    private static Map<String, String> tagMap(JsonNode tags) {
        Map<String, String> out = new LinkedHashMap<>();
        tags.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String token(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("logs:" + offset)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("logs:")) {
                return Integer.parseInt(text.substring(5));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw LogGroups.invalid("The specified nextToken is invalid.");
    }

    private static ObjectNode empty() {
        return JSON.createObjectNode();
    }

    // ------------------------------------------------------------------ other services, inventory

    /** What the Sandbox's writers use: {@code append} marks the store changed only when it writes. */
    private static LogEvents exported(Call call) {
        return new LogEvents() {
            @Override
            public boolean groupExists(String groupName) {
                LogsStore.RegionState state = call.world().store(LogsStore.class)
                        .existing(call.accountId(), call.region());
                return state != null && groupName != null && state.groups.containsKey(groupName);
            }

            @Override
            public boolean append(String groupName, String streamName, List<String> messages) {
                if (!groupExists(groupName)) {
                    return false;
                }
                LogGroups rules = writing(call);
                rules.append(rules.group(groupName), streamName, messages);
                return true;
            }
        };
    }

    /** Log groups (the tagging API's {@code logs:log-group}). */
    private static List<LiveResource> live(World world, long now, String account, String region) {
        List<LiveResource> out = new ArrayList<>();
        world.store(LogsStore.class).accounts.forEach((acct, regions) -> {
            if (account != null && !account.equals(acct)) {
                return;
            }
            regions.forEach((name, state) -> {
                if (region != null && !region.equals(name)) {
                    return;
                }
                for (LogGroup g : state.groups.values()) {
                    out.add(new LiveResource(acct, name, "log-group", g.id,
                            Arn.parse(LogGroups.arn(name, acct, g.id)), "available", g.tags));
                }
            });
        });
        return out;
    }
}
