package dev.cairn.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * moto's server, started once per JVM on a free loopback port on first use and stopped by a
 * shutdown hook. When python3 or moto is missing the test is aborted (shown as skipped) with the
 * reason, never failed. moto is lenient where AWS is strict, hence
 * {@link #followsAwsDependencyRules()} is false.
 */
public final class MotoBackend implements AwsBackend {

    private static final java.util.Set<String> MOTO_SERVICES = java.util.Set.of("ec2", "sts", "ssm", "tagging",
            "elasticloadbalancing", "autoscaling", "acm", "route53", "s3", "dynamodb", "ecr", "ecs", "iam", "logs", "codebuild", "codepipeline", "codedeploy");

    /** moto imports ~all services on start; on a busy 2-core machine that can take a while. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration HEALTH_POLL = Duration.ofMillis(200);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /**
     * A reset reloads every AWS managed IAM policy (MOTO_IAM_LOAD_MANAGED_POLICIES): seconds of
     * CPU, and more than 10 s on a loaded two-core machine (two test JVMs each run a moto).
     */
    private static final Duration RESET_TIMEOUT = Duration.ofSeconds(60);

    private static final MotoBackend INSTANCE = new MotoBackend();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private URI endpoint;
    private String unavailable;
    private Process process;

    private MotoBackend() {}

    public static MotoBackend instance() {
        return INSTANCE;
    }

    @Override
    public String name() {
        return "moto";
    }

    @Override
    public synchronized URI endpoint() {
        if (endpoint == null && unavailable == null) {
            start();
        }
        if (unavailable != null) {
            Assumptions.abort("moto not installed: " + unavailable);
        }
        return endpoint;
    }

    @Override
    public void reset() {
        URI base = endpoint();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/moto-api/reset"))
                    .timeout(RESET_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("moto reset answered " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting moto", e);
        }
    }

    @Override
    public boolean followsAwsDependencyRules() {
        return false;
    }

    /** moto 5 models every service Cairn calls so far (how strictly differs: the tests say where). */
    @Override
    public boolean serves(String signingName) {
        return MOTO_SERVICES.contains(signingName);
    }

    @Override
    public String toString() {
        return name();
    }

    private void start() {
        int port = freePort();
        Path log;
        try {
            log = Files.createTempFile("moto-", ".log");
            log.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder(List.of("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port)))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        try {
            process = pb.start();
        } catch (IOException e) {
            unavailable = "cannot run python3 (" + e.getMessage() + ")";
            return;
        }
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "moto-shutdown"));
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!started.isAlive()) {
                unavailable = "python3 -m moto.server exited with " + started.exitValue() + ": " + tail(log);
                return;
            }
            if (healthy(base)) {
                endpoint = base;
                return;
            }
            try {
                Thread.sleep(HEALTH_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        started.destroy();
        unavailable = "moto did not answer on " + base + " within " + STARTUP_TIMEOUT + ": " + tail(log);
    }

    private boolean healthy(URI base) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve("/moto-api/")).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
