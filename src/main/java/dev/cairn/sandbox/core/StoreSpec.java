package dev.cairn.sandbox.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One persisted store of a service: the class of its root object (plain public fields, written
 * by Jackson), the file it lives in, its schema version and how older files are brought up to it.
 *
 * @param fileName      file name in the data folder, e.g. {@code ec2.json}
 * @param type          the root class; one store per class in a Sandbox
 * @param schemaVersion the version this code writes; a file of a newer version is set aside, not read
 * @param empty         a new, empty store
 * @param upgrades      version n → the function turning a document of version n into version n + 1
 *                      (version 0 is a legacy file without the envelope)
 * @param legacyFile    a file of an older Sandbox to import as version 0 when this store's own file
 *                      does not exist yet, or null
 * @param <T>           the root class
 */
public record StoreSpec<T>(String fileName, Class<T> type, int schemaVersion, Supplier<T> empty,
                           Map<Integer, UnaryOperator<JsonNode>> upgrades, String legacyFile) {

    public StoreSpec {
        upgrades = Map.copyOf(upgrades);
        for (int v = legacyFile == null ? 1 : 0; v < schemaVersion; v++) {
            if (!upgrades.containsKey(v)) {
                throw new IllegalArgumentException(fileName + ": no upgrade from schema " + v + " to " + (v + 1));
            }
        }
    }

    /** A store at schema version 1 with nothing to upgrade. */
    public static <T> StoreSpec<T> of(String fileName, Class<T> type, Supplier<T> empty) {
        return new StoreSpec<>(fileName, type, 1, empty, Map.of(), null);
    }
}
