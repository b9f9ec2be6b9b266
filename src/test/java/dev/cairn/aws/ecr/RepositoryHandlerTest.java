package dev.cairn.aws.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.cairn.model.kinds.EcrKinds;
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
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;

/**
 * The ECR repository handler through the real SDK against each backend that serves ECR: created
 * with scan on push, tag mutability, tags and the lifecycle rule of {@code keepImages}, read back
 * with its URI and image count, changed in place, found by name and tags (a stranger's repository
 * is taken), deleted with its images (saying how many) and gone, and listed by the tag scan where
 * the backend's tagging API lists ECR.
 */
class RepositoryHandlerTest {

    private static final String REGION = "ap-northeast-2";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    record Fixture(AwsClients clients, ResourceHandler h, String stack, HandlerContext ctx, List<String> said) {
        EcrClient ecr() {
            return clients.ecr(REGION);
        }

        ResolvedSpec spec(String name, Map<String, String> overrides) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("name", name);
            p.put("scanOnPush", "true");
            p.put("tagMutability", "MUTABLE");
            p.put("keepImages", "10");
            p.putAll(overrides);
            return Specs.resolved(stack, REGION, EcrKinds.REPOSITORY, "pipeline.repository", p, Map.of());
        }

        Repository repo(String name) {
            return ecr().describeRepositories(r -> r.repositoryNames(name)).repositories().get(0);
        }

        /** An image as a registry client would push it, by PutImage (a schema 2 manifest). */
        void push(String name, String tag, int n) {
            String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":" + (100 + n) + ","
                    + "\"digest\":\"sha256:" + "%064x".formatted(n) + "\"},\"layers\":[{\"mediaType\":"
                    + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + (1000 + n) + ",\"digest\":\"sha256:"
                    + "%064x".formatted(1000 + n) + "\"}]}";
            ecr().putImage(r -> r.repositoryName(name).imageTag(tag).imageManifest(manifest));
        }
    }

    interface Body {
        void run(Fixture f) throws Exception;
    }

    private static void with(AwsBackend backend, Body body) throws Exception {
        assumeTrue(backend.serves("ecr"), backend.name() + " does not serve ECR");
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            String stack = "t" + UUID.randomUUID().toString().substring(0, 8);
            List<String> said = new CopyOnWriteArrayList<>();
            body.run(new Fixture(clients, AwsHandlers.forClients(clients).get(EcrKinds.REPOSITORY), stack, Specs.context(stack, said), said));
        }
    }

    /** moto's tagging API lists no ECR repositories at all. */
    private static boolean taggingListsRepositories(AwsBackend backend) {
        return !backend.name().equals("moto");
    }

    /**
     * moto takes a manifest whose layers were never uploaded (and names an image by its layers); AWS refuses one
     * ({@code LayersNotFoundException}), and so does the Sandbox, whose images come from a build's
     * {@code docker push}.
     */
    private static boolean acceptsBareManifests(AwsBackend backend) {
        return backend.name().equals("moto");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void repository_createReadUpdateDelete_followsTheSpecAndIsGoneAfter(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = "frontend-" + f.stack();
            ResolvedSpec spec = f.spec(name, Map.of());
            assertThat(f.h().find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);

            LiveResource created = f.h().create(f.ctx(), spec, UUID.randomUUID().toString());
            Poll ready = Specs.poll(() -> f.h().awaitReady(f.ctx(), spec, created), TIMEOUT, POLL);
            assertThat(ready.outcome()).isEqualTo(Poll.Outcome.DONE);
            ResourceRecord repo = Specs.record(spec, ready.resource());

            Repository r = f.repo(name);
            assertThat(r.imageScanningConfiguration().scanOnPush()).isTrue();
            assertThat(r.imageTagMutabilityAsString()).isEqualTo("MUTABLE");
            assertThat(RepositoryHandler.tags(f.ecr(), r.repositoryArn())).containsEntry(Tags.STACK, f.stack())
                    .containsEntry(Tags.ADDRESS, "pipeline.repository");
            assertThat(JSON.readTree(RepositoryHandler.lifecycle(f.ecr(), name).orElseThrow()))
                    .isEqualTo(JSON.readTree(RepositoryHandler.lifecyclePolicy(10)));
            assertThat(JSON.readTree(RepositoryHandler.lifecyclePolicy(10)).at("/rules/0/selection/countNumber").asInt()).isEqualTo(10);
            assertThat(repo.physicalId()).isEqualTo(name);
            assertThat(repo.attributes()).containsEntry("arn", r.repositoryArn()).containsEntry("images", "0")
                    .containsEntry("uri", r.repositoryUri());
            assertThat(repo.attributes().get("uri")).endsWith(".dkr.ecr." + REGION + ".amazonaws.com/" + name);
            assertThat(f.h().read(f.ctx(), repo)).map(LiveResource::attributes).contains(repo.attributes());
            assertThat(Specs.ours(f.h().find(f.ctx(), spec))).map(LiveResource::physicalId).contains(name);
            if (taggingListsRepositories(backend)) {
                assertThat(AwsHandlers.scanner(f.clients()).scan(f.stack(), Set.of(REGION)))
                        .filteredOn(t -> t.resourceType().equals("ecr:repository")).singleElement().satisfies(t -> {
                            assertThat(t.physicalId()).isEqualTo(name);
                            assertThat(t.kind()).isEqualTo(EcrKinds.REPOSITORY);
                        });
            }

            ResolvedSpec changed = f.spec(name, Map.of("scanOnPush", "false", "tagMutability", "IMMUTABLE", "keepImages", "3"));
            assertThat(f.h().update(f.ctx(), changed, repo, Set.of("scanOnPush", "tagMutability", "keepImages")).outcome())
                    .isEqualTo(Poll.Outcome.DONE);
            Repository after = f.repo(name);
            assertThat(after.imageScanningConfiguration().scanOnPush()).isFalse();
            assertThat(after.imageTagMutabilityAsString()).isEqualTo("IMMUTABLE");
            assertThat(JSON.readTree(RepositoryHandler.lifecycle(f.ecr(), name).orElseThrow()))
                    .isEqualTo(JSON.readTree(RepositoryHandler.lifecyclePolicy(3)));
            ResolvedSpec keepAll = f.spec(name, Map.of("scanOnPush", "false", "tagMutability", "IMMUTABLE", "keepImages", ""));
            assertThat(f.h().update(f.ctx(), keepAll, repo, Set.of("keepImages")).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(RepositoryHandler.lifecycle(f.ecr(), name)).isEmpty();

            if (acceptsBareManifests(backend)) {
                f.push(name, "abc1234", 1);
                f.push(name, "def5678", 2);
                assertThat(f.h().read(f.ctx(), repo).orElseThrow().attributes()).containsEntry("images", "2");
            }
            int images = RepositoryHandler.countImages(f.ecr(), name).orElseThrow();

            assertThat(Specs.poll(() -> f.h().delete(f.ctx(), repo), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(Specs.poll(() -> f.h().awaitGone(f.ctx(), repo), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
            if (images > 0) {
                assertThat(f.said()).contains("deleting ECR repository " + name + " with the " + images + " images it holds");
            }
            assertThat(f.h().read(f.ctx(), repo)).isEmpty();
            assertThat(RepositoryHandler.countImages(f.ecr(), name)).isEmpty();
            assertThat(f.h().find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);
            if (taggingListsRepositories(backend)) {
                assertThat(AwsHandlers.scanner(f.clients()).scan(f.stack(), Set.of(REGION)))
                        .extracting(TaggedResource::physicalId).doesNotContain(name);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void repository_find_afterACreateKilledBeforeItsLifecycleRule_adoptsItAndReadySetsIt(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = "frontend-" + f.stack();
            ResolvedSpec spec = f.spec(name, Map.of("keepImages", "5"));
            f.ecr().createRepository(r -> r.repositoryName(name).tags(spec.tags().entrySet().stream()
                    .map(e -> software.amazon.awssdk.services.ecr.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));

            Found found = f.h().find(f.ctx().withCreatePending(), spec);
            assertThat(found).isInstanceOf(Found.Ours.class);
            Poll ready = Specs.poll(() -> f.h().awaitReady(f.ctx(), spec, ((Found.Ours) found).resource()), TIMEOUT, POLL);

            assertThat(ready.outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(JSON.readTree(RepositoryHandler.lifecycle(f.ecr(), name).orElseThrow()))
                    .isEqualTo(JSON.readTree(RepositoryHandler.lifecyclePolicy(5)));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void repository_find_ofAStrangersRepositoryOfTheName_isTaken(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = "frontend-" + f.stack();
            f.ecr().createRepository(r -> r.repositoryName(name));

            assertThat(f.h().find(f.ctx().withCreatePending(), f.spec(name, Map.of())))
                    .isInstanceOfSatisfying(Found.Taken.class, t -> assertThat(t.what()).contains(name).contains("without"));
        });
    }

    @Test
    void nameOfArn_keepsANameWithSlashes() {
        assertThat(RepositoryHandler.nameOfArn("arn:aws:ecr:ap-northeast-2:123456789012:repository/team/frontend"))
                .isEqualTo("team/frontend");
    }
}
