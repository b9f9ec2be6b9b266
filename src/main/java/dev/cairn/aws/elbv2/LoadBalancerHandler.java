package dev.cairn.aws.elbv2;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.tagging.TaggingApiScanner;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Elbv2Kinds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;

/**
 * An Application Load Balancer, named by Cairn and found by that name (provider
 * {@code elbv2/load_balancer.go}). {@code provisioning} for about two and a half minutes, then
 * {@code active}. Its delete is one call, but the load balancer leaves one network interface per
 * subnet (description {@code ELB app/<name>/<id>}) that lingers for minutes; the security group
 * and subnets cannot be deleted before those are gone, so {@link #awaitGone} waits for them and
 * names the ones still there — the most common teardown failure of every tool that does not.
 */
public final class LoadBalancerHandler extends Elbv2Handler {

    /** The ref family of the load balancer's subnets ({@code subnet.a}, {@code subnet.c}). */
    static final String SUBNET_REFS = "subnet";

    public LoadBalancerHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Elbv2Kinds.LOAD_BALANCER;
    }

    /**
     * By name: ours when its tags carry this stack and address, taken when the name is held by
     * anything else (load balancer names are unique per account and region).
     */
    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        ElasticLoadBalancingV2Client elb = elb(spec.region());
        String name = required(spec, "name");
        Optional<LoadBalancer> existing = ours(ctx, elb, spec.region()).stream()
                .filter(lb -> name.equals(lb.loadBalancerName())).findFirst();
        if (existing.isEmpty()) {
            return Found.absent();
        }
        LoadBalancer lb = existing.get();
        Map<String, String> tags = tagsOf(elb, lb.loadBalancerArn());
        if (isOurs(tags, ctx, spec)) {
            return Found.ours(live(lb));
        }
        return Found.taken("load balancer " + name + " (" + lb.loadBalancerArn() + ") already exists in " + spec.region()
                + ", " + owner(tags));
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        // CreateLoadBalancer takes no client token; it is idempotent by name instead (the same
        // name and settings return the existing load balancer), and find runs before every create.
        LoadBalancer lb = elb(spec.region()).createLoadBalancer(r -> {
            r.name(required(spec, "name"))
                    .type(LoadBalancerTypeEnum.APPLICATION)
                    .scheme(spec.property("scheme") == null ? "internet-facing" : spec.property("scheme"))
                    .subnets(subnetIds(spec))
                    .tags(toTags(spec.tags()));
            if (spec.hasRef("securityGroup")) {
                r.securityGroups(spec.refId("securityGroup"));
            }
        }).loadBalancers().get(0);
        return live(lb);
    }

    /** The subnets of the {@code subnet} ref family, in the order of their ref names (zone a, c, …). */
    static List<String> subnetIds(ResolvedSpec spec) {
        Set<String> names = new TreeSet<>();
        for (String ref : spec.refs().keySet()) {
            if (ref.equals(SUBNET_REFS) || ref.startsWith(SUBNET_REFS + ResourceKind.REF_FAMILY_SEPARATOR)) {
                names.add(ref);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(spec.address() + " has no subnet refs");
        }
        return names.stream().map(spec::refId).toList();
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        Optional<LoadBalancer> found = absentIfNotFound(() -> byArn(elb(spec.region()), resource.physicalId()));
        if (found.isEmpty()) {
            return notVisibleYet(resource.physicalId());
        }
        LoadBalancer lb = found.get();
        LoadBalancerStateEnum state = lb.state() == null ? null : lb.state().code();
        if (state == LoadBalancerStateEnum.ACTIVE) {
            return Poll.done(live(lb));
        }
        if (state == LoadBalancerStateEnum.FAILED) {
            return Poll.failed("load balancer " + lb.loadBalancerName() + " failed: " + lb.state().reason());
        }
        return Poll.pending(Message.of("aws.stateOf", kind(), lb.loadBalancerName(), lb.state() == null ? "" : lb.state().codeAsString()),
                live(lb));
    }

    /** Only the user's tags change in place: the name and scheme force a new load balancer. */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> others = new TreeSet<>(changed);
        others.remove(TAGS);
        if (!others.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", others) + " in place");
        }
        retag(elb(spec.region()), current.physicalId(), current.spec().tags(), spec.tags());
        return Poll.done();
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return absentIfNotFound(() -> byArn(elb(record), record.physicalId())).map(LoadBalancerHandler::live);
    }

    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        // AWS answers a delete of a load balancer that is already gone with success; moto with
        // LoadBalancerNotFound, which means the same.
        ignoreNotFound(() -> elb(record).deleteLoadBalancer(r -> r.loadBalancerArn(record.physicalId())));
        return Poll.done();
    }

    /**
     * Gone when the load balancer no longer describes and none of its network interfaces remain;
     * until then the message names what is still there.
     */
    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        Optional<LoadBalancer> lb = absentIfNotFound(() -> byArn(elb(record), record.physicalId()));
        if (lb.isPresent()) {
            return stillExists(lb.get().loadBalancerName());
        }
        String description = interfaceDescription(record.physicalId());
        List<String> interfaces = clients().ec2(record.spec().region())
                .describeNetworkInterfacesPaginator(r -> r.filters(Filter.builder().name("description").values(description).build()))
                .networkInterfaces().stream()
                .filter(n -> description.equals(n.description()))
                .map(NetworkInterface::networkInterfaceId)
                .toList();
        if (!interfaces.isEmpty()) {
            return Poll.pending(Message.of("lb.waitingInterfaces", nameOf(record), String.join(", ", interfaces)));
        }
        return Poll.done();
    }

    /**
     * The description AWS gives the load balancer's network interfaces: {@code ELB } and the ARN's
     * resource part after {@code loadbalancer/} ({@code app/<name>/<id>}).
     */
    static String interfaceDescription(String loadBalancerArn) {
        int at = loadBalancerArn.indexOf(":loadbalancer/");
        if (at < 0) {
            throw new IllegalArgumentException("not a load balancer ARN: " + loadBalancerArn);
        }
        return "ELB " + loadBalancerArn.substring(at + ":loadbalancer/".length());
    }

    /** For the tagging API's scan: whether a listed load balancer still exists, and its state. */
    public static TaggingApiScanner.LiveCheck liveCheck(AwsClients clients) {
        return (region, arn) -> absentIfNotFound(() -> byArn(clients.elbv2(region), arn))
                .map(lb -> lb.state() == null ? "" : lb.state().codeAsString());
    }

    private static String nameOf(ResourceRecord record) {
        String name = record.attributes().get("name");
        return name != null ? name : record.physicalId();
    }

    /** The region's load balancers: one listing answers every find of the run (names included, for taken). */
    static List<LoadBalancer> ours(HandlerContext ctx, ElasticLoadBalancingV2Client elb, String region) {
        return listed(ctx, "DescribeLoadBalancers", region, () -> elb.describeLoadBalancersPaginator(r -> { }).loadBalancers()
                .stream().toList());
    }

    private static Optional<LoadBalancer> byName(ElasticLoadBalancingV2Client elb, String name) {
        return absentIfNotFound(() -> elb.describeLoadBalancers(r -> r.names(name)).loadBalancers().stream()
                .filter(lb -> name.equals(lb.loadBalancerName()))
                .findFirst());
    }

    private static Optional<LoadBalancer> byArn(ElasticLoadBalancingV2Client elb, String arn) {
        return elb.describeLoadBalancers(r -> r.loadBalancerArns(arn)).loadBalancers().stream()
                .filter(lb -> arn.equals(lb.loadBalancerArn()))
                .findFirst();
    }

    private static LiveResource live(LoadBalancer lb) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("name", lb.loadBalancerName());
        attributes.put("dnsName", lb.dnsName());
        attributes.put("canonicalHostedZoneId", lb.canonicalHostedZoneId());
        attributes.put("state", lb.state() == null ? null : lb.state().codeAsString());
        attributes.put("vpcId", lb.vpcId());
        attributes.values().removeIf(v -> v == null);
        return new LiveResource(lb.loadBalancerArn(), attributes, attributes.getOrDefault("state", ""));
    }
}
