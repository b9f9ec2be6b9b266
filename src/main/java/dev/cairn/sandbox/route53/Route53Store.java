package dev.cairn.sandbox.route53;

import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.TaggedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Route 53's store (a global service: one state per account, whatever region signs the call).
 * Saved as {@code route53.json}; schema 1. Plain public fields so Jackson writes it as it is; the
 * rules live in {@link HostedZones}.
 */
final class Route53Store {
    static final StoreSpec<Route53Store> SPEC = StoreSpec.of("route53.json", Route53Store.class, Route53Store::new);

    /** One record set: a name and type with either values and a TTL, or an alias target. */
    static final class RecordSet {
        /** Lower case, fully qualified with the final dot; {@code *} unescaped. */
        public String name;
        public String type;
        public Long ttl;
        public List<String> values = new ArrayList<>();
        public AliasTarget alias;
        /** The change that last wrote it: its value counts for others only once that change is INSYNC. */
        public String changeId;

        RecordSet copy() {
            RecordSet r = new RecordSet();
            r.name = name;
            r.type = type;
            r.ttl = ttl;
            r.values = new ArrayList<>(values);
            r.alias = alias == null ? null : alias.copy();
            r.changeId = changeId;
            return r;
        }
    }

    /** An alias record's target (a load balancer's DNS name in its canonical hosted zone, say). */
    static final class AliasTarget {
        public String hostedZoneId;
        /** Lower case, with the final dot, as Route 53 returns it. */
        public String dnsName;
        public boolean evaluateTargetHealth;

        AliasTarget copy() {
            AliasTarget a = new AliasTarget();
            a.hostedZoneId = hostedZoneId;
            a.dnsName = dnsName;
            a.evaluateTargetHealth = evaluateTargetHealth;
            return a;
        }
    }

    /** A public hosted zone: {@link TaggedResource#id} is the bare zone ID ({@code Z…}). */
    static final class HostedZone extends TaggedResource {
        /** Lower case with the final dot. */
        public String name;
        public String callerReference;
        public String comment;
        /** The four name servers of its delegation set, without the final dot. */
        public List<String> nameServers = new ArrayList<>();
        /** Made by the Sandbox's practice-zone control path for a made-up domain, not by a caller. */
        public boolean practice;
        public List<RecordSet> records = new ArrayList<>();
    }

    /** A submitted change (a zone's creation or deletion, a change batch). */
    static final class Change {
        /** Bare ({@code C…}); rendered {@code /change/C…}. */
        public String id;
        public long submittedAt;
        /** When every Route 53 server has it: {@code PENDING} before, {@code INSYNC} from then on. */
        public long insyncAt;
        public String comment;
    }

    /** One account's Route 53. */
    static final class Account {
        public LinkedHashMap<String, HostedZone> zones = new LinkedHashMap<>();
        public LinkedHashMap<String, Change> changes = new LinkedHashMap<>();
        /** Every caller reference a CreateHostedZone used (kept after the zone goes: AWS refuses a reuse). */
        public LinkedHashMap<String, String> callerReferences = new LinkedHashMap<>();
    }

    public LinkedHashMap<String, Account> accounts = new LinkedHashMap<>();

    Account account(String account) {
        return accounts.computeIfAbsent(account, a -> new Account());
    }

    /** An account's state if it has one, without creating it (reads must not change the store). */
    Account existing(String account) {
        return accounts.get(account);
    }
}
