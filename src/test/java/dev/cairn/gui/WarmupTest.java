package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.aws.ec2.KeyPairHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background warm-up (issue #14): a whole-guide apply and teardown in a throwaway Sandbox of
 * its own, on a thread below the FX thread, that calls nothing else and writes no key.
 */
class WarmupTest {

    static final long TIMEOUT_SECONDS = 300;

    @TempDir
    Path ssh;

    @Test
    void start_warmsTheGuideOnALowPriorityThread_callingOnlyItsOwnSandboxAndSavingNoKey() throws Exception {
        // Anything built from the environment would go here: a real account's stand-in that counts.
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger reached = new AtomicInteger();
        elsewhere.createContext("/", exchange -> {
            reached.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        elsewhere.start();
        String endpointBefore = System.getProperty("aws.endpointUrl");
        String sshBefore = System.getProperty(KeyPairHandler.SSH_DIR_PROPERTY);
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + elsewhere.getAddress().getPort());
        System.setProperty(KeyPairHandler.SSH_DIR_PROPERTY, ssh.toString());
        try {
            Warmup.Result r = Warmup.start().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

            assertThat(r.succeeded()).as(r.toString()).isTrue();
            assertThat(r.stages()).anyMatch(s -> s.startsWith("apply true")).anyMatch(s -> s.startsWith("teardown true"));
            assertThat(r.apiCalls()).as("the guide's calls, all to its own Sandbox").isGreaterThan(108);
            assertThat(r.endpoint().getHost()).isIn("localhost", "127.0.0.1");
            assertThat(r.endpoint().getPort()).isNotEqualTo(elsewhere.getAddress().getPort());
            assertThat(reached.get()).as("calls anywhere but its own Sandbox").isZero();
            assertThat(r.onFxThread()).isFalse();
            assertThat(r.threadPriority()).isEqualTo(UiTaskExecutor.WORKER_PRIORITY).isLessThan(Thread.NORM_PRIORITY);
            try (Stream<Path> keys = Files.list(ssh)) {
                assertThat(keys).as("private keys saved").isEmpty();
            }
        } finally {
            restore("aws.endpointUrl", endpointBefore);
            restore(KeyPairHandler.SSH_DIR_PROPERTY, sshBefore);
            elsewhere.stop(0);
        }
    }

    @Test
    void start_whenTurnedOff_doesNothing() throws Exception {
        String before = System.getProperty(Warmup.ENABLED_PROPERTY);
        System.setProperty(Warmup.ENABLED_PROPERTY, "false");
        try {
            assertThat(Warmup.enabled()).isFalse();
            assertThat(Warmup.start().get(1, TimeUnit.SECONDS)).isNull();
        } finally {
            restore(Warmup.ENABLED_PROPERTY, before);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
