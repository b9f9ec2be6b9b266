package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Real key material for CreateKeyPair and ImportKeyPair, made and read with the JDK only.
 *
 * <p>Formats follow what EC2 returns: an RSA private key as PKCS#1 PEM ({@code RSA PRIVATE KEY}),
 * an ED25519 private key in OpenSSH's format, public keys as OpenSSH lines. Fingerprints are
 * computed as AWS computes them: SHA-1 of the PKCS#8 DER of the private key for RSA keys AWS
 * created, MD5 of the public key's DER for imported RSA keys, and base64 SHA-256 of the OpenSSH
 * public key blob for ED25519. The private key leaves this class only in {@link Created}, which
 * the service renders once and drops.
 */
final class KeyMaterial {
    /** The RSA key size EC2 generates. */
    static final int RSA_BITS = 2048;
    /** Length of the PKCS#8 prefix before the 32-byte Ed25519 seed, and of the X.509 prefix before the key. */
    private static final int ED25519_PKCS8_PREFIX = 16;
    private static final int ED25519_X509_PREFIX = 12;
    private static final int ED25519_KEY_BYTES = 32;

    /** A created key: what may be stored (public line, fingerprint) and the private PEM to return once. */
    record Created(String publicKey, String fingerprint, String privateKeyPem) {
        @Override
        public String toString() {
            // Never print the private key, even by accident in a log or an assertion message.
            return "Created[" + fingerprint + "]";
        }
    }

    /** A parsed public key: its type ({@code rsa}/{@code ed25519}), normalised OpenSSH line and fingerprint. */
    record Imported(String keyType, String publicKey, String fingerprint) {
    }

    private KeyMaterial() {
    }

    static Created create(String keyType) {
        try {
            if (keyType.equals("rsa")) {
                KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
                gen.initialize(RSA_BITS);
                KeyPair pair = gen.generateKeyPair();
                byte[] pkcs8 = pair.getPrivate().getEncoded();
                String fingerprint = colonHex(MessageDigest.getInstance("SHA-1").digest(pkcs8));
                String pem = pem("RSA PRIVATE KEY", pkcs1Of(pkcs8));
                return new Created(rsaLine((RSAPublicKey) pair.getPublic()), fingerprint, pem);
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] x509 = pair.getPublic().getEncoded();
            byte[] pub = Arrays.copyOfRange(x509, ED25519_X509_PREFIX, ED25519_X509_PREFIX + ED25519_KEY_BYTES);
            byte[] pkcs8 = pair.getPrivate().getEncoded();
            byte[] seed = Arrays.copyOfRange(pkcs8, ED25519_PKCS8_PREFIX, ED25519_PKCS8_PREFIX + ED25519_KEY_BYTES);
            byte[] blob = ed25519Blob(pub);
            String line = "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob);
            return new Created(line, sha256(blob), pem("OPENSSH PRIVATE KEY", openSshPrivate(blob, pub, seed)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA and Ed25519 are part of every JDK 17", e);
        }
    }

    /**
     * Parses the {@code PublicKeyMaterial} of ImportKeyPair (the OpenSSH line, as bytes).
     *
     * @throws AwsException {@code InvalidKey.Format} when it is not an OpenSSH ssh-rsa/ssh-ed25519 key
     */
    static Imported parse(byte[] material) {
        String[] parts = new String(material, StandardCharsets.US_ASCII).trim().split("\\s+");
        try {
            if (parts.length < 2) {
                throw invalid();
            }
            byte[] blob = Base64.getDecoder().decode(parts[1]);
            ByteBuffer in = ByteBuffer.wrap(blob);
            String type = new String(readString(in), StandardCharsets.US_ASCII);
            if (!type.equals(parts[0])) {
                throw invalid();
            }
            if (type.equals("ssh-rsa")) {
                BigInteger e = new BigInteger(readString(in));
                BigInteger n = new BigInteger(readString(in));
                if (in.hasRemaining() || n.signum() <= 0 || e.signum() <= 0 || n.bitLength() < 1024) {
                    throw invalid();
                }
                byte[] der = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)).getEncoded();
                return new Imported("rsa", "ssh-rsa " + parts[1],
                        colonHex(MessageDigest.getInstance("MD5").digest(der)));
            }
            if (type.equals("ssh-ed25519")) {
                byte[] key = readString(in);
                if (in.hasRemaining() || key.length != ED25519_KEY_BYTES) {
                    throw invalid();
                }
                return new Imported("ed25519", "ssh-ed25519 " + parts[1], sha256(blob));
            }
            throw invalid();
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException | GeneralSecurityException e) {
            throw invalid();
        }
    }

    private static AwsException invalid() {
        return new AwsException("InvalidKey.Format", "Key is not in valid OpenSSH public key format");
    }

    private static byte[] readString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bad length");
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    /** The RSAPrivateKey (PKCS#1) inside a PKCS#8 PrivateKeyInfo: the content of its OCTET STRING. */
    static byte[] pkcs1Of(byte[] pkcs8) {
        ByteBuffer in = ByteBuffer.wrap(pkcs8);
        derHeader(in, 0x30);
        int versionLength = derHeader(in, 0x02);
        in.position(in.position() + versionLength);
        int algorithmLength = derHeader(in, 0x30);
        in.position(in.position() + algorithmLength);
        int keyLength = derHeader(in, 0x04);
        byte[] out = new byte[keyLength];
        in.get(out);
        return out;
    }

    /** Reads a DER tag and length, returning the length. */
    private static int derHeader(ByteBuffer in, int tag) {
        if ((in.get() & 0xff) != tag) {
            throw new IllegalStateException("unexpected DER tag");
        }
        int first = in.get() & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (in.get() & 0xff);
        }
        return length;
    }

    private static String rsaLine(RSAPublicKey key) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        writeString(blob, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
        writeString(blob, key.getPublicExponent().toByteArray());
        writeString(blob, key.getModulus().toByteArray());
        return "ssh-rsa " + Base64.getEncoder().encodeToString(blob.toByteArray());
    }

    private static byte[] ed25519Blob(byte[] pub) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        writeString(blob, "ssh-ed25519".getBytes(StandardCharsets.US_ASCII));
        writeString(blob, pub);
        return blob.toByteArray();
    }

    /** OpenSSH's unencrypted private key container ({@code openssh-key-v1}) for one Ed25519 key. */
    private static byte[] openSshPrivate(byte[] publicBlob, byte[] pub, byte[] seed) {
        ByteArrayOutputStream priv = new ByteArrayOutputStream();
        int check = new java.security.SecureRandom().nextInt();
        writeInt(priv, check);
        writeInt(priv, check);
        writeString(priv, "ssh-ed25519".getBytes(StandardCharsets.US_ASCII));
        writeString(priv, pub);
        byte[] secret = new byte[ED25519_KEY_BYTES * 2];
        System.arraycopy(seed, 0, secret, 0, ED25519_KEY_BYTES);
        System.arraycopy(pub, 0, secret, ED25519_KEY_BYTES, ED25519_KEY_BYTES);
        writeString(priv, secret);
        Arrays.fill(secret, (byte) 0);
        writeString(priv, new byte[0]);
        // Padding 1, 2, 3, … to the cipher block size (8 for "none").
        for (int i = 1; priv.size() % 8 != 0; i++) {
            priv.write(i);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
        writeString(out, "none".getBytes(StandardCharsets.US_ASCII));
        writeString(out, "none".getBytes(StandardCharsets.US_ASCII));
        writeString(out, new byte[0]);
        writeInt(out, 1);
        writeString(out, publicBlob);
        writeString(out, priv.toByteArray());
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, byte[] value) {
        writeInt(out, value.length);
        out.writeBytes(value);
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----";
    }

    private static String sha256(byte[] blob) throws GeneralSecurityException {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
    }

    static String colonHex(byte[] digest) {
        return HexFormat.ofDelimiter(":").formatHex(digest).toLowerCase(Locale.ROOT);
    }
}
