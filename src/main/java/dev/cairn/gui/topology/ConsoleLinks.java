package dev.cairn.gui.topology;

import dev.cairn.model.ResourceKind;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Links to a resource's page in the AWS console (commercial partition), from its kind's console
 * URL; nothing here knows a kind. Only well-formed regions and IDs give a link, and the ID is
 * URL-encoded into the template: the URL is opened in the user's browser, so nothing read from a
 * state file may steer it elsewhere.
 */
public final class ConsoleLinks {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    /**
     * What AWS gives as a physical ID: a prefixed ID ({@code vpc-0a1}), a name chosen by Cairn
     * ({@code demo-logs-bucket}) or an ARN; never a {@code #}, {@code ?}, space or quote.
     */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/+=,@-]{0,2047}");

    private ConsoleLinks() {}

    /** The console page of a resource, or empty for kinds with no page of their own or a bad ID. */
    public static Optional<String> url(ResourceKind kind, String region, String physicalId) {
        if (region == null || physicalId == null || !REGION.matcher(region).matches()
                || !ID.matcher(physicalId).matches()) {
            return Optional.empty();
        }
        // {idHead}: before the first '/' (a Route 53 record's zone); {idTail}: after the last
        // (an ACM certificate's ID at the end of its ARN).
        int first = physicalId.indexOf('/');
        int last = physicalId.lastIndexOf('/');
        String head = first < 0 ? physicalId : physicalId.substring(0, first);
        String tail = last < 0 ? physicalId : physicalId.substring(last + 1);
        return kind.consoleUrl().map(template -> template.replace("{region}", region)
                .replace("{idHead}", encode(head)).replace("{idTail}", encode(tail)).replace("{id}", encode(physicalId)));
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }
}
