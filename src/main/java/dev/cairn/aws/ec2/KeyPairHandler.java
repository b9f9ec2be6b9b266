package dev.cairn.aws.ec2;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Ec2Kinds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.KeyType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The stack's key pair, in one of three modes ({@code mode} property):
 * <ul>
 *   <li>{@code create}: AWS generates it; the private key is written to
 *       {@code <ssh dir>/<keyName>.pem} with owner-only permissions before {@link #create}
 *       returns. The key material never goes anywhere else: not into the returned attributes
 *       (only the file's path), so never into the journal, the state or a log. A file already
 *       at that path is kept, renamed with a timestamp suffix. If a create was interrupted after
 *       AWS made the key but before the file was written, {@link #adopt} deletes that key pair
 *       (its private half is lost) so the create runs again.
 *   <li>{@code import}: the public key file is uploaded.
 *   <li>{@code existing}: adopted by name, never created and never deleted.
 * </ul>
 * Deleting removes the key pair in AWS and keeps the local {@code .pem}. The ssh dir is
 * {@code ~/.ssh}, or the system property {@value #SSH_DIR_PROPERTY} (tests).
 */
public final class KeyPairHandler extends Ec2Handler {

    public static final String SSH_DIR_PROPERTY = "cairn.ssh.dir";
    private static final Logger LOG = LoggerFactory.getLogger(KeyPairHandler.class);

    public KeyPairHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.KEY_PAIR;
    }

    /** Where create mode saves private keys. */
    public static Path sshDir() {
        String override = System.getProperty(SSH_DIR_PROPERTY);
        return override != null && !override.isBlank() ? Path.of(override) : Path.of(System.getProperty("user.home"), ".ssh");
    }

    /** The file a created key pair's private key is saved to. */
    public static Path privateKeyFile(String keyName) {
        return sshDir().resolve(keyName + ".pem");
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        return find(ctx, spec) instanceof Found.Ours ours ? Optional.of(ours.resource()) : Optional.empty();
    }

    /**
     * This stack's key pair for the address (by its tags); in {@code existing} mode the user's key
     * pair by name. A key pair of the same name that is not this stack's is {@link Found.Taken}:
     * key names are unique per region, so the create would fail, and Cairn never adopts it.
     */
    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        Ec2Client ec2 = ec2(spec.region());
        String mode = required(spec, "mode");
        String name = required(spec, "keyName");
        if (mode.equals("existing")) {
            return Found.ofOptional(byName(ec2, name).map(k -> live(k, null)));
        }
        Optional<KeyPairInfo> mine = ec2.describeKeyPairs(r -> r.filters(ownedBy(ctx))).keyPairs().stream()
                .filter(k -> hasAddress(k.tags(), ctx, spec))
                .findFirst();
        if (mine.isPresent() && mode.equals("create") && !Files.exists(privateKeyFile(name))) {
            // The private key was never saved (a kill between AWS's answer and the write): the
            // key pair is useless, so it goes and the create runs again.
            LOG.warn("key pair {} exists but {} does not; deleting it so that it is created again", name, privateKeyFile(name));
            ctx.say("keyPair.noPrivateKey", name);
            ctx.mutating("DeleteKeyPair", () -> deleteKeyPair(ec2, mine.get()));
            return Found.absent();
        }
        if (mine.isPresent()) {
            return Found.ours(live(mine.get(), mode.equals("create") ? privateKeyFile(name) : null));
        }
        return byName(ec2, name).<Found>map(k -> Found.taken("key pair " + name + " (" + k.keyPairId() + ") already exists in "
                + spec.region() + " without this stack's tags")).orElse(Found.absent());
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        Ec2Client ec2 = ec2(spec.region());
        String mode = required(spec, "mode");
        String name = required(spec, "keyName");
        switch (mode) {
            case "existing" -> {
                return byName(ec2, name).map(k -> live(k, null)).orElseThrow(() -> new IllegalStateException(
                        "key pair " + name + " does not exist in " + spec.region() + " (access.keyPair.mode is existing)"));
            }
            case "import" -> {
                Path file = expandHome(required(spec, "publicKeyFile"));
                byte[] publicKey;
                try {
                    publicKey = Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the public key " + file, e);
                }
                var r = ec2.importKeyPair(b -> b.keyName(name).publicKeyMaterial(SdkBytes.fromByteArray(publicKey))
                        .tagSpecifications(tagSpec(ResourceType.KEY_PAIR, spec.tags())));
                return new LiveResource(r.keyPairId(), attributes(r.keyPairId(), name, null), "available");
            }
            case "create" -> {
                CreateKeyPairResponse r = ec2.createKeyPair(b -> b.keyName(name).keyType(KeyType.RSA)
                        .tagSpecifications(tagSpec(ResourceType.KEY_PAIR, spec.tags())));
                Path pem = privateKeyFile(name);
                writeOwnerOnly(pem, r.keyMaterial());
                ctx.say("keyPair.saved", pem.toString());
                return new LiveResource(r.keyPairId(), attributes(r.keyPairId(), name, pem), "available");
            }
            default -> throw new IllegalArgumentException(spec.address() + " has an unknown key pair mode '" + mode + "'");
        }
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        return absentIfNotFound(() -> byId(ec2(spec.region()), resource.physicalId()))
                .map(k -> Poll.done(new LiveResource(resource.physicalId(), resource.attributes(), "available")))
                .orElseGet(() -> notVisibleYet(resource.physicalId()));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> byId(ec2(record), record.physicalId()))
                .map(k -> new LiveResource(k.keyPairId(), record.attributes(), "available"));
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        if ("existing".equals(record.spec().property("mode"))) {
            // Not ours: the user named a key pair they already had.
            return;
        }
        Ec2Client ec2 = ec2(record);
        absentIfNotFound(() -> byId(ec2, record.physicalId())).ifPresent(k -> deleteKeyPair(ec2, k));
        String pem = record.attributes().get("privateKeyFile");
        if (pem != null) {
            ctx.say("keyPair.deletedKept", pem);
        }
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        if ("existing".equals(record.spec().property("mode"))) {
            return Poll.done();
        }
        return absentIfNotFound(() -> byId(ec2(record), record.physicalId()))
                .map(k -> stillExists(k.keyName()))
                .orElseGet(Poll::done);
    }

    /**
     * Writes the private key to a new owner-only file and moves it into place, so the key is
     * never readable by others, not even for a moment. An existing file is renamed, not lost.
     */
    static void writeOwnerOnly(Path pem, String keyMaterial) {
        try {
            Files.createDirectories(pem.getParent());
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            Path tmp = posix
                    ? Files.createTempFile(pem.getParent(), ".cairn-key-", ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(pem.getParent(), ".cairn-key-", ".tmp");
            if (!posix) {
                var f = tmp.toFile();
                f.setReadable(false, false);
                f.setWritable(false, false);
                f.setReadable(true, true);
                f.setWritable(true, true);
            }
            Files.writeString(tmp, keyMaterial.endsWith("\n") ? keyMaterial : keyMaterial + "\n", StandardCharsets.US_ASCII);
            if (Files.exists(pem)) {
                Path kept = pem.resolveSibling(pem.getFileName() + "." + Instant.now().getEpochSecond() + ".old");
                Files.move(pem, kept);
                LOG.warn("{} existed; kept it as {}", pem, kept);
            }
            Files.move(tmp, pem, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the private key to " + pem, e);
        }
    }

    private static Path expandHome(String file) {
        if (file.equals("~") || file.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(file.equals("~") ? "" : file.substring(2));
        }
        return Path.of(file);
    }

    /** By name: AWS takes a name or an ID, and some compatible endpoints only a name. */
    private static void deleteKeyPair(Ec2Client ec2, KeyPairInfo k) {
        ignoreNotFound(() -> ec2.deleteKeyPair(r -> r.keyName(k.keyName())));
    }

    private static Optional<KeyPairInfo> byName(Ec2Client ec2, String name) {
        return absentIfNotFound(() -> ec2.describeKeyPairs(r -> r.keyNames(name)).keyPairs().stream()
                .filter(k -> name.equals(k.keyName())).findFirst());
    }

    private static Optional<KeyPairInfo> byId(Ec2Client ec2, String id) {
        return ec2.describeKeyPairs(r -> r.keyPairIds(id)).keyPairs().stream().filter(k -> id.equals(k.keyPairId())).findFirst();
    }

    private static Map<String, String> attributes(String id, String name, Path pem) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("keyPairId", id);
        a.put("keyName", name);
        if (pem != null) {
            a.put("privateKeyFile", pem.toString());
        }
        return a;
    }

    private static LiveResource live(KeyPairInfo k, Path pem) {
        return new LiveResource(k.keyPairId(), attributes(k.keyPairId(), k.keyName(), pem), "available");
    }
}
