package dev.cairn.aws.route53;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * What the Route 53 handler and the scan share: names, the ownership TXT record and the physical
 * ID {@code <zone ID>/<name>/<type>}.
 *
 * <p>The ownership record: a TXT record holding {@code "cairn:stack=<stack>,cairn:address=<address>"}
 * (external-dns' registry convention). It is named after the record it vouches for with the
 * type in front, {@code a-autoscaling.example.com} or {@code cname-_x.autoscaling.example.com}
 * (external-dns' current naming), not at the record's own name: DNS allows no other record beside
 * a CNAME, and Route 53 refuses a TXT there ({@code InvalidChangeBatch}).
 */
final class Route53Records {

    static final String STACK_KEY = "cairn:stack=";
    static final String ADDRESS_KEY = ",cairn:address=";
    private static final String HOSTED_ZONE_PREFIX = "/hostedzone/";
    /** Route 53 lists at most 300 records a page; one name has at most a few types. */
    private static final String PAGE = "300";

    private Route53Records() {}

    /** A DNS name as Cairn keeps it: lower case, no trailing dot. */
    static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** The fully qualified form Route 53 answers with. */
    static String fqdn(String name) {
        return normalize(name) + ".";
    }

    /** The ownership TXT record's name for a record of that name and type. */
    static String ownerName(String name, String type) {
        return type.toLowerCase(Locale.ROOT) + "-" + normalize(name);
    }

    /** The ownership TXT record's value (quoted, as TXT values are written). */
    static String ownerValue(String stack, String address) {
        return "\"" + STACK_KEY + stack + ADDRESS_KEY + address + "\"";
    }

    /** The record a TXT name vouches for: type and name, or empty when it is not an ownership name. */
    static Optional<String[]> owned(String txtName) {
        String n = normalize(txtName);
        int dash = n.indexOf('-');
        if (dash <= 0) {
            return Optional.empty();
        }
        String type = n.substring(0, dash).toUpperCase(Locale.ROOT);
        if (!type.equals("A") && !type.equals("AAAA") && !type.equals("CNAME")) {
            return Optional.empty();
        }
        return Optional.of(new String[] {n.substring(dash + 1), type});
    }

    /** The stack and address a TXT value holds, or empty when it is not Cairn's ownership value. */
    static Optional<String[]> owner(ResourceRecordSet txt) {
        for (var r : txt.resourceRecords()) {
            String v = r.value();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            if (v.startsWith(STACK_KEY) && v.contains(ADDRESS_KEY)) {
                int comma = v.indexOf(ADDRESS_KEY);
                return Optional.of(new String[] {v.substring(STACK_KEY.length(), comma), v.substring(comma + ADDRESS_KEY.length())});
            }
        }
        return Optional.empty();
    }

    static boolean ownedBy(ResourceRecordSet txt, String stack, String address) {
        return owner(txt).map(o -> o[0].equals(stack) && o[1].equals(address)).orElse(false);
    }

    static String physicalId(String zoneId, String name, String type) {
        return zoneId + "/" + normalize(name) + "/" + type;
    }

    /** {@code [zoneId, name, type]} of a physical ID. */
    static String[] parse(String physicalId) {
        int first = physicalId.indexOf('/');
        int last = physicalId.lastIndexOf('/');
        if (first <= 0 || last <= first) {
            throw new IllegalArgumentException("not a DNS record ID (<zone ID>/<name>/<type>): " + physicalId);
        }
        return new String[] {physicalId.substring(0, first), physicalId.substring(first + 1, last), physicalId.substring(last + 1)};
    }

    /** A zone's ID without the {@code /hostedzone/} prefix Route 53 sometimes puts on it. */
    static String zoneId(HostedZone zone) {
        String id = zone.id();
        return id.startsWith(HOSTED_ZONE_PREFIX) ? id.substring(HOSTED_ZONE_PREFIX.length()) : id;
    }

    static boolean isPublic(HostedZone zone) {
        return zone.config() == null || zone.config().privateZone() == null || !zone.config().privateZone();
    }

    /** The public hosted zone of exactly that domain, if the account has one. */
    static Optional<HostedZone> publicZone(Route53Client route53, String domain) {
        String wanted = fqdn(domain);
        return route53.listHostedZonesByName(r -> r.dnsName(wanted)).hostedZones().stream()
                .filter(z -> wanted.equalsIgnoreCase(fqdn(z.name())) && isPublic(z))
                .findFirst();
    }

    /** The record set of exactly that name and type in the zone. */
    static Optional<ResourceRecordSet> record(Route53Client route53, String zoneId, String name, String type) {
        String wanted = fqdn(name);
        return route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId).startRecordName(wanted).startRecordType(type)
                        .maxItems(PAGE)).resourceRecordSets().stream()
                .filter(s -> wanted.equalsIgnoreCase(fqdn(unescape(s.name()))) && type.equals(s.typeAsString()))
                .findFirst();
    }

    /** Every record set of that name in the zone, whatever its type. */
    static List<ResourceRecordSet> recordsNamed(Route53Client route53, String zoneId, String name) {
        String wanted = fqdn(name);
        return route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId).startRecordName(wanted).maxItems(PAGE))
                .resourceRecordSets().stream()
                .filter(s -> wanted.equalsIgnoreCase(fqdn(unescape(s.name()))))
                .toList();
    }

    /** Every record set of the zone, page by page. */
    static void eachRecord(Route53Client route53, String zoneId, Consumer<ResourceRecordSet> each) {
        String nextName = null;
        RRType nextType = null;
        String nextId = null;
        do {
            String startName = nextName;
            RRType startType = nextType;
            String startId = nextId;
            ListResourceRecordSetsResponse page = route53.listResourceRecordSets(r -> {
                r.hostedZoneId(zoneId).maxItems(PAGE);
                if (startName != null) {
                    r.startRecordName(startName).startRecordType(startType);
                    if (startId != null) {
                        r.startRecordIdentifier(startId);
                    }
                }
            });
            page.resourceRecordSets().forEach(each);
            boolean more = Boolean.TRUE.equals(page.isTruncated());
            nextName = more ? page.nextRecordName() : null;
            nextType = more ? page.nextRecordType() : null;
            nextId = more ? page.nextRecordIdentifier() : null;
        } while (nextName != null);
    }

    /** Every public hosted zone of the account. */
    static List<HostedZone> publicZones(Route53Client route53) {
        List<HostedZone> zones = new ArrayList<>();
        route53.listHostedZonesPaginator(r -> { }).hostedZones().forEach(z -> {
            if (isPublic(z)) {
                zones.add(z);
            }
        });
        return zones;
    }

    /** Route 53 writes {@code *} and a few other characters as octal escapes ({@code \052}). */
    static String unescape(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 3 < name.length() && name.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(name.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
