package dev.cairn.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The typed name of a {@link Section} in a {@link Blueprint}: {@code network} for the Network
 * step. The name is the section's YAML key, the first part of its field paths
 * ({@code network.subnets[2].cidr}) and of its resources' addresses ({@code network.vpc}).
 *
 * @param name the key, lowercase letters and digits like an address's step
 * @param type the section's record type, what a blueprint's value under this key always is
 * @param <S> the section type
 */
public record SectionKey<S extends Section>(String name, Class<S> type) {

    /** An address's step part ({@link Address}), so a section's key can prefix its addresses. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*");

    public SectionKey {
        Objects.requireNonNull(type, "type");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a section key: " + name);
        }
    }

    public static <S extends Section> SectionKey<S> of(String name, Class<S> type) {
        return new SectionKey<>(name, type);
    }

    @Override
    public String toString() {
        return name;
    }
}
