package dev.cairn.sandbox.ec2;

import static dev.cairn.sandbox.SandboxClients.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SandboxConfig;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.KeyType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Key pairs: real key material, AWS's fingerprints, import parsing, and that nothing secret is kept. */
class KeyPairTest {
    private static final byte[] ED25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    @TempDir
    Path dataDir;
    private SandboxServer server;
    private Ec2Client ec2;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant().withDataDir(dataDir));
        ec2 = SandboxClients.ec2(server);
    }

    @AfterEach
    void stop() {
        ec2.close();
        server.close();
    }

    @Test
    void createKeyPair_rsa_returnsPkcs1PemWhoseFingerprintIsSha1OfPkcs8() throws Exception {
        CreateKeyPairResponse created = ec2.createKeyPair(r -> r.keyName("ops").keyType(KeyType.RSA).keyFormat("pem")
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.KEY_PAIR)
                        .tags(Tag.builder().key("Name").value("ops").build()).build()));

        assertThat(created.keyPairId()).matches("key-[0-9a-f]{17}");
        assertThat(created.keyMaterial()).startsWith("-----BEGIN RSA PRIVATE KEY-----\n")
                .endsWith("-----END RSA PRIVATE KEY-----");
        RSAPrivateCrtKey key = readPkcs1(created.keyMaterial());
        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
        String sha1 = colonHex(MessageDigest.getInstance("SHA-1").digest(key.getEncoded()));
        assertThat(created.keyFingerprint()).isEqualTo(sha1);

        KeyPairInfo info = ec2.describeKeyPairs(r -> r.keyNames("ops").includePublicKey(true)).keyPairs().get(0);
        assertThat(info.keyFingerprint()).isEqualTo(sha1);
        assertThat(info.keyType()).isEqualTo(KeyType.RSA);
        assertThat(info.tags()).containsExactly(Tag.builder().key("Name").value("ops").build());
        RSAPublicKey publicKey = parseOpenSshRsa(info.publicKey());
        assertThat(publicKey.getModulus()).isEqualTo(key.getModulus());
    }

    @Test
    void createKeyPair_ed25519_returnsOpenSshKeyThatSignsForItsPublicKey() throws Exception {
        CreateKeyPairResponse created = ec2.createKeyPair(r -> r.keyName("edge").keyType(KeyType.ED25519));

        assertThat(created.keyMaterial()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        ByteBuffer in = ByteBuffer.wrap(Base64.getMimeDecoder().decode(created.keyMaterial()
                .replace("-----BEGIN OPENSSH PRIVATE KEY-----", "").replace("-----END OPENSSH PRIVATE KEY-----", "")));
        byte[] magic = new byte[15];
        in.get(magic);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("openssh-key-v1\0");
        assertThat(string(in)).isEqualTo("none".getBytes(StandardCharsets.US_ASCII));
        assertThat(string(in)).isEqualTo("none".getBytes(StandardCharsets.US_ASCII));
        string(in);
        assertThat(in.getInt()).isEqualTo(1);
        byte[] publicBlob = string(in);
        ByteBuffer priv = ByteBuffer.wrap(string(in));
        assertThat(priv.getInt()).isEqualTo(priv.getInt());
        assertThat(new String(string(priv), StandardCharsets.US_ASCII)).isEqualTo("ssh-ed25519");
        byte[] pub = string(priv);
        byte[] secret = string(priv);

        PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(
                new EdECPrivateKeySpec(NamedParameterSpec.ED25519, Arrays.copyOf(secret, 32)));
        PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(
                ED25519_X509_PREFIX, pub)));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(privateKey);
        signer.update("cairn".getBytes(StandardCharsets.UTF_8));
        byte[] signature = signer.sign();
        signer.initVerify(publicKey);
        signer.update("cairn".getBytes(StandardCharsets.UTF_8));
        assertThat(signer.verify(signature)).isTrue();
        assertThat(created.keyFingerprint()).isEqualTo(
                Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(publicBlob)));
    }

    @Test
    void createKeyPair_never_persistsThePrivateKey() throws Exception {
        CreateKeyPairResponse created = ec2.createKeyPair(r -> r.keyName("secret"));
        server.close();

        String state = Files.readString(dataDir.resolve(Ec2Store.FILE_NAME));
        String body = created.keyMaterial().lines().skip(1).findFirst().orElseThrow();
        assertThat(state).contains(created.keyFingerprint()).doesNotContain(body).doesNotContain("PRIVATE KEY");
        server = SandboxServer.start(SandboxConfig.instant().withDataDir(dataDir));
        ec2.close();
        ec2 = SandboxClients.ec2(server);
        assertThat(ec2.describeKeyPairs(r -> r.keyNames("secret")).keyPairs().get(0).keyFingerprint())
                .isEqualTo(created.keyFingerprint());
    }

    @Test
    void importKeyPair_rsa_fingerprintIsMd5OfThePublicKeyDer() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        String line = openSshRsa((RSAPublicKey) pair.getPublic()) + " me@laptop";

        var imported = ec2.importKeyPair(r -> r.keyName("laptop")
                .publicKeyMaterial(SdkBytes.fromString(line, StandardCharsets.US_ASCII)));

        assertThat(imported.keyFingerprint())
                .isEqualTo(colonHex(MessageDigest.getInstance("MD5").digest(pair.getPublic().getEncoded())));
        assertThat(imported.keyPairId()).matches("key-[0-9a-f]{17}");
    }

    @Test
    void importKeyPair_ed25519_fingerprintIsSha256OfTheBlob() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] x509 = pair.getPublic().getEncoded();
        byte[] blob = concat(sshString("ssh-ed25519".getBytes(StandardCharsets.US_ASCII)),
                sshString(Arrays.copyOfRange(x509, 12, 44)));
        String line = "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob);

        var imported = ec2.importKeyPair(r -> r.keyName("ed").publicKeyMaterial(SdkBytes.fromUtf8String(line)));

        assertThat(imported.keyFingerprint())
                .isEqualTo(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob)));
        assertThat(ec2.describeKeyPairs(r -> r.keyNames("ed")).keyPairs().get(0).keyType()).isEqualTo(KeyType.ED25519);
    }

    @Test
    void importKeyPair_whenNotOpenSsh_isInvalidKeyFormat() {
        String message = assertEc2Error(() -> ec2.importKeyPair(r -> r.keyName("bad")
                .publicKeyMaterial(SdkBytes.fromUtf8String("ssh-rsa bm90IGEga2V5"))), "InvalidKey.Format");
        assertThat(message).isEqualTo("Key is not in valid OpenSSH public key format");
        assertEc2Error(() -> ec2.importKeyPair(r -> r.keyName("pem")
                .publicKeyMaterial(SdkBytes.fromUtf8String("-----BEGIN PUBLIC KEY-----"))), "InvalidKey.Format");
    }

    @Test
    void createKeyPair_whenNameTaken_isDuplicate() {
        ec2.createKeyPair(r -> r.keyName("ops"));

        String message = assertEc2Error(() -> ec2.createKeyPair(r -> r.keyName("ops")), "InvalidKeyPair.Duplicate");
        assertThat(message).isEqualTo("The keypair 'ops' already exists.");
    }

    @Test
    void describeKeyPairs_byNameIdAndFilters_findsOrAnswersNotFound() {
        String id = ec2.createKeyPair(r -> r.keyName("ops").tagSpecifications(TagSpecification.builder()
                .resourceType(ResourceType.KEY_PAIR).tags(Tag.builder().key("team").value("net").build()).build()))
                .keyPairId();
        ec2.createKeyPair(r -> r.keyName("other"));

        assertThat(ec2.describeKeyPairs(r -> r.keyPairIds(id)).keyPairs()).extracting(KeyPairInfo::keyName)
                .containsExactly("ops");
        assertThat(ec2.describeKeyPairs(r -> r.filters(Filter.builder().name("key-name").values("o*").build()))
                .keyPairs()).hasSize(2);
        assertThat(ec2.describeKeyPairs(r -> r.filters(Filter.builder().name("tag:team").values("net").build()))
                .keyPairs()).extracting(KeyPairInfo::keyPairId).containsExactly(id);
        String message = assertEc2Error(() -> ec2.describeKeyPairs(r -> r.keyNames("missing")), "InvalidKeyPair.NotFound");
        assertThat(message).isEqualTo("The key pair 'missing' does not exist");
    }

    @Test
    void deleteKeyPair_byNameOrId_isIdempotent() {
        String id = ec2.createKeyPair(r -> r.keyName("a")).keyPairId();
        ec2.createKeyPair(r -> r.keyName("b"));

        ec2.deleteKeyPair(r -> r.keyPairId(id));
        ec2.deleteKeyPair(r -> r.keyName("b"));
        ec2.deleteKeyPair(r -> r.keyName("b"));

        assertThat(ec2.describeKeyPairs().keyPairs()).isEmpty();
    }

    // ---------------------------------------------------------------- helpers (as an SSH client would read keys)

    private static RSAPrivateCrtKey readPkcs1(String pem) throws Exception {
        byte[] der = Base64.getMimeDecoder().decode(pem.replace("-----BEGIN RSA PRIVATE KEY-----", "")
                .replace("-----END RSA PRIVATE KEY-----", ""));
        ByteBuffer in = ByteBuffer.wrap(der);
        derLength(in, 0x30);
        BigInteger[] v = new BigInteger[9];
        for (int i = 0; i < 9; i++) {
            byte[] value = new byte[derLength(in, 0x02)];
            in.get(value);
            v[i] = new BigInteger(value);
        }
        assertThat(v[0]).isEqualTo(BigInteger.ZERO);
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(
                new RSAPrivateCrtKeySpec(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]));
    }

    private static int derLength(ByteBuffer in, int tag) {
        assertThat(in.get() & 0xff).isEqualTo(tag);
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

    private static RSAPublicKey parseOpenSshRsa(String line) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(line.split(" ")[1]));
        assertThat(new String(string(in), StandardCharsets.US_ASCII)).isEqualTo("ssh-rsa");
        BigInteger e = new BigInteger(string(in));
        BigInteger n = new BigInteger(string(in));
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new java.security.spec.RSAPublicKeySpec(n, e));
    }

    private static String openSshRsa(RSAPublicKey key) {
        return "ssh-rsa " + Base64.getEncoder().encodeToString(concat(concat(
                sshString("ssh-rsa".getBytes(StandardCharsets.US_ASCII)), sshString(key.getPublicExponent().toByteArray())),
                sshString(key.getModulus().toByteArray())));
    }

    private static byte[] string(ByteBuffer in) {
        byte[] out = new byte[in.getInt()];
        in.get(out);
        return out;
    }

    private static byte[] sshString(byte[] value) {
        return concat(ByteBuffer.allocate(4).putInt(value.length).array(), value);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static String colonHex(byte[] digest) {
        return HexFormat.ofDelimiter(":").formatHex(digest);
    }
}
