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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * A service role under the stack's path {@code /cairn/<stack>/}. IAM names are unique per
 * account, so the role is found by its name (GetRole) and owned when its tags name this stack and
 * address; CreateRole takes the tags in the same call, so no run of Cairn ever leaves an untagged
 * role behind, and an untagged role of the name is someone else's even while an earlier create is
 * pending.
 *
 * <p>A role is more than CreateRole: its managed policies (AttachRolePolicy each) and its inline
 * policy {@code cairn} (PutRolePolicy) are further calls, each journaled. A run killed between
 * them leaves a tagged role with some policies missing; {@link #awaitReady} converges all of them
 * (each read first, written only when it differs), so the resumed run finishes the role. An update
 * converges the same way, and also detaches managed policies the spec no longer names and deletes
 * the inline policy when the spec has none.
 *
 * <p>The delete undoes what holds a role (IAM refuses with {@code DeleteConflict} otherwise): it
 * leaves every instance profile, its managed policies are detached and its inline ones deleted —
 * all of them, not only Cairn's — then DeleteRole.
 */
public final class RoleHandler implements ResourceHandler {

    private final AwsClients clients;

    public RoleHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public ResourceKind kind() {
        return IamKinds.ROLE;
    }

    /**
     * A role under a stack path is looked for in the run's one ListRoles of that path (a snapshot
     * shared by every role of the run); only a role listed there costs a GetRole, for its tags
     * (ListRoles returns none). A role of the name under another path is not listed: CreateRole
     * then meets it ({@code EntityAlreadyExists}) and the create refuses it with the words find
     * would have used, so it is never adopted either way. A role at IAM's root path is looked up
     * by name: the root path would list the whole account.
     */
    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        IamClient iam = clients.iam();
        String name = required(spec, "name");
        String path = path(spec);
        if (!Iam.ROOT_PATH.equals(path) && !ctx.snapshot(Iam.ROLES_SNAPSHOT + path, () -> Iam.roleNamesUnder(iam, path))
                .contains(Iam.nameKey(name))) {
            return Found.absent();
        }
        Optional<Role> role = get(iam, name);
        if (role.isEmpty()) {
            return Found.absent();
        }
        if (ours(ctx, spec, role.get().tags())) {
            return Found.ours(live(role.get()));
        }
        return Found.taken(taken(role.get()));
    }

    /** A role of the name that is not this address's, in words. */
    private static String taken(Role role) {
        Map<String, String> tags = Iam.fromTags(role.tags());
        String stack = tags.get(Tags.STACK);
        return "IAM role " + role.roleName() + " (" + role.arn() + ") already exists in this account"
                + (stack == null ? " without Cairn's tags" : " and belongs to Cairn stack " + stack + " ("
                        + tags.getOrDefault(Tags.ADDRESS, "?") + ")");
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        IamClient iam = clients.iam();
        String name = required(spec, "name");
        String path = path(spec);
        String description = spec.property("description");
        ctx.say("role.creating", name, path, String.join(", ", Iam.list(spec.property("trustService"))));
        // IAM takes no client token: a healed create finds the role by name and tags first (see find).
        Role role;
        boolean fresh = true;
        try {
            role = iam.createRole(r -> {
                r.roleName(name).path(path).assumeRolePolicyDocument(Iam.trustPolicy(spec.property("trustService")))
                        .tags(Iam.toTags(spec.tags()));
                if (description != null && !description.isBlank()) {
                    r.description(description);
                }
            }).role();
        } catch (AwsServiceException e) {
            if (!Iam.ENTITY_EXISTS.equals(AwsErrors.code(e))) {
                throw e;
            }
            // A role of the name that carries this address's tags is the one an SDK retry of this
            // very call made (its first attempt timed out after IAM acted); any other is a stranger's
            // (under another path, so the find's listing did not show it).
            Role existing = get(iam, name).orElseThrow(() -> e);
            if (!ours(ctx, spec, existing.tags())) {
                throw new IllegalStateException(taken(existing)
                        + ". Cairn did not create it, so it neither adopts nor deletes it; free the name or choose another.", e);
            }
            role = existing;
            fresh = false;
        }
        try {
            if (fresh) {
                // CreateRole's answer is the whole role: no policy yet, so nothing to read first.
                writePolicies(ctx, iam, spec, name);
            } else {
                convergePolicies(ctx, iam, spec, name);
            }
        } catch (RetryableException e) {
            // Not visible to the next call yet (eventual consistency): awaitReady converges the rest.
            return live(role);
        }
        return Settled.mark(live(role));
    }

    /** Visible, and every policy as the spec says (a resumed create may have stopped half-way). */
    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        Optional<Poll> settled = Settled.done(resource);
        if (settled.isPresent()) {
            return settled.get();
        }
        IamClient iam = clients.iam();
        String name = resource.physicalId();
        Optional<Role> role = get(iam, name);
        if (role.isEmpty()) {
            return Poll.pending(Message.of("aws.notVisible", kind(), name));
        }
        try {
            convergePolicies(ctx, iam, spec, name);
        } catch (RetryableException e) {
            return Poll.pending(e.said());
        }
        // The policies are calls of their own: the role GetRole answered is still the role.
        return Poll.done(live(role.get()));
    }

    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.removeAll(Set.of("trustService", "managedPolicies", "inlinePolicy", "description", TAGS));
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        IamClient iam = clients.iam();
        String name = current.physicalId();
        Role role = get(iam, name).orElseThrow(() -> new IllegalStateException("IAM role " + name + " is gone; plan again to create it"));
        if (changed.contains("trustService")) {
            String wanted = Iam.trustPolicy(spec.property("trustService"));
            if (!Iam.samePolicy(role.assumeRolePolicyDocument(), wanted)) {
                ctx.say("role.setting", name, "trust policy");
                ctx.mutating("UpdateAssumeRolePolicy", () -> iam.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(wanted)));
            }
        }
        if (changed.contains("description")) {
            String wanted = Objects.requireNonNullElse(spec.property("description"), "");
            if (!wanted.equals(Objects.requireNonNullElse(role.description(), ""))) {
                ctx.say("role.setting", name, "description");
                ctx.mutating("UpdateRole", () -> iam.updateRole(r -> r.roleName(name).description(wanted)));
            }
        }
        if (changed.contains(TAGS) && !Iam.fromTags(role.tags()).equals(spec.tags())) {
            List<String> gone = Iam.fromTags(role.tags()).keySet().stream()
                    .filter(k -> !spec.tags().containsKey(k) && !Tags.isCairns(k)).toList();
            if (!gone.isEmpty()) {
                ctx.mutating("UntagRole", () -> iam.untagRole(r -> r.roleName(name).tagKeys(gone)));
            }
            ctx.mutating("TagRole", () -> iam.tagRole(r -> r.roleName(name).tags(Iam.toTags(spec.tags()))));
        }
        if (changed.contains("managedPolicies") || changed.contains("inlinePolicy")) {
            convergePolicies(ctx, iam, spec, name);
        }
        return Poll.done(live(get(iam, name).orElse(role)));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return get(clients.iam(), record.physicalId()).map(RoleHandler::live);
    }

    /**
     * Off every instance profile, managed policies detached, inline ones deleted, then DeleteRole.
     * Each removal tolerates {@code NoSuchEntity} (a step repeated after a crash); a
     * {@code DeleteConflict} that still comes (something attached meanwhile) is retried within
     * the kind's window, the next step removing what holds it.
     */
    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        IamClient iam = clients.iam();
        String name = record.physicalId();
        if (get(iam, name).isEmpty()) {
            return Poll.done();
        }
        List<String> profiles = new ArrayList<>();
        for (InstanceProfile p : iam.listInstanceProfilesForRolePaginator(r -> r.roleName(name)).instanceProfiles()) {
            profiles.add(p.instanceProfileName());
        }
        for (String profile : profiles) {
            ctx.say("role.leavingProfile", name, profile);
            Iam.ignoringMissing(() -> ctx.mutating("RemoveRoleFromInstanceProfile",
                    () -> iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(profile).roleName(name))));
        }
        List<String> attached = attached(iam, name);
        for (String arn : attached) {
            Iam.ignoringMissing(() -> ctx.mutating("DetachRolePolicy", () -> iam.detachRolePolicy(r -> r.roleName(name).policyArn(arn))));
        }
        List<String> inline = inline(iam, name);
        for (String policy : inline) {
            Iam.ignoringMissing(() -> ctx.mutating("DeleteRolePolicy", () -> iam.deleteRolePolicy(r -> r.roleName(name).policyName(policy))));
        }
        if (!attached.isEmpty() || !inline.isEmpty()) {
            ctx.say("role.policiesRemoved", name, attached.size(), inline.size());
        }
        try {
            iam.deleteRole(r -> r.roleName(name));
        } catch (AwsServiceException e) {
            String code = AwsErrors.code(e);
            if (Iam.NO_SUCH_ENTITY.equals(code)) {
                return Poll.done();
            }
            if (Iam.DELETE_CONFLICT.equals(code)) {
                throw new RetryableException(code, Message.of("role.inUse", name, e.awsErrorDetails().errorMessage()), e);
            }
            throw e;
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return get(clients.iam(), record.physicalId())
                .map(r -> Poll.pending(Message.of("aws.stillExists", kind(), record.physicalId())))
                .orElseGet(Poll::done);
    }

    /**
     * Managed policies attached as the spec lists them (and no others), the inline policy
     * {@code cairn} as the spec writes it (deleted when the spec has none). Each read first.
     */
    private void convergePolicies(HandlerContext ctx, IamClient iam, ResolvedSpec spec, String name) {
        List<String> wanted = Iam.list(spec.property("managedPolicies")).stream()
                .map(arn -> Iam.substitute(arn, ctx, spec.region())).toList();
        List<String> have = attached(iam, name);
        for (String arn : wanted) {
            if (!have.contains(arn)) {
                ctx.say("role.attaching", name, arn);
                ctx.mutating("AttachRolePolicy", () -> iam.attachRolePolicy(r -> r.roleName(name).policyArn(arn)));
            }
        }
        for (String arn : have) {
            if (!wanted.contains(arn)) {
                ctx.say("role.detaching", name, arn);
                Iam.ignoringMissing(() -> ctx.mutating("DetachRolePolicy", () -> iam.detachRolePolicy(r -> r.roleName(name).policyArn(arn))));
            }
        }
        String inline = spec.property("inlinePolicy");
        Optional<String> current = Iam.unlessMissing(() -> iam.getRolePolicy(r -> r.roleName(name).policyName(Iam.INLINE_POLICY_NAME))
                .policyDocument());
        if (inline == null || inline.isBlank()) {
            if (current.isPresent()) {
                ctx.say("role.inlineRemoved", name, Iam.INLINE_POLICY_NAME);
                Iam.ignoringMissing(() -> ctx.mutating("DeleteRolePolicy",
                        () -> iam.deleteRolePolicy(r -> r.roleName(name).policyName(Iam.INLINE_POLICY_NAME))));
            }
            return;
        }
        String document = Iam.substitute(inline, ctx, spec.region());
        if (current.isEmpty() || !Iam.samePolicy(current.get(), document)) {
            ctx.say("role.inlinePut", name, Iam.INLINE_POLICY_NAME);
            ctx.mutating("PutRolePolicy", () -> iam.putRolePolicy(r -> r.roleName(name).policyName(Iam.INLINE_POLICY_NAME)
                    .policyDocument(document)));
        }
    }

    /** Every policy the spec names, on a role CreateRole has just made (it has none). */
    private static void writePolicies(HandlerContext ctx, IamClient iam, ResolvedSpec spec, String name) {
        for (String arn : Iam.list(spec.property("managedPolicies"))) {
            String policy = Iam.substitute(arn, ctx, spec.region());
            ctx.say("role.attaching", name, policy);
            ctx.mutating("AttachRolePolicy", () -> iam.attachRolePolicy(r -> r.roleName(name).policyArn(policy)));
        }
        String inline = spec.property("inlinePolicy");
        if (inline != null && !inline.isBlank()) {
            String document = Iam.substitute(inline, ctx, spec.region());
            ctx.say("role.inlinePut", name, Iam.INLINE_POLICY_NAME);
            ctx.mutating("PutRolePolicy", () -> iam.putRolePolicy(r -> r.roleName(name).policyName(Iam.INLINE_POLICY_NAME)
                    .policyDocument(document)));
        }
    }

    /** Whether IAM tags name this stack and the spec's address. */
    static boolean ours(HandlerContext ctx, ResolvedSpec spec, java.util.List<software.amazon.awssdk.services.iam.model.Tag> tags) {
        Map<String, String> t = Iam.fromTags(tags);
        return ctx.stack().equals(t.get(Tags.STACK)) && spec.address().value().equals(t.get(Tags.ADDRESS));
    }

    static Optional<Role> get(IamClient iam, String name) {
        return Iam.unlessMissing(() -> iam.getRole(r -> r.roleName(name)).role());
    }

    static List<String> attached(IamClient iam, String name) {
        List<String> arns = new ArrayList<>();
        for (AttachedPolicy p : iam.listAttachedRolePoliciesPaginator(r -> r.roleName(name)).attachedPolicies()) {
            arns.add(p.policyArn());
        }
        return arns;
    }

    static List<String> inline(IamClient iam, String name) {
        List<String> names = new ArrayList<>();
        iam.listRolePoliciesPaginator(r -> r.roleName(name)).policyNames().forEach(names::add);
        return names;
    }

    private static LiveResource live(Role role) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("arn", role.arn());
        a.put("roleId", role.roleId());
        a.put("path", role.path());
        return new LiveResource(role.roleName(), a, "");
    }

    /** The spec's path ({@code /cairn/<stack>/} as the step plans it); IAM's root path when it names none. */
    static String path(ResolvedSpec spec) {
        String path = spec.property("path");
        return path == null || path.isBlank() ? "/" : path;
    }

    static String required(ResolvedSpec spec, String property) {
        String value = spec.property(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(spec.address() + " has no '" + property + "' property");
        }
        return value;
    }
}
