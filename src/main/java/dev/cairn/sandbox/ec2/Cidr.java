package dev.cairn.sandbox.ec2;


/** An IPv4 CIDR block as numbers: enough arithmetic for subnets and private addresses. */
record Cidr(long base, int prefix) {

    /** Parses {@code a.b.c.d/n}; null when malformed or when host bits are set. */
    static Cidr parse(String text) {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return null;
        }
        try {
            long ip = ip(text.substring(0, slash));
            int prefix = Integer.parseInt(text.substring(slash + 1));
            if (ip < 0 || prefix < 0 || prefix > 32) {
                return null;
            }
            Cidr cidr = new Cidr(ip, prefix);
            return (ip & cidr.mask()) == ip ? cidr : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Dotted quad to number; -1 when malformed. */
    static long ip(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long ip = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) {
                return -1;
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                return -1;
            }
            ip = (ip << 8) | octet;
        }
        return ip;
    }

    static String dotted(long ip) {
        return ((ip >> 24) & 0xff) + "." + ((ip >> 16) & 0xff) + "." + ((ip >> 8) & 0xff) + "." + (ip & 0xff);
    }

    long mask() {
        return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    long size() {
        return 1L << (32 - prefix);
    }

    long last() {
        return base + size() - 1;
    }

    boolean contains(Cidr other) {
        return other.base >= base && other.last() <= last();
    }

    boolean overlaps(Cidr other) {
        return base <= other.last() && other.base <= last();
    }
}
