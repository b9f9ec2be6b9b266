package dev.cairn.topology;

import dev.cairn.model.ResourceSpec;
import java.util.List;

/**
 * Times layout + SVG of a 500-resource stack. Not a test: run on demand with
 * {@code java -cp target/classes:target/test-classes dev.cairn.topology.TopologyBenchmark [iterations]}
 * (needs the model classes and nothing else).
 */
public final class TopologyBenchmark {

    private static final int DEFAULT_ITERATIONS = 200;
    private static final int WARMUP = 50;
    private static final int RESOURCES = 500;

    private TopologyBenchmark() {}

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_ITERATIONS;
        List<ResourceSpec> specs = NetworkFixtures.large(RESOURCES);
        TopologyInput input = TopologyInput.planned("bench", NetworkFixtures.REGION, specs);
        long sink = 0;
        for (int i = 0; i < WARMUP; i++) {
            sink += SvgWriter.toSvg(TopologyLayout.layout(input)).length();
        }
        long layoutNanos = 0;
        long svgNanos = 0;
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            Diagram d = TopologyLayout.layout(input);
            long t1 = System.nanoTime();
            sink += SvgWriter.toSvg(d).length();
            long t2 = System.nanoTime();
            layoutNanos += t1 - t0;
            svgNanos += t2 - t1;
        }
        System.out.printf("topology: %d resources, %d iterations: layout %.3f ms, svg %.3f ms, total %.3f ms per iteration (checksum %d)%n",
                specs.size(), iterations, layoutNanos / 1e6 / iterations, svgNanos / 1e6 / iterations,
                (layoutNanos + svgNanos) / 1e6 / iterations, sink);
    }
}
