package dev.cairn.sandbox.iam;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.iam.IamStore.Account;
import dev.cairn.sandbox.iam.IamStore.InstanceProfile;
import dev.cairn.sandbox.iam.IamStore.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * IAM's rules for roles, their inline policies, attached managed policies and tags, in one
 * account. Used under the world lock only; the caller decides whether its account state may be
 * created (writes) or is only read.
 */
final class Roles {
    /** IAM's name alphabet (roles, policies, instance profiles). */
    static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    /** {@code /} or {@code /…/} of printable ASCII. */
    static final Pattern PATH = Pattern.compile("/|/[\\x21-\\x7E]+/");
    static final int MAX_ROLE_NAME = 64;
    static final int MAX_POLICY_NAME = 128;
    static final int MAX_PATH = 512;
    static final int MAX_DESCRIPTION = 1000;
    /** AWS's default and range of a role's session duration, seconds. */
    static final int DEFAULT_SESSION = 3600;
    static final int MIN_SESSION = 3600;
    static final int MAX_SESSION = 43_200;
    /** Tags per IAM resource (AWS's quota). */
    static final int MAX_TAGS = 50;
    /** Managed policies attached to one role (AWS's default quota). */
    static final int MAX_ATTACHED = 10;
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final Account account;
    private final String accountId;
    private final Random random;
    private final long now;

    Roles(Account account, String accountId, Random random, long now) {
        this.account = account;
        this.accountId = accountId;
        this.random = random;
        this.now = now;
    }

    static String arn(String accountId, Role role) {
        return "arn:aws:iam::" + accountId + ":role" + role.path + role.name;
    }

    String arn(Role role) {
        return arn(accountId, role);
    }

    Role create(String name, String path, String trustPolicy, String description, Integer maxSession,
                Map<String, String> tags) {
        checkName("roleName", name, MAX_ROLE_NAME);
        String p = path == null ? "/" : path;
        checkPath(p);
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw validation("description", description, "Member must have length less than or equal to "
                    + MAX_DESCRIPTION);
        }
        int session = maxSession == null ? DEFAULT_SESSION : maxSession;
        checkSession(session);
        if (trustPolicy == null || trustPolicy.isEmpty()) {
            throw new AwsException("ValidationError", "1 validation error detected: Value null at "
                    + "'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null");
        }
        checkTags(tags, Map.of());
        if (account.roles.containsKey(IamStore.key(name))) {
            throw new AwsException("EntityAlreadyExists", "Role with name " + name + " already exists.", 409);
        }
        PolicyDocument.trust(trustPolicy);
        Role role = new Role();
        role.id = uniqueId("AROA");
        role.name = name;
        role.path = p;
        role.trustPolicy = trustPolicy;
        role.description = description;
        role.maxSessionDuration = session;
        role.createdAt = now;
        role.tags.putAll(tags);
        account.roles.put(IamStore.key(name), role);
        return role;
    }

    /** The role of that name; {@code NoSuchEntity} otherwise. */
    Role role(String name) {
        if (name == null || name.isEmpty()) {
            throw missing("RoleName");
        }
        Role role = account.roles.get(IamStore.key(name));
        if (role == null) {
            throw new AwsException("NoSuchEntity", "The role with name " + name + " cannot be found.", 404);
        }
        return role;
    }

    /** Roles whose path starts with {@code pathPrefix} (IAM sorts by name). */
    List<Role> list(String pathPrefix) {
        String prefix = pathPrefix == null ? "/" : pathPrefix;
        List<Role> out = new ArrayList<>();
        for (Role r : account.roles.values()) {
            if (r.path.startsWith(prefix)) {
                out.add(r);
            }
        }
        out.sort((a, b) -> a.name.compareToIgnoreCase(b.name));
        return out;
    }

    void delete(String name) {
        Role role = role(name);
        if (!role.attachedPolicies.isEmpty()) {
            throw conflict("Cannot delete entity, must detach all policies first.");
        }
        if (!role.inlinePolicies.isEmpty()) {
            throw conflict("Cannot delete entity, must delete policies first.");
        }
        for (InstanceProfile profile : account.instanceProfiles.values()) {
            if (profile.roles.contains(IamStore.key(role.name))) {
                throw conflict("Cannot delete entity, must remove roles from instance profile first.");
            }
        }
        account.roles.remove(IamStore.key(role.name));
    }

    void updateTrustPolicy(String name, String document) {
        Role role = role(name);
        PolicyDocument.trust(document);
        role.trustPolicy = document;
    }

    void update(String name, String description, Integer maxSession) {
        Role role = role(name);
        if (description != null) {
            if (description.length() > MAX_DESCRIPTION) {
                throw validation("description", description, "Member must have length less than or equal to "
                        + MAX_DESCRIPTION);
            }
            role.description = description;
        }
        if (maxSession != null) {
            checkSession(maxSession);
            role.maxSessionDuration = maxSession;
        }
    }

    void tag(String name, Map<String, String> tags) {
        Role role = role(name);
        checkTags(tags, role.tags);
        role.tags.putAll(tags);
    }

    void untag(String name, List<String> keys) {
        Role role = role(name);
        keys.forEach(role.tags::remove);
    }

    void putInline(String name, String policyName, String document) {
        Role role = role(name);
        checkName("policyName", policyName, MAX_POLICY_NAME);
        if (document == null || document.isEmpty()) {
            throw missing("PolicyDocument");
        }
        PolicyDocument.identity(document);
        role.inlinePolicies.put(policyName, document);
    }

    String inline(String name, String policyName) {
        Role role = role(name);
        String doc = policyName == null ? null : role.inlinePolicies.get(policyName);
        if (doc == null) {
            throw new AwsException("NoSuchEntity", "The role policy with name " + policyName + " cannot be found.",
                    404);
        }
        return doc;
    }

    void deleteInline(String name, String policyName) {
        inline(name, policyName);
        role(name).inlinePolicies.remove(policyName);
    }

    void attach(String name, String policyArn) {
        Role role = role(name);
        if (ManagedPolicies.byArn(policyArn) == null) {
            throw noSuchPolicy(policyArn);
        }
        if (!role.attachedPolicies.contains(policyArn)) {
            if (role.attachedPolicies.size() >= MAX_ATTACHED) {
                throw new AwsException("LimitExceeded", "Cannot exceed quota for PoliciesPerRole: " + MAX_ATTACHED,
                        409);
            }
            role.attachedPolicies.add(policyArn);
        }
    }

    void detach(String name, String policyArn) {
        Role role = role(name);
        if (!role.attachedPolicies.remove(policyArn)) {
            throw new AwsException("NoSuchEntity", "Policy " + policyArn + " was not found.", 404);
        }
    }

    /** How many roles of this account have the managed policy attached (its {@code AttachmentCount}). */
    int attachments(String policyArn) {
        int n = 0;
        for (Role r : account.roles.values()) {
            n += r.attachedPolicies.contains(policyArn) ? 1 : 0;
        }
        return n;
    }

    static AwsException noSuchPolicy(String policyArn) {
        return new AwsException("NoSuchEntity", "Policy " + policyArn + " does not exist or is not attachable.", 404);
    }

    // ------------------------------------------------------------------ checks shared with instance profiles

    static void checkName(String member, String name, int max) {
        if (name == null || name.isEmpty()) {
            throw missing(Character.toUpperCase(member.charAt(0)) + member.substring(1));
        }
        if (name.length() > max) {
            throw validation(member, name, "Member must have length less than or equal to " + max);
        }
        if (!NAME.matcher(name).matches()) {
            throw validation(member, name, "Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        }
    }

    static void checkPath(String path) {
        if (path.length() > MAX_PATH || !PATH.matcher(path).matches() || path.contains("//")) {
            throw new AwsException("ValidationError", "The specified value for path is invalid. It must begin and "
                    + "end with / and contain only alphanumeric characters and/or / characters.");
        }
    }

    private static void checkSession(int seconds) {
        if (seconds < MIN_SESSION || seconds > MAX_SESSION) {
            throw new AwsException("ValidationError", "The requested duration for the role session is invalid. "
                    + "Duration must be between " + MIN_SESSION + " and " + MAX_SESSION + " seconds.");
        }
    }

    static void checkTags(Map<String, String> adding, Map<String, String> existing) {
        long total = existing.size() + adding.keySet().stream().filter(k -> !existing.containsKey(k)).count();
        if (total > MAX_TAGS) {
            throw new AwsException("LimitExceeded", "The number of tags has reached the maximum limit.", 409);
        }
        for (String key : adding.keySet()) {
            if (key.isEmpty() || key.length() > 128) {
                throw new AwsException("InvalidInput", "Tag key must be between 1 and 128 characters.");
            }
            if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw new AwsException("InvalidInput", "User-defined tag keys can't start with \"aws:\"");
            }
        }
    }

    static AwsException validation(String member, String value, String constraint) {
        return new AwsException("ValidationError", "1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }

    static AwsException missing(String parameter) {
        return new AwsException("ValidationError", "1 validation error detected: Value null at '"
                + Character.toLowerCase(parameter.charAt(0)) + parameter.substring(1)
                + "' failed to satisfy constraint: Member must not be null");
    }

    private static AwsException conflict(String message) {
        return new AwsException("DeleteConflict", message, 409);
    }

    /** A new IAM unique ID: the prefix and 17 upper-case letters and digits. */
    String uniqueId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 17; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
