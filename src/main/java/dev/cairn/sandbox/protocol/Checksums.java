package dev.cairn.sandbox.protocol;

import dev.cairn.sandbox.core.AwsException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The flexible checksums of S3 uploads ({@code x-amz-checksum-crc32|crc32c|crc64nvme|sha1|sha256},
 * as a header or an aws-chunked trailer) and {@code Content-MD5}: each computed over the decoded
 * body and compared with the value sent, base64 of the big-endian digest as AWS encodes it.
 */
final class Checksums {
    /** The checksum header names the Sandbox verifies, without the {@code x-amz-checksum-} prefix. */
    static final String[] ALGORITHMS = {"crc32", "crc32c", "crc64nvme", "sha1", "sha256"};
    static final String HEADER_PREFIX = "x-amz-checksum-";

    private Checksums() {
    }

    /** A running digest of one algorithm. */
    interface Digest {
        void update(byte[] b, int off, int len);

        /** The digest as AWS sends it: base64 of the big-endian bytes. */
        String base64();
    }

    /** A digest for an algorithm name ({@code crc32}, …, {@code md5}). */
    static Digest of(String algorithm) {
        return switch (algorithm.toLowerCase(Locale.ROOT)) {
            case "crc32" -> checksum(new CRC32(), 4);
            case "crc32c" -> checksum(new CRC32C(), 4);
            case "crc64nvme" -> checksum(new Crc64Nvme(), 8);
            case "sha1" -> message("SHA-1");
            case "sha256" -> message("SHA-256");
            case "md5" -> message("MD5");
            default -> throw new AwsException("InvalidRequest", "Unsupported checksum algorithm: " + algorithm);
        };
    }

    /** Compares a computed digest with the value the client sent; S3's {@code BadDigest} when they differ. */
    static void verify(String algorithm, Digest computed, String sent) {
        if (!computed.base64().equals(sent.trim())) {
            String name = algorithm.equals("md5") ? "Content-MD5" : algorithm.toUpperCase(Locale.ROOT);
            throw new AwsException("BadDigest", "The " + name + " you specified did not match the calculated checksum.");
        }
    }

    private static Digest checksum(Checksum c, int bytes) {
        return new Digest() {
            @Override
            public void update(byte[] b, int off, int len) {
                c.update(b, off, len);
            }

            @Override
            public String base64() {
                long v = c.getValue();
                byte[] out = new byte[bytes];
                for (int i = 0; i < bytes; i++) {
                    out[i] = (byte) (v >>> (8 * (bytes - 1 - i)));
                }
                return Base64.getEncoder().encodeToString(out);
            }
        };
    }

    private static Digest message(String name) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is part of every JDK", e);
        }
        return new Digest() {
            @Override
            public void update(byte[] b, int off, int len) {
                md.update(b, off, len);
            }

            @Override
            public String base64() {
                return Base64.getEncoder().encodeToString(md.digest());
            }
        };
    }

    /**
     * CRC-64/NVME (the JDK has none): reflected polynomial 0x9a6c9329ac4bc9b5, initial value and
     * final XOR all ones; the check value of "123456789" is 0xae8b14860a799888.
     */
    static final class Crc64Nvme implements Checksum {
        private static final long POLY = 0x9a6c9329ac4bc9b5L;
        private static final long[] TABLE = new long[256];

        static {
            for (int i = 0; i < 256; i++) {
                long crc = i;
                for (int k = 0; k < 8; k++) {
                    crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
                }
                TABLE[i] = crc;
            }
        }

        private long crc = ~0L;

        @Override
        public void update(int b) {
            crc = TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
        }

        @Override
        public void update(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                update(b[i]);
            }
        }

        @Override
        public long getValue() {
            return ~crc;
        }

        @Override
        public void reset() {
            crc = ~0L;
        }
    }
}
