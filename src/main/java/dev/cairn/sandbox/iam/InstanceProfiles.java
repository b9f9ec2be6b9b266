package dev.cairn.sandbox.iam;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.iam.IamStore.Account;
import dev.cairn.sandbox.iam.IamStore.InstanceProfile;
import dev.cairn.sandbox.iam.IamStore.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * IAM's rules for instance profiles in one account: a profile holds at most one role (AWS's
 * quota, not raisable), a profile with a role cannot be deleted, and neither can a role in a profile.
 */
final class InstanceProfiles {
    static final int MAX_NAME = 128;
    /** Roles per instance profile: AWS's fixed quota. */
    static final int MAX_ROLES = 1;

    private final Account account;
    private final String accountId;
    private final Roles roles;
    private final long now;

    InstanceProfiles(Account account, String accountId, Roles roles, long now) {
        this.account = account;
        this.accountId = accountId;
        this.roles = roles;
        this.now = now;
    }

    static String arn(String accountId, InstanceProfile profile) {
        return "arn:aws:iam::" + accountId + ":instance-profile" + profile.path + profile.name;
    }

    String arn(InstanceProfile profile) {
        return arn(accountId, profile);
    }

    InstanceProfile create(String name, String path, Map<String, String> tags) {
        Roles.checkName("instanceProfileName", name, MAX_NAME);
        String p = path == null ? "/" : path;
        Roles.checkPath(p);
        Roles.checkTags(tags, Map.of());
        if (account.instanceProfiles.containsKey(IamStore.key(name))) {
            throw new AwsException("EntityAlreadyExists", "Instance Profile " + name + " already exists.", 409);
        }
        InstanceProfile profile = new InstanceProfile();
        profile.id = roles.uniqueId("AIPA");
        profile.name = name;
        profile.path = p;
        profile.createdAt = now;
        profile.tags.putAll(tags);
        account.instanceProfiles.put(IamStore.key(name), profile);
        return profile;
    }

    InstanceProfile profile(String name) {
        if (name == null || name.isEmpty()) {
            throw Roles.missing("InstanceProfileName");
        }
        InstanceProfile profile = account.instanceProfiles.get(IamStore.key(name));
        if (profile == null) {
            throw new AwsException("NoSuchEntity", "Instance Profile " + name + " cannot be found.", 404);
        }
        return profile;
    }

    List<InstanceProfile> list(String pathPrefix) {
        String prefix = pathPrefix == null ? "/" : pathPrefix;
        List<InstanceProfile> out = new ArrayList<>();
        for (InstanceProfile p : account.instanceProfiles.values()) {
            if (p.path.startsWith(prefix)) {
                out.add(p);
            }
        }
        out.sort((a, b) -> a.name.compareToIgnoreCase(b.name));
        return out;
    }

    /** The profiles holding the role (which must exist). */
    List<InstanceProfile> forRole(String roleName) {
        Role role = roles.role(roleName);
        List<InstanceProfile> out = new ArrayList<>();
        for (InstanceProfile p : account.instanceProfiles.values()) {
            if (p.roles.contains(IamStore.key(role.name))) {
                out.add(p);
            }
        }
        return out;
    }

    /** The roles of a profile, in order (a role deleted meanwhile cannot be: deletion is refused). */
    List<Role> rolesOf(InstanceProfile profile) {
        List<Role> out = new ArrayList<>();
        for (String key : profile.roles) {
            Role r = account.roles.get(key);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    void delete(String name) {
        InstanceProfile profile = profile(name);
        if (!profile.roles.isEmpty()) {
            throw new AwsException("DeleteConflict",
                    "Cannot delete entity, must remove roles from instance profile first.", 409);
        }
        account.instanceProfiles.remove(IamStore.key(profile.name));
    }

    void addRole(String profileName, String roleName) {
        InstanceProfile profile = profile(profileName);
        Role role = roles.role(roleName);
        if (profile.roles.size() >= MAX_ROLES) {
            throw new AwsException("LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: "
                    + MAX_ROLES, 409);
        }
        profile.roles.add(IamStore.key(role.name));
    }

    void removeRole(String profileName, String roleName) {
        InstanceProfile profile = profile(profileName);
        Role role = roles.role(roleName);
        if (!profile.roles.remove(IamStore.key(role.name))) {
            throw new AwsException("NoSuchEntity", "The role with name " + roleName + " cannot be found in instance "
                    + "profile " + profile.name + ".", 404);
        }
    }

    void tag(String name, Map<String, String> tags) {
        InstanceProfile profile = profile(name);
        Roles.checkTags(tags, profile.tags);
        profile.tags.putAll(tags);
    }

    void untag(String name, List<String> keys) {
        keys.forEach(profile(name).tags::remove);
    }
}
