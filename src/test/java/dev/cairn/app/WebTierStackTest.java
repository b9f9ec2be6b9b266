package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.aws.ec2.KeyPairHandler;
import dev.cairn.plan.Action;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.RunResult;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.Tags;
import dev.cairn.plan.Plan;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.access.AccessResources;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.web.WebResources;
import dev.cairn.step.storage.StorageResources;
import dev.cairn.step.storage.StorageSection;
import dev.cairn.step.web.WebSection;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Backends;
import dev.cairn.testing.SandboxBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The guide's steps — Network, Access, Web tier, and Storage in the whole-guide test — applied and
 * destroyed through {@link StackRunner} (the path the CLI and GUI share) against the Sandbox and
 * moto: the load
 * balancer answers with the instances' own pages, the group scales out under practice load and
 * back in without it, raising {@code max} changes the group in place, a run killed inside the Web
 * tier step resumes without a twin, and the teardown leaves nothing in any service.
 */
class WebTierStackTest {

    private static final String MAIN = "ap-northeast-2";
    private static final String PEER = "ap-northeast-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a test waits for the Sandbox's group to reach a size; the instant profile needs far less. */
    private static final Duration SCALE_WAIT = Duration.ofSeconds(60);
    /** Cairn's page names the instance it runs on. */
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");

    @TempDir
    Path tmp;

    private AwsBackend backend;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String savedSshDir = System.getProperty(KeyPairHandler.SSH_DIR_PROPERTY);

    @AfterEach
    void restoreSshDir() {
        if (savedSshDir == null) {
            System.clearProperty(KeyPairHandler.SSH_DIR_PROPERTY);
        } else {
            System.setProperty(KeyPairHandler.SSH_DIR_PROPERTY, savedSshDir);
        }
    }

    private Target target(AwsBackend backend) {
        assumeTrue(Stream.of("elasticloadbalancing", "autoscaling").allMatch(backend::serves),
                backend.name() + " does not serve ELBv2 and Auto Scaling");
        this.backend = backend;
        backend.reset();
        System.setProperty(KeyPairHandler.SSH_DIR_PROPERTY, tmp.resolve("ssh").toString());
        return Target.endpoint(backend.endpoint(), Optional.empty());
    }

    /** The guide's example (the three steps), renamed, with the VPN on Amazon Linux where the backend has no Marketplace image. */
    static Blueprint guide(Target target, String stack, WebSection web) {
        boolean hasOpenVpn = !target.clients().ec2(MAIN).describeImages(r -> r.owners("aws-marketplace")
                .filters(f -> f.name("name").values("OpenVPN Access Server*"))).images().isEmpty();
        String ami = hasOpenVpn ? null
                : target.clients().ssm(MAIN).getParameter(r -> r.name(AccessResources.AL2023_X86)).parameter().value();
        Blueprint example = BlueprintExample.guide();
        AccessSection a = example.section(AccessSection.KEY);
        AccessSection access = new AccessSection(a.myIp(), a.allowSshFromAnywhere(),
                new AccessSection.KeyPair(a.keyPair().mode(), stack + "-key", null), a.bastion(),
                new AccessSection.Vpn(true, a.vpn().instanceType(), ami), a.privateInstance(), a.peering());
        Blueprint bp = BlueprintYaml.withDefaults(new Blueprint(stack, MAIN, example.tags())
                .with(dev.cairn.step.network.NetworkSection.KEY, example.section(dev.cairn.step.network.NetworkSection.KEY))
                .with(AccessSection.KEY, access)
                .with(WebSection.KEY, web));
        assertThat(BlueprintValidator.validate(bp)).isEmpty();
        return bp;
    }

    private static RunResult apply(StackRunner runner, Blueprint bp) throws InterruptedException {
        Blueprint resolved = runner.resolve(bp);
        Plan plan = runner.plan(resolved);
        return runner.apply(resolved, plan, EngineListener.NONE, new CancellationToken());
    }

    private static String newStack(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Nothing of the stack left in any service Cairn builds in, and in the Sandbox nothing live at all. */
    private void assertNothingLeft(Target target, String stack) {
        assertThat(AwsHandlers.scanner(target.clients()).scan(stack, Set.of(MAIN, PEER))).as("scan of every service").isEmpty();
        if (backend instanceof SandboxBackend sandbox) {
            assertThat(sandbox.server().resources()).as("Sandbox resources in any region").isEmpty();
        }
    }

    private static AutoScalingGroup group(Target target, String name) {
        AutoScalingClient as = target.clients().autoScaling(MAIN);
        return as.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().get(0);
    }

    private static long inService(AutoScalingGroup g) {
        return g.instances().stream().filter(i -> i.lifecycleStateAsString().equals("InService")).count();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + SCALE_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for %s", SCALE_WAIT, what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    // ------------------------------------------------------------------ the Sandbox's control API

    private JsonNode control(URI endpoint, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve("/_sandbox/" + path));
        b = body == null ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The loopback URL the Sandbox serves the stack's load balancer's listener on that port. */
    private String loopbackUrl(URI endpoint, String lbName, int port) throws Exception {
        for (JsonNode lb : control(endpoint, "GET", "load-balancers", null)) {
            if (lb.path("name").asText().equals(lbName)) {
                for (JsonNode l : lb.path("listeners")) {
                    if (l.path("port").asInt() == port) {
                        return l.path("url").asText();
                    }
                }
            }
        }
        throw new AssertionError("no loopback listener " + lbName + ":" + port);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String instanceOf(String page) {
        Matcher m = INSTANCE_ID.matcher(page);
        assertThat(m.find()).as("an instance ID in the page:%n%s", page).isTrue();
        return m.group();
    }

    // ------------------------------------------------------------------ tests

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void applyThenDestroy_wholeGuide_leavesNothingInAnyService(AwsBackend backend) throws Exception {
        String stack = newStack("w");
        try (Target target = target(backend);
                StackRunner runner = new StackRunner(target, stack, tmp.resolve("state"), EngineOptions.defaults())) {
            // The whole guide: the three steps above and the Storage step (bucket, table, state bucket).
            StorageSection example = BlueprintExample.storage();
            Blueprint bp = guide(target, stack, BlueprintExample.web()).with(StorageSection.KEY,
                    example.withStateBucket(new StorageSection.StateBucket(true, example.stateBucket().name())));
            RunResult applied = apply(runner, bp);
            assertThat(applied.failed()).isEmpty();
            assertThat(applied.succeeded()).isTrue();
            assertThat(runner.state().resources().values()).allMatch(r -> r.status() == ItemStatus.READY);
            String groupName = runner.state().get(WebResources.GROUP).orElseThrow().physicalId();
            AutoScalingGroup g = group(target, groupName);
            assertThat(g.minSize()).isEqualTo(1);
            assertThat(g.maxSize()).isEqualTo(3);
            assertThat(inService(g)).isEqualTo(1);
            assertThat(g.targetGroupARNs()).containsExactly(runner.state().get(WebResources.TARGET_GROUP).orElseThrow().physicalId());

            if (backend instanceof SandboxBackend sandbox) {
                String lbName = runner.state().get(WebResources.LOAD_BALANCER).orElseThrow().attributes().get("name");
                HttpResponse<String> page = get(loopbackUrl(sandbox.endpoint(), lbName, 80));
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(instanceOf(page.body())).isEqualTo(g.instances().get(0).instanceId());
                assertThat(page.body()).contains(g.instances().get(0).availabilityZone());
            }

            String bucket = runner.state().get(StorageResources.BUCKET).orElseThrow().physicalId();
            assertThat(runner.state().get(StorageResources.TABLE)).isPresent();
            assertThat(runner.state().get(StorageResources.STATE_BUCKET)).isPresent();
            if (backend instanceof SandboxBackend) {
                // A bucket with objects and old versions: the teardown must empty it first. (moto
                // applies the TLS-only policy to its plain-HTTP endpoint, as AWS would to HTTP.)
                S3Client s3 = target.clients().s3(MAIN);
                for (int i = 0; i < 3; i++) {
                    s3.putObject(r -> r.bucket(bucket).key("site/index.html"), RequestBody.fromString("v" + i));
                }
            }

            RunResult destroyed = runner.destroy(bp, EngineListener.NONE, new CancellationToken());
            assertThat(destroyed.failed()).isEmpty();
            assertThat(destroyed.remaining()).isEmpty();
            assertNothingLeft(target, stack);
        }
    }

    /**
     * The guide's experiment in the Sandbox: load on the group's instances makes target tracking
     * scale out to {@code max}, each new instance answering through the load balancer; without
     * load the group scales back in to {@code min}.
     */
    @Test
    void practiceLoad_inSandbox_scalesOutToMaxThenBackInToMin() throws Exception {
        String stack = newStack("l");
        try (Target target = target(SandboxBackend.instance());
                StackRunner runner = new StackRunner(target, stack, tmp.resolve("state"), EngineOptions.defaults())) {
            Blueprint bp = guide(target, stack, BlueprintExample.web());
            assertThat(apply(runner, bp).succeeded()).isTrue();
            URI endpoint = SandboxBackend.instance().endpoint();
            String groupName = runner.state().get(WebResources.GROUP).orElseThrow().physicalId();

            JsonNode loaded = control(endpoint, "POST", "load", "{\"stack\":\"" + stack + "\",\"cpu\":99}");
            assertThat(loaded.path("groups")).hasSize(1);
            await("scale-out to 3 InService", () -> inService(group(target, groupName)) == 3);

            String lbName = runner.state().get(WebResources.LOAD_BALANCER).orElseThrow().attributes().get("name");
            String url = loopbackUrl(endpoint, lbName, 80);
            Set<String> answered = new LinkedHashSet<>();
            await("three instances answering", () -> {
                try {
                    HttpResponse<String> r = get(url);
                    if (r.statusCode() == 200) {
                        answered.add(instanceOf(r.body()));
                    }
                    return answered.size() == 3;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });

            control(endpoint, "POST", "load", "{\"stack\":\"" + stack + "\",\"cpu\":0}");
            await("scale-in to 1", () -> group(target, groupName).instances().size() == 1);

            assertThat(runner.destroy(bp, EngineListener.NONE, new CancellationToken()).remaining()).isEmpty();
            assertNothingLeft(target, stack);
        }
    }

    /** Raising {@code max} is an update of the group, never a replacement: the same group, the new bound. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void raiseMax_updatesTheGroupInPlaceAndReplacesNothing(AwsBackend backend) throws Exception {
        String stack = newStack("m");
        try (Target target = target(backend);
                StackRunner runner = new StackRunner(target, stack, tmp.resolve("state"), EngineOptions.defaults())) {
            WebSection web = BlueprintExample.web();
            Blueprint bp = guide(target, stack, web);
            assertThat(apply(runner, bp).succeeded()).isTrue();
            String groupArn = group(target, runner.state().get(WebResources.GROUP).orElseThrow().physicalId()).autoScalingGroupARN();

            WebSection.AutoScaling s = web.autoScaling();
            Blueprint raised = guide(target, stack, new WebSection(web.enabled(), web.image(), web.instanceType(), web.app(),
                    web.loadBalancer(), web.https(), new WebSection.AutoScaling(s.min(), s.desired(), 5,
                    s.healthCheckGraceSeconds(), s.targetCpu(), s.warmupSeconds())));
            Plan plan = runner.plan(runner.resolve(raised));
            assertThat(plan.actions()).filteredOn(i -> i.action() == Action.UPDATE)
                    .extracting(i -> i.spec().address().value()).containsExactly(WebResources.GROUP.value());
            assertThat(plan.actions()).noneMatch(i -> i.action() == Action.REPLACE || i.action() == Action.CREATE
                    || i.action() == Action.DELETE);

            RunResult updated = runner.apply(runner.resolve(raised), plan, EngineListener.NONE, new CancellationToken());
            assertThat(updated.succeeded()).isTrue();
            AutoScalingGroup g = group(target, runner.state().get(WebResources.GROUP).orElseThrow().physicalId());
            assertThat(g.autoScalingGroupARN()).isEqualTo(groupArn);
            assertThat(g.maxSize()).isEqualTo(5);

            assertThat(runner.destroy(raised, EngineListener.NONE, new CancellationToken()).remaining()).isEmpty();
            assertNothingLeft(target, stack);
        }
    }

    static Stream<Arguments> webKillPoints() {
        return Backends.all().flatMap(b -> Stream.of(WebResources.LAUNCH_TEMPLATE, WebResources.TARGET_GROUP,
                        WebResources.LOAD_BALANCER, WebResources.HTTP_LISTENER, WebResources.GROUP, WebResources.POLICY)
                .map(a -> Arguments.of(b, a.value())));
    }

    /**
     * Killed right after the intent of a Web tier resource is on disk (before its call), then run
     * again in a fresh runner: one of everything, and the teardown leaves nothing.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("webKillPoints")
    void apply_whenKilledAtAWebTierIntent_resumesWithOneOfEverything(AwsBackend backend, String killAt) throws Exception {
        String stack = newStack("k");
        Path state = tmp.resolve("state");
        try (Target target = target(backend)) {
            Blueprint bp = guide(target, stack, BlueprintExample.web());
            EngineOptions killing = EngineOptions.defaults().withParallelism(4).withAfterIntent(intent -> {
                if (killAt.equals(intent.address())) {
                    throw new IllegalStateException("killed at " + killAt);
                }
            });
            try (StackRunner runner = new StackRunner(target, stack, state, killing)) {
                assertThatThrownBy(() -> apply(runner, bp)).hasMessageContaining("killed at " + killAt);
            }
            try (StackRunner runner = new StackRunner(target, stack, state, EngineOptions.defaults())) {
                RunResult resumed = apply(runner, bp);
                assertThat(resumed.failed()).isEmpty();
                assertThat(resumed.succeeded()).isTrue();
                assertThat(runner.state().pending()).isEmpty();
                var clients = target.clients();
                assertThat(clients.elbv2(MAIN).describeLoadBalancers().loadBalancers()).hasSize(1);
                assertThat(clients.elbv2(MAIN).describeTargetGroups().targetGroups()).hasSize(1);
                assertThat(clients.autoScaling(MAIN).describeAutoScalingGroups(r -> r.filters(
                        f -> f.name("tag:" + Tags.STACK).values(stack))).autoScalingGroups()).hasSize(1);
                assertThat(clients.ec2(MAIN).describeLaunchTemplates(r -> r.filters(
                        f -> f.name("tag:" + Tags.STACK).values(stack))).launchTemplates()).hasSize(1);
                assertThat(runner.destroy(bp, EngineListener.NONE, new CancellationToken()).remaining()).isEmpty();
                assertNothingLeft(target, stack);
            }
        }
    }
}
