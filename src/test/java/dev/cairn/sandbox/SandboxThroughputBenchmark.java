package dev.cairn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.app.StackRunner;
import dev.cairn.app.Target;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.RunResult;
import dev.cairn.model.Blueprint;
import dev.cairn.step.BlueprintExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Requests per second the Sandbox answers through the real SDK, for a describe (DescribeVpcs) and
 * a create (CreateTags, which changes state and so is persisted), in memory and with a data
 * folder, with one client thread and with several; and the size of the saved state once the
 * guide's whole stack (Network + Access, two regions) is applied. Not a timed test: it asserts
 * only that every call succeeds, and reports. Run with
 * {@code mvn -B test -Dgroups=bench -DexcludedGroups=aws -Dtest=SandboxThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false};
 * the table goes to the output and {@code target/bench/sandbox.txt}, the figures to
 * {@code target/bench/sandbox.json}. Uses only the Sandbox's public API, so the same file measures
 * any version of it.
 */
@Tag("bench")
class SandboxThroughputBenchmark {
    /** Calls before each cell: connections, and the cell's code paths compiled. */
    static final long WARMUP_MILLIS = 3_000;
    /** Calls before the first cell, on a server of its own: class loading and JIT of the whole path. */
    static final long JVM_WARMUP_MILLIS = 8_000;
    /** How long each cell is measured; every loop also stops at {@link #MAX_CALLS_PER_CELL}. */
    static final long MEASURE_MILLIS = 5_000;
    static final int MAX_CALLS_PER_CELL = 200_000;
    static final int[] CLIENT_THREADS = {1, 4, 8};

    enum Op { DESCRIBE, CREATE }

    record Cell(String storage, Op op, int threads, long calls, double seconds) {
        double perSecond() {
            return calls / seconds;
        }
    }

    @TempDir
    Path dir;

    @Test
    void throughput_describeAndCreate_inMemoryAndPersisted_reportsRequestsPerSecondAndStateSize() throws Exception {
        List<Cell> cells = new ArrayList<>();
        try (SandboxServer warm = SandboxServer.start(SandboxConfig.instant().withDataDir(
                Files.createDirectories(dir.resolve("warmup"))));
             Ec2Client ec2 = SandboxClients.ec2(warm)) {
            String vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            measure(ec2, vpcId, Op.DESCRIBE, 4, JVM_WARMUP_MILLIS / 2);
            measure(ec2, vpcId, Op.CREATE, 4, JVM_WARMUP_MILLIS / 2);
        }
        for (String storage : List.of("memory", "data folder")) {
            Path data = storage.equals("memory") ? null : Files.createDirectories(dir.resolve("throughput"));
            try (SandboxServer server = SandboxServer.start(SandboxConfig.instant().withDataDir(data));
                 Ec2Client ec2 = SandboxClients.ec2(server)) {
                String vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
                for (int n = 1; n <= 3; n++) {
                    String cidr = "10.0." + n + ".0/24";
                    ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock(cidr));
                }
                for (Op op : Op.values()) {
                    for (int threads : CLIENT_THREADS) {
                        measure(ec2, vpcId, op, threads, WARMUP_MILLIS);
                        long[] calls = new long[1];
                        double seconds = measure(ec2, vpcId, op, threads, MEASURE_MILLIS, calls);
                        cells.add(new Cell(storage, op, threads, calls[0], seconds));
                    }
                }
            }
        }
        long[] stateBytes = guideStackStateSize(dir.resolve("guide"));
        String table = table(cells, stateBytes);
        System.out.println(table);
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("sandbox.txt"), table);
        Files.writeString(out.resolve("sandbox.json"), json(cells, stateBytes).toPrettyString());
    }

    private static double measure(Ec2Client ec2, String vpcId, Op op, int threads, long millis) throws Exception {
        return measure(ec2, vpcId, op, threads, millis, new long[1]);
    }

    /** Runs {@code threads} loops of one call for {@code millis}; returns the elapsed seconds and the call count. */
    private static double measure(Ec2Client ec2, String vpcId, Op op, int threads, long millis, long[] calls)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(millis);
            List<Future<Long>> loops = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                loops.add(pool.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() < deadline && n < MAX_CALLS_PER_CELL / threads) {
                        if (op == Op.DESCRIBE) {
                            assertThat(ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs()).hasSize(1);
                        } else {
                            String value = thread + "-" + n;
                            ec2.createTags(r -> r.resources(vpcId).tags(t2 -> t2.key("bench").value(value)));
                        }
                        n++;
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Long> f : loops) {
                total += f.get(millis + 60_000, TimeUnit.MILLISECONDS);
            }
            calls[0] = total;
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Applies the guide's whole example (Network + Access, Seoul and the peered VPC in Tokyo) to a
     * Sandbox with a data folder, closes it, and returns {total bytes, file count} of what it saved.
     */
    private static long[] guideStackStateSize(Path data) throws Exception {
        Files.createDirectories(data);
        Blueprint bp = BlueprintExample.demo();
        try (SandboxServer server = SandboxServer.start(SandboxConfig.instant().withDataDir(data))) {
            try (Target target = Target.endpoint(server.endpoint(), Optional.empty());
                 StackRunner runner = new StackRunner(target, bp.name(), data.resolveSibling("stack-state"),
                         EngineOptions.defaults())) {
                Blueprint resolved = runner.resolve(bp);
                RunResult apply = runner.apply(resolved, runner.plan(resolved), EngineListener.NONE, new CancellationToken());
                assertThat(apply.succeeded()).as("apply: %s", apply.failed()).isTrue();
            }
        }
        long bytes = 0;
        long files = 0;
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(p);
                files++;
            }
        }
        return new long[] {bytes, files};
    }

    private static String table(List<Cell> cells, long[] state) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Sandbox through the SDK (EC2), %d cores, %d s per cell%n",
                Runtime.getRuntime().availableProcessors(), MEASURE_MILLIS / 1000));
        s.append(String.format(Locale.ROOT, "%-12s %-9s %8s %10s %10s%n", "storage", "call", "threads", "calls", "req/s"));
        for (Cell c : cells) {
            s.append(String.format(Locale.ROOT, "%-12s %-9s %8d %10d %10.0f%n", c.storage(),
                    c.op() == Op.DESCRIBE ? "describe" : "create", c.threads(), c.calls(), c.perSecond()));
        }
        s.append(String.format(Locale.ROOT, "saved state after the guide's stack (network+access): %d bytes in %d file(s)%n",
                state[0], state[1]));
        return s.toString();
    }

    private static ObjectNode json(List<Cell> cells, long[] state) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("cores", Runtime.getRuntime().availableProcessors());
        o.put("measureMillis", MEASURE_MILLIS);
        ArrayNode all = o.putArray("cells");
        for (Cell c : cells) {
            all.addObject().put("storage", c.storage()).put("call", c.op().name().toLowerCase(Locale.ROOT))
                    .put("threads", c.threads()).put("calls", c.calls()).put("requestsPerSecond", c.perSecond());
        }
        o.putObject("guideStackState").put("bytes", state[0]).put("files", state[1]);
        return o;
    }
}
