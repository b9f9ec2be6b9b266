package dev.cairn.sandbox.elbv2;

/**
 * An IPv4 CIDR block, for checking that an {@code ip} target lies inside its target group's VPC.
 *
 * @param base the first address, as an unsigned 32-bit value
 * @param bits the prefix length
 */
record Cidr(long base, int bits) {

    static Cidr parse(String cidr) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return new Cidr(address(parts[0]) & mask, bits);
    }

    /** An IPv4 address as an unsigned 32-bit value, or -1 when the text is not one. */
    static long address(String ip) {
        if (ip == null) {
            return -1;
        }
        String[] octets = ip.split("\\.", -1);
        if (octets.length != 4) {
            return -1;
        }
        long v = 0;
        for (String o : octets) {
            if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int n = Integer.parseInt(o);
            if (n > 255) {
                return -1;
            }
            v = (v << 8) | n;
        }
        return v;
    }

    boolean contains(long ip) {
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return (ip & mask) == base;
    }
}
