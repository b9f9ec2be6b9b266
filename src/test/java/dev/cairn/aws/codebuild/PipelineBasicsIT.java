package dev.cairn.aws.codebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.aws.CallerIdentity;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.RetryableException;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.CodeBuildKinds;
import dev.cairn.model.kinds.CodeConnectionsKinds;
import dev.cairn.model.kinds.EcrKinds;
import dev.cairn.model.kinds.IamKinds;
import dev.cairn.model.kinds.LogsKinds;
import dev.cairn.testing.Specs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Pipeline step's IAM, Logs, ECR, CodeBuild and CodeConnections handlers against a real
 * account (default credential chain and region): a CodeBuild role under the stack's path with an
 * inline policy, the build's log group, the image repository, the build project (created while
 * the new role propagates, so the IAM retry is exercised for real), and a GitHub connection that
 * stays PENDING (no API completes the handshake). Everything is torn down even when an assertion
 * fails, and the composed scan (tagging API + IAM path) then finds nothing. Free of charge. Run
 * with {@code mvn -Dgroups=aws -DexcludedGroups=bench -Dtest=PipelineBasicsIT test}.
 */
@Tag("aws")
class PipelineBasicsIT {

    /** AWS's figures: IAM propagates within seconds (the kind allows two minutes); the rest answer at once. */
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofSeconds(2);

    @Test
    void pipelineBasics_inDefaultRegion_areBuiltThenTornDownWithNothingLeft() {
        String region = AwsClients.defaultRegion(Optional.empty())
                .orElseThrow(() -> new IllegalStateException("no default region: set AWS_REGION or a profile region"));
        try (AwsClients clients = AwsClients.fromEnvironment(Optional.empty(), Optional.empty())) {
            CallerIdentity me = clients.whoAmI(region);
            String stack = "cairn-it-" + UUID.randomUUID().toString().substring(0, 8);
            HandlerContext ctx = HandlerContext.unjournaled(stack, me.account(), "aws", m -> { });
            Map<ResourceKind, ResourceHandler> handlers = AwsHandlers.forClients(clients);
            List<ResourceRecord> created = new ArrayList<>();
            try {
                Map<String, String> role = new LinkedHashMap<>();
                role.put("name", stack + "-codebuild");
                role.put("path", "/cairn/" + stack + "/");
                role.put("trustService", "codebuild.amazonaws.com");
                role.put("managedPolicies", "");
                role.put("inlinePolicy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                        + "[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"arn:${AWS::Partition}:logs:${AWS::Region}:"
                        + "${AWS::AccountId}:log-group:/cairn/" + stack + "/*\"}]}");
                role.put("description", "Cairn integration test");
                ResourceRecord roleRecord = apply(handlers, ctx, Specs.resolved(stack, region, IamKinds.ROLE, "pipeline.role[codebuild]",
                        role, Map.of()), created);
                ResourceRecord logs = apply(handlers, ctx, Specs.resolved(stack, region, LogsKinds.LOG_GROUP,
                        "pipeline.log-group[build]", Map.of("name", "/cairn/" + stack + "/build", "retentionDays", "1"), Map.of()), created);
                ResourceRecord repo = apply(handlers, ctx, Specs.resolved(stack, region, EcrKinds.REPOSITORY, "pipeline.repository",
                        Map.of("name", stack + "/frontend", "scanOnPush", "true", "tagMutability", "MUTABLE", "keepImages", "5"), Map.of()),
                        created);
                Map<String, String> project = new LinkedHashMap<>();
                project.put("name", stack + "-build");
                project.put("image", ProjectHandlerTest.IMAGE);
                project.put("computeType", "BUILD_GENERAL1_SMALL");
                project.put("privileged", "true");
                project.put("environment", "IMAGE_REPO_NAME=" + stack + "/frontend");
                project.put("timeoutMinutes", "15");
                apply(handlers, ctx, Specs.resolved(stack, region, CodeBuildKinds.PROJECT, "pipeline.build-project", project,
                        Map.of("serviceRole", roleRecord, "logGroup", logs, "repository", repo)), created);
                ResourceRecord connection = apply(handlers, ctx, Specs.resolved(stack, region, CodeConnectionsKinds.CONNECTION,
                        "pipeline.connection", Map.of("name", stack + "-gh", "providerType", "GitHub"), Map.of()), created);
                assertThat(connection.attributes()).containsEntry("status", "PENDING");
                assertThat(repo.attributes().get("uri")).isEqualTo(me.account() + ".dkr.ecr." + region + ".amazonaws.com/" + stack + "/frontend");

                assertThat(AwsHandlers.scanner(clients).scan(stack, Set.of(region))).extracting(TaggedResource::resourceType)
                        .contains("iam:role", "logs:log-group", "ecr:repository", "codebuild:project", "codeconnections:connection");
            } finally {
                // Dependents first; whatever became ready is removed.
                for (ResourceRecord r : created) {
                    ResourceHandler h = handlers.get(r.kind());
                    Specs.poll(() -> h.delete(ctx, r), TIMEOUT, POLL);
                    Specs.poll(() -> h.awaitGone(ctx, r), TIMEOUT, POLL);
                }
            }
            assertThat(AwsHandlers.scanner(clients).scan(stack, Set.of(region))).isEmpty();
        }
    }

    /** Creates and waits, retrying what the handler calls transient (a role still propagating) as the engine would. */
    private static ResourceRecord apply(Map<ResourceKind, ResourceHandler> handlers, HandlerContext ctx, ResolvedSpec spec,
            List<ResourceRecord> created) {
        ResourceHandler h = handlers.get(spec.spec().kind());
        assertThat(h.find(ctx, spec)).isInstanceOf(Found.Absent.class);
        Instant deadline = Instant.now().plus(TIMEOUT);
        LiveResource live = null;
        while (live == null) {
            try {
                live = h.create(ctx, spec, UUID.randomUUID().toString());
            } catch (RetryableException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                sleep();
            }
        }
        LiveResource made = live;
        Poll ready = Specs.poll(() -> h.awaitReady(ctx, spec, made), TIMEOUT, POLL);
        assertThat(ready.outcome()).as("%s", ready.message()).isEqualTo(Poll.Outcome.DONE);
        ResourceRecord record = Specs.record(spec, ready.resource());
        created.add(0, record);
        return record;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
