package dev.cairn.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the user wants their stack to be: its name, region and tags, and one section per wizard
 * step it includes, keyed by the step ({@link SectionKey}). A step left out has no section. The
 * model names no step: the step modules ({@code dev.cairn.step}) give each section its meaning,
 * and the YAML writes the sections in the order the steps are registered.
 *
 * @param name the stack name: prefixes every resource's {@code Name} tag and the state folder
 * @param region the AWS region code, e.g. {@code ap-northeast-2}
 * @param tags the user's own tags, added to every taggable resource (insertion order kept)
 * @param sections the steps' sections by key, each an instance of its key's type; unmodifiable
 * @param state where the stack's journal and state live as the user wrote it ({@code s3://BUCKET/PREFIX}
 *     or a folder of stacks, see {@link StateLocation}), or null for Cairn's own folder; checked by
 *     the validator, read with {@link #stateLocation()}
 */
public record Blueprint(String name, String region, Map<String, String> tags, Map<SectionKey<?>, Section> sections,
        String state) {

    public Blueprint {
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        Map<SectionKey<?>, Section> copy = new LinkedHashMap<>();
        if (sections != null) {
            sections.forEach((key, section) -> {
                Objects.requireNonNull(section, () -> "section " + key);
                if (!key.type().isInstance(section)) {
                    throw new IllegalArgumentException("section " + key + " is a " + section.getClass().getSimpleName()
                            + ", not a " + key.type().getSimpleName());
                }
                copy.put(key, section);
            });
        }
        sections = Collections.unmodifiableMap(copy);
        state = state == null || state.isBlank() ? null : state.strip();
    }

    /** A blueprint whose state lives in Cairn's own folder. */
    public Blueprint(String name, String region, Map<String, String> tags, Map<SectionKey<?>, Section> sections) {
        this(name, region, tags, sections, null);
    }

    /** A blueprint with no step's section yet. */
    public Blueprint(String name, String region, Map<String, String> tags) {
        this(name, region, tags, Map.of(), null);
    }

    /**
     * The {@code state:} location, parsed; empty when the blueprint names none.
     *
     * @throws StateLocation.InvalidStateLocationException when it is not valid (the validator reports it first)
     */
    public java.util.Optional<StateLocation> stateLocation() {
        return state == null ? java.util.Optional.empty() : java.util.Optional.of(StateLocation.parse(state));
    }

    /** The same stack with its state kept at {@code location} ({@code null}: Cairn's own folder). */
    public Blueprint withState(String location) {
        return new Blueprint(name, region, tags, sections, location);
    }

    /** The section under {@code key}, or null when the blueprint leaves that step out. */
    public <S extends Section> S section(SectionKey<S> key) {
        return key.type().cast(sections.get(key));
    }

    public boolean has(SectionKey<?> key) {
        return sections.containsKey(key);
    }

    /** This blueprint with {@code section} under {@code key}; a null section leaves the step out. */
    public <S extends Section> Blueprint with(SectionKey<S> key, S section) {
        if (section == null) {
            return without(key);
        }
        Map<SectionKey<?>, Section> changed = new LinkedHashMap<>(sections);
        changed.put(key, section);
        return new Blueprint(name, region, tags, changed, state);
    }

    /** This blueprint with the step of {@code key} left out. */
    public Blueprint without(SectionKey<?> key) {
        if (!sections.containsKey(key)) {
            return this;
        }
        Map<SectionKey<?>, Section> changed = new LinkedHashMap<>(sections);
        changed.remove(key);
        return new Blueprint(name, region, tags, changed, state);
    }

    /** The same stack under another name: every section is kept. */
    public Blueprint withName(String newName) {
        return new Blueprint(newName, region, tags, sections, state);
    }

    /** The same sections in another region (defaults already filled stay as they are). */
    public Blueprint withRegion(String newRegion) {
        return new Blueprint(name, newRegion, tags, sections, state);
    }

    public Blueprint withTags(Map<String, String> newTags) {
        return new Blueprint(name, region, newTags, sections, state);
    }

    /** Every region the blueprint builds in: its own, and those its sections add (a peer region). */
    public Set<String> regions() {
        Set<String> regions = new TreeSet<>();
        if (region != null) {
            regions.add(region);
        }
        sections.values().forEach(s -> regions.addAll(s.otherRegions()));
        return regions;
    }
}
