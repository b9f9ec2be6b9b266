package dev.cairn.aws.route53;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.TagScanner;
import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.kinds.ResourceKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HostedZone;

/**
 * Finds the Route 53 records a stack wrote, through their TXT ownership twins
 * ({@link Route53Records}): every public hosted zone of the account, every TXT record whose value
 * is {@code cairn:stack=<stack>,…}. Route 53 is global: one pass, whatever the regions; the
 * records are reported under the first region asked for (the engine needs one; the handler
 * ignores it). A twin whose record is already gone is reported too (as the record it vouches
 * for), so a teardown removes it and the proof that nothing remains holds only when it is gone.
 */
public final class Route53OwnershipScanner implements TagScanner {

    /** The scan's word for a record (the kind's {@code scanType}). */
    static final String SCAN_TYPE = "route53:record";
    private static final String FALLBACK_REGION = AwsClients.ROUTE53_SIGNING_REGION;

    private final AwsClients clients;

    public Route53OwnershipScanner(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public List<TaggedResource> scan(String stack, Set<String> regions) {
        String region = regions.isEmpty() ? FALLBACK_REGION : new TreeSet<>(regions).first();
        ResourceKind kind = ResourceKinds.ofService(AwsService.ROUTE53).stream()
                .filter(k -> k.scanType().filter(SCAN_TYPE::equals).isPresent())
                .findFirst().orElse(null);
        Route53Client route53 = clients.route53();
        List<TaggedResource> found = new ArrayList<>();
        for (HostedZone zone : Route53Records.publicZones(route53)) {
            String zoneId = Route53Records.zoneId(zone);
            Route53Records.eachRecord(route53, zoneId, set -> {
                if (!"TXT".equals(set.typeAsString())) {
                    return;
                }
                Optional<String[]> owner = Route53Records.owner(set).filter(o -> o[0].equals(stack));
                Optional<String[]> owned = Route53Records.owned(Route53Records.unescape(set.name()));
                if (owner.isPresent() && owned.isPresent()) {
                    found.add(new TaggedResource(region, SCAN_TYPE, kind,
                            Route53Records.physicalId(zoneId, owned.get()[0], owned.get()[1]), owner.get()[1], ""));
                }
            });
        }
        return found;
    }
}
