package dev.cairn.aws.iam;

import dev.cairn.aws.AwsErrors;
import dev.cairn.aws.AwsClients;
import dev.cairn.aws.Settled;
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
import dev.cairn.model.kinds.IamKinds;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * The ECS container instances' instance profile, holding the role its {@code role} ref names.
 * Found by name (GetInstanceProfile), owned by its tags (given in CreateInstanceProfile, so never
 * missing on a profile Cairn made). The create is CreateInstanceProfile, then AddRoleToInstanceProfile
 * journaled on its own; {@link #awaitReady} adds the role when a killed run did not. The delete
 * removes whatever role the profile holds (read from IAM, so a profile found only by the tag scan
 * is deleted just as well), then DeleteInstanceProfile.
 */
public final class InstanceProfileHandler implements ResourceHandler {

    /** IAM's answer when a profile already holds its one role. */
    static final String LIMIT_EXCEEDED = "LimitExceeded";

    private final AwsClients clients;

    public InstanceProfileHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public ResourceKind kind() {
        return IamKinds.INSTANCE_PROFILE;
    }

    /** As a role's (see {@link RoleHandler#find}): the run's one ListInstanceProfiles of the path first. */
    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        IamClient iam = clients.iam();
        String name = RoleHandler.required(spec, "name");
        String path = RoleHandler.path(spec);
        if (!Iam.ROOT_PATH.equals(path) && !ctx.snapshot(Iam.PROFILES_SNAPSHOT + path, () -> Iam.profileNamesUnder(iam, path))
                .contains(Iam.nameKey(name))) {
            return Found.absent();
        }
        Optional<InstanceProfile> profile = get(iam, name);
        if (profile.isEmpty()) {
            return Found.absent();
        }
        Map<String, String> tags = Iam.fromTags(profile.get().tags());
        if (ctx.stack().equals(tags.get(Tags.STACK)) && spec.address().value().equals(tags.get(Tags.ADDRESS))) {
            return Found.ours(live(profile.get()));
        }
        return Found.taken(taken(profile.get()));
    }

    /** A profile of the name that is not this address's, in words. */
    private static String taken(InstanceProfile profile) {
        Map<String, String> tags = Iam.fromTags(profile.tags());
        String stack = tags.get(Tags.STACK);
        return "IAM instance profile " + profile.instanceProfileName() + " (" + profile.arn() + ") already exists in this account"
                + (stack == null ? " without Cairn's tags" : " and belongs to Cairn stack " + stack + " ("
                        + tags.getOrDefault(Tags.ADDRESS, "?") + ")");
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        IamClient iam = clients.iam();
        String name = RoleHandler.required(spec, "name");
        String role = spec.refId("role");
        ctx.say("profile.creating", name, role);
        InstanceProfile profile;
        try {
            profile = iam.createInstanceProfile(r -> r.instanceProfileName(name).path(RoleHandler.path(spec))
                    .tags(Iam.toTags(spec.tags()))).instanceProfile();
        } catch (AwsServiceException e) {
            if (!Iam.ENTITY_EXISTS.equals(AwsErrors.code(e))) {
                throw e;
            }
            // As for roles: one of the name with this address's tags is what an SDK retry of this
            // call made; any other is a stranger's, under another path.
            InstanceProfile existing = get(iam, name).orElseThrow(() -> e);
            if (!RoleHandler.ours(ctx, spec, existing.tags())) {
                throw new IllegalStateException(taken(existing)
                        + ". Cairn did not create it, so it neither adopts nor deletes it; free the name or choose another.", e);
            }
            // A profile from an SDK retry: awaitReady reads what it holds.
            return live(existing);
        }
        try {
            addRole(ctx, iam, name, role);
        } catch (RetryableException e) {
            // The new profile not visible yet: awaitReady adds the role.
            return live(profile);
        }
        // A new profile holds nothing, so AddRoleToInstanceProfile's success is the whole answer.
        return Settled.mark(live(profile));
    }

    /** Visible and holding its role. */
    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        Optional<Poll> settled = Settled.done(resource);
        if (settled.isPresent()) {
            return settled.get();
        }
        IamClient iam = clients.iam();
        String name = resource.physicalId();
        Optional<InstanceProfile> profile = get(iam, name);
        if (profile.isEmpty()) {
            return Poll.pending(Message.of("aws.notVisible", kind(), name));
        }
        String role = spec.refId("role");
        if (profile.get().roles().stream().noneMatch(r -> r.roleName().equals(role))) {
            if (!profile.get().roles().isEmpty()) {
                // A profile holds one role; another's was put there behind Cairn's back.
                return Poll.failed(Message.of("profile.holdsOther", name, profile.get().roles().get(0).roleName(), role));
            }
            try {
                addRole(ctx, iam, name, role);
            } catch (RetryableException e) {
                return Poll.pending(e.said());
            }
            return Poll.pending(Message.of("profile.addingRole", name, role));
        }
        return Poll.done(live(profile.get()));
    }

    /** Only the user's tags change in place (name, path and role replace it). */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.remove(TAGS);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        IamClient iam = clients.iam();
        String name = current.physicalId();
        InstanceProfile profile = get(iam, name)
                .orElseThrow(() -> new IllegalStateException("IAM instance profile " + name + " is gone; plan again to create it"));
        Map<String, String> have = Iam.fromTags(profile.tags());
        if (!have.equals(spec.tags())) {
            var gone = have.keySet().stream().filter(k -> !spec.tags().containsKey(k) && !Tags.isCairns(k)).toList();
            if (!gone.isEmpty()) {
                ctx.mutating("UntagInstanceProfile", () -> iam.untagInstanceProfile(r -> r.instanceProfileName(name).tagKeys(gone)));
            }
            ctx.mutating("TagInstanceProfile", () -> iam.tagInstanceProfile(r -> r.instanceProfileName(name).tags(Iam.toTags(spec.tags()))));
        }
        return Poll.done(live(get(iam, name).orElse(profile)));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return get(clients.iam(), record.physicalId()).map(InstanceProfileHandler::live);
    }

    /** Its role removed (whatever IAM says it holds), then DeleteInstanceProfile. */
    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        IamClient iam = clients.iam();
        String name = record.physicalId();
        Optional<InstanceProfile> profile = get(iam, name);
        if (profile.isEmpty()) {
            return Poll.done();
        }
        for (Role role : profile.get().roles()) {
            ctx.say("role.leavingProfile", role.roleName(), name);
            Iam.ignoringMissing(() -> ctx.mutating("RemoveRoleFromInstanceProfile",
                    () -> iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(name).roleName(role.roleName()))));
        }
        try {
            iam.deleteInstanceProfile(r -> r.instanceProfileName(name));
        } catch (AwsServiceException e) {
            String code = AwsErrors.code(e);
            if (Iam.NO_SUCH_ENTITY.equals(code)) {
                return Poll.done();
            }
            if (Iam.DELETE_CONFLICT.equals(code)) {
                // A role added meanwhile: the next step removes it.
                return Poll.pending(Message.of("profile.holdsRole", name));
            }
            throw e;
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return get(clients.iam(), record.physicalId())
                .map(p -> Poll.pending(Message.of("aws.stillExists", kind(), record.physicalId())))
                .orElseGet(Poll::done);
    }

    /**
     * AddRoleToInstanceProfile; a role not visible yet (just created) is retried. A profile that
     * already holds a role ({@code LimitExceeded}) holds the one an earlier attempt added.
     */
    private static void addRole(HandlerContext ctx, IamClient iam, String profile, String role) {
        try {
            ctx.mutating("AddRoleToInstanceProfile", () -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName(profile).roleName(role)));
        } catch (AwsServiceException e) {
            String code = AwsErrors.code(e);
            if (Iam.NO_SUCH_ENTITY.equals(code)) {
                throw new RetryableException(code, Message.of("aws.notVisible", IamKinds.ROLE, role), e);
            }
            if (!LIMIT_EXCEEDED.equals(code)) {
                throw e;
            }
        }
    }

    static Optional<InstanceProfile> get(IamClient iam, String name) {
        return Iam.unlessMissing(() -> iam.getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile());
    }

    private static LiveResource live(InstanceProfile p) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("arn", p.arn());
        return new LiveResource(p.instanceProfileName(), a, "");
    }
}
