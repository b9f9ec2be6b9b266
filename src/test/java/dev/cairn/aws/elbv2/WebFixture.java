package dev.cairn.aws.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.model.kinds.Elbv2Kinds;
import dev.cairn.step.access.AccessResources;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Specs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * What the Web tier's handler tests stand on: a VPC with an attached internet gateway, a public
 * and an app subnet in two zones, the load balancer's and the instances' security groups and a
 * launch template, made with plain EC2 calls (their own handlers are tested elsewhere) and
 * handed to the Web tier's handlers as records; and the engine's way of driving a handler:
 * create, poll until ready; delete (retrying what is retryable), poll until gone.
 */
public final class WebFixture implements AutoCloseable {

    /** A local backend settles within seconds (the Sandbox runs on its instant profile). */
    public static final Duration LOCAL_TIMEOUT = Duration.ofSeconds(60);
    /** Real AWS: an ALB is active in ~2.5 minutes, an instance healthy in a few. */
    public static final Duration AWS_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration LOCAL_POLL = Duration.ofMillis(50);
    private static final Duration AWS_POLL = Duration.ofSeconds(5);

    /**
     * The page each instance serves (the Sandbox reads what user data writes under
     * /var/www/html). Python's server, preinstalled on Amazon Linux 2023, so that instances in
     * subnets without a route out still serve in a real account.
     */
    static final String USER_DATA = """
            #!/bin/bash
            mkdir -p /var/www/html
            echo "<h1>$(hostname)</h1>" > /var/www/html/index.html
            cd /var/www/html && nohup python3 -m http.server 80 >/dev/null 2>&1 &
            """;

    public final AwsClients clients;
    public final Map<ResourceKind, ResourceHandler> handlers;
    public final String stack;
    public final String region;
    public final List<String> said = new CopyOnWriteArrayList<>();
    public final HandlerContext ctx;
    private final Duration timeout;
    private final Duration poll;

    public String vpcId;
    public List<String> zones;
    public final Map<String, String> subnets = new LinkedHashMap<>();
    public String lbGroupId;
    public String appGroupId;

    public WebFixture(AwsClients clients, String region, Duration timeout) {
        this(clients, region, timeout, HandlerContext.UNKNOWN_ACCOUNT);
    }

    /** As above, with the account the handlers build ARNs in (CodeDeploy's tags are found by ARN). */
    public WebFixture(AwsClients clients, String region, Duration timeout, String account) {
        this.clients = clients;
        this.handlers = AwsHandlers.forClients(clients);
        this.stack = "t" + UUID.randomUUID().toString().substring(0, 8);
        this.region = region;
        this.ctx = HandlerContext.unjournaled(stack, account, "aws", m -> said.add(m.english()));
        this.timeout = timeout;
        this.poll = timeout.compareTo(LOCAL_TIMEOUT) > 0 ? AWS_POLL : LOCAL_POLL;
        this.zones = List.of(region + "a", region + "b");
    }

    /** A fixture on a freshly reset local backend. */
    public static WebFixture on(AwsBackend backend, String region) {
        backend.reset();
        return new WebFixture(AwsClients.sandbox(backend.endpoint()), region, LOCAL_TIMEOUT);
    }

    public Ec2Client ec2() {
        return clients.ec2(region);
    }

    /**
     * The network: VPC, internet gateway attached (an internet-facing load balancer needs one),
     * subnets {@code public-a}, {@code public-b}, {@code app-a}, {@code app-b}, and two security
     * groups: the load balancer's (80 from anywhere) and the instances' (nothing yet: see
     * {@link #admitLoadBalancer}).
     */
    public WebFixture network() {
        Ec2Client ec2 = ec2();
        vpcId = ec2.createVpc(r -> r.cidrBlock("10.40.0.0/16").tagSpecifications(tags(ResourceType.VPC))).vpc().vpcId();
        String igw = ec2.createInternetGateway(r -> r.tagSpecifications(tags(ResourceType.INTERNET_GATEWAY)))
                .internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId));
        String[][] layout = {{"public-a", "10.40.0.0/24", "0"}, {"public-b", "10.40.1.0/24", "1"},
            {"app-a", "10.40.10.0/24", "0"}, {"app-b", "10.40.11.0/24", "1"}};
        for (String[] s : layout) {
            String zone = zones.get(Integer.parseInt(s[2]));
            subnets.put(s[0], ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock(s[1]).availabilityZone(zone)
                    .tagSpecifications(tags(ResourceType.SUBNET))).subnet().subnetId());
        }
        lbGroupId = ec2.createSecurityGroup(r -> r.groupName(stack + "-alb").description("load balancer").vpcId(vpcId)
                .tagSpecifications(tags(ResourceType.SECURITY_GROUP))).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(lbGroupId).ipPermissions(p -> p.ipProtocol("tcp").fromPort(80).toPort(80)
                .ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));
        appGroupId = ec2.createSecurityGroup(r -> r.groupName(stack + "-app").description("instances").vpcId(vpcId)
                .tagSpecifications(tags(ResourceType.SECURITY_GROUP))).groupId();
        return this;
    }

    /** The instances' group admits the load balancer's on port 80: what makes targets healthy. */
    public void admitLoadBalancer() {
        ec2().authorizeSecurityGroupIngress(r -> r.groupId(appGroupId).ipPermissions(p -> p.ipProtocol("tcp").fromPort(80).toPort(80)
                .userIdGroupPairs(g -> g.groupId(lbGroupId))));
    }

    /** A launch template of Amazon Linux 2023 (the SSM public parameter) with the app's user data; its ID. */
    public String launchTemplate() {
        String image = clients.ssm(region).getParameter(r -> r.name(AccessResources.AL2023_X86)).parameter().value();
        String userData = Base64.getEncoder().encodeToString(USER_DATA.getBytes(StandardCharsets.UTF_8));
        return ec2().createLaunchTemplate(r -> r.launchTemplateName(stack + "-web")
                .launchTemplateData(d -> d.imageId(image).instanceType("t3.micro").userData(userData)
                        .securityGroupIds(appGroupId)
                        .metadataOptions(m -> m.httpTokens("required"))))
                .launchTemplate().launchTemplateId();
    }

    /**
     * Removes what {@link #network} and {@link #launchTemplate} made (for a real account), each
     * delete retried while AWS still holds a dependency (an interface that lingers).
     */
    public void removeNetwork(String launchTemplateId) {
        Ec2Client ec2 = ec2();
        if (launchTemplateId != null) {
            retrying(() -> ec2.deleteLaunchTemplate(r -> r.launchTemplateId(launchTemplateId)));
        }
        if (appGroupId != null) {
            retrying(() -> ec2.deleteSecurityGroup(r -> r.groupId(appGroupId)));
        }
        if (lbGroupId != null) {
            retrying(() -> ec2.deleteSecurityGroup(r -> r.groupId(lbGroupId)));
        }
        subnets.values().forEach(id -> retrying(() -> ec2.deleteSubnet(r -> r.subnetId(id))));
        if (vpcId != null) {
            ec2.describeInternetGateways(r -> r.filters(fl -> fl.name("attachment.vpc-id").values(vpcId))).internetGateways()
                    .forEach(g -> {
                        retrying(() -> ec2.detachInternetGateway(r -> r.internetGatewayId(g.internetGatewayId()).vpcId(vpcId)));
                        retrying(() -> ec2.deleteInternetGateway(r -> r.internetGatewayId(g.internetGatewayId())));
                    });
            retrying(() -> ec2.deleteVpc(r -> r.vpcId(vpcId)));
        }
    }

    private void retrying(Runnable delete) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                delete.run();
                return;
            } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
                String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
                if (code.endsWith("NotFound")) {
                    return;
                }
                if (!code.equals("DependencyViolation") || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                sleep(poll);
            }
        }
    }

    private TagSpecification tags(ResourceType type) {
        return TagSpecification.builder().resourceType(type)
                .tags(Tag.builder().key("fixture").value(stack).build()).build();
    }

    /** A record of something made outside the handlers, for a spec's ref. */
    public ResourceRecord existing(ResourceKind kind, String address, String physicalId) {
        ResourceSpec spec = new ResourceSpec(Address.parse(address), kind, region, Map.of(), Map.of(), Set.of());
        return new ResourceRecord(spec, physicalId, Map.of(), ItemStatus.READY, Instant.now());
    }

    public ResourceRecord vpc() {
        return existing(Ec2Kinds.VPC, "network.vpc", vpcId);
    }

    public ResourceRecord subnet(String name) {
        return existing(Ec2Kinds.SUBNET, "network.subnet[" + name + "]", subnets.get(name));
    }

    public ResolvedSpec spec(ResourceKind kind, String address, Map<String, String> props, Map<String, ResourceRecord> refs) {
        return Specs.resolved(stack, region, kind, address, props, refs);
    }

    /** The load balancer's spec: internet-facing in both public subnets, with its security group. */
    public ResolvedSpec loadBalancerSpec(String name) {
        return spec(Elbv2Kinds.LOAD_BALANCER, "web.load-balancer", Map.of("name", name, "scheme", "internet-facing"),
                Map.of("subnet.a", subnet("public-a"), "subnet.b", subnet("public-b"),
                        "securityGroup", existing(Ec2Kinds.SECURITY_GROUP, "web.security-group[alb]", lbGroupId)));
    }

    public ResolvedSpec targetGroupSpec(String name, Map<String, String> extra) {
        Map<String, String> props = new LinkedHashMap<>(Map.of("name", name, "protocol", "HTTP", "port", "80",
                "healthCheckPath", "/", "healthCheckIntervalSeconds", "10", "healthyThresholdCount", "2",
                "deregistrationDelaySeconds", "30"));
        props.putAll(extra);
        return spec(Elbv2Kinds.TARGET_GROUP, "web.target-group", props, Map.of("vpc", vpc()));
    }

    public ResolvedSpec listenerSpec(ResourceRecord lb, ResourceRecord tg, String action) {
        return spec(Elbv2Kinds.LISTENER, "web.listener[80]", Map.of("port", "80", "protocol", "HTTP", "action", action),
                Map.of("loadBalancer", lb, "targetGroup", tg));
    }

    public ResourceHandler handler(ResourceKind kind) {
        return handlers.get(kind);
    }

    /** Creates and waits until ready; returns the record the engine would keep. */
    public ResourceRecord apply(ResolvedSpec spec) {
        ResourceHandler h = handler(spec.spec().kind());
        LiveResource created = h.create(ctx, spec, UUID.randomUUID().toString());
        assertThat(created.physicalId()).isNotBlank();
        Poll ready = Specs.poll(() -> h.awaitReady(ctx, spec, created), timeout, poll);
        assertThat(ready.outcome()).as("%s: %s", spec.address(), ready.message()).isEqualTo(Poll.Outcome.DONE);
        LiveResource live = ready.resource() == null ? created : ready.resource();
        assertThat(live.physicalId()).isEqualTo(created.physicalId());
        return Specs.record(spec, live);
    }

    /** Polls an update until DONE; returns the record with the new spec. */
    public ResourceRecord update(ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        ResourceHandler h = handler(spec.spec().kind());
        Poll done = Specs.poll(() -> h.update(ctx, spec, current, changed), timeout, poll);
        assertThat(done.outcome()).as("%s: %s", spec.address(), done.message()).isEqualTo(Poll.Outcome.DONE);
        return Specs.record(spec, done.resource() == null ? LiveResource.of(current.physicalId()) : done.resource());
    }

    /** Polls awaitReady until its message satisfies {@code until} or it is DONE/FAILED; the last poll. */
    public Poll pollReadyUntil(ResolvedSpec spec, LiveResource resource, java.util.function.Predicate<String> until) {
        ResourceHandler h = handler(spec.spec().kind());
        Instant deadline = Instant.now().plus(timeout);
        Poll last = null;
        while (Instant.now().isBefore(deadline)) {
            last = h.awaitReady(ctx, spec, resource);
            if (last.outcome() != Poll.Outcome.PENDING || until.test(last.message().english())) {
                return last;
            }
            sleep(poll);
        }
        throw new AssertionError("still pending after " + timeout + ": " + (last == null ? "" : last.message()));
    }

    /** Deletes (each PENDING step polled, RetryableException retried as the engine would) and waits until gone. */
    public void destroy(ResourceRecord record) {
        ResourceHandler h = handler(record.kind());
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                Poll step = h.delete(ctx, record);
                if (step.outcome() == Poll.Outcome.DONE) {
                    break;
                }
                assertThat(step.outcome()).as("%s: %s", record.address(), step.message()).isEqualTo(Poll.Outcome.PENDING);
                said.add(step.message().english());
            } catch (RetryableException e) {
                said.add(e.getMessage());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("delete of " + record.address() + " still pending after " + timeout + ": " + said);
            }
            sleep(poll);
        }
        Poll gone = Specs.poll(() -> {
            Poll p = h.awaitGone(ctx, record);
            said.add(p.message().english());
            return p;
        }, timeout, poll);
        assertThat(gone.outcome()).as("%s: %s", record.address(), gone.message()).isEqualTo(Poll.Outcome.DONE);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        clients.close();
    }
}
