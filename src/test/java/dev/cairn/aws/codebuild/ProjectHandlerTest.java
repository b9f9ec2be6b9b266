package dev.cairn.aws.codebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
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
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.CodeBuildKinds;
import dev.cairn.model.kinds.IamKinds;
import dev.cairn.model.kinds.LogsKinds;
import dev.cairn.testing.AwsBackend;
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
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariable;
import software.amazon.awssdk.services.codebuild.model.Project;

/**
 * The CodeBuild project handler through the real SDK against each backend that serves CodeBuild,
 * with its role and log group made by their own handlers: created for the pipeline (CODEPIPELINE
 * source and artifacts, a privileged Linux container, plain-text variables, logs to the stack's
 * group), read back, changed in place, found by name and tags, deleted and gone. moto refuses a
 * CODEPIPELINE source without a location (AWS says to give none) and has no UpdateProject: there
 * only find, taken and delete run, on a project made as moto wants it.
 */
class ProjectHandlerTest {

    private static final String REGION = "ap-northeast-2";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);
    static final String IMAGE = "aws/codebuild/amazonlinux2-x86_64-standard:5.0";

    record Fixture(AwsBackend backend, AwsClients clients, Map<ResourceKind, ResourceHandler> handlers, String stack,
            HandlerContext ctx, List<String> said) {
        ResourceHandler h() {
            return handlers.get(CodeBuildKinds.PROJECT);
        }

        CodeBuildClient cb() {
            return clients.codeBuild(REGION);
        }

        ResourceRecord apply(ResourceKind kind, ResolvedSpec spec) {
            ResourceHandler handler = handlers.get(kind);
            LiveResource created = handler.create(ctx, spec, UUID.randomUUID().toString());
            Poll ready = Specs.poll(() -> handler.awaitReady(ctx, spec, created), TIMEOUT, POLL);
            assertThat(ready.outcome()).as("%s", ready.message()).isEqualTo(Poll.Outcome.DONE);
            return Specs.record(spec, ready.resource());
        }

        /**
         * The role through its handler where the backend serves IAM; otherwise a record of the ARN
         * a role would have (a backend without IAM cannot check whom a role trusts).
         */
        ResourceRecord role(String trustService) {
            if (!backend.serves("iam")) {
                ResolvedSpec spec = Specs.resolved(stack, REGION, IamKinds.ROLE, "pipeline.role[codebuild]", Map.of(), Map.of());
                String arn = "arn:aws:iam::" + clients.whoAmI(REGION).account() + ":role/cairn/" + stack + "/" + stack + "-codebuild";
                return Specs.record(spec, new LiveResource(stack + "-codebuild", Map.of("arn", arn), ""));
            }
            return apply(IamKinds.ROLE, Specs.resolved(stack, REGION, IamKinds.ROLE, "pipeline.role[codebuild]", Map.of(
                    "name", stack + "-codebuild", "path", "/cairn/" + stack + "/", "trustService", trustService,
                    "managedPolicies", "", "inlinePolicy", "", "description", ""), Map.of()));
        }

        /** The group through its handler where the backend serves Logs; otherwise a record of its name. */
        ResourceRecord logGroup() {
            if (!backend.serves("logs")) {
                ResolvedSpec spec = Specs.resolved(stack, REGION, LogsKinds.LOG_GROUP, "pipeline.log-group[build]", Map.of(), Map.of());
                return Specs.record(spec, LiveResource.of("/cairn/" + stack + "/build"));
            }
            return apply(LogsKinds.LOG_GROUP, Specs.resolved(stack, REGION, LogsKinds.LOG_GROUP, "pipeline.log-group[build]",
                    Map.of("name", "/cairn/" + stack + "/build", "retentionDays", "14"), Map.of()));
        }

        ResolvedSpec spec(String name, ResourceRecord role, ResourceRecord logs, Map<String, String> overrides) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("name", name);
            p.put("image", IMAGE);
            p.put("computeType", "BUILD_GENERAL1_SMALL");
            p.put("privileged", "true");
            p.put("environment", "IMAGE_REPO_NAME=frontend;CONTAINER_NAME=frontend");
            p.put("timeoutMinutes", "20");
            p.putAll(overrides);
            Map<String, ResourceRecord> refs = new LinkedHashMap<>();
            refs.put("serviceRole", role);
            refs.put("logGroup", logs);
            return Specs.resolved(stack, REGION, CodeBuildKinds.PROJECT, "pipeline.build-project", p, refs);
        }

        Project project(String name) {
            return ProjectHandler.get(cb(), name).orElseThrow();
        }
    }

    interface Body {
        void run(Fixture f) throws Exception;
    }

    private static void with(AwsBackend backend, Body body) throws Exception {
        assumeTrue(backend.serves("codebuild"), backend.name() + " does not serve CodeBuild");
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            String stack = "t" + UUID.randomUUID().toString().substring(0, 8);
            List<String> said = new CopyOnWriteArrayList<>();
            body.run(new Fixture(backend, clients, AwsHandlers.forClients(clients), stack, Specs.context(stack, said), said));
        }
    }

    /** moto wants a location on a CODEPIPELINE source and artifacts, which AWS ignores and says not to give. */
    private static boolean acceptsPipelineProjects(AwsBackend backend) {
        return !backend.name().equals("moto");
    }

    private static Map<String, String> variables(Project p) {
        Map<String, String> map = new LinkedHashMap<>();
        for (EnvironmentVariable v : p.environment().environmentVariables()) {
            map.put(v.name(), v.value() + "/" + v.typeAsString());
        }
        return map;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void project_createReadUpdateDelete_followsTheSpecAndIsGoneAfter(AwsBackend backend) throws Exception {
        with(backend, f -> {
            assumeTrue(acceptsPipelineProjects(backend), backend.name() + " wants a location on CODEPIPELINE sources");
            ResourceRecord role = f.role("codebuild.amazonaws.com");
            ResourceRecord logs = f.logGroup();
            String name = f.stack() + "-build";
            ResolvedSpec spec = f.spec(name, role, logs, Map.of());
            assertThat(f.h().find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);

            ResourceRecord project = f.apply(CodeBuildKinds.PROJECT, spec);

            Project p = f.project(name);
            assertThat(p.source().typeAsString()).isEqualTo("CODEPIPELINE");
            assertThat(p.source().location()).isNull();
            assertThat(p.artifacts().typeAsString()).isEqualTo("CODEPIPELINE");
            assertThat(p.environment().typeAsString()).isEqualTo("LINUX_CONTAINER");
            assertThat(p.environment().image()).isEqualTo(IMAGE);
            assertThat(p.environment().computeTypeAsString()).isEqualTo("BUILD_GENERAL1_SMALL");
            assertThat(p.environment().privilegedMode()).isTrue();
            assertThat(variables(p)).containsExactly(Map.entry("IMAGE_REPO_NAME", "frontend/PLAINTEXT"),
                    Map.entry("CONTAINER_NAME", "frontend/PLAINTEXT"));
            assertThat(p.serviceRole()).isEqualTo(role.attributes().get("arn"));
            assertThat(p.logsConfig().cloudWatchLogs().groupName()).isEqualTo("/cairn/" + f.stack() + "/build");
            assertThat(p.logsConfig().cloudWatchLogs().statusAsString()).isEqualTo("ENABLED");
            assertThat(p.timeoutInMinutes()).isEqualTo(20);
            assertThat(ProjectHandler.fromTags(p.tags())).containsEntry(Tags.STACK, f.stack()).containsEntry(Tags.ADDRESS, "pipeline.build-project");
            assertThat(project.physicalId()).isEqualTo(name);
            assertThat(project.attributes()).containsEntry("arn", p.arn());
            assertThat(p.arn()).endsWith(":project/" + name);
            assertThat(f.h().read(f.ctx(), project)).map(LiveResource::attributes).contains(project.attributes());
            assertThat(Specs.ours(f.h().find(f.ctx(), spec))).map(LiveResource::physicalId).contains(name);
            // The composed scan asks IAM too (roles under the stack's path): it needs a backend that serves IAM.
            if (backend.serves("iam")) {
                assertThat(AwsHandlers.scanner(f.clients()).scan(f.stack(), Set.of(REGION)))
                        .filteredOn(t -> t.resourceType().equals("codebuild:project")).singleElement().satisfies(t -> {
                            assertThat(t.physicalId()).isEqualTo(name);
                            assertThat(t.kind()).isEqualTo(CodeBuildKinds.PROJECT);
                        });
            }

            ResolvedSpec changed = f.spec(name, role, logs, Map.of("computeType", "BUILD_GENERAL1_MEDIUM", "privileged", "false",
                    "environment", "IMAGE_REPO_NAME=web", "timeoutMinutes", "30"));
            assertThat(f.h().update(f.ctx(), changed, project, Set.of("computeType", "privileged", "environment", "timeoutMinutes"))
                    .outcome()).isEqualTo(Poll.Outcome.DONE);
            Project after = f.project(name);
            assertThat(after.environment().computeTypeAsString()).isEqualTo("BUILD_GENERAL1_MEDIUM");
            assertThat(after.environment().privilegedMode()).isFalse();
            assertThat(variables(after)).containsExactly(Map.entry("IMAGE_REPO_NAME", "web/PLAINTEXT"));
            assertThat(after.timeoutInMinutes()).isEqualTo(30);
            // Converged: nothing left to change, nothing said.
            f.said().clear();
            f.h().update(f.ctx(), changed, project, Set.of("computeType", "privileged", "environment", "timeoutMinutes"));
            assertThat(f.said()).isEmpty();

            assertThat(Specs.poll(() -> f.h().delete(f.ctx(), project), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(Specs.poll(() -> f.h().awaitGone(f.ctx(), project), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(f.h().read(f.ctx(), project)).isEmpty();
            assertThat(f.h().find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);
            if (backend.serves("iam")) {
                assertThat(AwsHandlers.scanner(f.clients()).scan(f.stack(), Set.of(REGION)))
                        .extracting(TaggedResource::physicalId).doesNotContain(name);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void project_create_withARoleCodeBuildMayNotAssume_isRetriedAsIamPropagation(AwsBackend backend) throws Exception {
        with(backend, f -> {
            assumeTrue(backend.followsAwsDependencyRules() && backend.serves("iam"),
                    backend.name() + " does not check a service role's trust policy");
            ResourceRecord role = f.role("ecs-tasks.amazonaws.com");
            ResolvedSpec spec = f.spec(f.stack() + "-build", role, f.logGroup(), Map.of());

            assertThatThrownBy(() -> f.h().create(f.ctx(), spec, "t"))
                    .isInstanceOfSatisfying(RetryableException.class, e -> {
                        assertThat(e.awsCode()).isEqualTo("InvalidInputException");
                        assertThat(e.said().english()).contains("IAM propagation").contains("sts:AssumeRole");
                    });
            assertThat(CodeBuildKinds.PROJECT.timeouts().retryWindows()).containsEntry("InvalidInputException", IamKinds.PROPAGATION_WINDOW);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void project_findAndDelete_ofOneMadeAsTheBackendWantsIt_ownsTaggedAndRefusesStrangers(AwsBackend backend) throws Exception {
        with(backend, f -> {
            ResourceRecord role = f.role("codebuild.amazonaws.com");
            ResourceRecord logs = f.logGroup();
            String ours = f.stack() + "-build";
            String strangers = f.stack() + "-other";
            ResolvedSpec spec = f.spec(ours, role, logs, Map.of());
            for (String name : List.of(ours, strangers)) {
                f.cb().createProject(r -> r.name(name)
                        .source(s -> s.type("CODEPIPELINE").location("ignored"))
                        .artifacts(a -> a.type("CODEPIPELINE").location("ignored"))
                        .environment(ProjectHandler.environment(spec))
                        .serviceRole(role.attributes().get("arn"))
                        .tags(name.equals(ours) ? spec.tags().entrySet().stream().map(e -> software.amazon.awssdk.services.codebuild.model.Tag
                                .builder().key(e.getKey()).value(e.getValue()).build()).toList() : List.of()));
            }

            Found found = f.h().find(f.ctx(), spec);
            assertThat(found).isInstanceOf(Found.Ours.class);
            assertThat(f.h().find(f.ctx().withCreatePending(), f.spec(strangers, role, logs, Map.of())))
                    .isInstanceOfSatisfying(Found.Taken.class, t -> assertThat(t.what()).contains(strangers).contains("without"));

            ResourceRecord record = Specs.record(spec, ((Found.Ours) found).resource());
            assertThat(Specs.poll(() -> f.h().delete(f.ctx(), record), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(Specs.poll(() -> f.h().awaitGone(f.ctx(), record), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(ProjectHandler.get(f.cb(), ours)).isEmpty();
            assertThat(ProjectHandler.get(f.cb(), strangers)).isPresent();
            // A delete repeated after a crash finds nothing to do.
            assertThat(f.h().delete(f.ctx(), record).outcome()).isEqualTo(Poll.Outcome.DONE);
        });
    }

    @Test
    void variables_arePlainTextKeyValuePairs_andAnEntryWithoutEqualsIsRefused() {
        assertThat(ProjectHandler.variables("A=1; B = x=y ;;")).extracting(v -> v.name() + "=" + v.value() + ":" + v.typeAsString())
                .containsExactly("A=1:PLAINTEXT", "B= x=y :PLAINTEXT");
        assertThat(ProjectHandler.variables("")).isEmpty();
        assertThatThrownBy(() -> ProjectHandler.variables("A=1;B")).hasMessageContaining("'B' is not KEY=VALUE");
    }
}
