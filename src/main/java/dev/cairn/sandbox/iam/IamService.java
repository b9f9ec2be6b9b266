package dev.cairn.sandbox.iam;

import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.World;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.iam.IamStore.InstanceProfile;
import dev.cairn.sandbox.iam.IamStore.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * AWS Identity and Access Management over awsQuery ({@code Version=2010-05-08}, signing name
 * {@code iam}), a global service: one state per account whatever region signs the call. Roles
 * with their trust policies, inline policies and attached AWS managed policies
 * ({@link ManagedPolicies}), instance profiles, tags. Policy documents are checked as IAM checks
 * them ({@link PolicyDocument}) and answered URL-encoded, as IAM answers them. Exports
 * {@link IamRoles}, so the services that take a role can check it as AWS does. The tagging API does
 * not list IAM (as AWS's does not); the inventory shows roles and instance profiles.
 */
public final class IamService {
    static final String SIGNING_NAME = "iam";
    static final String VERSION = "2010-05-08";
    static final String NAMESPACE = "https://iam.amazonaws.com/doc/" + VERSION + "/";
    /** Global services' resources are listed under this region. */
    static final String GLOBAL_REGION = "us-east-1";
    /** List calls: AWS's default page and its largest {@code MaxItems}. */
    static final int DEFAULT_MAX_ITEMS = 100;
    static final int MAX_MAX_ITEMS = 1000;

    private IamService() {
    }

    /** IAM's definition. */
    public static ServiceDefinition definition() {
        return ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.QUERY)
                .apiVersion(VERSION)
                .xmlNamespace(NAMESPACE)
                .global()
                .store(IamStore.SPEC)
                .query("CreateRole", Effect.WRITES, IamService::createRole)
                .query("GetRole", Effect.READS, IamService::getRole)
                .query("DeleteRole", Effect.WRITES, IamService::deleteRole)
                .query("ListRoles", Effect.READS, IamService::listRoles)
                .query("UpdateAssumeRolePolicy", Effect.WRITES, (call, x) -> writing(call)
                        .updateTrustPolicy(call.params().get("RoleName"), call.params().get("PolicyDocument")))
                .query("UpdateRole", Effect.WRITES, (call, x) -> writing(call).update(call.params().get("RoleName"),
                        call.params().get("Description"), call.params().integer("MaxSessionDuration")))
                .query("UpdateRoleDescription", Effect.WRITES, IamService::updateRoleDescription)
                .query("TagRole", Effect.WRITES, (call, x) -> writing(call).tag(call.params().get("RoleName"),
                        call.params().tags("Tags.member")))
                .query("UntagRole", Effect.WRITES, (call, x) -> writing(call).untag(call.params().get("RoleName"),
                        call.params().list("TagKeys.member")))
                .query("ListRoleTags", Effect.READS, IamService::listRoleTags)
                .query("PutRolePolicy", Effect.WRITES, (call, x) -> writing(call).putInline(
                        call.params().get("RoleName"), call.params().get("PolicyName"), call.params().get("PolicyDocument")))
                .query("GetRolePolicy", Effect.READS, IamService::getRolePolicy)
                .query("DeleteRolePolicy", Effect.WRITES, (call, x) -> writing(call).deleteInline(
                        call.params().get("RoleName"), call.params().get("PolicyName")))
                .query("ListRolePolicies", Effect.READS, IamService::listRolePolicies)
                .query("AttachRolePolicy", Effect.WRITES, (call, x) -> writing(call).attach(
                        call.params().get("RoleName"), call.params().get("PolicyArn")))
                .query("DetachRolePolicy", Effect.WRITES, (call, x) -> writing(call).detach(
                        call.params().get("RoleName"), call.params().get("PolicyArn")))
                .query("ListAttachedRolePolicies", Effect.READS, IamService::listAttachedRolePolicies)
                .query("GetPolicy", Effect.READS, IamService::getPolicy)
                .query("GetPolicyVersion", Effect.READS, IamService::getPolicyVersion)
                .query("CreateInstanceProfile", Effect.WRITES, IamService::createInstanceProfile)
                .query("GetInstanceProfile", Effect.READS, IamService::getInstanceProfile)
                .query("DeleteInstanceProfile", Effect.WRITES, (call, x) -> profilesWriting(call)
                        .delete(call.params().get("InstanceProfileName")))
                .query("ListInstanceProfiles", Effect.READS, IamService::listInstanceProfiles)
                .query("AddRoleToInstanceProfile", Effect.WRITES, (call, x) -> profilesWriting(call).addRole(
                        call.params().get("InstanceProfileName"), call.params().get("RoleName")))
                .query("RemoveRoleFromInstanceProfile", Effect.WRITES, (call, x) -> profilesWriting(call).removeRole(
                        call.params().get("InstanceProfileName"), call.params().get("RoleName")))
                .query("ListInstanceProfilesForRole", Effect.READS, IamService::listInstanceProfilesForRole)
                .query("TagInstanceProfile", Effect.WRITES, (call, x) -> profilesWriting(call).tag(
                        call.params().get("InstanceProfileName"), call.params().tags("Tags.member")))
                .query("UntagInstanceProfile", Effect.WRITES, (call, x) -> profilesWriting(call).untag(
                        call.params().get("InstanceProfileName"), call.params().list("TagKeys.member")))
                .query("ListInstanceProfileTags", Effect.READS, IamService::listInstanceProfileTags)
                .export(IamRoles.class, IamService::exported)
                .inventory(IamService::live)
                .build();
    }

    private static Roles writing(Call call) {
        return new Roles(call.state(IamStore.class).account(call.accountId()), call.accountId(), call.world().random(),
                call.now());
    }

    /** A read's view: an account without state reads as empty and is not created. */
    private static Roles reading(Call call) {
        IamStore.Account account = call.state(IamStore.class).existing(call.accountId());
        return new Roles(account == null ? new IamStore.Account() : account, call.accountId(), call.world().random(),
                call.now());
    }

    private static InstanceProfiles profilesWriting(Call call) {
        IamStore.Account account = call.state(IamStore.class).account(call.accountId());
        return new InstanceProfiles(account, call.accountId(), writing(call), call.now());
    }

    private static InstanceProfiles profilesReading(Call call) {
        IamStore.Account existing = call.state(IamStore.class).existing(call.accountId());
        IamStore.Account account = existing == null ? new IamStore.Account() : existing;
        return new InstanceProfiles(account, call.accountId(),
                new Roles(account, call.accountId(), call.world().random(), call.now()), call.now());
    }

    // ------------------------------------------------------------------ roles

    private static void createRole(Call call, Xml x) {
        QueryParams p = call.params();
        Roles roles = writing(call);
        Role role = roles.create(p.get("RoleName"), p.get("Path"), p.get("AssumeRolePolicyDocument"),
                p.get("Description"), p.integer("MaxSessionDuration"), p.tags("Tags.member"));
        role(x, call.accountId(), role, true);
    }

    private static void getRole(Call call, Xml x) {
        role(x, call.accountId(), reading(call).role(call.params().get("RoleName")), true);
    }

    private static void deleteRole(Call call, Xml x) {
        writing(call).delete(call.params().get("RoleName"));
    }

    private static void updateRoleDescription(Call call, Xml x) {
        Roles roles = writing(call);
        String name = call.params().get("RoleName");
        roles.update(name, call.params().get("Description") == null ? "" : call.params().get("Description"), null);
        role(x, call.accountId(), roles.role(name), true);
    }

    private static void listRoles(Call call, Xml x) {
        List<Role> all = reading(call).list(call.params().get("PathPrefix"));
        page(call.params(), x, "Roles", all, r -> {
            // ListRoles leaves out tags and last use, as AWS's does.
            role(x, call.accountId(), r, false);
            return null;
        });
    }

    private static void listRoleTags(Call call, Xml x) {
        Role role = reading(call).role(call.params().get("RoleName"));
        tags(x, role.tags);
        x.el("IsTruncated", false);
    }

    private static void getRolePolicy(Call call, Xml x) {
        Roles roles = reading(call);
        String name = call.params().get("RoleName");
        String policyName = call.params().get("PolicyName");
        String document = roles.inline(name, policyName);
        x.el("RoleName", roles.role(name).name).el("PolicyName", policyName).el("PolicyDocument", encode(document));
    }

    private static void listRolePolicies(Call call, Xml x) {
        Role role = reading(call).role(call.params().get("RoleName"));
        List<String> names = new ArrayList<>(role.inlinePolicies.keySet());
        names.sort(String::compareTo);
        page(call.params(), x, "PolicyNames", names, n -> {
            x.el("member", n);
            return null;
        });
    }

    private static void listAttachedRolePolicies(Call call, Xml x) {
        Role role = reading(call).role(call.params().get("RoleName"));
        String prefix = call.params().get("PathPrefix") == null ? "/" : call.params().get("PathPrefix");
        List<ManagedPolicies.Managed> attached = new ArrayList<>();
        for (String arn : role.attachedPolicies) {
            ManagedPolicies.Managed m = ManagedPolicies.byArn(arn);
            if (m != null && m.path().startsWith(prefix)) {
                attached.add(m);
            }
        }
        page(call.params(), x, "AttachedPolicies", attached, m -> {
            x.start("member").el("PolicyName", m.name()).el("PolicyArn", m.arn()).end();
            return null;
        });
    }

    private static void getPolicy(Call call, Xml x) {
        String arn = call.params().get("PolicyArn");
        ManagedPolicies.Managed m = policy(arn);
        int attachments = reading(call).attachments(arn);
        x.start("Policy").el("PolicyName", m.name()).el("PolicyId", m.policyId()).el("Arn", m.arn())
                .el("Path", m.path()).el("DefaultVersionId", m.version()).el("AttachmentCount", attachments)
                .el("PermissionsBoundaryUsageCount", 0).el("IsAttachable", true).el("Description", m.description())
                .el("CreateDate", iso(ManagedPolicies.CREATED)).el("UpdateDate", iso(ManagedPolicies.CREATED)).end();
    }

    private static void getPolicyVersion(Call call, Xml x) {
        ManagedPolicies.Managed m = policy(call.params().get("PolicyArn"));
        String version = call.params().get("VersionId");
        if (version == null || version.isEmpty()) {
            throw Roles.missing("VersionId");
        }
        if (!version.matches("v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?")) {
            throw Roles.validation("versionId", version,
                    "Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
        }
        if (!version.equals(m.version())) {
            throw new AwsException("NoSuchEntity", "Policy " + m.arn() + " version " + version + " does not exist or "
                    + "is not attachable.", 404);
        }
        x.start("PolicyVersion").el("Document", encode(m.document())).el("VersionId", m.version())
                .el("IsDefaultVersion", true).el("CreateDate", iso(ManagedPolicies.CREATED)).end();
    }

    private static ManagedPolicies.Managed policy(String arn) {
        if (arn == null || arn.isEmpty()) {
            throw Roles.missing("PolicyArn");
        }
        if (Arn.parse(arn) == null) {
            throw new AwsException("InvalidInput", "ARN " + arn + " is not valid.");
        }
        ManagedPolicies.Managed m = ManagedPolicies.byArn(arn);
        if (m == null) {
            throw new AwsException("NoSuchEntity", "Policy " + arn + " was not found.", 404);
        }
        return m;
    }

    // ------------------------------------------------------------------ instance profiles

    private static void createInstanceProfile(Call call, Xml x) {
        InstanceProfiles profiles = profilesWriting(call);
        InstanceProfile profile = profiles.create(call.params().get("InstanceProfileName"), call.params().get("Path"),
                call.params().tags("Tags.member"));
        profile(x, call.accountId(), profiles, profile, "InstanceProfile");
    }

    private static void getInstanceProfile(Call call, Xml x) {
        InstanceProfiles profiles = profilesReading(call);
        profile(x, call.accountId(), profiles, profiles.profile(call.params().get("InstanceProfileName")),
                "InstanceProfile");
    }

    private static void listInstanceProfiles(Call call, Xml x) {
        InstanceProfiles profiles = profilesReading(call);
        page(call.params(), x, "InstanceProfiles", profiles.list(call.params().get("PathPrefix")), p -> {
            profile(x, call.accountId(), profiles, p, "member");
            return null;
        });
    }

    private static void listInstanceProfilesForRole(Call call, Xml x) {
        InstanceProfiles profiles = profilesReading(call);
        page(call.params(), x, "InstanceProfiles", profiles.forRole(call.params().get("RoleName")), p -> {
            profile(x, call.accountId(), profiles, p, "member");
            return null;
        });
    }

    private static void listInstanceProfileTags(Call call, Xml x) {
        InstanceProfile profile = profilesReading(call).profile(call.params().get("InstanceProfileName"));
        tags(x, profile.tags);
        x.el("IsTruncated", false);
    }

    // ------------------------------------------------------------------ rendering

    /** A role; {@code full} adds what GetRole has and ListRoles leaves out (tags, last use). */
    private static void role(Xml x, String accountId, Role role, boolean full) {
        x.start(full ? "Role" : "member");
        x.el("Path", role.path).el("RoleName", role.name).el("RoleId", role.id).el("Arn", Roles.arn(accountId, role))
                .el("CreateDate", iso(role.createdAt)).el("AssumeRolePolicyDocument", encode(role.trustPolicy))
                .el("Description", role.description).el("MaxSessionDuration", role.maxSessionDuration);
        if (full) {
            if (!role.tags.isEmpty()) {
                tags(x, role.tags);
            }
            x.start("RoleLastUsed").end();
        }
        x.end();
    }

    private static void profile(Xml x, String accountId, InstanceProfiles profiles, InstanceProfile profile,
                                String element) {
        x.start(element).el("Path", profile.path).el("InstanceProfileName", profile.name)
                .el("InstanceProfileId", profile.id).el("Arn", InstanceProfiles.arn(accountId, profile))
                .el("CreateDate", iso(profile.createdAt));
        x.start("Roles");
        for (Role r : profiles.rolesOf(profile)) {
            role(x, accountId, r, false);
        }
        x.end();
        if (!profile.tags.isEmpty()) {
            tags(x, profile.tags);
        }
        x.end();
    }

    private static void tags(Xml x, Map<String, String> tags) {
        x.start("Tags");
        tags.forEach((k, v) -> x.start("member").el("Key", k).el("Value", v).end());
        x.end();
    }

    /**
     * One page of a list: {@code MaxItems} (1–1000, 100 by default) from the {@code Marker} on,
     * then {@code IsTruncated} and the next {@code Marker}.
     */
    private static <T> void page(QueryParams p, Xml x, String element, List<T> all, Function<T, Void> render) {
        Integer max = p.integer("MaxItems");
        int size = max == null ? DEFAULT_MAX_ITEMS : max;
        if (size < 1 || size > MAX_MAX_ITEMS) {
            throw Roles.validation("maxItems", String.valueOf(size), size < 1
                    ? "Member must have value greater than or equal to 1"
                    : "Member must have value less than or equal to " + MAX_MAX_ITEMS);
        }
        int from = offset(p.get("Marker"));
        int to = Math.min(all.size(), from + size);
        x.start(element);
        for (T item : all.subList(Math.min(from, to), to)) {
            render.apply(item);
        }
        x.end();
        x.el("IsTruncated", to < all.size());
        if (to < all.size()) {
            x.el("Marker", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("iam:" + to).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static int offset(String marker) {
        if (marker == null || marker.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            if (text.startsWith("iam:")) {
                return Integer.parseInt(text.substring(4));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new AwsException("InvalidInput", "Invalid Marker: " + marker);
    }

    /** A policy document as IAM answers it: URL-encoded (RFC 3986, so a space is {@code %20}). */
    static String encode(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    // ------------------------------------------------------------------ other services, inventory

    /** What other services ask of the caller's roles; read-only, so IAM's store is not marked changed. */
    private static IamRoles exported(Call call) {
        return new IamRoles() {
            @Override
            public boolean exists(String roleArn) {
                return find(roleArn) != null;
            }

            @Override
            public boolean assumableBy(String roleArn, String servicePrincipal) {
                Role role = find(roleArn);
                return role != null && PolicyDocument.trust(role.trustPolicy).trusts(servicePrincipal);
            }

            @Override
            public boolean allows(String roleArn, String action, String resourceArn) {
                Role role = find(roleArn);
                if (role == null) {
                    return false;
                }
                List<PolicyDocument> policies = new ArrayList<>();
                role.inlinePolicies.values().forEach(d -> policies.add(PolicyDocument.identity(d)));
                for (String arn : role.attachedPolicies) {
                    ManagedPolicies.Managed m = ManagedPolicies.byArn(arn);
                    if (m != null) {
                        policies.add(PolicyDocument.identity(m.document()));
                    }
                }
                boolean allowed = false;
                for (PolicyDocument policy : policies) {
                    PolicyDocument.Decision d = policy.decide(action, resourceArn);
                    if (d == PolicyDocument.Decision.DENY) {
                        return false;
                    }
                    allowed |= d == PolicyDocument.Decision.ALLOW;
                }
                return allowed;
            }

            /** The role an ARN names in the caller's account (path included), or null. */
            private Role find(String roleArn) {
                Arn arn = Arn.parse(roleArn);
                if (arn == null || !arn.service().equals(SIGNING_NAME) || !arn.account().equals(call.accountId())
                        || !arn.resource().startsWith("role/")) {
                    return null;
                }
                IamStore.Account account = call.world().store(IamStore.class).existing(call.accountId());
                String resource = arn.resource().substring("role".length());
                int slash = resource.lastIndexOf('/');
                Role role = account == null ? null : account.roles.get(IamStore.key(resource.substring(slash + 1)));
                return role != null && role.path.equals(resource.substring(0, slash + 1))
                        && role.name.equals(resource.substring(slash + 1)) ? role : null;
            }
        };
    }

    /** Roles and instance profiles, so a teardown that leaves one behind shows; listed under {@code us-east-1}. */
    private static List<LiveResource> live(World world, long now, String account, String region) {
        List<LiveResource> out = new ArrayList<>();
        if (region != null && !region.equals(GLOBAL_REGION)) {
            return out;
        }
        world.store(IamStore.class).accounts.forEach((id, state) -> {
            if (account != null && !account.equals(id)) {
                return;
            }
            for (Role r : state.roles.values()) {
                out.add(new LiveResource(id, GLOBAL_REGION, "role", r.name, Arn.parse(Roles.arn(id, r)), "available",
                        r.tags));
            }
            for (InstanceProfile p : state.instanceProfiles.values()) {
                out.add(new LiveResource(id, GLOBAL_REGION, "instance-profile", p.name,
                        Arn.parse(InstanceProfiles.arn(id, p)), "available", p.tags));
            }
        });
        return out;
    }
}
