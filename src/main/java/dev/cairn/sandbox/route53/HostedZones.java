package dev.cairn.sandbox.route53;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Timing;
import dev.cairn.sandbox.route53.Route53Store.AliasTarget;
import dev.cairn.sandbox.route53.Route53Store.Change;
import dev.cairn.sandbox.route53.Route53Store.HostedZone;
import dev.cairn.sandbox.route53.Route53Store.RecordSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Route 53's rules for one account at one moment: hosted zones with their SOA and NS records,
 * change batches applied all-or-nothing with AWS's {@code InvalidChangeBatch} messages, changes
 * {@code PENDING} until they have propagated, and zone tags. Responses parse and render; this
 * class decides. Used under the world lock only.
 */
final class HostedZones {
    /** AWS: "changes generally propagate to all Route 53 name servers within 60 seconds". */
    static final Duration CHANGE_PROPAGATION = Duration.ofSeconds(60);
    /** AWS's default quota of hosted zones per account. */
    static final int MAX_HOSTED_ZONES = 500;
    /** Tags per hosted zone (AWS's limit). */
    static final int MAX_TAGS = 50;
    /** The SOA's TTL and the NS record's TTL in a new zone, as AWS writes them. */
    static final long SOA_TTL = 900;
    static final long NS_TTL = 172_800;
    /** Serial, refresh, retry, expire and negative-caching TTL of the SOA AWS writes. */
    static final String SOA_TIMERS = " 1 7200 900 1209600 86400";
    /** The record types Route 53 knows (its {@code RRType}). */
    static final Set<String> TYPES = Set.of("SOA", "A", "TXT", "NS", "CNAME", "MX", "NAPTR", "PTR", "SRV", "SPF",
            "AAAA", "CAA", "DS");
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    /** Characters after the {@code Z} of a zone ID (AWS's are 13 to 21; new ones are 20). */
    private static final int ID_LENGTH = 20;
    private static final Pattern LABEL = Pattern.compile("(\\*|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    /** One requested change of a batch, as parsed. */
    record Request(String action, RecordSet recordSet) {
    }

    private final Route53Store.Account account;
    private final Random random;
    private final Timing timing;
    private final long now;
    /** What the last create, delete or batch of this view submitted. */
    private Change lastChange;

    HostedZones(Route53Store.Account account, Random random, Timing timing, long now) {
        this.account = account;
        this.random = random;
        this.timing = timing;
        this.now = now;
    }

    // ------------------------------------------------------------------ names

    /**
     * A DNS name as Route 53 keeps it: lower case, fully qualified with the final dot, the octal
     * escape {@code \052} read as {@code *}.
     */
    static String normalize(String name) {
        String n = name.trim().replace("\\052", "*").toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }

    /** A name as Route 53 returns it: a wildcard label as {@code \052}. */
    static String render(String name) {
        return name.replace("*", "\\052");
    }

    /** Whether {@code name} is the zone's apex or under it (both normalised). */
    static boolean inZone(String name, String zoneName) {
        return name.equals(zoneName) || name.endsWith("." + zoneName);
    }

    /** Whether a (normalised) domain name is one Route 53 accepts: labels of 1–63 characters, 255 in all. */
    static boolean validName(String name) {
        if (name.length() > 255 || name.equals(".") || name.length() < 2) {
            return false;
        }
        for (String label : name.substring(0, name.length() - 1).split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Route 53's order: labels reversed ({@code com.example.www}), then the type. */
    static final Comparator<RecordSet> RECORD_ORDER = Comparator
            .comparing((RecordSet r) -> reversed(r.name)).thenComparing(r -> r.type);

    static String reversed(String name) {
        String[] labels = name.substring(0, Math.max(0, name.length() - 1)).split("\\.");
        StringBuilder out = new StringBuilder();
        for (int i = labels.length - 1; i >= 0; i--) {
            out.append(labels[i]);
            if (i > 0) {
                out.append('.');
            }
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ zones

    /** CreateHostedZone: a public zone with its SOA and NS records, and the change that creates it. */
    HostedZone create(String rawName, String callerReference, String comment) {
        String name = normalize(rawName);
        if (!validName(name)) {
            throw new AwsException("InvalidDomainName", rawName + " is not a valid domain name.");
        }
        if (account.callerReferences.containsKey(callerReference)) {
            throw new AwsException("HostedZoneAlreadyExists", "A hosted zone has already been created with the "
                    + "specified caller reference.", 409);
        }
        if (account.zones.size() >= MAX_HOSTED_ZONES) {
            throw new AwsException("TooManyHostedZones", "Limits Exceeded: MAX_HOSTED_ZONES_BY_OWNER - Cannot create "
                    + "more hosted zones.");
        }
        HostedZone zone = new HostedZone();
        zone.id = newId('Z');
        zone.createdAt = now;
        zone.name = name;
        zone.callerReference = callerReference;
        zone.comment = comment;
        zone.nameServers = nameServers();
        Change change = submit(null);
        RecordSet soa = new RecordSet();
        soa.name = name;
        soa.type = "SOA";
        soa.ttl = SOA_TTL;
        soa.values.add(zone.nameServers.get(0) + ". awsdns-hostmaster.amazon.com." + SOA_TIMERS);
        soa.changeId = change.id;
        RecordSet ns = new RecordSet();
        ns.name = name;
        ns.type = "NS";
        ns.ttl = NS_TTL;
        zone.nameServers.forEach(server -> ns.values.add(server + "."));
        ns.changeId = change.id;
        zone.records.add(soa);
        zone.records.add(ns);
        account.zones.put(zone.id, zone);
        account.callerReferences.put(callerReference, zone.id);
        lastChange = change;
        return zone;
    }

    /** The change the last create, delete or batch submitted. */
    Change lastChange() {
        return lastChange;
    }

    /** Four name servers as AWS assigns them: one each under .com, .net, .org and .co.uk. */
    private List<String> nameServers() {
        List<String> out = new ArrayList<>();
        String[] tlds = {"com", "net", "org", "co.uk"};
        for (int i = 0; i < tlds.length; i++) {
            int n = i * 512 + random.nextInt(512);
            out.add(String.format(Locale.ROOT, "ns-%d.awsdns-%02d.%s", n, (n % 512) / 8, tlds[i]));
        }
        return out;
    }

    /** The zone of that ID ({@code NoSuchHostedZone}, HTTP 404, otherwise). */
    HostedZone zone(String id) {
        HostedZone zone = account.zones.get(bareId(id, "/hostedzone/"));
        if (zone == null) {
            throw new AwsException("NoSuchHostedZone", "No hosted zone found with ID: " + bareId(id, "/hostedzone/"),
                    404);
        }
        return zone;
    }

    /** An ID with its resource-path prefix removed, as AWS accepts either form. */
    static String bareId(String id, String prefix) {
        String s = id == null ? "" : id;
        if (s.startsWith(prefix)) {
            return s.substring(prefix.length());
        }
        int slash = s.lastIndexOf('/');
        return slash >= 0 ? s.substring(slash + 1) : s;
    }

    /** DeleteHostedZone: only with nothing but its SOA and apex NS records left. */
    Change delete(String id) {
        HostedZone zone = zone(id);
        boolean onlyRequired = zone.records.stream()
                .allMatch(r -> r.name.equals(zone.name) && (r.type.equals("SOA") || r.type.equals("NS")));
        if (!onlyRequired) {
            throw new AwsException("HostedZoneNotEmpty", "The specified hosted zone contains non-required resource "
                    + "record sets and so cannot be deleted.");
        }
        account.zones.remove(zone.id);
        lastChange = submit(null);
        return lastChange;
    }

    /** Every zone, by name (labels in DNS order as ListHostedZonesByName sorts), then ID. */
    List<HostedZone> zonesByName() {
        List<HostedZone> out = new ArrayList<>(account.zones.values());
        out.sort(Comparator.comparing((HostedZone z) -> reversed(z.name)).thenComparing(z -> z.id));
        return out;
    }

    /** Every zone in the order they were created (ListHostedZones). */
    List<HostedZone> zones() {
        return new ArrayList<>(account.zones.values());
    }

    // ------------------------------------------------------------------ changes

    private Change submit(String comment) {
        Change change = new Change();
        change.id = newId('C');
        change.submittedAt = now;
        change.insyncAt = now + timing.scaledMillis(CHANGE_PROPAGATION);
        change.comment = comment;
        account.changes.put(change.id, change);
        return change;
    }

    /** GetChange ({@code NoSuchChange}, HTTP 404, for an ID it never gave). */
    Change change(String id) {
        Change change = account.changes.get(bareId(id, "/change/"));
        if (change == null) {
            throw new AwsException("NoSuchChange", "A change with the specified change ID does not exist.", 404);
        }
        return change;
    }

    /** {@code PENDING} until the change has propagated, then {@code INSYNC}. */
    String status(Change change) {
        return now >= change.insyncAt ? "INSYNC" : "PENDING";
    }

    /** Whether the change that wrote a record has propagated (a record of a forgotten change has). */
    boolean insync(RecordSet record) {
        Change change = record.changeId == null ? null : account.changes.get(record.changeId);
        return change == null || now >= change.insyncAt;
    }

    /**
     * ChangeResourceRecordSets: every change of the batch is checked against the zone as the
     * earlier changes of the same batch leave it; one failure refuses the whole batch with every
     * message, as AWS does, and nothing is applied.
     */
    Change apply(String zoneId, List<Request> requests, String comment) {
        HostedZone zone = zone(zoneId);
        List<RecordSet> working = new ArrayList<>();
        zone.records.forEach(r -> working.add(r.copy()));
        List<String> messages = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        for (Request request : requests) {
            RecordSet rs = request.recordSet();
            checkShape(request);
            if (!inZone(rs.name, zone.name)) {
                messages.add("RRSet with DNS name " + render(rs.name) + " is not permitted in zone "
                        + render(zone.name));
                continue;
            }
            String problem = checkValues(rs, zone);
            if (problem != null) {
                messages.add(problem);
                continue;
            }
            RecordSet existing = find(working, rs.name, rs.type);
            String what = "resource record set [name='" + render(rs.name) + "', type='" + rs.type + "']";
            switch (request.action()) {
                case "CREATE" -> {
                    if (existing != null) {
                        messages.add("Tried to create " + what + " but it already exists");
                        continue;
                    }
                    String conflict = conflict(working, rs, zone);
                    if (conflict != null) {
                        messages.add(conflict);
                        continue;
                    }
                    working.add(rs);
                }
                case "UPSERT" -> {
                    String conflict = conflict(working, rs, zone);
                    if (conflict != null) {
                        messages.add(conflict);
                        continue;
                    }
                    if (existing != null) {
                        working.set(working.indexOf(existing), rs);
                    } else {
                        working.add(rs);
                    }
                }
                default -> {
                    if (existing == null) {
                        messages.add("Tried to delete " + what + " but it was not found");
                        continue;
                    }
                    if (!sameValues(existing, rs)) {
                        messages.add("Tried to delete " + what + " but the values provided do not match the current "
                                + "values");
                        continue;
                    }
                    if (rs.name.equals(zone.name) && rs.type.equals("SOA")) {
                        messages.add("A HostedZone must contain exactly one SOA record.");
                        continue;
                    }
                    if (rs.name.equals(zone.name) && rs.type.equals("NS")) {
                        messages.add("A HostedZone must contain at least one NS record for the zone itself.");
                        continue;
                    }
                    working.remove(existing);
                }
            }
            touched.add(rs.name + " " + rs.type);
        }
        if (!messages.isEmpty()) {
            // AWS lists the batch's problems in brackets, one or many: "[Tried to create …, Tried to …]".
            throw new AwsException("InvalidChangeBatch", "[" + String.join(", ", messages) + "]");
        }
        Change change = submit(comment);
        for (RecordSet r : working) {
            if (touched.contains(r.name + " " + r.type)) {
                r.changeId = change.id;
            }
        }
        zone.records = working;
        lastChange = change;
        return change;
    }

    /** What AWS refuses as {@code InvalidInput} before looking at the zone's records. */
    private static void checkShape(Request request) {
        RecordSet rs = request.recordSet();
        if (!Set.of("CREATE", "UPSERT", "DELETE").contains(request.action())) {
            throw new AwsException("InvalidInput", "Invalid XML ; cvc-enumeration-valid: Value '" + request.action()
                    + "' is not facet-valid with respect to enumeration '[CREATE, DELETE, UPSERT]'. It must be a "
                    + "value from the enumeration.");
        }
        if (!TYPES.contains(rs.type)) {
            throw new AwsException("InvalidInput", "Invalid XML ; cvc-enumeration-valid: Value '" + rs.type
                    + "' is not facet-valid with respect to enumeration '" + new java.util.TreeSet<>(TYPES)
                    + "'. It must be a value from the enumeration.");
        }
        boolean hasValues = rs.ttl != null || !rs.values.isEmpty();
        boolean complete = rs.ttl != null && !rs.values.isEmpty();
        String where = " in Change with [Action=" + request.action() + ", Name=" + render(rs.name) + ", Type=" + rs.type
                + ", SetIdentifier=null]";
        if (rs.alias != null && hasValues) {
            throw new AwsException("InvalidInput", "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, "
                    + "and ResourceRecords], or TrafficPolicyInstanceId], but found more than one" + where);
        }
        if (rs.alias == null && !complete) {
            throw new AwsException("InvalidInput", "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, "
                    + "and ResourceRecords], or TrafficPolicyInstanceId], but found none" + where);
        }
        if (!validName(rs.name)) {
            throw new AwsException("InvalidInput", "Invalid request: DNS name " + render(rs.name) + " is not valid.");
        }
    }

    /** The per-type checks AWS makes of the values; null when they hold. */
    private static String checkValues(RecordSet rs, HostedZone zone) {
        if (rs.alias != null) {
            return null;
        }
        for (String v : rs.values) {
            String bad = switch (rs.type) {
                case "A" -> IPV4.matcher(v).matches() ? null
                        : "ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address)";
                case "AAAA" -> v.contains(":") && v.matches("[0-9a-fA-F:.]+") ? null
                        : "AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address)";
                case "TXT", "SPF" -> v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? null
                        : "InvalidCharacterString (Value should be enclosed in quotation marks)";
                default -> null;
            };
            if (bad != null) {
                return "Invalid Resource Record: 'FATAL problem: " + bad + " encountered with '" + v + "''";
            }
        }
        if (rs.type.equals("CNAME")) {
            if (rs.name.equals(zone.name)) {
                return "RRSet of type CNAME with DNS name " + render(rs.name) + " is not permitted at apex in zone "
                        + render(zone.name);
            }
            if (rs.values.size() > 1) {
                return "RRSet of type CNAME with DNS name " + render(rs.name) + " has more than one resource record";
            }
        }
        return null;
    }

    /** A CNAME shares its name with no other record (RFC 1034 §3.6.2; Route 53 refuses it). */
    private static String conflict(List<RecordSet> records, RecordSet rs, HostedZone zone) {
        for (RecordSet other : records) {
            if (!other.name.equals(rs.name) || other.type.equals(rs.type)) {
                continue;
            }
            if (rs.type.equals("CNAME")) {
                return "RRSet of type CNAME with DNS name " + render(rs.name) + " is not permitted as it conflicts "
                        + "with other records with the same DNS name in zone " + render(zone.name);
            }
            if (other.type.equals("CNAME")) {
                return "RRSet of type " + rs.type + " with DNS name " + render(rs.name) + " is not permitted because a "
                        + "conflicting RRSet of type CNAME with the same DNS name already exists in zone "
                        + render(zone.name);
            }
        }
        return null;
    }

    /** A DELETE must name the record exactly: TTL and values, or the alias target. */
    private static boolean sameValues(RecordSet current, RecordSet given) {
        if ((current.alias == null) != (given.alias == null)) {
            return false;
        }
        if (current.alias != null) {
            return current.alias.hostedZoneId.equals(given.alias.hostedZoneId)
                    && current.alias.dnsName.equals(given.alias.dnsName)
                    && current.alias.evaluateTargetHealth == given.alias.evaluateTargetHealth;
        }
        boolean caseless = Set.of("CNAME", "NS", "PTR").contains(current.type);
        return java.util.Objects.equals(current.ttl, given.ttl)
                && valueSet(current.values, caseless).equals(valueSet(given.values, caseless));
    }

    private static Set<String> valueSet(List<String> values, boolean caseless) {
        Set<String> out = new HashSet<>();
        values.forEach(v -> out.add(caseless ? normalize(v) : v));
        return out;
    }

    static RecordSet find(List<RecordSet> records, String name, String type) {
        for (RecordSet r : records) {
            if (r.name.equals(name) && r.type.equals(type)) {
                return r;
            }
        }
        return null;
    }

    /** A record set as parsed from a request, names normalised. */
    static RecordSet recordSet(String name, String type, Long ttl, List<String> values, String aliasZone,
                              String aliasDns, Boolean evaluate) {
        RecordSet rs = new RecordSet();
        rs.name = normalize(name);
        rs.type = type;
        rs.ttl = ttl;
        rs.values = new ArrayList<>(values);
        if (aliasZone != null || aliasDns != null) {
            if (aliasZone == null || aliasDns == null || evaluate == null) {
                throw new AwsException("InvalidInput", "Invalid request: AliasTarget needs HostedZoneId, DNSName and "
                        + "EvaluateTargetHealth.");
            }
            AliasTarget a = new AliasTarget();
            a.hostedZoneId = aliasZone;
            a.dnsName = normalize(aliasDns);
            a.evaluateTargetHealth = evaluate;
            rs.alias = a;
        }
        return rs;
    }

    // ------------------------------------------------------------------ tags

    /** ChangeTagsForResource on a hosted zone. */
    void changeTags(String zoneId, Map<String, String> add, List<String> remove) {
        HostedZone zone = zone(zoneId);
        LinkedHashMap<String, String> tags = new LinkedHashMap<>(zone.tags);
        tags.putAll(add);
        remove.forEach(tags::remove);
        if (tags.size() > MAX_TAGS) {
            throw new AwsException("InvalidInput", "Too many tags. A resource can have at most " + MAX_TAGS + " tags.");
        }
        zone.tags = tags;
    }

    // ------------------------------------------------------------------ lookups for other services

    /**
     * The value of an {@code INSYNC} CNAME of that name in any of the account's zones (they are
     * all public), or null.
     */
    String cname(String recordName) {
        String name = normalize(recordName);
        for (HostedZone zone : account.zones.values()) {
            if (inZone(name, zone.name)) {
                RecordSet r = find(zone.records, name, "CNAME");
                if (r != null && !r.values.isEmpty() && insync(r)) {
                    return r.values.get(0);
                }
            }
        }
        return null;
    }

    private String newId(char prefix) {
        StringBuilder id = new StringBuilder().append(prefix);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
