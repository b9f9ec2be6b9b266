package dev.cairn.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.Address;
import dev.cairn.model.Props;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.ResourceKinds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One line of {@code journal.jsonl}. Only the spec (properties, refs, dependencies, the user's
 * tags), IDs, attributes AWS returned and messages are written: never credentials.
 *
 * @param seq position in the journal, from 1, assigned on append
 * @param at when it was appended, assigned on append
 * @param type {@link #INTENT} (before a mutating call) or {@link #OUTCOME} (after it)
 * @param op {@link #CREATE}, {@link #UPDATE}, {@link #DELETE}, or {@link #CALL} for a further
 *     mutating call a handler makes inside an operation ({@code AcceptVpcPeeringConnection})
 * @param outcome for outcomes: created, adopted, ready, updated, deleted, failed, absent, or done (a call)
 * @param kind the kind's wire name ({@code NAT_GATEWAY}), stable across releases
 * @param properties the spec's properties as one JSON object (old journals: strings only)
 * @param deps the spec's extra dependencies (refs are dependencies too)
 * @param tags the user's tags of the spec (absent in journals written before tags could change in place)
 * @param clientToken the idempotency token sent with a create
 * @param physicalId the AWS ID when known
 * @param attributes what AWS returned (outcomes)
 * @param changed for an update, the properties it changes
 * @param action for a call, the API action ({@code AcceptVpcPeeringConnection})
 * @param message AWS's message on failure
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(
        long seq,
        Instant at,
        String type,
        String op,
        String outcome,
        String address,
        String kind,
        String region,
        JsonNode properties,
        Map<String, String> refs,
        List<String> deps,
        Map<String, String> tags,
        String clientToken,
        String physicalId,
        Map<String, String> attributes,
        List<String> changed,
        String action,
        String message) {

    public static final String INTENT = "intent";
    public static final String OUTCOME = "outcome";
    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String DELETE = "delete";
    public static final String CALL = "call";
    public static final String CREATED = "created";
    public static final String ADOPTED = "adopted";
    public static final String READY = "ready";
    public static final String UPDATED = "updated";
    public static final String DELETED = "deleted";
    public static final String FAILED = "failed";
    public static final String ABSENT = "absent";
    public static final String DONE = "done";

    public JournalEntry {
        properties = properties == null ? null : properties.deepCopy();
        refs = refs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(refs));
        deps = deps == null ? List.of() : List.copyOf(deps);
        tags = tags == null || tags.isEmpty() ? null : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        attributes = attributes == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        changed = changed == null || changed.isEmpty() ? null : List.copyOf(changed);
    }

    /** An intent to create or delete, written before the call. */
    public static JournalEntry intent(String op, ResourceSpec spec, String clientToken, String physicalId) {
        return of(INTENT, op, null, spec, clientToken, physicalId, null, null, null, null);
    }

    /** An intent to change {@code changed} in place, written before the first call of the update. */
    public static JournalEntry updateIntent(ResourceSpec spec, String physicalId, Set<String> changed) {
        return of(INTENT, UPDATE, null, spec, null, physicalId, null, List.copyOf(new TreeSet<>(changed)), null, null);
    }

    /** The outcome of an operation, written after the call. */
    public static JournalEntry outcome(String op, String outcome, ResourceSpec spec, String physicalId,
            Map<String, String> attributes, String message) {
        return of(OUTCOME, op, outcome, spec, null, physicalId, attributes, null, null, message);
    }

    /** Before a further mutating call a handler makes inside an operation on {@code spec}'s resource. */
    public static JournalEntry callIntent(ResourceSpec spec, String physicalId, String action) {
        return of(INTENT, CALL, null, spec, null, physicalId, null, null, action, null);
    }

    /** After such a call: {@link #DONE}, or {@link #FAILED} with the error. */
    public static JournalEntry callOutcome(ResourceSpec spec, String physicalId, String action, String outcome, String message) {
        return of(OUTCOME, CALL, outcome, spec, null, physicalId, null, null, action, message);
    }

    private static JournalEntry of(String type, String op, String outcome, ResourceSpec spec, String clientToken,
            String physicalId, Map<String, String> attributes, List<String> changed, String action, String message) {
        Map<String, String> refs = new LinkedHashMap<>();
        spec.refs().forEach((name, target) -> refs.put(name, target.value()));
        List<String> deps = new ArrayList<>();
        spec.extraDependencies().forEach(a -> deps.add(a.value()));
        return new JournalEntry(0, null, type, op, outcome, spec.address().value(), spec.kind().wireName(), spec.region(),
                spec.props().toJson(), refs, deps, spec.tags(), clientToken, physicalId, attributes, changed, action, message);
    }

    /** This entry numbered {@code newSeq} and stamped {@code when}, as a store appends it. */
    public JournalEntry stamped(long newSeq, Instant when) {
        return new JournalEntry(newSeq, when, type, op, outcome, address, kind, region, properties, refs, deps, tags,
                clientToken, physicalId, attributes, changed, action, message);
    }

    /** Whether this entry is about a further call inside an operation, not the operation itself. */
    public boolean isCall() {
        return CALL.equals(op);
    }

    /**
     * The resource spec this entry is about, rebuilt.
     *
     * @throws IllegalArgumentException when the kind is not one this Cairn knows
     */
    public ResourceSpec toSpec() {
        Map<String, Address> refAddresses = new LinkedHashMap<>();
        refs.forEach((name, target) -> refAddresses.put(name, Address.parse(target)));
        Set<Address> extra = new TreeSet<>();
        deps.forEach(d -> extra.add(Address.parse(d)));
        return new ResourceSpec(Address.parse(address), ResourceKinds.require(kind), region, Props.fromJson(properties),
                refAddresses, extra, tags);
    }
}
