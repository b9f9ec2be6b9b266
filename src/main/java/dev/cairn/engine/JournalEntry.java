package dev.cairn.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cairn.model.Address;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One line of {@code journal.jsonl}. Only the spec (properties, refs, dependencies), IDs,
 * attributes AWS returned and messages are written: never credentials.
 *
 * @param seq position in the journal, from 1, assigned on append
 * @param at when it was appended, assigned on append
 * @param type {@link #INTENT} (before a mutating call) or {@link #OUTCOME} (after it)
 * @param op {@link #CREATE} or {@link #DELETE}
 * @param outcome for outcomes: created, adopted, ready, deleted, failed or absent
 * @param deps the spec's extra dependencies (refs are dependencies too)
 * @param clientToken the idempotency token sent with a create
 * @param physicalId the AWS ID when known
 * @param attributes what AWS returned (outcomes)
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
        Map<String, String> properties,
        Map<String, String> refs,
        List<String> deps,
        String clientToken,
        String physicalId,
        Map<String, String> attributes,
        String message) {

    public static final String INTENT = "intent";
    public static final String OUTCOME = "outcome";
    public static final String CREATE = "create";
    public static final String DELETE = "delete";
    public static final String CREATED = "created";
    public static final String ADOPTED = "adopted";
    public static final String READY = "ready";
    public static final String DELETED = "deleted";
    public static final String FAILED = "failed";
    public static final String ABSENT = "absent";

    public JournalEntry {
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        refs = refs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(refs));
        deps = deps == null ? List.of() : List.copyOf(deps);
        attributes = attributes == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** An intent to create or delete, written before the call. */
    public static JournalEntry intent(String op, ResourceSpec spec, String clientToken, String physicalId) {
        return of(INTENT, op, null, spec, clientToken, physicalId, null, null);
    }

    /** The outcome of an operation, written after the call. */
    public static JournalEntry outcome(String op, String outcome, ResourceSpec spec, String physicalId,
            Map<String, String> attributes, String message) {
        return of(OUTCOME, op, outcome, spec, null, physicalId, attributes, message);
    }

    private static JournalEntry of(String type, String op, String outcome, ResourceSpec spec, String clientToken,
            String physicalId, Map<String, String> attributes, String message) {
        Map<String, String> refs = new LinkedHashMap<>();
        spec.refs().forEach((name, target) -> refs.put(name, target.value()));
        List<String> deps = new ArrayList<>();
        spec.extraDependencies().forEach(a -> deps.add(a.value()));
        return new JournalEntry(0, null, type, op, outcome, spec.address().value(), spec.kind().name(), spec.region(),
                spec.properties(), refs, deps, clientToken, physicalId, attributes, message);
    }

    JournalEntry stamped(long newSeq, Instant when) {
        return new JournalEntry(newSeq, when, type, op, outcome, address, kind, region, properties, refs, deps,
                clientToken, physicalId, attributes, message);
    }

    /** The resource spec this entry is about, rebuilt. */
    public ResourceSpec toSpec() {
        Map<String, Address> refAddresses = new LinkedHashMap<>();
        refs.forEach((name, target) -> refAddresses.put(name, Address.parse(target)));
        Set<Address> extra = new TreeSet<>();
        deps.forEach(d -> extra.add(Address.parse(d)));
        return new ResourceSpec(Address.parse(address), ResourceKind.valueOf(kind), region, properties, refAddresses, extra);
    }
}
