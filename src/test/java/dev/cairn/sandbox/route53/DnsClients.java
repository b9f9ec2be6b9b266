package dev.cairn.sandbox.route53;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.route53.Route53Client;

/** Real SDK v2 ACM and Route 53 clients pointed at a Sandbox, as {@code AwsClients} builds them, and its control path. */
public final class DnsClients {
    public static final String ACCESS_KEY = "sandbox";

    private DnsClients() {
    }

    /** Route 53 is global: signed for us-east-1, as AWS's global endpoint requires. */
    public static Route53Client route53(SandboxServer server) {
        return route53(server, ACCESS_KEY);
    }

    public static Route53Client route53(SandboxServer server, String accessKey) {
        return SandboxClients.noRetry(Route53Client.builder(), server, Region.US_EAST_1, accessKey);
    }

    public static AcmClient acm(SandboxServer server, Region region) {
        return SandboxClients.noRetry(AcmClient.builder(), server, region, ACCESS_KEY);
    }

    /** {@code POST /_sandbox/practice-zone} with that JSON body; answers status and body. */
    public static HttpResponse<String> practiceZone(SandboxServer server, String method, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + "/_sandbox/practice-zone"));
        request = method.equals("POST") ? request.POST(HttpRequest.BodyPublishers.ofString(json)) : request.GET();
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
