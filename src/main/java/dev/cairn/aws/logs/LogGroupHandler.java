package dev.cairn.aws.logs;

import static dev.cairn.aws.AwsErrors.code;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsErrors;
import dev.cairn.aws.Settled;
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
import dev.cairn.model.kinds.LogsKinds;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/**
 * A CloudWatch Logs group, made by Cairn with a retention rather than left to CodeBuild or ECS
 * (which would make one without, and leave it after a teardown). Found by its exact name
 * (DescribeLogGroups by prefix, then the name compared), owned when its tags name this stack and
 * address. CreateLogGroup takes the tags, so a group Cairn made is never untagged. The retention is
 * a second call (PutRetentionPolicy), journaled; {@link #awaitReady} sets it when a killed run did
 * not. The delete (DeleteLogGroup) takes the group's streams and events with it.
 */
public final class LogGroupHandler implements ResourceHandler {

    static final String NOT_FOUND = "ResourceNotFoundException";
    /** Snapshot key of a region's groups under a prefix: {@code logs:DescribeLogGroups:<region>:<prefix>}. */
    static final String SNAPSHOT = "logs:DescribeLogGroups:";
    static final String ALREADY_EXISTS = "ResourceAlreadyExistsException";
    /** Logs answers this while another change to the same group is under way. */
    static final String ABORTED = "OperationAbortedException";

    private final AwsClients clients;

    public LogGroupHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public ResourceKind kind() {
        return LogsKinds.LOG_GROUP;
    }

    /**
     * Looked for in the run's one DescribeLogGroups of the stack's prefix {@code /cairn/<stack>/}
     * (a snapshot shared by every group of the stack in the region; a name outside that prefix is
     * described by its own name); only a group listed there costs a ListTagsForResource.
     */
    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        CloudWatchLogsClient logs = clients.logs(spec.region());
        String name = required(spec, "name");
        String prefix = name.startsWith(stackPrefix(ctx.stack())) ? stackPrefix(ctx.stack()) : name;
        Optional<LogGroup> group = Optional.ofNullable(ctx.snapshot(SNAPSHOT + spec.region() + ":" + prefix,
                () -> describePrefix(logs, prefix)).get(name));
        if (group.isEmpty()) {
            return Found.absent();
        }
        Map<String, String> tags = tags(logs, arnOf(group.get()));
        if (ctx.stack().equals(tags.get(Tags.STACK)) && spec.address().value().equals(tags.get(Tags.ADDRESS))) {
            return Found.ours(live(group.get()));
        }
        String stack = tags.get(Tags.STACK);
        return Found.taken("log group " + name + " already exists in " + spec.region()
                + (stack == null ? " without Cairn's tags" : " and belongs to Cairn stack " + stack + " ("
                        + tags.getOrDefault(Tags.ADDRESS, "?") + ")"));
    }

    /**
     * CreateLogGroup with the tags, then the retention (a new group keeps events forever, so
     * PutRetentionPolicy without reading first). Both succeeded: the answer is final, and the ARN
     * is built from the context's account and partition rather than read back.
     */
    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        CloudWatchLogsClient logs = clients.logs(spec.region());
        String name = required(spec, "name");
        ctx.say("logGroup.creating", name);
        boolean fresh = true;
        try {
            logs.createLogGroup(r -> r.logGroupName(name).tags(spec.tags()));
        } catch (AwsServiceException e) {
            // find said absent a moment ago and this create's intent is journaled: a group that
            // exists now is the one an SDK retry of this very call made.
            if (!ALREADY_EXISTS.equals(code(e))) {
                throw e;
            }
            fresh = false;
        }
        if (!fresh) {
            // Read what the retry made; awaitReady converges its retention.
            return describe(logs, name).map(LogGroupHandler::live).orElseGet(() -> new LiveResource(name,
                    Map.of("arn", ctx.arn("logs", spec.region(), "log-group:" + name)), ""));
        }
        LiveResource created = new LiveResource(name, Map.of("arn", ctx.arn("logs", spec.region(), "log-group:" + name)), "");
        String days = spec.property("retentionDays");
        if (days != null && !days.isBlank()) {
            int wanted = Integer.parseInt(days.trim());
            ctx.say("logGroup.retention", name, wanted);
            try {
                ctx.mutating("PutRetentionPolicy", () -> logs.putRetentionPolicy(r -> r.logGroupName(name).retentionInDays(wanted)));
            } catch (AwsServiceException e) {
                if (NOT_FOUND.equals(code(e)) || ABORTED.equals(code(e))) {
                    return created; // not visible yet, or busy: awaitReady sets it
                }
                throw e;
            }
        }
        return Settled.mark(created);
    }

    /** Visible, with the retention the spec asks for. */
    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        Optional<Poll> settled = Settled.done(resource);
        if (settled.isPresent()) {
            return settled.get();
        }
        CloudWatchLogsClient logs = clients.logs(spec.region());
        String name = resource.physicalId();
        if (describe(logs, name).isEmpty()) {
            return Poll.pending(Message.of("aws.notVisible", kind(), name));
        }
        try {
            convergeRetention(ctx, logs, spec, name);
        } catch (RetryableException e) {
            return Poll.pending(e.said());
        }
        return Poll.done(describe(logs, name).map(LogGroupHandler::live).orElse(resource));
    }

    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.removeAll(Set.of("retentionDays", TAGS));
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        CloudWatchLogsClient logs = clients.logs(spec.region());
        String name = current.physicalId();
        LogGroup group = describe(logs, name)
                .orElseThrow(() -> new IllegalStateException("log group " + name + " is gone; plan again to create it"));
        if (changed.contains("retentionDays")) {
            convergeRetention(ctx, logs, spec, name);
        }
        if (changed.contains(TAGS)) {
            String arn = arnOf(group);
            Map<String, String> have = tags(logs, arn);
            if (!have.equals(spec.tags())) {
                List<String> gone = have.keySet().stream().filter(k -> !spec.tags().containsKey(k) && !Tags.isCairns(k)).toList();
                if (!gone.isEmpty()) {
                    ctx.mutating("UntagResource", () -> logs.untagResource(r -> r.resourceArn(arn).tagKeys(gone)));
                }
                ctx.mutating("TagResource", () -> logs.tagResource(r -> r.resourceArn(arn).tags(spec.tags())));
            }
        }
        return Poll.done(describe(logs, name).map(LogGroupHandler::live).orElse(live(group)));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return describe(clients.logs(record.spec().region()), record.physicalId()).map(LogGroupHandler::live);
    }

    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        CloudWatchLogsClient logs = clients.logs(record.spec().region());
        String name = record.physicalId();
        try {
            logs.deleteLogGroup(r -> r.logGroupName(name));
        } catch (AwsServiceException e) {
            if (NOT_FOUND.equals(code(e))) {
                return Poll.done();
            }
            if (ABORTED.equals(code(e))) {
                return Poll.pending(Message.of("logGroup.busy", name));
            }
            throw e;
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return describe(clients.logs(record.spec().region()), record.physicalId())
                .map(g -> Poll.pending(Message.of("aws.stillExists", kind(), record.physicalId())))
                .orElseGet(Poll::done);
    }

    /** For the tagging-API scan: a group is there (no state word) while DescribeLogGroups lists it. */
    public static TaggingApiScanner.LiveCheck liveCheck(AwsClients clients) {
        return (region, arn) -> describe(clients.logs(region), nameOfArn(arn)).map(g -> "");
    }

    /** {@code arn:aws:logs:REGION:ACCOUNT:log-group:NAME} (with or without a trailing {@code :*}) → {@code NAME}. */
    public static String nameOfArn(String arn) {
        int at = arn.indexOf(":log-group:");
        if (at < 0) {
            return arn;
        }
        String name = arn.substring(at + ":log-group:".length());
        return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
    }

    /**
     * The retention the spec asks for: PutRetentionPolicy when it differs, DeleteRetentionPolicy
     * when the spec keeps events forever (no {@code retentionDays}).
     */
    private static void convergeRetention(HandlerContext ctx, CloudWatchLogsClient logs, ResolvedSpec spec, String name) {
        Optional<LogGroup> group = describe(logs, name);
        if (group.isEmpty()) {
            throw new RetryableException(NOT_FOUND, Message.of("aws.notVisible", LogsKinds.LOG_GROUP, name), null);
        }
        String days = spec.property("retentionDays");
        Integer have = group.get().retentionInDays();
        try {
            if (days == null || days.isBlank()) {
                if (have != null) {
                    ctx.say("logGroup.retentionForever", name);
                    ctx.mutating("DeleteRetentionPolicy", () -> logs.deleteRetentionPolicy(r -> r.logGroupName(name)));
                }
                return;
            }
            int wanted = Integer.parseInt(days.trim());
            if (have == null || have != wanted) {
                ctx.say("logGroup.retention", name, wanted);
                ctx.mutating("PutRetentionPolicy", () -> logs.putRetentionPolicy(r -> r.logGroupName(name).retentionInDays(wanted)));
            }
        } catch (AwsServiceException e) {
            if (ABORTED.equals(code(e))) {
                throw new RetryableException(ABORTED, Message.of("logGroup.busy", name), e);
            }
            throw e;
        }
    }

    /** Every group whose name starts with {@code prefix}, by name (DescribeLogGroups, every page). */
    static Map<String, LogGroup> describePrefix(CloudWatchLogsClient logs, String prefix) {
        Map<String, LogGroup> groups = new LinkedHashMap<>();
        logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix(prefix)).logGroups().forEach(g -> groups.put(g.logGroupName(), g));
        return Collections.unmodifiableMap(groups);
    }

    /** The prefix of every log group the Pipeline step names for a stack. */
    static String stackPrefix(String stack) {
        return "/cairn/" + stack + "/";
    }

    /** The group of exactly that name (DescribeLogGroups matches a prefix; Cairn's names are paths). */
    static Optional<LogGroup> describe(CloudWatchLogsClient logs, String name) {
        for (LogGroup g : logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix(name)).logGroups()) {
            if (name.equals(g.logGroupName())) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    static Map<String, String> tags(CloudWatchLogsClient logs, String arn) {
        try {
            return new LinkedHashMap<>(logs.listTagsForResource(r -> r.resourceArn(arn)).tags());
        } catch (AwsServiceException e) {
            if (NOT_FOUND.equals(code(e))) {
                return new LinkedHashMap<>();
            }
            throw e;
        }
    }

    /** The group's ARN without the {@code :*} DescribeLogGroups's {@code arn} ends with (the form TagResource takes). */
    static String arnOf(LogGroup g) {
        if (g.logGroupArn() != null && !g.logGroupArn().isEmpty()) {
            return g.logGroupArn();
        }
        String arn = g.arn();
        return arn != null && arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn;
    }

    private static LiveResource live(LogGroup g) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("arn", arnOf(g));
        return new LiveResource(g.logGroupName(), a, "");
    }

    private static String required(ResolvedSpec spec, String property) {
        String value = spec.property(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(spec.address() + " has no '" + property + "' property");
        }
        return value;
    }
}
