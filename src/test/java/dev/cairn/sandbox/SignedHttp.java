package dev.cairn.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A request signed by the SDK's own SigV4 signer, for services whose SDK module the build does not
 * carry (the Resource Groups Tagging API, and the tests' stand-ins for json 1.0 and rest-json):
 * the same signing, scope and headers the SDK clients send, over the JDK's HTTP client.
 */
public final class SignedHttp {
    /** Headers the JDK client sets itself and refuses from the caller. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private SignedHttp() {
    }

    /** Signs as {@code signingName} in {@code region} with the Sandbox's default keys and sends. */
    public static HttpResponse<String> send(URI endpoint, String signingName, String region, String method, String path,
                                            Map<String, String> headers, byte[] body) {
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder()
                .uri(endpoint.resolve(path))
                .method(SdkHttpMethod.fromValue(method));
        headers.forEach(unsigned::putHeader);
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create("sandbox", "sandbox"))
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request();
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.getUri())
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
