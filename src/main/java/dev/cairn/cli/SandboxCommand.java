package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.app.CairnHome;
import dev.cairn.app.PipelineSandbox;
import dev.cairn.app.SandboxControl;
import dev.cairn.step.pipeline.PipelineStep;
import dev.cairn.step.pipeline.PipelineValidator;
import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.sandbox.LatencyProfile;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cairn sandbox serve}: the AWS-compatible practice endpoint, in the foreground;
 * {@code cairn sandbox load}: the CPU a stack's Auto Scaling instances report there, to watch the
 * group scale out and back in (the guide's stress experiment, offline); {@code cairn sandbox connect}:
 * the pipeline's GitHub connection handshake, completed; {@code cairn sandbox commit}: the sample
 * page's next version pushed to the stack's local repository, which starts the pipeline.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true, description = "The offline AWS-compatible Sandbox.",
        subcommands = {SandboxCommand.Serve.class, SandboxCommand.Load.class, SandboxCommand.Connect.class,
            SandboxCommand.Commit.class})
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

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Set the CPU a stack's Auto Scaling instances report in the Sandbox: target tracking scales the"
                    + " group out after the warm-up, and back in when the load is gone (--cpu 0).")
    static final class Load implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--stack", required = true, paramLabel = "NAME", description = "The stack (its blueprint's name).")
        String stack;

        @Option(names = "--cpu", required = true, paramLabel = "PERCENT", description = "Average CPU to report, 0 to 100.")
        double cpu;

        @Option(names = "--endpoint", paramLabel = "URL",
                description = "A served Sandbox (`cairn sandbox serve`); without it, the embedded Sandbox on its data folder.")
        String endpoint;

        @Option(names = "--data", paramLabel = "DIR", description = "Data folder of the embedded Sandbox (default ~/.cairn/sandbox).")
        Path data;

        @Override
        public Integer call() {
            checkStack(stack);
            if (!(cpu >= 0 && cpu <= 100)) {
                throw new CairnCommand.UsageException("--cpu " + cpu + " is not a percentage from 0 to 100");
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("stack", stack).put("cpu", cpu);
            JsonNode answer;
            try {
                answer = control(endpoint, data, c -> c.post(SandboxControl.LOAD, body));
            } catch (SandboxControl.ControlException e) {
                return failed(spec, e);
            }
            PrintWriter out = spec.commandLine().getOut();
            for (JsonNode g : answer.path("groups")) {
                out.printf(Locale.ROOT, "Auto Scaling group %s (%s): instances now report %s %% CPU%n", g.path("name").asText(),
                        g.path("region").asText(), g.path("cpu").asText());
            }
            out.println(cpu > 0
                    ? "Target tracking scales out once the average stays above the target past the warm-up; watch"
                            + " `cairn status --blueprint FILE` or the diagram. `--cpu 0` ends the load."
                    : "Load removed: the group scales back in to its desired size.");
            out.flush();
            return CairnCommand.EXIT_OK;
        }

        static URI url(String text) {
            try {
                URI uri = new URI(text);
                if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).startsWith("http") || uri.getHost() == null) {
                    throw new URISyntaxException(text, "expected http://host:port");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new CairnCommand.UsageException("--endpoint " + text + " is not a URL: " + e.getReason());
            }
        }
    }

    /** A served Sandbox's control API, or the embedded one's on its data folder, for one call. */
    static JsonNode control(String endpoint, Path data, java.util.function.Function<SandboxControl, JsonNode> call) {
        if (endpoint != null && data != null) {
            throw new CairnCommand.UsageException("--endpoint and --data: give one (a served Sandbox has its own data)");
        }
        if (endpoint != null) {
            return call.apply(new SandboxControl(Load.url(endpoint)));
        }
        Path dir = data != null ? data : CairnHome.sandboxData();
        try (SandboxServer server = SandboxServer.start(SandboxConfig.instant().withPort(0).withDataDir(dir))) {
            return call.apply(new SandboxControl(server.endpoint()));
        }
    }

    /** A refused control call: said on stderr; the caller's mistake (4xx other than 404) is a usage error. */
    static int failed(CommandSpec spec, SandboxControl.ControlException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return e.status() / 100 == 4 && e.status() != 404 ? CairnCommand.EXIT_USAGE : CairnCommand.EXIT_FAILED;
    }

    /** The stack name's rule, checked before the Sandbox is reached. */
    static void checkStack(String stack) {
        List<FieldError> name = BlueprintValidator.validate(new Blueprint(stack, "us-east-1", Map.of())).stream()
                .filter(e -> e.rule().equals("stack.name")).toList();
        if (!name.isEmpty()) {
            throw new CairnCommand.UsageException("--stack: " + name.get(0).message());
        }
    }

    @Command(name = "connect", mixinStandardHelpOptions = true,
            description = "Complete the stack's GitHub connection handshake in the Sandbox (in AWS only a person in the"
                    + " console can): PENDING becomes AVAILABLE and the pipeline's source can run.")
    static final class Connect implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--stack", required = true, paramLabel = "NAME", description = "The stack (its blueprint's name).")
        String stack;

        @Option(names = "--region", paramLabel = "R", description = "The stack's region (default ${DEFAULT-VALUE}).")
        String region = "ap-northeast-2";

        @Option(names = "--endpoint", paramLabel = "URL",
                description = "A served Sandbox (`cairn sandbox serve`); without it, the embedded Sandbox on its data folder.")
        String endpoint;

        @Option(names = "--data", paramLabel = "DIR", description = "Data folder of the embedded Sandbox (default ~/.cairn/sandbox).")
        Path data;

        @Override
        public Integer call() {
            checkStack(stack);
            JsonNode answer;
            try {
                answer = control(endpoint, data, c -> PipelineSandbox.connect(c, stack, region));
            } catch (SandboxControl.ControlException e) {
                return failed(spec, e);
            }
            PrintWriter out = spec.commandLine().getOut();
            for (JsonNode c : answer.path("connections")) {
                out.println("Connection " + c.path("name").asText() + " (" + c.path("region").asText() + "): "
                        + c.path("status").asText() + " " + c.path("arn").asText());
            }
            out.println("The pipeline's source can now read the repository; a push (or `cairn sandbox commit`) starts it.");
            out.flush();
            return CairnCommand.EXIT_OK;
        }
    }

    @Command(name = "commit", mixinStandardHelpOptions = true,
            description = "Commit the sample page's next version (Version N+1) to the stack's repository in the Sandbox: a push,"
                    + " which starts the pipeline.")
    static final class Commit implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--stack", required = true, paramLabel = "NAME", description = "The stack (its blueprint's name).")
        String stack;

        @Option(names = "--repository", paramLabel = "OWNER/NAME",
                description = "The repository (default: the pipeline's default, <stack>/frontend).")
        String repository;

        @Option(names = "--branch", paramLabel = "B", description = "The branch (default ${DEFAULT-VALUE}).")
        String branch = "main";

        @Option(names = "--message", paramLabel = "M", description = "The commit message (default: Version N+1).")
        String message;

        @Option(names = "--endpoint", paramLabel = "URL",
                description = "A served Sandbox (`cairn sandbox serve`); without it, the embedded Sandbox on its data folder.")
        String endpoint;

        @Option(names = "--data", paramLabel = "DIR", description = "Data folder of the embedded Sandbox (default ~/.cairn/sandbox).")
        Path data;

        @Override
        public Integer call() {
            checkStack(stack);
            String repo = repository != null ? repository : stack + "/" + PipelineStep.DEFAULT_NAME;
            if (!PipelineValidator.isRepository(repo)) {
                throw new CairnCommand.UsageException("--repository " + repo + " is not a GitHub owner/name");
            }
            JsonNode answer;
            try {
                answer = control(endpoint, data, c -> PipelineSandbox.commitNextVersion(c, repo, branch, stack, message));
            } catch (SandboxControl.ControlException e) {
                return failed(spec, e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Committed " + answer.path("head").path("id").asText("").substring(0,
                    Math.min(7, answer.path("head").path("id").asText("").length())) + " to " + repo + " " + branch + ": "
                    + answer.path("head").path("message").asText(""));
            out.println("The push starts the pipeline; follow it with `cairn status --blueprint FILE` or the Pipeline page.");
            out.flush();
            return CairnCommand.EXIT_OK;
        }
    }
}
