package dev.cairn.cli;

import dev.cairn.app.CairnHome;
import dev.cairn.sandbox.LatencyProfile;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cairn sandbox serve}: the AWS-compatible practice endpoint, in the foreground. */
@Command(name = "sandbox", mixinStandardHelpOptions = true, description = "The offline AWS-compatible Sandbox.",
        subcommands = SandboxCommand.Serve.class)
final class SandboxCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serve the Sandbox on loopback until interrupted; any AWS SDK or the AWS CLI can use it.")
    static final class Serve implements Callable<Integer> {

        enum Latency { instant, realistic }

        @Spec
        CommandSpec spec;

        @Option(names = "--port", paramLabel = "P", description = "TCP port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one).")
        int port = 4566;

        @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default ~/.cairn/sandbox).")
        Path data;

        @Option(names = "--latency", paramLabel = "instant|realistic", description = "State transitions: ${COMPLETION-CANDIDATES} (default instant).")
        Latency latency = Latency.instant;

        @Option(names = "--time-scale", paramLabel = "F", description = "Multiplies realistic durations (1.0 = real AWS, NAT gateway ≈ 100 s).")
        double timeScale = 1.0;

        @Option(names = "--throttle-rate", paramLabel = "R", description = "Fraction 0..1 of requests answered RequestLimitExceeded.")
        double throttleRate = 0.0;

        @Option(names = "--consistency-window", paramLabel = "SECONDS",
                description = "After a create, lookups of the new ID answer …NotFound for this long (default 0).")
        double consistencySeconds = 0.0;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            SandboxConfig config;
            try {
                config = SandboxConfig.instant()
                        .withPort(port)
                        .withDataDir(data != null ? data : CairnHome.sandboxData())
                        .withLatency(latency == Latency.realistic ? LatencyProfile.REALISTIC : LatencyProfile.INSTANT)
                        .withTimeScale(timeScale)
                        .withThrottleRate(throttleRate)
                        .withConsistencyWindow(Duration.ofMillis(Math.round(consistencySeconds * 1000)));
            } catch (IllegalArgumentException e) {
                throw new CairnCommand.UsageException(e.getMessage());
            }
            SandboxServer server = SandboxServer.start(config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "cairn-sandbox-stop"));
            out.println("Sandbox listening on " + server.endpoint());
            out.printf(Locale.ROOT, "  latency %s%s, throttle rate %.2f, data %s%n", latency,
                    latency == Latency.realistic ? " ×" + timeScale : "", throttleRate, config.dataDir());
            out.println("  try: aws --endpoint-url " + server.endpoint() + " --region ap-northeast-2 ec2 describe-vpcs"
                    + "   (any access key; Ctrl-C stops)");
            out.flush();
            stopped.await();
            return CairnCommand.EXIT_OK;
        }
    }
}
