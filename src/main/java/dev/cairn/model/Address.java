package dev.cairn.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The logical address of a resource in a stack, stable across runs: {@code network.vpc},
 * {@code network.subnet[app-a]}. It is what the journal, the state file, the {@code cairn:address}
 * tag and the diagram use to name a resource; the physical ID comes back from AWS.
 */
public record Address(String value) implements Comparable<Address> {

    private static final Pattern FORM =
            Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9-]*)(\\[[a-z0-9][a-z0-9-]*\\])?");

    public Address {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not a resource address: " + value);
        }
    }

    public static Address parse(String value) {
        return new Address(value);
    }

    /** {@code of("network", "vpc")} is {@code network.vpc}. */
    public static Address of(String step, String type) {
        return new Address(step + "." + type);
    }

    /** {@code of("network", "subnet", "app-a")} is {@code network.subnet[app-a]}. */
    public static Address of(String step, String type, String name) {
        return new Address(step + "." + type + "[" + name + "]");
    }

    /** The step this address belongs to: {@code network}. */
    public String step() {
        return value.substring(0, value.indexOf('.'));
    }

    /** The type part: {@code subnet} for {@code network.subnet[app-a]}. */
    public String type() {
        int dot = value.indexOf('.');
        int bracket = value.indexOf('[');
        return bracket < 0 ? value.substring(dot + 1) : value.substring(dot + 1, bracket);
    }

    /** The name inside brackets, or empty: {@code app-a} for {@code network.subnet[app-a]}. */
    public String name() {
        int bracket = value.indexOf('[');
        return bracket < 0 ? "" : value.substring(bracket + 1, value.length() - 1);
    }

    /** Short name for the {@code Name} tag: {@code subnet-app-a}, {@code vpc}. */
    public String shortName() {
        return name().isEmpty() ? type() : type() + "-" + name();
    }

    @Override
    public int compareTo(Address other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
