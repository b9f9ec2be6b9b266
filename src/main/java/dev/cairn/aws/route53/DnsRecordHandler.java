package dev.cairn.aws.route53;

import static dev.cairn.aws.AwsErrors.code;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Route53Kinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Route53Exception;

/**
 * A record in the user's public hosted zone, and its TXT ownership twin ({@link Route53Records}),
 * always written and removed together in one change batch, so one never exists without the other.
 * An {@code A} record is an alias to the {@code aliasTarget} load balancer (its {@code dnsName} and
 * {@code canonicalHostedZoneId}); a {@code CNAME} is the one the {@code certificate} ref's ACM
 * validation asks for (its {@code validationRecord…} attributes), or {@code value} with
 * {@code ttl}. Route 53 cannot tag records: a record of that name and type without this stack's
 * twin is the user's, and Cairn neither adopts nor deletes it. Ready when the change is
 * {@code INSYNC}.
 */
public final class DnsRecordHandler implements ResourceHandler {

    /** A record's TTL when the spec gives none: Route 53's console default. */
    static final long DEFAULT_TTL = 300;
    private static final String INSYNC = "INSYNC";
    /** Route 53's answer to a change whose DELETE values no longer match (someone changed the record meanwhile). */
    private static final String INVALID_CHANGE_BATCH = "InvalidChangeBatch";

    private final AwsClients clients;

    public DnsRecordHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public ResourceKind kind() {
        return Route53Kinds.DNS_RECORD;
    }

    private Route53Client route53() {
        return clients.route53();
    }

    /** The zone of the spec's {@code zoneName}; none is an error that names the domain. */
    private String zoneId(ResolvedSpec spec) {
        String zone = required(spec, "zoneName");
        return Route53Records.publicZone(route53(), zone).map(Route53Records::zoneId)
                .orElseThrow(() -> new IllegalStateException("no public hosted zone for " + Route53Records.normalize(zone)
                        + " in this account: create one in Route 53 (and point the domain's name servers at it), "
                        + "or choose a domain that has one"));
    }

    /** The record's name: the validation CNAME's when the spec points at a certificate, else {@code name}. */
    static String recordName(ResolvedSpec spec) {
        if (spec.hasRef("certificate")) {
            String name = spec.refs().get("certificate").attributes().get("validationRecordName");
            if (name != null && !name.isBlank()) {
                return Route53Records.normalize(name);
            }
        }
        return Route53Records.normalize(required(spec, "name"));
    }

    private static String type(ResolvedSpec spec) {
        if (spec.property("type") != null) {
            return spec.property("type");
        }
        return spec.hasRef("aliasTarget") ? "A" : "CNAME";
    }

    /**
     * Ours when the record exists beside this stack's twin for this address; taken when it (or a
     * CNAME at its name, which excludes any other record) exists without it; absent otherwise.
     */
    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        Route53Client r53 = route53();
        String zoneId = zoneId(spec);
        String name = recordName(spec);
        String type = type(spec);
        Optional<ResourceRecordSet> record = Route53Records.record(r53, zoneId, name, type);
        if (record.isEmpty()) {
            Optional<ResourceRecordSet> clash = Route53Records.recordsNamed(r53, zoneId, name).stream()
                    .filter(s -> type.equals("CNAME") ? !s.typeAsString().equals("TXT") : s.typeAsString().equals("CNAME"))
                    .findFirst();
            return clash.<Found>map(s -> Found.taken(s.typeAsString() + " record " + name + " in hosted zone " + zoneId
                    + " (the user's: Cairn did not write it)")).orElse(Found.absent());
        }
        Optional<ResourceRecordSet> twin = Route53Records.record(r53, zoneId, Route53Records.ownerName(name, type), "TXT");
        if (twin.isPresent() && Route53Records.ownedBy(twin.get(), ctx.stack(), spec.address().value())) {
            return Found.ours(live(zoneId, record.get(), null));
        }
        String owner = twin.flatMap(Route53Records::owner).map(o -> "stack " + o[0] + "'s " + o[1])
                .orElse("the user's: it has no Cairn ownership record");
        return Found.taken(type + " record " + name + " in hosted zone " + zoneId + " (" + owner + ")");
    }

    /** One change batch: CREATE the record (never overwriting the user's), UPSERT its twin. */
    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        String zoneId = zoneId(spec);
        String name = recordName(spec);
        String type = type(spec);
        ResourceRecordSet record = wanted(spec, name, type);
        ResourceRecordSet twin = twin(ctx, spec.address().value(), name, type);
        ctx.say("dns.writing", type, name, zoneId);
        ChangeInfo change = route53().changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b
                .comment("Cairn " + ctx.stack() + " " + spec.address())
                .changes(change(ChangeAction.CREATE, record), change(ChangeAction.UPSERT, twin)))).changeInfo();
        return live(zoneId, record, change);
    }

    /** The record as the spec wants it. */
    private ResourceRecordSet wanted(ResolvedSpec spec, String name, String type) {
        ResourceRecordSet.Builder b = ResourceRecordSet.builder().name(Route53Records.fqdn(name)).type(type);
        if (spec.hasRef("aliasTarget")) {
            Map<String, String> lb = spec.refs().get("aliasTarget").attributes();
            String dns = lb.get("dnsName");
            String zone = lb.get("canonicalHostedZoneId");
            if (dns == null || zone == null) {
                throw new IllegalStateException(spec.address() + ": the load balancer has no dnsName/canonicalHostedZoneId yet");
            }
            // Health is evaluated: Route 53 answers only while the load balancer has a healthy target.
            return b.aliasTarget(a -> a.dnsName(dns).hostedZoneId(zone).evaluateTargetHealth(true)).build();
        }
        String value;
        if (spec.hasRef("certificate")) {
            value = spec.refs().get("certificate").attributes().get("validationRecordValue");
            if (value == null) {
                throw new IllegalStateException(spec.address() + ": the certificate has not said which record validates it");
            }
        } else {
            value = required(spec, "value");
        }
        return b.ttl(ttl(spec)).resourceRecords(r -> r.value(value)).build();
    }

    private static ResourceRecordSet twin(HandlerContext ctx, String address, String name, String type) {
        return ResourceRecordSet.builder().name(Route53Records.fqdn(Route53Records.ownerName(name, type))).type("TXT")
                .ttl(DEFAULT_TTL).resourceRecords(r -> r.value(Route53Records.ownerValue(ctx.stack(), address))).build();
    }

    private static long ttl(ResolvedSpec spec) {
        String ttl = spec.property("ttl");
        return ttl == null || ttl.isBlank() ? DEFAULT_TTL : Long.parseLong(ttl);
    }

    private static Change change(ChangeAction action, ResourceRecordSet set) {
        return Change.builder().action(action).resourceRecordSet(set).build();
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        String changeId = resource.attributes().get("changeId");
        if (changeId == null) {
            return read(resource.physicalId()).map(Poll::done)
                    .orElseGet(() -> Poll.pending(Message.of("aws.notVisible", kind(), resource.physicalId())));
        }
        ChangeInfo info = route53().getChange(r -> r.id(changeId)).changeInfo();
        if (INSYNC.equals(info.statusAsString())) {
            return Poll.done(withChange(resource, info));
        }
        return Poll.pending(Message.of("dns.change", changeId, info.statusAsString()), withChange(resource, info));
    }

    /** The TTL in place (UPSERT of the record with its values as they are); an alias has none. */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> others = new TreeSet<>(changed);
        others.remove("ttl");
        if (!others.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", others) + " in place");
        }
        String[] id = Route53Records.parse(current.physicalId());
        ResourceRecordSet record = Route53Records.record(route53(), id[0], id[1], id[2])
                .orElseThrow(() -> new IllegalStateException(id[2] + " record " + id[1] + " is gone; plan again to replace it"));
        long wanted = ttl(spec);
        if (record.aliasTarget() != null || record.ttl() == null || record.ttl() == wanted) {
            return Poll.done(live(id[0], record, null));
        }
        ResourceRecordSet changedSet = record.toBuilder().ttl(wanted).build();
        ChangeInfo info = route53().changeResourceRecordSets(r -> r.hostedZoneId(id[0]).changeBatch(b -> b
                .comment("Cairn " + ctx.stack() + " " + spec.address() + " ttl")
                .changes(change(ChangeAction.UPSERT, changedSet)))).changeInfo();
        return Poll.pending(Message.of("dns.change", info.id(), info.statusAsString()), live(id[0], changedSet, info));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return read(record.physicalId());
    }

    private Optional<LiveResource> read(String physicalId) {
        String[] id = Route53Records.parse(physicalId);
        return Route53Records.record(route53(), id[0], id[1], id[2]).map(s -> live(id[0], s, null));
    }

    /**
     * Removes the record and its twin in one batch, each with its exact current values (Route 53
     * deletes only a record set given as it is). Only when the twin is this stack's for this
     * address: a record that lost its twin is left alone, since it may be the user's now.
     */
    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        Route53Client r53 = route53();
        String[] id = Route53Records.parse(record.physicalId());
        Optional<ResourceRecordSet> set = Route53Records.record(r53, id[0], id[1], id[2]);
        Optional<ResourceRecordSet> twin = Route53Records.record(r53, id[0], Route53Records.ownerName(id[1], id[2]), "TXT")
                .filter(t -> Route53Records.ownedBy(t, ctx.stack(), record.address().value()));
        if (twin.isEmpty()) {
            if (set.isPresent()) {
                ctx.say("dns.leftUnowned", id[2], id[1]);
            }
            return Poll.done();
        }
        List<Change> changes = new ArrayList<>();
        set.ifPresent(s -> changes.add(change(ChangeAction.DELETE, s)));
        changes.add(change(ChangeAction.DELETE, twin.get()));
        try {
            r53.changeResourceRecordSets(r -> r.hostedZoneId(id[0]).changeBatch(b -> b
                    .comment("Cairn " + ctx.stack() + " " + record.address() + " delete").changes(changes)));
        } catch (Route53Exception e) {
            if (INVALID_CHANGE_BATCH.equals(code(e))) {
                // The values changed between the read and the delete: read again and retry.
                throw new RetryableException(INVALID_CHANGE_BATCH, Message.raw(e.awsErrorDetails().errorMessage()), e);
            }
            throw e;
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        String[] id = Route53Records.parse(record.physicalId());
        boolean twin = Route53Records.record(route53(), id[0], Route53Records.ownerName(id[1], id[2]), "TXT")
                .filter(t -> Route53Records.ownedBy(t, ctx.stack(), record.address().value())).isPresent();
        return twin ? Poll.pending(Message.of("aws.stillExists", kind(), record.physicalId())) : Poll.done();
    }

    private static LiveResource withChange(LiveResource resource, ChangeInfo info) {
        Map<String, String> a = new LinkedHashMap<>(resource.attributes());
        a.put("changeId", info.id());
        return new LiveResource(resource.physicalId(), a, info.statusAsString());
    }

    private static LiveResource live(String zoneId, ResourceRecordSet set, ChangeInfo change) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("zoneId", zoneId);
        String name = Route53Records.normalize(Route53Records.unescape(set.name()));
        a.put("name", name);
        a.put("type", set.typeAsString());
        if (change != null) {
            a.put("changeId", change.id());
        }
        return new LiveResource(Route53Records.physicalId(zoneId, name, set.typeAsString()), a,
                change == null ? INSYNC : change.statusAsString());
    }

    private static String required(ResolvedSpec spec, String property) {
        String value = spec.property(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(spec.address() + " has no '" + property + "' property");
        }
        return value;
    }
}
