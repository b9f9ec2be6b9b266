package dev.cairn.sandbox.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.PeerProbe;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;

/**
 * CloudWatch Logs through the SDK v2 client: groups (prefix, paging, retention, tags old and
 * new), streams, events (put, read forward and backward by token, filter), the errors, the tagging
 * API's view, and {@link LogEvents} as a build sees it.
 */
class LogsServiceTest {
    private static final Region SEOUL = Region.AP_NORTHEAST_2;
    private static final String GROUP = "/cairn/demo/build";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SandboxServer server;
    private CloudWatchLogsClient logs;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant(), List.of(PeerProbe.service(
                Map.of("Exists", call -> JSON.createObjectNode().put("value",
                        call.peer(LogEvents.class).groupExists(call.json().path("group").asText()))),
                Map.of("Append", call -> {
                    List<String> lines = new ArrayList<>();
                    call.json().path("lines").forEach(l -> lines.add(l.asText()));
                    return JSON.createObjectNode().put("value", call.peer(LogEvents.class).append(
                            call.json().path("group").asText(), call.json().path("stream").asText(), lines));
                }))));
        logs = SandboxClients.noRetry(CloudWatchLogsClient.builder(), server, SEOUL, SandboxClients.ACCESS_KEY);
    }

    @AfterEach
    void stop() {
        logs.close();
        server.close();
    }

    @Test
    void createLogGroup_thenDescribe_answersArnsAndTags_andRefusesATwin() {
        logs.createLogGroup(b -> b.logGroupName(GROUP).tags(Map.of("cairn:stack", "demo")));
        LogGroup g = logs.describeLogGroups(b -> b.logGroupNamePrefix("/cairn/demo/")).logGroups().get(0);
        assertThat(g.logGroupName()).isEqualTo(GROUP);
        assertThat(g.arn()).isEqualTo("arn:aws:logs:ap-northeast-2:000000000000:log-group:/cairn/demo/build:*");
        assertThat(g.logGroupArn()).isEqualTo("arn:aws:logs:ap-northeast-2:000000000000:log-group:/cairn/demo/build");
        assertThat(g.retentionInDays()).isNull();
        assertThat(logs.listTagsForResource(b -> b.resourceArn(g.logGroupArn())).tags())
                .containsEntry("cairn:stack", "demo");

        ResourceAlreadyExistsException twin = catchThrowableOfType(() -> logs.createLogGroup(b -> b.logGroupName(GROUP)),
                ResourceAlreadyExistsException.class);
        assertThat(twin.awsErrorDetails().errorMessage()).isEqualTo("The specified log group already exists");
        InvalidParameterException badName = catchThrowableOfType(() -> logs.createLogGroup(b -> b.logGroupName("a b")),
                InvalidParameterException.class);
        assertThat(badName.awsErrorDetails().errorMessage()).contains("logGroupName");
    }

    @Test
    void describeLogGroups_pagesByPrefix() {
        for (int i = 0; i < 7; i++) {
            int n = i;
            logs.createLogGroup(b -> b.logGroupName("/cairn/demo/g" + n));
        }
        logs.createLogGroup(b -> b.logGroupName("/other"));
        var first = logs.describeLogGroups(b -> b.logGroupNamePrefix("/cairn/").limit(3));
        assertThat(first.logGroups()).hasSize(3);
        assertThat(first.nextToken()).isNotNull();
        assertThat(logs.describeLogGroupsPaginator(b -> b.logGroupNamePrefix("/cairn/").limit(3)).logGroups().stream()
                .map(LogGroup::logGroupName)).hasSize(7).allMatch(n -> n.startsWith("/cairn/demo/"));
        assertThat(logs.describeLogGroups().logGroups()).hasSize(8);
    }

    @Test
    void putRetentionPolicy_takesOnlyAwsValues_andDeleteRemovesIt() {
        logs.createLogGroup(b -> b.logGroupName(GROUP));
        logs.putRetentionPolicy(b -> b.logGroupName(GROUP).retentionInDays(14));
        assertThat(logs.describeLogGroups().logGroups().get(0).retentionInDays()).isEqualTo(14);
        InvalidParameterException bad = catchThrowableOfType(() -> logs.putRetentionPolicy(b -> b.logGroupName(GROUP)
                .retentionInDays(2)), InvalidParameterException.class);
        assertThat(bad.awsErrorDetails().errorMessage()).contains("retentionInDays", "enum value set");
        logs.deleteRetentionPolicy(b -> b.logGroupName(GROUP));
        assertThat(logs.describeLogGroups().logGroups().get(0).retentionInDays()).isNull();
        assertThat(catchThrowableOfType(() -> logs.putRetentionPolicy(b -> b.logGroupName("/nope").retentionInDays(1)),
                ResourceNotFoundException.class).awsErrorDetails().errorMessage())
                .isEqualTo("The specified log group does not exist.");
    }

    @Test
    void tags_oldAndNewOperations_changeTheSameTags() {
        logs.createLogGroup(b -> b.logGroupName(GROUP));
        String arn = "arn:aws:logs:ap-northeast-2:000000000000:log-group:" + GROUP;
        logs.tagResource(b -> b.resourceArn(arn).tags(Map.of("a", "1", "b", "2")));
        logs.untagResource(b -> b.resourceArn(arn).tagKeys("a"));
        logs.tagLogGroup(b -> b.logGroupName(GROUP).tags(Map.of("c", "3")));
        assertThat(logs.listTagsLogGroup(b -> b.logGroupName(GROUP)).tags()).containsOnlyKeys("b", "c");
        logs.untagLogGroup(b -> b.logGroupName(GROUP).tags("c"));
        assertThat(logs.listTagsForResource(b -> b.resourceArn(arn + ":*")).tags()).containsOnlyKeys("b");
        assertThat(catchThrowableOfType(() -> logs.listTagsForResource(b -> b.resourceArn(arn + "-gone")),
                ResourceNotFoundException.class)).isNotNull();
    }

    @Test
    void events_putThenReadForwardAndBackward_untilTheTokenRepeats() {
        logs.createLogGroup(b -> b.logGroupName(GROUP));
        logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName("build/1"));
        long t = System.currentTimeMillis() - 10_000;
        List<InputLogEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(InputLogEvent.builder().timestamp(t + i).message("line " + i).build());
        }
        var put = logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("build/1").logEvents(events));
        assertThat(put.rejectedLogEventsInfo()).isNull();

        GetLogEventsResponse head = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName("build/1")
                .startFromHead(true).limit(2));
        assertThat(head.events()).extracting(OutputLogEvent::message).containsExactly("line 0", "line 1");
        GetLogEventsResponse next = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName("build/1")
                .nextToken(head.nextForwardToken()).limit(10));
        assertThat(next.events()).extracting(OutputLogEvent::message).containsExactly("line 2", "line 3", "line 4");
        GetLogEventsResponse end = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName("build/1")
                .nextToken(next.nextForwardToken()));
        assertThat(end.events()).isEmpty();
        assertThat(end.nextForwardToken()).isEqualTo(next.nextForwardToken());

        GetLogEventsResponse tail = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName("build/1").limit(2));
        assertThat(tail.events()).extracting(OutputLogEvent::message).containsExactly("line 3", "line 4");
        GetLogEventsResponse before = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName("build/1")
                .nextToken(tail.nextBackwardToken()).limit(2));
        assertThat(before.events()).extracting(OutputLogEvent::message).containsExactly("line 1", "line 2");

        LogStream stream = logs.describeLogStreams(b -> b.logGroupName(GROUP)).logStreams().get(0);
        assertThat(stream.firstEventTimestamp()).isEqualTo(t);
        assertThat(stream.lastEventTimestamp()).isEqualTo(t + 4);
        assertThat(stream.storedBytes()).isEqualTo(30L);
    }

    @Test
    void putLogEvents_whenOutOfOrderOrNoStream_failsAndTooOldIsRejected() {
        logs.createLogGroup(b -> b.logGroupName(GROUP));
        logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName("s"));
        long now = System.currentTimeMillis();
        InvalidParameterException order = catchThrowableOfType(() -> logs.putLogEvents(b -> b.logGroupName(GROUP)
                .logStreamName("s").logEvents(InputLogEvent.builder().timestamp(now).message("b").build(),
                        InputLogEvent.builder().timestamp(now - 1).message("a").build())), InvalidParameterException.class);
        assertThat(order.awsErrorDetails().errorMessage()).contains("chronological order");
        ResourceNotFoundException noStream = catchThrowableOfType(() -> logs.putLogEvents(b -> b.logGroupName(GROUP)
                .logStreamName("missing").logEvents(InputLogEvent.builder().timestamp(now).message("a").build())),
                ResourceNotFoundException.class);
        assertThat(noStream.awsErrorDetails().errorMessage()).isEqualTo("The specified log stream does not exist.");
        var old = logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(now - 15L * 24 * 3600 * 1000).message("old").build()));
        assertThat(old.rejectedLogEventsInfo().tooOldLogEventEndIndex()).isZero();
        logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(now).message("new").build()));
        InvalidParameterException span = catchThrowableOfType(() -> logs.putLogEvents(b -> b.logGroupName(GROUP)
                .logStreamName("s").logEvents(InputLogEvent.builder().timestamp(now - 25L * 3600 * 1000).message("a")
                        .build(), InputLogEvent.builder().timestamp(now).message("b").build())),
                InvalidParameterException.class);
        assertThat(span.awsErrorDetails().errorMessage()).contains("24 hours");
        assertThat(logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName("s")).events())
                .extracting(OutputLogEvent::message).containsExactly("new");
        assertThat(catchThrowableOfType(() -> logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName("s")),
                ResourceAlreadyExistsException.class)).isNotNull();
    }

    @Test
    void retention_hidesEventsOlderThanTheGroupKeepsThem() {
        logs.createLogGroup(b -> b.logGroupName(GROUP));
        logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName("s"));
        long now = System.currentTimeMillis();
        logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(now - 2L * 24 * 3600 * 1000).message("two days ago").build()));
        logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(now).message("today").build()));
        logs.putRetentionPolicy(b -> b.logGroupName(GROUP).retentionInDays(1));
        assertThat(logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName("s")).events())
                .extracting(OutputLogEvent::message).containsExactly("today");
    }

    @Test
    void filterLogEvents_matchesTermsAcrossStreams_inTimeOrder() {
        logs.createLogGroup(b -> b.logGroupName(GROUP));
        logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName("a"));
        logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName("b"));
        long t = System.currentTimeMillis() - 1000;
        logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("a").logEvents(
                InputLogEvent.builder().timestamp(t).message("docker build ok").build(),
                InputLogEvent.builder().timestamp(t + 2).message("docker push failed").build()));
        logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("b").logEvents(
                InputLogEvent.builder().timestamp(t + 1).message("docker login").build()));
        assertThat(logs.filterLogEvents(b -> b.logGroupName(GROUP).filterPattern("docker")).events())
                .extracting(e -> e.logStreamName() + ":" + e.message())
                .containsExactly("a:docker build ok", "b:docker login", "a:docker push failed");
        assertThat(logs.filterLogEvents(b -> b.logGroupName(GROUP).filterPattern("\"push failed\"")).events())
                .hasSize(1);
        assertThat(logs.filterLogEvents(b -> b.logGroupName(GROUP).logStreamNames("b")).events()).hasSize(1);
        assertThat(logs.describeLogStreams(b -> b.logGroupName(GROUP).orderBy(OrderBy.LAST_EVENT_TIME)
                .descending(true)).logStreams()).extracting(LogStream::logStreamName).containsExactly("a", "b");
    }

    @Test
    void deleteLogGroup_removesItFromInventoryAndTaggingApi() {
        logs.createLogGroup(b -> b.logGroupName(GROUP).tags(Map.of("cairn:stack", "demo")));
        try (ResourceGroupsTaggingApiClient tagging = SandboxClients.noRetry(ResourceGroupsTaggingApiClient.builder(),
                server, SEOUL, SandboxClients.ACCESS_KEY)) {
            assertThat(tagging.getResources(b -> b.resourceTypeFilters("logs:log-group")).resourceTagMappingList())
                    .extracting(m -> m.resourceARN())
                    .containsExactly("arn:aws:logs:ap-northeast-2:000000000000:log-group:" + GROUP);
            logs.deleteLogGroup(b -> b.logGroupName(GROUP));
            assertThat(tagging.getResources(b -> b.resourceTypeFilters("logs:log-group")).resourceTagMappingList())
                    .isEmpty();
        }
        assertThat(server.resources()).isEmpty();
        assertThat(catchThrowableOfType(() -> logs.deleteLogGroup(b -> b.logGroupName(GROUP)),
                ResourceNotFoundException.class)).isNotNull();
    }

    @Test
    void logEvents_appendWritesToAnExistingGroupOnly_creatingTheStream() {
        assertThat(PeerProbe.ask(server, "ap-northeast-2", "Append", Map.of("group", GROUP, "stream", "s",
                "lines", List.of("x"))).path("value").asBoolean()).isFalse();
        logs.createLogGroup(b -> b.logGroupName(GROUP));
        assertThat(PeerProbe.ask(server, "ap-northeast-2", "Exists", Map.of("group", GROUP)).path("value").asBoolean())
                .isTrue();
        assertThat(PeerProbe.ask(server, "us-east-1", "Exists", Map.of("group", GROUP)).path("value").asBoolean())
                .as("another region").isFalse();
        assertThat(PeerProbe.ask(server, "ap-northeast-2", "Append", Map.of("group", GROUP, "stream", "build/abc",
                "lines", List.of("[Container] Entering phase BUILD", "done"))).path("value").asBoolean()).isTrue();
        assertThat(logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName("build/abc").startFromHead(true))
                .events()).extracting(OutputLogEvent::message).containsExactly("[Container] Entering phase BUILD", "done");
    }
}
