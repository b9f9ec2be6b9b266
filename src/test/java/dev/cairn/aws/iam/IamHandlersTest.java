package dev.cairn.aws.iam;

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
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.IamKinds;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.SharedSnapshots;
import dev.cairn.testing.Specs;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * The IAM role and instance profile handlers and the IAM scanner through the real SDK, against each
 * backend that serves IAM: a role created under the stack's path with its trust policy, managed
 * and inline policies (pseudo parameters replaced), read back as created, changed in place, found
 * again by name and tags (and taken when a stranger holds the name), deleted with whatever holds
 * it (managed and inline policies, an instance profile), and found by the scan while it exists.
 */
class IamHandlersTest {

    private static final String REGION = "ap-northeast-2";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);
    static final String TASK_EXECUTION = "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
    static final String CODEDEPLOY_FOR_ECS = "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS";
    static final String INLINE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\","
            + "\"logs:PutLogEvents\"],\"Resource\":\"arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/cairn/*\"}]}";

    record Fixture(AwsClients clients, ResourceHandler roles, ResourceHandler profiles, String stack, HandlerContext ctx,
            List<String> said) {
        IamClient iam() {
            return clients.iam();
        }

        String path() {
            return "/cairn/" + stack + "/";
        }

        ResolvedSpec role(String name, String address, Map<String, String> overrides) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("name", name);
            p.put("path", path());
            p.put("trustService", "ecs-tasks.amazonaws.com");
            p.put("managedPolicies", TASK_EXECUTION);
            p.put("inlinePolicy", INLINE);
            p.put("description", "Cairn test role");
            p.putAll(overrides);
            return Specs.resolved(stack, REGION, IamKinds.ROLE, address, p, Map.of());
        }

        ResolvedSpec profile(String name, ResourceRecord role) {
            return Specs.resolved(stack, REGION, IamKinds.INSTANCE_PROFILE, "pipeline.instance-profile",
                    Map.of("name", name, "path", path()), Map.of("role", role));
        }

        ResourceRecord apply(ResourceHandler h, ResolvedSpec spec) {
            LiveResource created = h.create(ctx, spec, UUID.randomUUID().toString());
            Poll ready = Specs.poll(() -> h.awaitReady(ctx, spec, created), TIMEOUT, POLL);
            assertThat(ready.outcome()).as("%s", ready.message()).isEqualTo(Poll.Outcome.DONE);
            return Specs.record(spec, ready.resource());
        }

        void destroy(ResourceHandler h, ResourceRecord record) {
            assertThat(Specs.poll(() -> h.delete(ctx, record), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(Specs.poll(() -> h.awaitGone(ctx, record), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
        }

        List<TaggedResource> scan() {
            return new IamScanner(clients).scan(stack, Set.of(REGION));
        }
    }

    interface Body {
        void run(Fixture f) throws Exception;
    }

    private static void with(AwsBackend backend, Body body) throws Exception {
        assumeTrue(backend.serves("iam"), backend.name() + " does not serve IAM");
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            String stack = "t" + UUID.randomUUID().toString().substring(0, 8);
            List<String> said = new CopyOnWriteArrayList<>();
            var handlers = AwsHandlers.forClients(clients);
            body.run(new Fixture(clients, handlers.get(IamKinds.ROLE), handlers.get(IamKinds.INSTANCE_PROFILE), stack,
                    Specs.context(stack, said), said));
        }
    }

    private static String inline(IamClient iam, String role) {
        return iam.getRolePolicy(r -> r.roleName(role).policyName(Iam.INLINE_POLICY_NAME)).policyDocument();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void role_createReadUpdateDelete_followsTheSpecAndIsGoneAfter(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = f.stack() + "-task-execution";
            ResolvedSpec spec = f.role(name, "pipeline.role[task-execution]", Map.of());
            assertThat(f.roles().find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);

            ResourceRecord role = f.apply(f.roles(), spec);

            Role r = f.iam().getRole(b -> b.roleName(name)).role();
            assertThat(r.path()).isEqualTo(f.path());
            assertThat(r.description()).isEqualTo("Cairn test role");
            assertThat(Iam.fromTags(r.tags())).containsEntry(Tags.STACK, f.stack()).containsEntry(Tags.ADDRESS, "pipeline.role[task-execution]");
            assertThat(Iam.parse(r.assumeRolePolicyDocument()).toString()).contains("ecs-tasks.amazonaws.com").contains("sts:AssumeRole");
            assertThat(RoleHandler.attached(f.iam(), name))
                    .containsExactly("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
            // The pseudo parameters are the run's partition, the resource's region and the context's account.
            assertThat(Iam.samePolicy(inline(f.iam(), name), INLINE.replace("${AWS::Partition}", "aws")
                    .replace("${AWS::Region}", REGION).replace("${AWS::AccountId}", f.ctx().account()))).isTrue();
            assertThat(role.physicalId()).isEqualTo(name);
            assertThat(role.attributes()).containsEntry("arn", r.arn()).containsEntry("roleId", r.roleId())
                    .containsEntry("path", f.path());
            assertThat(f.roles().read(f.ctx(), role)).map(LiveResource::attributes).contains(role.attributes());
            assertThat(Specs.ours(f.roles().find(f.ctx(), spec))).map(LiveResource::physicalId).contains(name);
            assertThat(f.scan()).singleElement().satisfies(t -> {
                assertThat(t.physicalId()).isEqualTo(name);
                assertThat(t.kind()).isEqualTo(IamKinds.ROLE);
                assertThat(t.address()).isEqualTo("pipeline.role[task-execution]");
            });

            ResolvedSpec changed = f.role(name, "pipeline.role[task-execution]", Map.of(
                    "trustService", "ecs-tasks.amazonaws.com,codedeploy.amazonaws.com",
                    "managedPolicies", CODEDEPLOY_FOR_ECS,
                    "inlinePolicy", "",
                    "description", "changed"));
            Poll updated = f.roles().update(f.ctx(), changed, role, Set.of("trustService", "managedPolicies", "inlinePolicy", "description"));
            assertThat(updated.outcome()).isEqualTo(Poll.Outcome.DONE);
            Role after = f.iam().getRole(b -> b.roleName(name)).role();
            assertThat(Iam.samePolicy(after.assumeRolePolicyDocument(), Iam.trustPolicy("ecs-tasks.amazonaws.com,codedeploy.amazonaws.com")))
                    .isTrue();
            assertThat(after.description()).isEqualTo("changed");
            assertThat(RoleHandler.attached(f.iam(), name)).containsExactly(CODEDEPLOY_FOR_ECS);
            assertThat(RoleHandler.inline(f.iam(), name)).isEmpty();
            // Converged: a second update finds nothing to do and calls nothing that mutates.
            f.said().clear();
            f.roles().update(f.ctx(), changed, role, Set.of("trustService", "managedPolicies", "inlinePolicy", "description"));
            assertThat(f.said()).isEmpty();

            f.destroy(f.roles(), role);
            assertThat(f.roles().read(f.ctx(), role)).isEmpty();
            assertThat(f.roles().find(f.ctx(), spec)).isInstanceOf(Found.Absent.class);
            assertThat(f.scan()).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void role_find_afterACreateKilledBeforeItsPolicies_adoptsItAndReadyAddsThem(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = f.stack() + "-codebuild";
            ResolvedSpec spec = f.role(name, "pipeline.role[codebuild]", Map.of("trustService", "codebuild.amazonaws.com"));
            // What a run killed right after CreateRole leaves: the role with its tags, no policies.
            f.iam().createRole(r -> r.roleName(name).path(f.path()).assumeRolePolicyDocument(Iam.trustPolicy("codebuild.amazonaws.com"))
                    .tags(Iam.toTags(spec.tags())));

            Found found = f.roles().find(f.ctx().withCreatePending(), spec);
            assertThat(found).isInstanceOf(Found.Ours.class);
            LiveResource live = ((Found.Ours) found).resource();
            Poll ready = Specs.poll(() -> f.roles().awaitReady(f.ctx(), spec, live), TIMEOUT, POLL);

            assertThat(ready.outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(RoleHandler.attached(f.iam(), name)).hasSize(1);
            assertThat(RoleHandler.inline(f.iam(), name)).containsExactly(Iam.INLINE_POLICY_NAME);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void role_find_ofAStrangersRoleOfTheName_isTakenEvenWhileACreateIsPending(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String untagged = f.stack() + "-codepipeline";
            f.iam().createRole(r -> r.roleName(untagged).path(f.path()).assumeRolePolicyDocument(Iam.trustPolicy("codepipeline.amazonaws.com")));
            String otherStacks = f.stack() + "-codedeploy";
            f.iam().createRole(r -> r.roleName(otherStacks).path("/cairn/other/").assumeRolePolicyDocument(Iam.trustPolicy("codedeploy.amazonaws.com"))
                    .tags(Iam.toTags(Tags.forResource("other", Address.parse("pipeline.role[codedeploy]"), Map.of()))));

            // CreateRole carries the tags: an untagged role is never one Cairn's create made.
            assertThat(f.roles().find(f.ctx().withCreatePending(), f.role(untagged, "pipeline.role[codepipeline]", Map.of())))
                    .isInstanceOfSatisfying(Found.Taken.class, t -> assertThat(t.what()).contains(untagged).contains("without"));
            // Under another stack's path the find's listing of this stack's path does not show it
            // (a backend that ignores PathPrefix does, and then it is taken); either way the create
            // meets it and refuses it in the same words, never adopting it.
            ResolvedSpec theirs = f.role(otherStacks, "pipeline.role[codedeploy]", Map.of());
            assertThat(f.roles().find(f.ctx(), theirs)).isNotInstanceOf(Found.Ours.class);
            assertThatThrownBy(() -> f.roles().create(f.ctx(), theirs, UUID.randomUUID().toString()))
                    .hasMessageContaining("stack other").hasMessageContaining("neither adopts nor deletes");
            // Neither is this stack's: the scan under its path reports nothing.
            assertThat(f.scan()).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void role_find_fromTheRunsSnapshot_listsThePathOnce_andStillTellsOursAbsentAndTaken(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String mine = f.stack() + "-codebuild";
            ResolvedSpec mineSpec = f.role(mine, "pipeline.role[codebuild]", Map.of("trustService", "codebuild.amazonaws.com"));
            f.apply(f.roles(), mineSpec);
            String untagged = f.stack() + "-codepipeline";
            f.iam().createRole(r -> r.roleName(untagged).path(f.path()).assumeRolePolicyDocument(Iam.trustPolicy("codepipeline.amazonaws.com")));
            SharedSnapshots run = new SharedSnapshots();
            HandlerContext ctx = f.ctx().withSnapshots(run);

            long before = f.clients().apiCalls();
            Found absent = f.roles().find(ctx, f.role(f.stack() + "-task-execution", "pipeline.role[task-execution]", Map.of()));
            Found absentToo = f.roles().find(ctx, f.role(f.stack() + "-task", "pipeline.role[task]", Map.of()));
            long forTwoAbsent = f.clients().apiCalls() - before;
            Found ours = f.roles().find(ctx, mineSpec);
            Found taken = f.roles().find(ctx.withCreatePending(), f.role(untagged, "pipeline.role[codepipeline]", Map.of()));

            assertThat(absent).isInstanceOf(Found.Absent.class);
            assertThat(absentToo).isInstanceOf(Found.Absent.class);
            // One ListRoles (one page) answers both: neither role costs a call of its own.
            assertThat(forTwoAbsent).isEqualTo(1);
            assertThat(run.loads(Iam.ROLES_SNAPSHOT + f.path())).isEqualTo(1);
            assertThat(ours).isInstanceOf(Found.Ours.class);
            // An untagged role of the name is a stranger's even while a create is pending (CreateRole tags).
            assertThat(taken).isInstanceOfSatisfying(Found.Taken.class, t -> assertThat(t.what()).contains(untagged).contains("without"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void role_create_ofANewRole_isReadyWithoutAPoll_butAnAdoptedOneIsRead(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = f.stack() + "-codebuild";
            ResolvedSpec spec = f.role(name, "pipeline.role[codebuild]", Map.of("trustService", "codebuild.amazonaws.com"));
            LiveResource created = f.roles().create(f.ctx(), spec, "t");
            long before = f.clients().apiCalls();
            Poll ready = f.roles().awaitReady(f.ctx(), spec, created);

            assertThat(ready.outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(f.clients().apiCalls() - before).as("calls of the ready poll after a whole create").isZero();
            assertThat(RoleHandler.attached(f.iam(), name)).hasSize(1);
            assertThat(RoleHandler.inline(f.iam(), name)).containsExactly(Iam.INLINE_POLICY_NAME);
            // The journal's record of it (a resumed run): no mark, so it is read and converged.
            LiveResource resumed = new LiveResource(name, created.attributes(), "");
            f.iam().deleteRolePolicy(r -> r.roleName(name).policyName(Iam.INLINE_POLICY_NAME));
            assertThat(Specs.poll(() -> f.roles().awaitReady(f.ctx(), spec, resumed), TIMEOUT, POLL).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(RoleHandler.inline(f.iam(), name)).containsExactly(Iam.INLINE_POLICY_NAME);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void profile_find_fromTheRunsSnapshot_listsThePathOnce(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = f.stack() + "-ecs-instance";
            ResourceRecord role = f.apply(f.roles(), f.role(name, "pipeline.role[ecs-instance]", Map.of("trustService", "ec2.amazonaws.com")));
            SharedSnapshots run = new SharedSnapshots();
            HandlerContext ctx = f.ctx().withSnapshots(run);
            assertThat(f.profiles().find(ctx, f.profile(name, role))).isInstanceOf(Found.Absent.class);
            LiveResource created = f.profiles().create(f.ctx(), f.profile(name, role), "t");
            long before = f.clients().apiCalls();
            assertThat(f.profiles().awaitReady(f.ctx(), f.profile(name, role), created).outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(f.clients().apiCalls() - before).isZero();
            assertThat(f.iam().getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile().roles())
                    .extracting(Role::roleName).containsExactly(name);
            // A later find in the same run shares the listing taken before the create (what the
            // engine never asks: it gives a find after a delete no snapshot); a new run sees it.
            assertThat(run.loads(Iam.PROFILES_SNAPSHOT + f.path())).isEqualTo(1);
            assertThat(f.profiles().find(f.ctx().withSnapshots(new SharedSnapshots()), f.profile(name, role)))
                    .isInstanceOf(Found.Ours.class);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void role_delete_withAttachedInlinePoliciesAndAProfile_removesThemFirst(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = f.stack() + "-ecs-instance";
            ResourceRecord role = f.apply(f.roles(), f.role(name, "pipeline.role[ecs-instance]", Map.of(
                    "trustService", "ec2.amazonaws.com")));
            ResourceRecord profile = f.apply(f.profiles(), f.profile(name, role));
            assertThat(f.iam().getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile().roles())
                    .extracting(Role::roleName).containsExactly(name);
            // Someone adds a second inline policy and another managed one by hand.
            f.iam().putRolePolicy(r -> r.roleName(name).policyName("by-hand").policyDocument(INLINE.replace("${AWS::Partition}", "aws")
                    .replace("${AWS::Region}", REGION).replace("${AWS::AccountId}", "123456789012")));
            f.iam().attachRolePolicy(r -> r.roleName(name).policyArn(CODEDEPLOY_FOR_ECS));
            if (backend.followsAwsDependencyRules()) {
                // moto deletes a role that still has policies; AWS and the Sandbox refuse.
                assertThatThrownBy(() -> f.iam().deleteRole(r -> r.roleName(name))).isInstanceOf(software.amazon.awssdk.services.iam.model.DeleteConflictException.class);
            }

            f.destroy(f.roles(), role);

            assertThat(f.iam().getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile().roles()).isEmpty();
            assertThat(f.said()).anyMatch(s -> s.contains("2 managed policies detached and 2 inline policies deleted"));
            assertThat(f.scan()).extracting(TaggedResource::resourceType).containsExactly("iam:instance-profile");

            f.destroy(f.profiles(), profile);
            assertThat(f.profiles().read(f.ctx(), profile)).isEmpty();
            assertThat(f.scan()).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void profile_foundOnlyByTheScan_isDeletedWithItsRole(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = f.stack() + "-ecs-instance";
            ResourceRecord role = f.apply(f.roles(), f.role(name, "pipeline.role[ecs-instance]", Map.of("trustService", "ec2.amazonaws.com")));
            ResourceRecord profile = f.apply(f.profiles(), f.profile(name, role));
            assertThat(profile.attributes().get("arn")).endsWith(":instance-profile" + f.path() + name);
            assertThat(f.profiles().find(f.ctx(), f.profile(name, role))).isInstanceOf(Found.Ours.class);

            // What the engine builds for a resource state lost: the scan's word, ID and address, no props or refs.
            List<TaggedResource> found = f.scan();
            assertThat(found).extracting(TaggedResource::resourceType).containsExactlyInAnyOrder("iam:role", "iam:instance-profile");
            TaggedResource orphan = found.stream().filter(t -> t.kind() == IamKinds.INSTANCE_PROFILE).findFirst().orElseThrow();
            ResourceRecord lost = new ResourceRecord(new ResourceSpec(Address.parse(orphan.address()), IamKinds.INSTANCE_PROFILE,
                    orphan.region(), Map.of(), Map.of(), Set.of()), orphan.physicalId(), Map.of(), ItemStatus.READY, Instant.now());
            f.destroy(f.profiles(), lost);
            TaggedResource orphanRole = f.scan().stream().filter(t -> t.kind() == IamKinds.ROLE).findFirst().orElseThrow();
            f.destroy(f.roles(), new ResourceRecord(new ResourceSpec(Address.parse(orphanRole.address()), IamKinds.ROLE,
                    orphanRole.region(), Map.of(), Map.of(), Set.of()), orphanRole.physicalId(), Map.of(), ItemStatus.READY, Instant.now()));

            assertThat(f.scan()).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void profile_create_beforeItsRoleIsVisible_isRetriedNotFailed(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = f.stack() + "-ecs-instance";
            ResolvedSpec spec = f.role(name, "pipeline.role[ecs-instance]", Map.of());
            // A role record whose role does not exist (yet): AddRoleToInstanceProfile says NoSuchEntity.
            ResourceRecord ghost = Specs.record(spec, new LiveResource(name, Map.of(), ""));
            ResolvedSpec profileSpec = f.profile(name, ghost);
            LiveResource created = f.profiles().create(f.ctx(), profileSpec, "t");
            Poll waiting = f.profiles().awaitReady(f.ctx(), profileSpec, created);

            assertThat(waiting.outcome()).isEqualTo(Poll.Outcome.PENDING);
            assertThat(waiting.message().english()).contains(name).contains("not visible yet");
            // Once the role exists, the next poll adds it.
            f.apply(f.roles(), spec);
            assertThat(Specs.poll(() -> f.profiles().awaitReady(f.ctx(), profileSpec, created), TIMEOUT, POLL).outcome())
                    .isEqualTo(Poll.Outcome.DONE);
            assertThat(f.iam().getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile().roles())
                    .extracting(Role::roleName).containsExactly(name);
        });
    }
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void role_create_whenARetryOfTheCallAlreadyMadeIt_takesThatRole_butNeverAStrangers(AwsBackend backend) throws Exception {
        with(backend, f -> {
            String name = f.stack() + "-codebuild";
            ResolvedSpec spec = f.role(name, "pipeline.role[codebuild]", Map.of("trustService", "codebuild.amazonaws.com"));
            // What the SDK's first attempt made before its answer was lost: the role with this address's tags.
            f.iam().createRole(r -> r.roleName(name).path(f.path()).assumeRolePolicyDocument(Iam.trustPolicy("codebuild.amazonaws.com"))
                    .tags(Iam.toTags(spec.tags())));

            assertThat(f.roles().create(f.ctx(), spec, "t").physicalId()).isEqualTo(name);
            assertThat(RoleHandler.inline(f.iam(), name)).containsExactly(Iam.INLINE_POLICY_NAME);

            String strangers = f.stack() + "-other";
            f.iam().createRole(r -> r.roleName(strangers).assumeRolePolicyDocument(Iam.trustPolicy("codebuild.amazonaws.com")));
            assertThatThrownBy(() -> f.roles().create(f.ctx(), f.role(strangers, "pipeline.role[other]", Map.of()), "t"))
                    .hasMessageContaining(strangers).hasMessageContaining("without Cairn's tags");
            assertThat(RoleHandler.inline(f.iam(), strangers)).isEmpty();
        });
    }
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void scan_atAnEndpointWithoutIam_findsNoRoles(AwsBackend backend) throws Exception {
        assumeTrue(!backend.serves("iam"), backend.name() + " serves IAM");
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            // ListRoles is an unknown action there (InvalidAction): no role can remain, and a teardown's scan goes on.
            assertThatThrownBy(() -> clients.iam().listRoles()).isInstanceOfSatisfying(
                    software.amazon.awssdk.services.iam.model.IamException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction"));
            assertThat(new IamScanner(clients).scan("web", Set.of(REGION))).isEmpty();
        }
    }
}
