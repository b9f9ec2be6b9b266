package dev.cairn.step.storage;

/**
 * A DynamoDB key attribute's type, as AWS spells it in {@code AttributeDefinitions}: a key can
 * only be a string, a number or binary data.
 */
public enum KeyType {
    /** String. */
    S,
    /** Number. */
    N,
    /** Binary. */
    B
}
