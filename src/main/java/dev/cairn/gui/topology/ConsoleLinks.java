package dev.cairn.gui.topology;

import dev.cairn.model.ResourceKind;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Links to a resource's page in the AWS console (VPC console, commercial partition). Only
 * well-formed regions and IDs give a link: the URL is opened in the user's browser, so nothing
 * read from a state file may steer it elsewhere.
 */
public final class ConsoleLinks {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ID = Pattern.compile("[a-z]+-[0-9a-zA-Z]+");

    private ConsoleLinks() {}

    /** The console page of a resource, or empty for kinds with no page of their own or a bad ID. */
    public static Optional<String> url(ResourceKind kind, String region, String physicalId) {
        if (region == null || physicalId == null || !REGION.matcher(region).matches()
                || !ID.matcher(physicalId).matches()) {
            return Optional.empty();
        }
        String fragment = switch (kind) {
            case VPC -> "VpcDetails:VpcId=";
            case SUBNET -> "SubnetDetails:subnetId=";
            case INTERNET_GATEWAY -> "InternetGateway:internetGatewayId=";
            case ROUTE_TABLE -> "RouteTableDetails:RouteTableId=";
            case NAT_GATEWAY -> "NatGatewayDetails:natGatewayId=";
            case ELASTIC_IP -> "ElasticIpDetails:AllocationId=";
            default -> null;
        };
        if (fragment == null) {
            return Optional.empty();
        }
        return Optional.of("https://" + region + ".console.aws.amazon.com/vpcconsole/home?region=" + region + "#"
                + fragment + URLEncoder.encode(physicalId, StandardCharsets.UTF_8));
    }
}
