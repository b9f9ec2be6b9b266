package dev.cairn.sandbox.iam;

import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.TaggedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * IAM's store (a global service: one state per account, whatever region signs the call). Saved as
 * {@code iam.json}; schema 1. Names are unique in an account regardless of case, as IAM's are, so
 * the maps are keyed by the lower-case name and each resource keeps the name as it was given.
 * The rules live in {@link Roles} and {@link InstanceProfiles}.
 */
final class IamStore {
    static final StoreSpec<IamStore> SPEC = StoreSpec.of("iam.json", IamStore.class, IamStore::new);

    /** A role: {@link TaggedResource#id} is its {@code RoleId} ({@code AROA…}). */
    static final class Role extends TaggedResource {
        public String name;
        /** {@code /} or {@code /a/b/}. */
        public String path;
        /** The trust policy as the caller sent it (IAM answers it URL-encoded). */
        public String trustPolicy;
        public String description;
        public int maxSessionDuration;
        /** Inline policies by name, in the order they were put. */
        public LinkedHashMap<String, String> inlinePolicies = new LinkedHashMap<>();
        /** ARNs of the attached managed policies, in attachment order. */
        public List<String> attachedPolicies = new ArrayList<>();
    }

    /** An instance profile: {@link TaggedResource#id} is its {@code InstanceProfileId} ({@code AIPA…}). */
    static final class InstanceProfile extends TaggedResource {
        public String name;
        public String path;
        /** Lower-case names of its roles (IAM allows one). */
        public List<String> roles = new ArrayList<>();
    }

    /** One account's IAM. */
    static final class Account {
        public LinkedHashMap<String, Role> roles = new LinkedHashMap<>();
        public LinkedHashMap<String, InstanceProfile> instanceProfiles = new LinkedHashMap<>();
    }

    /** account → its IAM. */
    public LinkedHashMap<String, Account> accounts = new LinkedHashMap<>();

    Account account(String account) {
        return accounts.computeIfAbsent(account, a -> new Account());
    }

    /** An account's state if it exists, without creating it (reads must not change the store). */
    Account existing(String account) {
        return accounts.get(account);
    }

    /** The key of a name in the maps: IAM names are unique regardless of case. */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
