package dev.cairn.model.kinds;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Naming;
import dev.cairn.model.ResourceKind.Shape;
import java.time.Duration;
import java.util.List;

/**
 * Route 53 (a global service): the records the Web tier writes into the user's public hosted
 * zone. Records cannot be tagged, so beside each one Cairn writes a TXT record holding
 * {@code "cairn:stack=<stack>,cairn:address=<address>"} (external-dns' ownership convention),
 * named after the record with its type in front: {@code a-autoscaling.example.com} for the A
 * record {@code autoscaling.example.com}, {@code cname-_x.autoscaling.example.com} for a CNAME
 * (external-dns' current naming; DNS allows no other record at a CNAME's own name, and Route 53
 * refuses one there). {@code find} tells Cairn's record from the user's by it, and the scan finds
 * what a stack left through it. The hosted zone itself is the user's and is never created or deleted.
 */
public final class Route53Kinds {

    /** A change batch is {@code INSYNC} on every Route 53 server within about a minute. */
    public static final Duration RECORD_CREATE = Duration.ofMinutes(5);
    /** Record names: 255 characters of a DNS name. */
    public static final Naming RECORD_NAME = new Naming(255, "a-z0-9._*-", Naming.Scope.GLOBAL);

    private Route53Kinds() {}

    /**
     * A record and its TXT ownership twin, written in one change batch. props: {@code zoneName}
     * (the public hosted zone's domain, e.g. {@code example.com}), {@code name} (the full record
     * name), {@code type} ({@code A} alias or {@code CNAME}), and in place {@code ttl}; refs:
     * {@code aliasTarget} (a {@link Elbv2Kinds#LOAD_BALANCER}: an A alias to its DNS name) or
     * {@code certificate} (the CNAME ACM asked for, read from the certificate's attributes: its
     * name replaces {@code name}); without either ref a CNAME takes its target from {@code value}.
     * Physical ID {@code <zone ID>/<name>/<type>}, the name in lower case without the final dot;
     * attributes {@code zoneId}, {@code changeId}, {@code name}, {@code type}.
     * Ready when the change is {@code INSYNC}. A record of that name and type without Cairn's
     * TXT twin is the user's: {@code find} answers taken.
     */
    public static final ResourceKind DNS_RECORD = ResourceKind.define("DNS_RECORD").service(AwsService.ROUTE53)
            .label("DNS record").cloudFormation("AWS::Route53::RecordSet")
            .ownedByRecord(RECORD_NAME, "route53:record")
            .replaceOn("zoneName", "name", "type")
            .updateOn("ttl")
            .ref("aliasTarget", Elbv2Kinds.LOAD_BALANCER)
            .ref("certificate", AcmKinds.CERTIFICATE)
            .timeouts(RECORD_CREATE, RECORD_CREATE, RECORD_CREATE)
            .cost(Cost.FREE)
            .shape(Shape.SERVICE)
            .icon("DNS", "#9333ea")
            .console("https://console.aws.amazon.com/route53/v2/hostedzones#ListRecordSets/{idHead}")
            .build();

    public static final List<ResourceKind> ALL = List.of(DNS_RECORD);
}
