package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.ec2.Ec2Model.KeyPair;
import java.util.Iterator;
import java.util.List;

/**
 * Key pairs: real key material made or read by {@link KeyMaterial}; only the public part and the
 * fingerprint are kept, the private key leaves once in the create answer.
 */
final class KeyPairs extends Ec2Family {
    KeyPairs(Ec2Backend backend) {
        super(backend);
    }

    /** A created key pair and its private key, which is returned once and never stored. */
    record CreatedKey(KeyPair pair, String privateKeyPem) {
        @Override
        public String toString() {
            return "CreatedKey[" + pair.name + "]";
        }
    }

    KeyPair keyPairById(String id) {
        return b.find(s.keyPairs, id, "InvalidKeyPair.NotFound", "The key pair ID '%s' does not exist");
    }

    KeyPair keyPairByName(String name) {
        for (KeyPair k : s.keyPairs.values()) {
            if (k.name.equals(name) && b.visible(k)) {
                return k;
            }
        }
        throw new AwsException("InvalidKeyPair.NotFound", "The key pair '" + name + "' does not exist");
    }

    CreatedKey createKeyPair(String name, String keyType, String keyFormat, List<QueryParams.TagSpec> tags) {
        String type = keyType == null ? "rsa" : keyType;
        if (!type.equals("rsa") && !type.equals("ed25519")) {
            throw AwsException.invalidParameterValue("Value (" + keyType + ") for parameter keyType is invalid.");
        }
        if (keyFormat != null && !keyFormat.equals("pem")) {
            throw AwsException.invalidParameterValue("Value (" + keyFormat
                    + ") for parameter keyFormat is invalid: the Sandbox returns pem only.");
        }
        KeyPair k = newKeyPair(name, type);
        b.tags().applyTagSpecs(k, "key-pair", tags);
        KeyMaterial.Created made = KeyMaterial.create(type);
        k.publicKey = made.publicKey();
        k.fingerprint = made.fingerprint();
        s.keyPairs.put(k.id, k);
        return new CreatedKey(k, made.privateKeyPem());
    }

    KeyPair importKeyPair(String name, byte[] material, List<QueryParams.TagSpec> tags) {
        if (material == null) {
            throw AwsException.missingParameter("PublicKeyMaterial");
        }
        KeyMaterial.Imported parsed = KeyMaterial.parse(material);
        KeyPair k = newKeyPair(name, parsed.keyType());
        b.tags().applyTagSpecs(k, "key-pair", tags);
        k.publicKey = parsed.publicKey();
        k.fingerprint = parsed.fingerprint();
        s.keyPairs.put(k.id, k);
        return k;
    }

    private KeyPair newKeyPair(String name, String type) {
        if (name == null || name.isEmpty()) {
            throw AwsException.missingParameter("KeyName");
        }
        if (name.length() > 255 || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw AwsException.invalidParameterValue("Value (" + name + ") for parameter keyName is invalid.");
        }
        if (s.keyPairs.values().stream().anyMatch(k -> k.name.equals(name))) {
            throw new AwsException("InvalidKeyPair.Duplicate", "The keypair '" + name + "' already exists.");
        }
        KeyPair k = new KeyPair();
        k.id = b.newId("key");
        k.createdAt = now;
        k.name = name;
        k.keyType = type;
        return k;
    }

    /** DeleteKeyPair is idempotent in AWS: an unknown name or ID succeeds and changes nothing. */
    String deleteKeyPair(String name, String id) {
        if (name == null && id == null) {
            throw AwsException.missingParameter("KeyName");
        }
        for (Iterator<KeyPair> it = s.keyPairs.values().iterator(); it.hasNext(); ) {
            KeyPair k = it.next();
            if ((name != null && k.name.equals(name)) || (id != null && k.id.equals(id))) {
                it.remove();
                return k.id;
            }
        }
        return id;
    }
}
