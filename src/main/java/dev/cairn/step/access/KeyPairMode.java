package dev.cairn.step.access;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * Where the stack's key pair comes from. Written in YAML as {@code create|import|existing}.
 * <ul>
 *   <li>{@code create}: AWS makes the key pair; its private key is saved once as
 *       {@code ~/.ssh/<name>.pem} (owner-only) and nowhere else.
 *   <li>{@code import}: the user's public key file is uploaded; the private key never leaves
 *       the user's machine.
 *   <li>{@code existing}: a key pair already in the region is used by name; Cairn never
 *       deletes it.
 * </ul>
 */
public enum KeyPairMode {
    CREATE("create"),
    IMPORT("import"),
    EXISTING("existing");

    private final String yamlName;

    KeyPairMode(String yamlName) {
        this.yamlName = yamlName;
    }

    @JsonValue
    public String yamlName() {
        return yamlName;
    }

    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(KeyPairMode::yamlName).toList();
    }

    /** The mode for a YAML word, if any. */
    public static java.util.Optional<KeyPairMode> fromYaml(String word) {
        return Arrays.stream(values()).filter(m -> m.yamlName.equals(word)).findFirst();
    }
}
