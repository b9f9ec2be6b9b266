package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.app.StackRunner;
import dev.cairn.app.Target;
import dev.cairn.aws.ec2.KeyPairHandler;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.RunResult;
import dev.cairn.model.AccessSection;
import dev.cairn.model.Blueprint;
import dev.cairn.model.BlueprintExample;
import dev.cairn.model.BlueprintYaml;
import dev.cairn.plan.AccessResources;
import dev.cairn.testing.AwsBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Apply and destroy of the guide's stack through {@link StackRunner}, per backend in
 * {@code Backends.all()}: the Network step alone, then Network + Access (with the peered VPC),
 * each at parallelism 10 and 1. Prints a table and writes {@code target/bench/access-apply.json}
 * (wall time, critical path, API calls). Against moto everything settles at once, so the figures
 * show the engine's and the calls' share; against a Sandbox with a realistic latency profile they
 * show the waiting. Run with {@code mvn -Dgroups=bench -Dtest=AccessApplyBenchmark test}.
 */
@Tag("bench")
class AccessApplyBenchmark {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void applyAndDestroy_networkThenNetworkPlusAccess_atParallelism10And1(AwsBackend backend) throws Exception {
        Path tmp = Files.createTempDirectory("cairn-bench");
        System.setProperty(KeyPairHandler.SSH_DIR_PROPERTY, tmp.resolve("ssh").toString());
        ObjectMapper json = new ObjectMapper();
        ArrayNode rows = json.createArrayNode();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-16s %-12s %5s %10s %10s %8s%n",
                "steps", "run", "par", "wall s", "crit s", "calls"));
        try {
            for (boolean withAccess : new boolean[] {false, true}) {
                for (int parallelism : new int[] {10, 1}) {
                    backend.reset();
                    String stack = "b" + UUID.randomUUID().toString().substring(0, 8);
                    try (Target target = Target.endpoint(backend.endpoint(), Optional.empty());
                            StackRunner runner = new StackRunner(target, stack, tmp.resolve(stack),
                                    EngineOptions.defaults().withParallelism(parallelism))) {
                        Blueprint bp = blueprint(target, stack, withAccess);
                        Blueprint resolved = runner.resolve(bp);
                        RunResult applied = runner.apply(resolved, runner.plan(resolved), EngineListener.NONE, new CancellationToken());
                        RunResult destroyed = runner.destroy(bp, EngineListener.NONE, new CancellationToken());
                        assertThat(applied.failed()).isEmpty();
                        assertThat(destroyed.remaining()).isEmpty();
                        String steps = withAccess ? "network+access" : "network";
                        for (var run : new Object[][] {{"apply", applied}, {"destroy", destroyed}}) {
                            RunResult r = (RunResult) run[1];
                            table.append(String.format(Locale.ROOT, "%-16s %-12s %5d %10.2f %10.2f %8d%n",
                                    steps, run[0], parallelism, r.wallSeconds(), r.criticalPathSeconds(), r.apiCalls()));
                            ObjectNode row = rows.addObject();
                            row.put("backend", backend.name()).put("steps", steps).put("run", (String) run[0])
                                    .put("parallelism", parallelism).put("wallSeconds", r.wallSeconds())
                                    .put("criticalPathSeconds", r.criticalPathSeconds()).put("apiCalls", r.apiCalls())
                                    .put("resources", r.created().size() + r.deleted().size());
                        }
                    }
                }
            }
        } finally {
            System.clearProperty(KeyPairHandler.SSH_DIR_PROPERTY);
        }
        System.out.println("Access apply benchmark on " + backend.name() + "\n" + table);
        Path out = Path.of("target", "bench", "access-apply.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, json.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
    }

    private static Blueprint blueprint(Target target, String stack, boolean withAccess) {
        Blueprint demo = BlueprintExample.demo();
        if (!withAccess) {
            return BlueprintYaml.withDefaults(new Blueprint(stack, demo.region(), demo.network(), null, demo.tags()));
        }
        // No endpoint but AWS has the OpenVPN Marketplace image: the VPN runs Amazon Linux here.
        String ami = target.clients().ssm(demo.region()).getParameter(r -> r.name(AccessResources.AL2023_X86)).parameter().value();
        AccessSection a = demo.access();
        AccessSection access = new AccessSection(a.myIp(), a.allowSshFromAnywhere(),
                new AccessSection.KeyPair(a.keyPair().mode(), stack + "-key", null), a.bastion(),
                new AccessSection.Vpn(true, a.vpn().instanceType(), ami), a.privateInstance(), a.peering());
        return BlueprintYaml.withDefaults(new Blueprint(stack, demo.region(), demo.network(), access, demo.tags()));
    }
}
