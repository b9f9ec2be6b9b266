package dev.cairn.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The physical names Cairn gives resources AWS knows by name (load balancers, target groups,
 * buckets, tables, roles): deterministic — the same stack, address and qualifiers always give the
 * same name, so an interrupted create is found again by name — and within the kind's rules
 * ({@link ResourceKind.Naming}). A name too long for AWS keeps its readable start and ends in a
 * short hash of the whole, so two long addresses never collide after truncation.
 *
 * <p>The name is computed when the step plans the resource and travels in its spec (a property),
 * so the journal records it before the create is called.
 */
public final class PhysicalNames {

    /** Hex digits of the hash that ends a shortened name: 16^6 ≈ 17 million distinct endings. */
    static final int HASH_LENGTH = 6;

    private PhysicalNames() {}

    /**
     * {@code <stack>-<address short name>[-<qualifier>…]} in the characters the rules allow
     * (others become {@code -}, runs of {@code -} collapse), lower case, shortened with a hash
     * ending when longer than the rules allow.
     *
     * @param qualifiers extra parts a global name needs to be unique (an account, a region)
     * @throws IllegalArgumentException when the rules leave no room for a readable name
     */
    public static String of(String stack, Address address, ResourceKind.Naming rules, String... qualifiers) {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(rules, "rules");
        StringBuilder full = new StringBuilder(stack).append('-').append(address.shortName());
        for (String q : qualifiers) {
            full.append('-').append(q);
        }
        Pattern disallowed = Pattern.compile("[^" + rules.allowed() + "]");
        String clean = disallowed.matcher(full.toString().toLowerCase(Locale.ROOT)).replaceAll("-")
                .replaceAll("-{2,}", "-").replaceAll("^-+|-+$", "");
        if (clean.length() <= rules.maxLength()) {
            return clean;
        }
        int keep = rules.maxLength() - HASH_LENGTH - 1;
        if (keep < 1) {
            throw new IllegalArgumentException("a name of at most " + rules.maxLength() + " characters has no room for "
                    + "a readable start and a " + HASH_LENGTH + "-character hash");
        }
        String start = clean.substring(0, keep).replaceAll("-+$", "");
        return start + "-" + hash(full.toString());
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException(e);
        }
    }
}
