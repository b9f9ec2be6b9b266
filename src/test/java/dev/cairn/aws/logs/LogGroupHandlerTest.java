package dev.cairn.aws.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.LogsKinds;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.SharedSnapshots;
import dev.cairn.testing.Specs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/**
 * The log group handler through the real SDK against each backend that serves CloudWatch Logs:
 * created with its tags and retention, read back as created, its retention and tags changed in
 * place, found by its exact name (a group whose name merely starts the same is not it; a
 * stranger's group of the name is taken), deleted and gone, and listed by the tag scan while it
 * exists where the backend's tagging API lists log groups.
 */
class LogGroupHandlerTest {

    private static final String REGION = "ap-northeast-2";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);

    record Fixture(AwsClients clients, ResourceHandler h, String stack, HandlerContext ctx, List<String> said) {
        CloudWatchLogsClient logs() {
            return clients.logs(REGION);
        }

        ResolvedSpec spec(String name, String retention) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("name", name);
            if (retention != null) {
                p.put("retentionDays", retention);
            }
            return Specs.resolved(stack, REGION, LogsKinds.LOG_GROUP, "pipeline.log-group[build]", p, Map.of());
        }

        LogGroup group(String name) {
            return LogGroupHandler.describe(logs(), name).orElseThrow();
        }
    }

    interface Body {
        void run(Fixture f) throws Exception;
    }

    private static void with(AwsBackend backend, Body body) throws Exception {
        assumeTrue(backend.serves("logs"), backend.name() + " does not serve CloudWatch Logs");
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            String stack = "t" + UUID.randomUUID().toString().substring(0, 8);
            List<String> said = new CopyOnWriteArrayList<>();
            // The backend's account, as the engine's context has it: the handler builds the ARN of a new group from it.
            HandlerContext ctx = HandlerContext.unjournaled(stack, clients.whoAmI(REGION).account(), "aws", m -> said.add(m.english()));
            body.run(new Fixture(clients, AwsHandlers.forClients(clients).get(LogsKinds.LOG_GROUP), stack, ctx, said));
        }
    }

    /** moto's tagging API calls a log group {@code logs:loggroup}, not AWS's {@code logs:log-group}: it never matches the filter. */
    private static boolean taggingListsLogGroups(AwsBackend backend) {
        return !backend.name().equals("moto");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void logGroup_createReadUpdateDelete_followsTheSpecAndIsGoneAfter(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = "/cairn/" + f.stack() + "/build";
            // A group whose name the spec's only begins: DescribeLogGroups lists it for the prefix.
            f.logs().createLogGroup(r -> r.logGroupName(name + "-old"));
            ResolvedSpec spec = f.spec(name, "14");
            assertThat(f.h().find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);

            LiveResource created = f.h().create(f.ctx(), spec, UUID.randomUUID().toString());
            Poll ready = Specs.poll(() -> f.h().awaitReady(f.ctx(), spec, created), TIMEOUT, POLL);
            assertThat(ready.outcome()).isEqualTo(Poll.Outcome.DONE);
            ResourceRecord group = Specs.record(spec, ready.resource());

            assertThat(f.group(name).retentionInDays()).isEqualTo(14);
            String arn = group.attributes().get("arn");
            assertThat(arn).endsWith(":log-group:" + name).doesNotEndWith(":*");
            assertThat(LogGroupHandler.tags(f.logs(), arn)).containsEntry(Tags.STACK, f.stack())
                    .containsEntry(Tags.ADDRESS, "pipeline.log-group[build]");
            assertThat(group.physicalId()).isEqualTo(name);
            assertThat(f.h().read(f.ctx(), group)).map(LiveResource::attributes).contains(group.attributes());
            assertThat(Specs.ours(f.h().find(f.ctx(), spec))).map(LiveResource::physicalId).contains(name);
            if (taggingListsLogGroups(backend)) {
                assertThat(AwsHandlers.scanner(f.clients()).scan(f.stack(), Set.of(REGION)))
                        .filteredOn(t -> t.resourceType().equals("logs:log-group")).singleElement().satisfies(t -> {
                            assertThat(t.physicalId()).isEqualTo(name);
                            assertThat(t.kind()).isEqualTo(LogsKinds.LOG_GROUP);
                            assertThat(t.address()).isEqualTo("pipeline.log-group[build]");
                        });
            }

            ResolvedSpec changed = new ResolvedSpec(f.spec(name, "30").spec(), Map.of(),
                    Tags.forResource(f.stack(), spec.address(), Map.of("team", "platform")));
            assertThat(f.h().update(f.ctx(), changed, group, Set.of("retentionDays", ResourceHandler.TAGS)).outcome())
                    .isEqualTo(Poll.Outcome.DONE);
            assertThat(f.group(name).retentionInDays()).isEqualTo(30);
            assertThat(LogGroupHandler.tags(f.logs(), arn)).containsEntry("team", "platform").containsEntry(Tags.STACK, f.stack());
            ResolvedSpec forever = f.spec(name, null);
            assertThat(f.h().update(f.ctx(), forever, group, Set.of("retentionDays")).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(f.group(name).retentionInDays()).isNull();

            assertThat(Specs.poll(() -> f.h().delete(f.ctx(), group), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(Specs.poll(() -> f.h().awaitGone(f.ctx(), group), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(f.h().read(f.ctx(), group)).isEmpty();
            assertThat(f.h().find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);
            // The other group is left alone.
            assertThat(LogGroupHandler.describe(f.logs(), name + "-old")).isPresent();
            // Deleting again (a step repeated after a crash) is done at once.
            assertThat(f.h().delete(f.ctx(), group).outcome()).isEqualTo(Poll.Outcome.DONE);
            if (taggingListsLogGroups(backend)) {
                assertThat(AwsHandlers.scanner(f.clients()).scan(f.stack(), Set.of(REGION)))
                        .extracting(TaggedResource::physicalId).doesNotContain(name);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void logGroup_find_afterACreateKilledBeforeItsRetention_adoptsItAndReadySetsIt(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = "/cairn/" + f.stack() + "/frontend";
            ResolvedSpec spec = f.spec(name, "7");
            // What a run killed between CreateLogGroup and PutRetentionPolicy leaves.
            f.logs().createLogGroup(r -> r.logGroupName(name).tags(spec.tags()));

            Found found = f.h().find(f.ctx().withCreatePending(), spec);
            assertThat(found).isInstanceOf(Found.Ours.class);
            Poll ready = Specs.poll(() -> f.h().awaitReady(f.ctx(), spec, ((Found.Ours) found).resource()), TIMEOUT, POLL);

            assertThat(ready.outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(f.group(name).retentionInDays()).isEqualTo(7);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void logGroup_find_ofAStrangersGroupOfTheName_isTaken(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = "/cairn/" + f.stack() + "/build";
            f.logs().createLogGroup(r -> r.logGroupName(name));

            assertThat(f.h().find(f.ctx().withCreatePending(), f.spec(name, "14")))
                    .isInstanceOfSatisfying(Found.Taken.class, t -> assertThat(t.what()).contains(name).contains("without"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void logGroup_find_fromTheRunsSnapshot_describesTheStacksPrefixOnce_andTellsOursAbsentAndTaken(AwsBackend backend)
            throws Exception {
        with(backend, f -> {
            String build = "/cairn/" + f.stack() + "/build";
            String service = "/cairn/" + f.stack() + "/web";
            String strangers = "/cairn/" + f.stack() + "/other";
            f.logs().createLogGroup(r -> r.logGroupName(strangers));
            LiveResource created = f.h().create(f.ctx(), f.spec(build, "14"), "t");
            assertThat(Specs.poll(() -> f.h().awaitReady(f.ctx(), f.spec(build, "14"), created), TIMEOUT, POLL).outcome())
                    .isEqualTo(Poll.Outcome.DONE);
            SharedSnapshots run = new SharedSnapshots();
            HandlerContext ctx = f.ctx().withSnapshots(run);

            Found absent = f.h().find(ctx, f.spec(service, "14"));
            long before = f.clients().apiCalls();
            Found ours = f.h().find(ctx, f.spec(build, "14"));
            long forOurs = f.clients().apiCalls() - before;
            // Untagged: a stranger's, even while a create of it is pending (CreateLogGroup tags).
            Found taken = f.h().find(ctx.withCreatePending(), f.spec(strangers, "14"));

            assertThat(absent).isInstanceOf(Found.Absent.class);
            assertThat(ours).isInstanceOf(Found.Ours.class);
            assertThat(forOurs).as("the listing is shared: only the tags are read").isEqualTo(1);
            assertThat(taken).isInstanceOfSatisfying(Found.Taken.class, t -> assertThat(t.what()).contains(strangers).contains("without"));
            assertThat(run.keys()).containsExactly(LogGroupHandler.SNAPSHOT + REGION + ":/cairn/" + f.stack() + "/");
            assertThat(run.loads(LogGroupHandler.SNAPSHOT + REGION + ":/cairn/" + f.stack() + "/")).isEqualTo(1);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void logGroup_create_ofANewGroup_isReadyWithoutAPoll_andItsArnIsAws(AwsBackend backend) throws Exception {
        with(backend, f -> {
            HandlerContext ctx = f.ctx();
            String name = "/cairn/" + f.stack() + "/build";
            ResolvedSpec spec = f.spec(name, "14");

            LiveResource created = f.h().create(ctx, spec, "t");
            long before = f.clients().apiCalls();
            Poll ready = f.h().awaitReady(ctx, spec, created);

            assertThat(ready.outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(f.clients().apiCalls() - before).as("calls of the ready poll").isZero();
            // What the create answered without reading back is what AWS describes.
            assertThat(ready.resource().attributes()).containsEntry("arn", LogGroupHandler.arnOf(f.group(name)));
            assertThat(f.group(name).retentionInDays()).isEqualTo(14);
        });
    }

    @Test
    void nameOfArn_dropsTheServicePartsAndTheTrailingStar() {
        assertThat(LogGroupHandler.nameOfArn("arn:aws:logs:ap-northeast-2:123456789012:log-group:/cairn/web/build:*"))
                .isEqualTo("/cairn/web/build");
        assertThat(LogGroupHandler.nameOfArn("arn:aws:logs:ap-northeast-2:123456789012:log-group:/cairn/web/frontend"))
                .isEqualTo("/cairn/web/frontend");
    }
}
