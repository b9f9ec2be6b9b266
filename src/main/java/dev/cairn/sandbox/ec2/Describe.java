package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.TaggedResource;
import dev.cairn.sandbox.core.Xml;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What every EC2 Describe call shares: explicit IDs, filters, {@code MaxResults}/{@code NextToken}
 * pages, the {@code tagSet} element, timestamps and ARNs as EC2 renders them.
 */
final class Describe {
    /** AWS's MaxResults range on the paginated Describe calls. */
    static final int MIN_RESULTS = 5;
    static final int MAX_RESULTS = 1000;

    private Describe() {
    }

    /** The IDs of {@code prefix.N}; {@code MissingParameter prefix.1} when there is none. */
    static List<String> requiredList(QueryParams p, String prefix) {
        List<String> ids = p.list(prefix);
        if (ids.isEmpty()) {
            throw AwsException.missingParameter(prefix + ".1");
        }
        return ids;
    }

    static String arn(Ec2Backend b, String type, String id) {
        return b.arn(type, id).toString();
    }

    /** Adds the clock- and account-dependent {@code state} and {@code owner-id} filters. */
    static <T extends TaggedResource> Filters<T> withState(Filters<T> base, Function<T, String> state, Ec2Backend b) {
        return base.with(Map.of("state", t -> one(state.apply(t)), "owner-id", t -> one(b.account())));
    }

    /**
     * Shared Describe logic: explicit IDs must all exist (else the type's NotFound, naming the
     * missing ID), then filters, then MaxResults/NextToken pages when the call has them.
     */
    static <T extends TaggedResource> Page<T> select(QueryParams p, Collection<T> all, List<String> ids,
                                              Function<String, T> lookup, Filters<T> filters,
                                              Ec2Backend b, boolean paginated) {
        List<QueryParams.Filter> fs = p.filters();
        filters.validate(fs);
        List<T> chosen = new ArrayList<>();
        if (!ids.isEmpty()) {
            for (String id : new LinkedHashSet<>(ids)) {
                chosen.add(lookup.apply(id));
            }
        } else {
            all.stream().filter(b::visible).forEach(chosen::add);
        }
        chosen.removeIf(item -> !filters.matches(item, fs));
        return paginated ? page(p, chosen) : new Page<>(chosen, null);
    }

    /** One page of a Describe answer and the token of the next page (null on the last). */
    record Page<T>(List<T> items, String nextToken) {
    }

    /** Cuts the page that MaxResults and NextToken ask for; the token is an opaque offset. */
    static <T> Page<T> page(QueryParams p, List<T> items) {
        Integer max = p.integer("MaxResults");
        String token = p.get("NextToken");
        int offset = 0;
        if (token != null && !token.isEmpty()) {
            try {
                offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
                        .replace("offset:", ""));
            } catch (IllegalArgumentException e) {
                throw AwsException.invalidParameterValue("Invalid value '" + token + "' for nextToken.");
            }
        }
        if (max != null && (max < MIN_RESULTS || max > MAX_RESULTS)) {
            throw AwsException.invalidParameterValue("Value ( " + max + " ) for parameter maxResults is invalid. "
                    + "Expecting a value between " + MIN_RESULTS + " and " + MAX_RESULTS + ".");
        }
        int end = max == null ? items.size() : Math.min(items.size(), offset + max);
        offset = Math.min(offset, items.size());
        String next = end < items.size()
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8))
                : null;
        return new Page<>(items.subList(offset, end), next);
    }

    static Xml tags(Xml x, Map<String, String> tags) {
        if (!tags.isEmpty()) {
            x.start("tagSet");
            tags.forEach((k, v) -> x.start("item").el("key", k).el("value", v).end());
            x.end();
        }
        return x;
    }

    static Collection<String> one(Object value) {
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.MILLIS).toString();
    }

}
