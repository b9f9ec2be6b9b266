package dev.cairn.app;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.step.web.WebSection;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ListHostedZonesByNameResponse;

/**
 * The Web tier's HTTPS needs a public hosted zone for its domain: ACM's validation record and the
 * site's alias go there. Validation makes no call, so this is checked at plan time: in AWS the
 * zone must exist in the account (Cairn never creates or deletes the user's zone); in the Sandbox
 * (embedded or served) Cairn asks it for a practice zone of that name first, so HTTPS practice
 * works offline with a made-up domain.
 */
public final class HostedZones {

    /** The rule key of a domain without its zone, with a text in both GUI bundles. */
    public static final String RULE = "web.noHostedZone";
    public static final String FIELD = "web.https.domain";

    private HostedZones() {}

    /**
     * Readies the blueprint's HTTPS domain on {@code target}: checks the zone in AWS, makes the
     * practice zone elsewhere. Nothing for a blueprint without HTTPS.
     *
     * @throws MissingZoneException in AWS, when the account has no public zone of that name
     * @throws SandboxControl.ControlException when the Sandbox cannot make the practice zone
     */
    public static void prepare(Target target, Blueprint blueprint) {
        domain(blueprint).ifPresent(domain -> {
            if (target.kind() == Target.Kind.AWS) {
                require(target.clients().route53(), domain);
            } else {
                practiceZone(new SandboxControl(target.endpointUrl().orElseThrow()), domain);
            }
        });
    }

    /** The HTTPS domain of an enabled Web tier, if any. */
    public static Optional<String> domain(Blueprint blueprint) {
        WebSection web = blueprint.section(WebSection.KEY);
        return web != null && web.on() && web.httpsOn() ? Optional.of(web.https().domain()) : Optional.empty();
    }

    /**
     * Whether the account holds a public hosted zone named {@code domain}: ListHostedZonesByName
     * starts at that name, so the first zone is it if it exists (a private zone of the same name
     * does not count: the public can neither validate nor reach through it).
     */
    public static void require(Route53Client route53, String domain) {
        String wanted = domain.toLowerCase(Locale.ROOT).replaceAll("\\.$", "") + ".";
        String marker = null;
        String markerId = null;
        // Zones of the same name (public and private) are listed together, in order; look at them all.
        do {
            String name = marker == null ? wanted : marker;
            String id = markerId;
            ListHostedZonesByNameResponse r = route53.listHostedZonesByName(b -> b.dnsName(name).hostedZoneId(id).maxItems("10"));
            for (HostedZone z : r.hostedZones()) {
                if (!z.name().equalsIgnoreCase(wanted)) {
                    throw missing(domain);
                }
                if (z.config() == null || !Boolean.TRUE.equals(z.config().privateZone())) {
                    return;
                }
            }
            marker = Boolean.TRUE.equals(r.isTruncated()) ? r.nextDNSName() : null;
            markerId = Boolean.TRUE.equals(r.isTruncated()) ? r.nextHostedZoneId() : null;
        } while (marker != null && marker.equalsIgnoreCase(wanted));
        throw missing(domain);
    }

    /** Asks the Sandbox for a practice zone for {@code domain} (it answers the existing one if there is one). */
    public static void practiceZone(SandboxControl control, String domain) {
        control.post(SandboxControl.PRACTICE_ZONE, JsonNodeFactory.instance.objectNode().put("domain", domain));
    }

    private static MissingZoneException missing(String domain) {
        return new MissingZoneException(FieldError.of(FIELD, RULE, FIELD + " " + domain + " has no public hosted zone in"
                + " this account; create one in Route 53 (and point your registrar at its name servers) first", domain));
    }

    /** The account has no public hosted zone for the HTTPS domain; carries the field error to show. */
    public static final class MissingZoneException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient FieldError error;

        public MissingZoneException(FieldError error) {
            super(error.message());
            this.error = error;
        }

        public FieldError error() {
            return error;
        }
    }
}
