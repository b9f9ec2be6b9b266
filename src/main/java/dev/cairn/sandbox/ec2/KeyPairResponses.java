package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.ec2.Ec2Model.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * EC2's Create/Import/Describe/DeleteKeyPair ({@code keySet}): parse the query parameters, call
 * the model, render the XML the SDK and the CLI read (shapes after the EC2 API reference and
 * moto's {@code ec2/responses}).
 */
final class KeyPairResponses {
    private KeyPairResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.mutating("CreateKeyPair", (p, b, x) -> {
            KeyPairs.CreatedKey k = b.keyPairs().createKeyPair(p.get("KeyName"), p.get("KeyType"),
                    p.get("KeyFormat"), p.tagSpecs());
            x.el("keyName", k.pair().name).el("keyFingerprint", k.pair().fingerprint)
                    .el("keyMaterial", k.privateKeyPem()).el("keyPairId", k.pair().id);
            Describe.tags(x, k.pair().tags);
        });
        actions.mutating("ImportKeyPair", (p, b, x) -> {
            String material = p.get("PublicKeyMaterial");
            byte[] bytes;
            try {
                bytes = material == null ? null : Base64.getDecoder().decode(material);
            } catch (IllegalArgumentException e) {
                throw new AwsException("InvalidKey.Format", "Key is not in valid OpenSSH public key format");
            }
            KeyPair k = b.keyPairs().importKeyPair(p.get("KeyName"), bytes, p.tagSpecs());
            x.el("keyFingerprint", k.fingerprint).el("keyName", k.name).el("keyPairId", k.id);
            Describe.tags(x, k.tags);
        });
        actions.readOnly("DescribeKeyPairs", KeyPairResponses::describeKeyPairs);
        actions.mutating("DeleteKeyPair", (p, b, x) -> {
            String id = b.keyPairs().deleteKeyPair(p.get("KeyName"), p.get("KeyPairId"));
            x.el("return", true).el("keyPairId", id);
        });
    }

    private static final Filters<KeyPair> KEY_FILTERS = new Filters<>(Map.of(
            "key-name", k -> Describe.one(k.name),
            "key-pair-id", k -> Describe.one(k.id),
            "fingerprint", k -> Describe.one(k.fingerprint),
            "key-type", k -> Describe.one(k.keyType)), k -> k.tags);

    private static void describeKeyPairs(QueryParams p, Ec2Backend b, Xml x) {
        List<String> ids = new ArrayList<>(p.list("KeyPairId"));
        p.list("KeyName").forEach(n -> ids.add(b.keyPairs().keyPairByName(n).id));
        Describe.Page<KeyPair> keys = Describe.select(p, b.state().keyPairs.values(), ids,
                b.keyPairs()::keyPairById, KEY_FILTERS, b, false);
        boolean includePublic = Boolean.TRUE.equals(p.bool("IncludePublicKey"));
        x.start("keySet");
        for (KeyPair k : keys.items()) {
            x.start("item").el("keyPairId", k.id).el("keyType", k.keyType).el("createTime", Describe.iso(k.createdAt))
                    .el("keyName", k.name).el("keyFingerprint", k.fingerprint)
                    .el("publicKey", includePublic ? k.publicKey + " " + k.name : null);
            Describe.tags(x, k.tags).end();
        }
        x.end();
    }

}
