package dev.cairn.step;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.Section;
import dev.cairn.model.SectionKey;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One wizard step, written in one place: its blueprint section, how that section reads and
 * writes as YAML, its defaults, its rules, and the resources it plans. {@link Steps} lists the
 * modules; {@link BlueprintYaml}, {@link BlueprintValidator} and the planner loop over that list,
 * so adding a step is a new module and one registration line.
 *
 * <p>What a step does not state here, and why:
 * <ul>
 *   <li><b>Cost</b>: each resource kind carries its own cost fact, and the estimate prices the
 *       step's {@link #resources}; a step adds no cost line of its own.
 *   <li><b>Regions</b>: the regions a step builds in besides the blueprint's come from its
 *       section's {@link Section#otherRegions()}, so that {@link Blueprint#regions()} can answer
 *       in the model, which knows no step module.
 *   <li><b>Page</b>: the step's wizard page is a view model in {@code dev.cairn.gui} that edits
 *       this module's section (the GUI's page contract); this package may not see JavaFX.
 * </ul>
 *
 * <p>A module may read the rest of the blueprint (its region, other steps' sections) in every
 * method: the Access step needs the Network step's subnets. It never changes another section.
 *
 * @param <S> the step's section record
 */
public interface StepModule<S extends Section> {

    /**
     * The step's key: the section's YAML key, the first part of its field paths
     * ({@code network.subnets[2].cidr}) and of its addresses ({@code network.vpc}).
     */
    SectionKey<S> key();

    /** The key's name, {@code network}. */
    default String name() {
        return key().name();
    }

    /** Whether every blueprint must hold this step; an optional step is left out by having no section. */
    boolean required();

    /** The comment {@link BlueprintYaml#writeCommented} puts above the section's key. */
    String comment();

    /** The comments {@link BlueprintYaml#writeCommented} puts above the section's own keys, by key. */
    Map<String, String> fieldComments();

    /**
     * The section read from its YAML value, the parser at the value's first token; null for an
     * empty value (the step left out). By default Jackson maps the value onto the section record,
     * whose annotations give its YAML shape. A problem is thrown as Jackson's exception with its
     * path inside the section; the caller prefixes the step's key.
     */
    default S read(JsonParser parser, ObjectMapper mapper) throws IOException {
        return mapper.readValue(parser, key().type());
    }

    /**
     * The section with what the user may leave out filled in (zones from the region, computed
     * subnets, free-tier instance types). Left as is where a default cannot be computed, so that
     * {@link #validate} says why.
     */
    S withDefaults(S section, Blueprint blueprint);

    /** Every problem with the section, each with its full field path and a stable rule key. */
    List<FieldError> validate(S section, Blueprint blueprint);

    /** What the section allows but is risky, to show beside the field and confirm; none by default. */
    default List<FieldError> warnings(S section, Blueprint blueprint) {
        return List.of();
    }

    /**
     * The resources the step plans for a validated blueprint with defaults filled, in a natural
     * creation order (the planner's tie-break). They may ref other steps' addresses.
     */
    List<ResourceSpec> resources(S section, Blueprint blueprint);

    /** {@code blueprint} with this step's section defaulted; unchanged when the step is left out. */
    default Blueprint withDefaults(Blueprint blueprint) {
        S section = blueprint.section(key());
        return section == null ? blueprint : blueprint.with(key(), withDefaults(section, blueprint));
    }

    /** This step's problems in {@code blueprint}: its rules, or that a required step is missing. */
    default List<FieldError> validate(Blueprint blueprint) {
        S section = blueprint.section(key());
        if (section == null) {
            return required() ? List.of(FieldError.of(name(), "field.required", name() + " is required")) : List.of();
        }
        return validate(section, blueprint);
    }

    default List<FieldError> warnings(Blueprint blueprint) {
        S section = blueprint.section(key());
        return section == null ? List.of() : warnings(section, blueprint);
    }

    /** This step's resources in {@code blueprint}; none when the step is left out. */
    default List<ResourceSpec> resources(Blueprint blueprint) {
        S section = blueprint.section(key());
        return section == null ? List.of() : resources(section, blueprint);
    }
}
