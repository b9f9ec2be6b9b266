package dev.cairn.sandbox.route53;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.HttpResponse;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.ServiceDefinition.Route;
import dev.cairn.sandbox.core.World;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.core.XmlElements;
import dev.cairn.sandbox.route53.Route53Store.Change;
import dev.cairn.sandbox.route53.Route53Store.HostedZone;
import dev.cairn.sandbox.route53.Route53Store.RecordSet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * Route 53 over restXml ({@code /2013-04-01/…}, signing name {@code route53}), a global service:
 * one state per account whatever region signs the call. Public hosted zones, change batches
 * ({@code PENDING → INSYNC}), record listing in Route 53's order, zone tags, and the control path
 * {@code /_sandbox/practice-zone} that gives an account a zone for a made-up domain. Exports
 * {@link Route53Records} so ACM can see its validation records.
 */
public final class Route53Service {
    static final String SIGNING_NAME = "route53";
    static final String NAMESPACE = "https://route53.amazonaws.com/doc/2013-04-01/";
    static final String BASE = "/2013-04-01";
    /** Global services' resources are listed under this region. */
    static final String GLOBAL_REGION = "us-east-1";
    /** ListHostedZones / ListHostedZonesByName: AWS's default and largest page. */
    static final int MAX_ZONES_PAGE = 100;
    /** ListResourceRecordSets: AWS's default and largest page. */
    static final int MAX_RECORDS_PAGE = 300;
    /** ChangeTagsForResource: at most this many tags added or keys removed per call. */
    static final int MAX_TAGS_PER_CALL = 10;
    /** The control path that makes a practice zone. */
    public static final String PRACTICE_ZONE = "practice-zone";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Route53Service() {
    }

    /** Route 53's definition. */
    public static ServiceDefinition definition() {
        return ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.REST_XML)
                .global()
                .xmlNamespace(NAMESPACE)
                .store(Route53Store.SPEC)
                .rest("CreateHostedZone", Effect.WRITES, Route.of("POST", BASE + "/hostedzone"),
                        Route53Service::createHostedZone)
                .rest("GetHostedZone", Effect.READS, Route.of("GET", BASE + "/hostedzone/{Id}"),
                        Route53Service::getHostedZone)
                .rest("ListHostedZones", Effect.READS, Route.of("GET", BASE + "/hostedzone"),
                        Route53Service::listHostedZones)
                .rest("ListHostedZonesByName", Effect.READS, Route.of("GET", BASE + "/hostedzonesbyname"),
                        Route53Service::listHostedZonesByName)
                .rest("DeleteHostedZone", Effect.WRITES, Route.of("DELETE", BASE + "/hostedzone/{Id}"),
                        Route53Service::deleteHostedZone)
                .rest("ChangeResourceRecordSets", Effect.WRITES, Route.of("POST", BASE + "/hostedzone/{Id}/rrset"),
                        Route53Service::changeResourceRecordSets)
                .rest("ListResourceRecordSets", Effect.READS, Route.of("GET", BASE + "/hostedzone/{Id}/rrset"),
                        Route53Service::listResourceRecordSets)
                .rest("GetChange", Effect.READS, Route.of("GET", BASE + "/change/{Id}"), Route53Service::getChange)
                .rest("ChangeTagsForResource", Effect.WRITES, Route.of("POST", BASE + "/tags/{ResourceType}/{ResourceId}"),
                        Route53Service::changeTags)
                .rest("ListTagsForResource", Effect.READS, Route.of("GET", BASE + "/tags/{ResourceType}/{ResourceId}"),
                        Route53Service::listTags)
                .export(Route53Records.class, Route53Service::records)
                .inventory(Route53Service::live)
                .control(PRACTICE_ZONE, Route53Service::practiceZone)
                .build();
    }

    /** The rules over the caller's account, for an operation that may change it. */
    private static HostedZones writing(Call call) {
        return new HostedZones(call.state(Route53Store.class).account(call.accountId()), call.world().random(),
                call.world().timing(), call.now());
    }

    /**
     * The rules over the caller's account for a read: an account that has no state yet is read
     * as empty without creating it, so a read never changes the store.
     */
    private static HostedZones reading(Call call) {
        Route53Store.Account account = call.state(Route53Store.class).existing(call.accountId());
        return new HostedZones(account == null ? new Route53Store.Account() : account, call.world().random(),
                call.world().timing(), call.now());
    }

    // ------------------------------------------------------------------ zones

    private static HttpResponse createHostedZone(Call call) {
        Element root = XmlBody.parse(call.http().bodyText(), "CreateHostedZoneRequest").root();
        String name = required(root, "Name");
        String callerReference = required(root, "CallerReference");
        Element config = XmlElements.child(root, "HostedZoneConfig");
        if (XmlElements.child(root, "VPC") != null || "true".equals(XmlElements.text(config, "PrivateZone"))) {
            throw new AwsException("InvalidInput", "The Sandbox models public hosted zones only; a private hosted "
                    + "zone (VPC, PrivateZone) is not available.");
        }
        if (XmlElements.child(root, "DelegationSetId") != null) {
            throw new AwsException("NoSuchDelegationSet", "The Sandbox has no reusable delegation sets: "
                    + XmlElements.text(root, "DelegationSetId"));
        }
        HostedZones zones = writing(call);
        HostedZone zone = zones.create(name, callerReference, XmlElements.text(config, "Comment"));
        Xml x = new Xml().root("CreateHostedZoneResponse", NAMESPACE);
        zone(x, zone);
        // The create answer is PENDING even when propagation is instant, as AWS's is.
        changeInfo(x, zones.lastChange(), "PENDING");
        delegationSet(x, zone);
        return HttpResponse.xml(201, x.end().toString())
                .withHeader("Location", "https://route53.amazonaws.com" + BASE + "/hostedzone/" + zone.id);
    }

    private static HttpResponse getHostedZone(Call call) {
        HostedZone zone = reading(call).zone(call.pathParam("Id"));
        Xml x = new Xml().root("GetHostedZoneResponse", NAMESPACE);
        zone(x, zone);
        delegationSet(x, zone);
        return HttpResponse.xml(200, x.end().toString());
    }

    private static HttpResponse listHostedZones(Call call) {
        Map<String, String> q = call.http().queryParameters();
        int max = maxItems(q.get("maxitems"), MAX_ZONES_PAGE);
        List<HostedZone> all = reading(call).zones();
        String marker = q.get("marker");
        int start = 0;
        if (marker != null && !marker.isEmpty()) {
            start = -1;
            for (int i = 0; i < all.size() && start < 0; i++) {
                if (all.get(i).id.equals(HostedZones.bareId(marker, "/hostedzone/"))) {
                    start = i;
                }
            }
            if (start < 0) {
                throw new AwsException("InvalidInput", "The marker " + marker + " is not valid.");
            }
        }
        int end = Math.min(all.size(), start + max);
        Xml x = new Xml().root("ListHostedZonesResponse", NAMESPACE).start("HostedZones");
        all.subList(start, end).forEach(z -> zone(x, z));
        x.end().el("Marker", marker == null ? "" : marker).el("IsTruncated", end < all.size());
        if (end < all.size()) {
            x.el("NextMarker", all.get(end).id);
        }
        x.el("MaxItems", max);
        return HttpResponse.xml(200, x.end().toString());
    }

    private static HttpResponse listHostedZonesByName(Call call) {
        Map<String, String> q = call.http().queryParameters();
        int max = maxItems(q.get("maxitems"), MAX_ZONES_PAGE);
        String dnsName = q.get("dnsname");
        String zoneId = q.get("hostedzoneid");
        if (zoneId != null && dnsName == null) {
            throw new AwsException("InvalidInput", "The DNS name is required when a hosted zone ID is specified.");
        }
        String startName = dnsName == null ? null : HostedZones.normalize(dnsName);
        if (startName != null && !HostedZones.validName(startName)) {
            throw new AwsException("InvalidDomainName", dnsName + " is not a valid domain name.");
        }
        List<HostedZone> all = reading(call).zonesByName();
        int start = 0;
        if (startName != null) {
            String key = HostedZones.reversed(startName);
            while (start < all.size()) {
                HostedZone z = all.get(start);
                int byName = HostedZones.reversed(z.name).compareTo(key);
                if (byName > 0 || byName == 0 && (zoneId == null || z.id.compareTo(zoneId) >= 0)) {
                    break;
                }
                start++;
            }
        }
        int end = Math.min(all.size(), start + max);
        Xml x = new Xml().root("ListHostedZonesByNameResponse", NAMESPACE).start("HostedZones");
        all.subList(start, end).forEach(z -> zone(x, z));
        x.end().el("DNSName", startName == null ? null : HostedZones.render(startName)).el("HostedZoneId", zoneId)
                .el("IsTruncated", end < all.size());
        if (end < all.size()) {
            x.el("NextDNSName", HostedZones.render(all.get(end).name)).el("NextHostedZoneId", all.get(end).id);
        }
        x.el("MaxItems", max);
        return HttpResponse.xml(200, x.end().toString());
    }

    private static HttpResponse deleteHostedZone(Call call) {
        HostedZones zones = writing(call);
        Change change = zones.delete(call.pathParam("Id"));
        Xml x = new Xml().root("DeleteHostedZoneResponse", NAMESPACE);
        changeInfo(x, change, "PENDING");
        return HttpResponse.xml(200, x.end().toString());
    }

    // ------------------------------------------------------------------ records

    private static HttpResponse changeResourceRecordSets(Call call) {
        Element root = XmlBody.parse(call.http().bodyText(), "ChangeResourceRecordSetsRequest").root();
        Element batch = XmlElements.child(root, "ChangeBatch");
        List<Element> changes = XmlElements.children(XmlElements.child(batch, "Changes"), "Change");
        if (batch == null || changes.isEmpty()) {
            throw new AwsException("InvalidInput", "Invalid request: the change batch has no changes.");
        }
        List<HostedZones.Request> requests = new ArrayList<>();
        for (Element change : changes) {
            String action = required(change, "Action");
            Element rrs = XmlElements.child(change, "ResourceRecordSet");
            if (rrs == null) {
                throw new AwsException("InvalidInput", "Invalid request: a Change has no ResourceRecordSet.");
            }
            if (XmlElements.child(rrs, "SetIdentifier") != null) {
                throw new AwsException("InvalidInput", "The Sandbox models simple routing only: SetIdentifier "
                        + "(weighted, latency, failover, geolocation routing) is not available.");
            }
            List<String> values = new ArrayList<>();
            XmlElements.children(XmlElements.child(rrs, "ResourceRecords"), "ResourceRecord")
                    .forEach(r -> values.add(required(r, "Value")));
            String ttl = XmlElements.text(rrs, "TTL");
            Element alias = XmlElements.child(rrs, "AliasTarget");
            String evaluate = XmlElements.text(alias, "EvaluateTargetHealth");
            Long ttlValue;
            try {
                ttlValue = ttl == null ? null : Long.valueOf(ttl.trim());
            } catch (NumberFormatException e) {
                throw new AwsException("InvalidInput", "Invalid XML ; TTL '" + ttl + "' is not a number.");
            }
            requests.add(new HostedZones.Request(action, HostedZones.recordSet(required(rrs, "Name"),
                    required(rrs, "Type"), ttlValue, values, XmlElements.text(alias, "HostedZoneId"),
                    XmlElements.text(alias, "DNSName"), evaluate == null ? null : Boolean.valueOf(evaluate.trim()))));
        }
        HostedZones zones = writing(call);
        Change change = zones.apply(call.pathParam("Id"), requests, XmlElements.text(batch, "Comment"));
        Xml x = new Xml().root("ChangeResourceRecordSetsResponse", NAMESPACE);
        changeInfo(x, change, "PENDING");
        return HttpResponse.xml(200, x.end().toString());
    }

    private static HttpResponse listResourceRecordSets(Call call) {
        Map<String, String> q = call.http().queryParameters();
        HostedZones zones = reading(call);
        HostedZone zone = zones.zone(call.pathParam("Id"));
        int max = maxItems(q.get("maxitems"), MAX_RECORDS_PAGE);
        String startName = q.get("name");
        String startType = q.get("type");
        if (startType != null && startName == null) {
            throw new AwsException("InvalidInput", "The input is not valid: a record type was given without a "
                    + "record name.");
        }
        if (startType != null && !HostedZones.TYPES.contains(startType)) {
            throw new AwsException("InvalidInput", "Invalid type: " + startType);
        }
        List<RecordSet> all = new ArrayList<>(zone.records);
        all.sort(HostedZones.RECORD_ORDER);
        int start = 0;
        if (startName != null) {
            String key = HostedZones.reversed(HostedZones.normalize(startName));
            while (start < all.size()) {
                RecordSet r = all.get(start);
                int byName = HostedZones.reversed(r.name).compareTo(key);
                if (byName > 0 || byName == 0 && (startType == null || r.type.compareTo(startType) >= 0)) {
                    break;
                }
                start++;
            }
        }
        int end = Math.min(all.size(), start + max);
        Xml x = new Xml().root("ListResourceRecordSetsResponse", NAMESPACE).start("ResourceRecordSets");
        for (RecordSet r : all.subList(start, end)) {
            x.start("ResourceRecordSet").el("Name", HostedZones.render(r.name)).el("Type", r.type);
            if (r.alias != null) {
                x.start("AliasTarget").el("HostedZoneId", r.alias.hostedZoneId).el("DNSName", r.alias.dnsName)
                        .el("EvaluateTargetHealth", r.alias.evaluateTargetHealth).end();
            } else {
                x.el("TTL", r.ttl).start("ResourceRecords");
                r.values.forEach(v -> x.start("ResourceRecord").el("Value", v).end());
                x.end();
            }
            x.end();
        }
        x.end().el("IsTruncated", end < all.size());
        if (end < all.size()) {
            x.el("NextRecordName", HostedZones.render(all.get(end).name)).el("NextRecordType", all.get(end).type);
        }
        x.el("MaxItems", max);
        return HttpResponse.xml(200, x.end().toString());
    }

    private static HttpResponse getChange(Call call) {
        HostedZones zones = reading(call);
        Change change = zones.change(call.pathParam("Id"));
        Xml x = new Xml().root("GetChangeResponse", NAMESPACE);
        changeInfo(x, change, zones.status(change));
        return HttpResponse.xml(200, x.end().toString());
    }

    // ------------------------------------------------------------------ tags

    private static void requireZoneType(Call call) {
        String type = call.pathParam("ResourceType");
        if (type.equals("healthcheck")) {
            throw new AwsException("NoSuchHealthCheck", "A health check with id " + call.pathParam("ResourceId")
                    + " does not exist.", 404);
        }
        if (!type.equals("hostedzone")) {
            throw new AwsException("InvalidInput", "Invalid XML ; cvc-enumeration-valid: Value '" + type
                    + "' is not facet-valid with respect to enumeration '[healthcheck, hostedzone]'.");
        }
    }

    private static HttpResponse changeTags(Call call) {
        requireZoneType(call);
        Element root = XmlBody.parse(call.http().bodyText(), "ChangeTagsForResourceRequest").root();
        Map<String, String> add = new LinkedHashMap<>();
        for (Element tag : XmlElements.children(XmlElements.child(root, "AddTags"), "Tag")) {
            String key = required(tag, "Key");
            String value = XmlElements.text(tag, "Value");
            add.put(key, value == null ? "" : value);
        }
        List<String> remove = new ArrayList<>();
        XmlElements.children(XmlElements.child(root, "RemoveTagKeys"), "Key").forEach(k -> remove.add(k.getTextContent()));
        if (add.size() > MAX_TAGS_PER_CALL || remove.size() > MAX_TAGS_PER_CALL) {
            throw new AwsException("InvalidInput", "1 validation error detected: a ChangeTagsForResource request "
                    + "adds or removes at most " + MAX_TAGS_PER_CALL + " tags.");
        }
        writing(call).changeTags(call.pathParam("ResourceId"), add, remove);
        return HttpResponse.xml(200, new Xml().root("ChangeTagsForResourceResponse", NAMESPACE).end().toString());
    }

    private static HttpResponse listTags(Call call) {
        requireZoneType(call);
        HostedZone zone = reading(call).zone(call.pathParam("ResourceId"));
        Xml x = new Xml().root("ListTagsForResourceResponse", NAMESPACE).start("ResourceTagSet")
                .el("ResourceType", "hostedzone").el("ResourceId", zone.id).start("Tags");
        zone.tags.forEach((k, v) -> x.start("Tag").el("Key", k).el("Value", v).end());
        return HttpResponse.xml(200, x.end().end().end().toString());
    }

    // ------------------------------------------------------------------ rendering

    private static void zone(Xml x, HostedZone zone) {
        x.start("HostedZone").el("Id", "/hostedzone/" + zone.id).el("Name", HostedZones.render(zone.name))
                .el("CallerReference", zone.callerReference).start("Config").el("Comment", zone.comment)
                .el("PrivateZone", false).end().el("ResourceRecordSetCount", zone.records.size()).end();
    }

    private static void delegationSet(Xml x, HostedZone zone) {
        x.start("DelegationSet").start("NameServers");
        zone.nameServers.forEach(ns -> x.el("NameServer", ns));
        x.end().end();
    }

    private static void changeInfo(Xml x, Change change, String status) {
        x.start("ChangeInfo").el("Id", "/change/" + change.id).el("Status", status)
                .el("SubmittedAt", Instant.ofEpochMilli(change.submittedAt).toString()).el("Comment", change.comment)
                .end();
    }

    private static String required(Element parent, String name) {
        String value = XmlElements.text(parent, name);
        if (value == null || value.isBlank()) {
            throw new AwsException("InvalidInput", "1 validation error detected: Value null at '"
                    + Character.toLowerCase(name.charAt(0)) + name.substring(1)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value.trim();
    }

    private static int maxItems(String text, int largest) {
        if (text == null) {
            return largest;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 1) {
                throw new AwsException("InvalidInput", "1 validation error detected: Value '" + n + "' at 'maxItems' "
                        + "failed to satisfy constraint: Member must be greater than or equal to 1");
            }
            // AWS answers at most its largest page whatever is asked for.
            return Math.min(n, largest);
        } catch (NumberFormatException e) {
            throw new AwsException("InvalidInput", "Invalid maxitems: " + text);
        }
    }

    // ------------------------------------------------------------------ other services, inventory, control

    /** What ACM reads: read-only, so it does not mark Route 53's store as changed. */
    private static Route53Records records(Call call) {
        return recordName -> {
            Route53Store.Account account = call.world().store(Route53Store.class).existing(call.accountId());
            if (account == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(new HostedZones(account, call.world().random(), call.world().timing(),
                    call.now()).cname(recordName));
        };
    }

    /**
     * Hosted zones (with their tags) and the records in them other than a zone's own SOA and NS,
     * so a teardown that leaves a record behind shows. Practice zones are the Sandbox's fixture,
     * as its seeded images are, and are not listed; the records written into them are.
     */
    private static List<LiveResource> live(World world, long now, String account, String region) {
        List<LiveResource> out = new ArrayList<>();
        if (region != null && !region.equals(GLOBAL_REGION)) {
            return out;
        }
        world.store(Route53Store.class).accounts.forEach((id, state) -> {
            if (account != null && !account.equals(id)) {
                return;
            }
            HostedZones rules = new HostedZones(state, world.random(), world.timing(), now);
            for (HostedZone zone : state.zones.values()) {
                if (!zone.practice) {
                    out.add(new LiveResource(id, GLOBAL_REGION, "hostedzone", zone.id,
                            Arn.of(SIGNING_NAME, "", "", "hostedzone/" + zone.id), "available", zone.tags));
                }
                for (RecordSet r : zone.records) {
                    if (r.name.equals(zone.name) && (r.type.equals("SOA") || r.type.equals("NS"))) {
                        continue;
                    }
                    String recordId = zone.id + "/" + HostedZones.render(r.name) + "/" + r.type;
                    out.add(new LiveResource(id, GLOBAL_REGION, "rrset", recordId,
                            Arn.of(SIGNING_NAME, "", "", "rrset/" + recordId),
                            rules.insync(r) ? "INSYNC" : "PENDING", Map.of()));
                }
            }
        });
        return out;
    }

    /**
     * {@code POST /_sandbox/practice-zone} {@code {"domain": "example.test", "accessKey": "sandbox"}}:
     * the account of that key gets a public hosted zone for the domain unless it has one of that
     * name already; answers {@code {"id", "name"}}. {@code GET} lists the practice zones.
     */
    private static HttpResponse practiceZone(String method, byte[] body, World world, long now) {
        Route53Store store = world.store(Route53Store.class);
        if (method.equals("GET")) {
            List<Map<String, String>> zones = new ArrayList<>();
            store.accounts.forEach((account, state) -> state.zones.values().stream().filter(z -> z.practice)
                    .forEach(z -> zones.add(Map.of("account", account, "id", z.id, "name", z.name))));
            return json(200, zones);
        }
        if (!method.equals("POST")) {
            return json(405, Map.of("error", "method not allowed"));
        }
        JsonNode request;
        try {
            request = body.length == 0 ? JSON.createObjectNode()
                    : JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return json(400, Map.of("error", "the body is not JSON: " + e.getOriginalMessage()));
        }
        String domain = request.path("domain").asText("");
        String accessKey = request.path("accessKey").asText(Call.DEFAULT_ACCESS_KEY);
        String name = domain.isBlank() ? "" : HostedZones.normalize(domain);
        if (!HostedZones.validName(name) || !name.contains(".") || name.indexOf('.') == name.length() - 1) {
            return json(400, Map.of("error", "\"domain\" must be a domain name with at least two labels, e.g. "
                    + "example.test; got '" + domain + "'"));
        }
        String account = Call.accountFor(accessKey);
        Route53Store.Account state = store.account(account);
        for (HostedZone zone : state.zones.values()) {
            if (zone.name.equals(name)) {
                return json(200, Map.of("id", zone.id, "name", zone.name));
            }
        }
        HostedZones rules = new HostedZones(state, world.random(), world.timing(), now);
        HostedZone zone = rules.create(name, "sandbox-practice-" + Long.toHexString(world.random().nextLong()),
                "Practice zone the Sandbox holds for a made-up domain");
        zone.practice = true;
        return json(200, Map.of("id", zone.id, "name", zone.name));
    }

    private static HttpResponse json(int status, Object body) {
        try {
            return HttpResponse.text(status, "application/json", JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
