package dev.cairn.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 CIDR block, always in canonical form: the network address has no host bits set.
 * Addresses are held in a {@code long} so that the arithmetic never meets Java's signed ints
 * ({@code 255.255.255.255} and {@code 0.0.0.0/0} are ordinary values here).
 *
 * @param network the network address as an unsigned 32-bit value
 * @param prefix the prefix length, 0–32
 */
public record Cidr(long network, int prefix) implements Comparable<Cidr> {

    private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final long ALL_ONES = 0xFFFF_FFFFL;

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix must be 0–32: " + prefix);
        }
        if (network < 0 || network > ALL_ONES) {
            throw new IllegalArgumentException("not an IPv4 address: " + network);
        }
        if ((network & ~mask(prefix) & ALL_ONES) != 0) {
            throw new IllegalArgumentException("host bits set: " + formatAddress(network) + "/" + prefix);
        }
    }

    /**
     * Parses {@code a.b.c.d/n} strictly: four decimal octets 0–255 without leading signs or
     * spaces, and a prefix 0–32.
     *
     * @throws CidrFormatException with rule {@code cidr.malformed}, or {@code cidr.hostBits} and
     *     the network address that was probably meant
     */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new CidrFormatException("cidr.malformed", "null", "a CIDR block is required", null);
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new CidrFormatException("cidr.malformed", text,
                    text + " is not an IPv4 CIDR block like 10.1.0.0/16", null);
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new CidrFormatException("cidr.malformed", text,
                        text + " has an octet above 255 (" + octet + ")", null);
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32) {
            throw new CidrFormatException("cidr.malformed", text,
                    text + " has a prefix above 32 (/" + prefix + ")", null);
        }
        long network = address & mask(prefix);
        if (network != address) {
            Cidr meant = new Cidr(network, prefix);
            throw new CidrFormatException("cidr.hostBits", text,
                    text + " has host bits set; did you mean " + meant + "?", meant);
        }
        return new Cidr(network, prefix);
    }

    /** Whether {@code text} parses as a canonical CIDR block. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (CidrFormatException e) {
            return false;
        }
    }

    /** The netmask of a prefix length as an unsigned 32-bit value ({@code /0} is all zeros). */
    static long mask(int prefix) {
        return prefix == 0 ? 0 : (ALL_ONES << (32 - prefix)) & ALL_ONES;
    }

    /** Number of addresses in the block: 2^(32-prefix); {@code /0} holds 4294967296. */
    public long size() {
        return 1L << (32 - prefix);
    }

    public long firstAddress() {
        return network;
    }

    public long lastAddress() {
        return network + size() - 1;
    }

    public String firstAddressText() {
        return formatAddress(firstAddress());
    }

    public String lastAddressText() {
        return formatAddress(lastAddress());
    }

    /** Whether {@code other} lies wholly inside this block (a block contains itself). */
    public boolean contains(Cidr other) {
        return other.prefix >= prefix && (other.network & mask(prefix)) == network;
    }

    /** Whether the single address lies inside this block. */
    public boolean containsAddress(long address) {
        return (address & mask(prefix)) == network;
    }

    /** Whether the two blocks share at least one address. */
    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    /**
     * Splits this block into equal blocks of {@code newPrefix}, in address order.
     *
     * @throws IllegalArgumentException if {@code newPrefix} is shorter than this prefix or above 32,
     *     or would produce more than 65536 blocks (a guard against accidental huge lists)
     */
    public List<Cidr> subdivide(int newPrefix) {
        if (newPrefix < prefix || newPrefix > 32) {
            throw new IllegalArgumentException("cannot split /" + prefix + " into /" + newPrefix);
        }
        if (newPrefix - prefix > 16) {
            throw new IllegalArgumentException("splitting /" + prefix + " into /" + newPrefix + " makes too many blocks");
        }
        int count = 1 << (newPrefix - prefix);
        long step = 1L << (32 - newPrefix);
        List<Cidr> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            blocks.add(new Cidr(network + i * step, newPrefix));
        }
        return blocks;
    }

    /** Dotted-quad form of an unsigned 32-bit address. */
    public static String formatAddress(long address) {
        return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "." + (address & 0xFF);
    }

    @Override
    public int compareTo(Cidr other) {
        int byNetwork = Long.compare(network, other.network);
        return byNetwork != 0 ? byNetwork : Integer.compare(prefix, other.prefix);
    }

    @Override
    public String toString() {
        return formatAddress(network) + "/" + prefix;
    }

    /** A CIDR text that is not a canonical IPv4 block; {@link #rule()} is a stable key. */
    public static final class CidrFormatException extends IllegalArgumentException {
        private final String rule;
        private final String input;
        private final transient Cidr suggestion;

        CidrFormatException(String rule, String input, String message, Cidr suggestion) {
            super(message);
            this.rule = rule;
            this.input = input;
            this.suggestion = suggestion;
        }

        /** {@code cidr.malformed} or {@code cidr.hostBits}. */
        public String rule() {
            return rule;
        }

        public String input() {
            return input;
        }

        /** For {@code cidr.hostBits}: the network address that was probably meant; else null. */
        public Cidr suggestion() {
            return suggestion;
        }
    }
}
