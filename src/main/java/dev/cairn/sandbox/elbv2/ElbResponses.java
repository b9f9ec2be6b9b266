package dev.cairn.sandbox.elbv2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.TaggedResource;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.elbv2.ElbModel.Action;
import dev.cairn.sandbox.elbv2.ElbModel.Listener;
import dev.cairn.sandbox.elbv2.ElbModel.LoadBalancer;
import dev.cairn.sandbox.elbv2.ElbModel.Placement;
import dev.cairn.sandbox.elbv2.ElbModel.Target;
import dev.cairn.sandbox.elbv2.ElbModel.TargetGroup;
import dev.cairn.sandbox.elbv2.ElbModel.WeightedGroup;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Elastic Load Balancing's operations as the awsQuery protocol carries them: each reads its
 * form parameters ({@code Subnets.member.1}, {@code DefaultActions.member.1.ForwardConfig…}),
 * drives the rules on an {@link ElbBackend}, and writes the inside of its
 * {@code <…Result>} element. Parsing and rendering only.
 */
final class ElbResponses {
    /** DescribeLoadBalancers, DescribeTargetGroups and DescribeListeners pages: AWS's range. */
    static final int MAX_PAGE_SIZE = 400;
    /** DescribeTags takes at most 20 resources; a resource carries at most 50 tags. */
    static final int MAX_DESCRIBE_TAGS_ARNS = 20;
    static final int MAX_TAGS = 50;

    private ElbResponses() {
    }

    /** One operation: parameters and backend in, result element out. */
    @FunctionalInterface
    interface Op {
        void handle(QueryParams p, ElbBackend b, Xml x);
    }

    /** Every operation by name, each marked mutating or not. */
    record Entry(String name, boolean mutates, Op op) {
    }

    static List<Entry> all() {
        return List.of(
                new Entry("CreateLoadBalancer", true, ElbResponses::createLoadBalancer),
                new Entry("DescribeLoadBalancers", false, ElbResponses::describeLoadBalancers),
                new Entry("DeleteLoadBalancer", true, (p, b, x) -> b.loadBalancers().delete(p.get("LoadBalancerArn"))),
                new Entry("DescribeLoadBalancerAttributes", false, ElbResponses::describeLoadBalancerAttributes),
                new Entry("ModifyLoadBalancerAttributes", true, ElbResponses::modifyLoadBalancerAttributes),
                new Entry("SetSecurityGroups", true, ElbResponses::setSecurityGroups),
                new Entry("CreateTargetGroup", true, ElbResponses::createTargetGroup),
                new Entry("DescribeTargetGroups", false, ElbResponses::describeTargetGroups),
                new Entry("ModifyTargetGroup", true, ElbResponses::modifyTargetGroup),
                new Entry("DeleteTargetGroup", true, (p, b, x) -> b.targetGroups().delete(p.get("TargetGroupArn"))),
                new Entry("DescribeTargetGroupAttributes", false, ElbResponses::describeTargetGroupAttributes),
                new Entry("ModifyTargetGroupAttributes", true, ElbResponses::modifyTargetGroupAttributes),
                new Entry("RegisterTargets", true, (p, b, x) -> b.targetGroups().register(
                        b.targetGroup(p.required("TargetGroupArn")), targets(p))),
                new Entry("DeregisterTargets", true, (p, b, x) -> b.targetGroups().deregister(
                        b.targetGroup(p.required("TargetGroupArn")), targets(p))),
                new Entry("DescribeTargetHealth", false, ElbResponses::describeTargetHealth),
                new Entry("CreateListener", true, ElbResponses::createListener),
                new Entry("DescribeListeners", false, ElbResponses::describeListeners),
                new Entry("ModifyListener", true, ElbResponses::modifyListener),
                new Entry("DeleteListener", true, (p, b, x) -> b.listeners().delete(p.get("ListenerArn"))),
                new Entry("DescribeRules", false, ElbResponses::describeRules),
                new Entry("AddTags", true, ElbResponses::addTags),
                new Entry("RemoveTags", true, ElbResponses::removeTags),
                new Entry("DescribeTags", false, ElbResponses::describeTags));
    }

    // ---------------------------------------------------------------- load balancers

    private static void createLoadBalancer(QueryParams p, ElbBackend b, Xml x) {
        List<String> subnets = new ArrayList<>(p.list("Subnets.member"));
        for (int i = 1; p.get("SubnetMappings.member." + i + ".SubnetId") != null; i++) {
            subnets.add(p.get("SubnetMappings.member." + i + ".SubnetId"));
        }
        LoadBalancer lb = b.loadBalancers().create(new LoadBalancers.Request(p.get("Name"), subnets,
                p.list("SecurityGroups.member"), p.get("Scheme"), p.get("Type"), p.get("IpAddressType"),
                tags(p, "Tags.member")));
        x.start("LoadBalancers");
        loadBalancer(x, lb, b.now(), b.region().name());
        x.end();
    }

    private static void describeLoadBalancers(QueryParams p, ElbBackend b, Xml x) {
        List<String> arns = p.list("LoadBalancerArns.member");
        List<String> names = p.list("Names.member");
        if (!arns.isEmpty() && !names.isEmpty()) {
            throw ElbBackend.validation("Load balancer names and load balancer ARNs cannot be specified at the same time");
        }
        List<LoadBalancer> found = new ArrayList<>();
        if (!arns.isEmpty()) {
            for (String arn : new LinkedHashSet<>(arns)) {
                found.add(b.loadBalancer(arn));
            }
        } else if (!names.isEmpty()) {
            List<String> missing = new ArrayList<>();
            for (String name : new LinkedHashSet<>(names)) {
                b.state().loadBalancers.values().stream().filter(lb -> lb.name.equals(name)).findFirst()
                        .ifPresentOrElse(found::add, () -> missing.add(name));
            }
            if (!missing.isEmpty()) {
                throw new AwsException("LoadBalancerNotFound", "Load balancers '" + missing + "' not found");
            }
        } else {
            found.addAll(b.state().loadBalancers.values());
        }
        Page<LoadBalancer> page = page(found, p);
        x.start("LoadBalancers");
        page.items().forEach(lb -> loadBalancer(x, lb, b.now(), b.region().name()));
        x.end().el("NextMarker", page.next());
    }

    private static void loadBalancer(Xml x, LoadBalancer lb, long now, String region) {
        x.start("member")
                .el("LoadBalancerArn", lb.id)
                .el("DNSName", lb.dnsName)
                .el("CanonicalHostedZoneId", LoadBalancers.canonicalHostedZoneId(region))
                .el("CreatedTime", time(lb.createdAt))
                .el("LoadBalancerName", lb.name)
                .el("Scheme", lb.scheme)
                .el("VpcId", lb.vpcId)
                .start("State").el("Code", LoadBalancers.state(lb, now)).end()
                .el("Type", lb.type)
                .start("AvailabilityZones");
        for (Placement pl : lb.placements) {
            x.start("member").el("ZoneName", pl.zone).el("SubnetId", pl.subnetId).start("LoadBalancerAddresses").end()
                    .end();
        }
        x.end().start("SecurityGroups");
        lb.securityGroups.forEach(g -> x.el("member", g));
        x.end().el("IpAddressType", lb.ipAddressType).end();
    }

    private static void describeLoadBalancerAttributes(QueryParams p, ElbBackend b, Xml x) {
        attributes(x, LoadBalancers.attributes(b.loadBalancer(p.required("LoadBalancerArn"))));
    }

    private static void modifyLoadBalancerAttributes(QueryParams p, ElbBackend b, Xml x) {
        LoadBalancer lb = b.loadBalancer(p.required("LoadBalancerArn"));
        Map<String, String> changes = tags(p, "Attributes.member");
        b.loadBalancers().modifyAttributes(lb, changes);
        Map<String, String> now = LoadBalancers.attributes(lb);
        Map<String, String> echoed = new LinkedHashMap<>();
        changes.keySet().forEach(k -> echoed.put(k, now.get(k)));
        attributes(x, echoed);
    }

    private static void setSecurityGroups(QueryParams p, ElbBackend b, Xml x) {
        LoadBalancer lb = b.loadBalancer(p.required("LoadBalancerArn"));
        List<String> groups = b.loadBalancers().setSecurityGroups(lb, p.list("SecurityGroups.member"));
        x.start("SecurityGroupIds");
        groups.forEach(g -> x.el("member", g));
        x.end();
    }

    // ---------------------------------------------------------------- target groups

    private static TargetGroups.HealthCheck healthCheck(QueryParams p) {
        return new TargetGroups.HealthCheck(p.bool("HealthCheckEnabled"), p.get("HealthCheckProtocol"),
                p.get("HealthCheckPort"), p.get("HealthCheckPath"), p.integer("HealthCheckIntervalSeconds"),
                p.integer("HealthCheckTimeoutSeconds"), p.integer("HealthyThresholdCount"),
                p.integer("UnhealthyThresholdCount"), p.get("Matcher.HttpCode"));
    }

    private static void createTargetGroup(QueryParams p, ElbBackend b, Xml x) {
        TargetGroup tg = b.targetGroups().create(new TargetGroups.Request(p.get("Name"), p.get("Protocol"),
                p.integer("Port"), p.get("VpcId"), p.get("TargetType"), p.get("IpAddressType"), healthCheck(p),
                tags(p, "Tags.member")));
        x.start("TargetGroups");
        targetGroup(x, tg, b);
        x.end();
    }

    private static void describeTargetGroups(QueryParams p, ElbBackend b, Xml x) {
        List<String> arns = p.list("TargetGroupArns.member");
        List<String> names = p.list("Names.member");
        String lbArn = p.get("LoadBalancerArn");
        int given = (arns.isEmpty() ? 0 : 1) + (names.isEmpty() ? 0 : 1) + (lbArn == null ? 0 : 1);
        if (given > 1) {
            throw ElbBackend.validation("Only one of load balancer ARN, target group ARNs or names can be specified");
        }
        List<TargetGroup> found = new ArrayList<>();
        if (!arns.isEmpty()) {
            for (String arn : new LinkedHashSet<>(arns)) {
                found.add(b.targetGroup(arn));
            }
        } else if (!names.isEmpty()) {
            for (String name : new LinkedHashSet<>(names)) {
                found.add(b.state().targetGroups.values().stream().filter(tg -> tg.name.equals(name)).findFirst()
                        .orElseThrow(() -> new AwsException("TargetGroupNotFound", "One or more target groups not found")));
            }
        } else if (lbArn != null) {
            LoadBalancer lb = b.loadBalancer(lbArn);
            for (TargetGroup tg : b.state().targetGroups.values()) {
                if (b.targetGroups().loadBalancersOf(tg).contains(lb.id)) {
                    found.add(tg);
                }
            }
        } else {
            found.addAll(b.state().targetGroups.values());
        }
        Page<TargetGroup> page = page(found, p);
        x.start("TargetGroups");
        page.items().forEach(tg -> targetGroup(x, tg, b));
        x.end().el("NextMarker", page.next());
    }

    private static void targetGroup(Xml x, TargetGroup tg, ElbBackend b) {
        x.start("member")
                .el("TargetGroupArn", tg.id)
                .el("TargetGroupName", tg.name)
                .el("Protocol", tg.protocol)
                .el("Port", tg.port)
                .el("VpcId", tg.vpcId)
                .el("HealthCheckProtocol", tg.healthCheckProtocol)
                .el("HealthCheckPort", tg.healthCheckPort)
                .el("HealthCheckEnabled", tg.healthCheckEnabled)
                .el("HealthCheckIntervalSeconds", tg.healthCheckIntervalSeconds)
                .el("HealthCheckTimeoutSeconds", tg.healthCheckTimeoutSeconds)
                .el("HealthyThresholdCount", tg.healthyThresholdCount)
                .el("UnhealthyThresholdCount", tg.unhealthyThresholdCount)
                .el("HealthCheckPath", tg.healthCheckPath)
                .start("Matcher").el("HttpCode", tg.matcher).end()
                .start("LoadBalancerArns");
        b.targetGroups().loadBalancersOf(tg).forEach(arn -> x.el("member", arn));
        x.end()
                .el("TargetType", tg.targetType)
                .el("ProtocolVersion", tg.protocolVersion)
                .el("IpAddressType", tg.ipAddressType)
                .end();
    }

    private static void modifyTargetGroup(QueryParams p, ElbBackend b, Xml x) {
        TargetGroup tg = b.targetGroup(p.required("TargetGroupArn"));
        b.targetGroups().modify(tg, healthCheck(p));
        x.start("TargetGroups");
        targetGroup(x, tg, b);
        x.end();
    }

    private static void describeTargetGroupAttributes(QueryParams p, ElbBackend b, Xml x) {
        attributes(x, TargetGroups.attributes(b.targetGroup(p.required("TargetGroupArn"))));
    }

    private static void modifyTargetGroupAttributes(QueryParams p, ElbBackend b, Xml x) {
        TargetGroup tg = b.targetGroup(p.required("TargetGroupArn"));
        Map<String, String> changes = tags(p, "Attributes.member");
        b.targetGroups().modifyAttributes(tg, changes);
        Map<String, String> now = TargetGroups.attributes(tg);
        Map<String, String> echoed = new LinkedHashMap<>();
        changes.keySet().forEach(k -> echoed.put(k, now.get(k)));
        attributes(x, echoed);
    }

    private static List<TargetGroups.TargetRef> targets(QueryParams p) {
        List<TargetGroups.TargetRef> out = new ArrayList<>();
        for (int i = 1; p.get("Targets.member." + i + ".Id") != null; i++) {
            out.add(new TargetGroups.TargetRef(p.get("Targets.member." + i + ".Id"),
                    p.integer("Targets.member." + i + ".Port")));
        }
        return out;
    }

    private static void describeTargetHealth(QueryParams p, ElbBackend b, Xml x) {
        TargetGroup tg = b.targetGroup(p.required("TargetGroupArn"));
        TargetHealth health = b.health();
        List<TargetGroups.TargetRef> asked = targets(p);
        x.start("TargetHealthDescriptions");
        if (asked.isEmpty()) {
            for (Target t : tg.targets) {
                targetHealth(x, tg, t.instanceId, t.port, health.of(tg, t));
            }
        } else {
            for (TargetGroups.TargetRef ref : asked) {
                int port = ref.port() == null ? tg.port : ref.port();
                Target t = TargetGroups.find(tg, ref.id(), port);
                if (t == null) {
                    if (b.fleet().instance(ref.id()).isEmpty()) {
                        throw new AwsException("InvalidTarget", "The following targets are not valid instances: '"
                                + ref.id() + "'");
                    }
                    targetHealth(x, tg, ref.id(), port, new TargetHealth.Health("unused", "Target.NotRegistered",
                            "Target is not registered to the target group"));
                } else {
                    targetHealth(x, tg, t.instanceId, t.port, health.of(tg, t));
                }
            }
        }
        x.end();
    }

    private static void targetHealth(Xml x, TargetGroup tg, String id, int port, TargetHealth.Health h) {
        x.start("member")
                .start("Target").el("Id", id).el("Port", port).end()
                .el("HealthCheckPort", tg.healthCheckPort.equals("traffic-port") ? Integer.toString(port) : tg.healthCheckPort)
                .start("TargetHealth").el("State", h.state()).el("Reason", h.reason()).el("Description", h.description())
                .end()
                .end();
    }

    // ---------------------------------------------------------------- listeners

    private static Listeners.Request listenerRequest(QueryParams p) {
        List<String> certs = new ArrayList<>();
        for (int i = 1; p.get("Certificates.member." + i + ".CertificateArn") != null; i++) {
            certs.add(p.get("Certificates.member." + i + ".CertificateArn"));
        }
        return new Listeners.Request(p.integer("Port"), p.get("Protocol"), p.get("SslPolicy"), certs, actions(p));
    }

    private static List<Action> actions(QueryParams p) {
        List<Action> out = new ArrayList<>();
        for (int i = 1; p.get("DefaultActions.member." + i + ".Type") != null; i++) {
            String prefix = "DefaultActions.member." + i + ".";
            Action a = new Action();
            a.type = p.get(prefix + "Type");
            Integer order = p.integer(prefix + "Order");
            a.order = order == null ? 0 : order;
            a.targetGroupArn = p.get(prefix + "TargetGroupArn");
            String groups = prefix + "ForwardConfig.TargetGroups.member.";
            for (int j = 1; p.get(groups + j + ".TargetGroupArn") != null; j++) {
                WeightedGroup w = new WeightedGroup();
                w.targetGroupArn = p.get(groups + j + ".TargetGroupArn");
                Integer weight = p.integer(groups + j + ".Weight");
                w.weight = weight == null ? 1 : weight;
                a.targetGroups.add(w);
            }
            String redirect = prefix + "RedirectConfig.";
            a.redirectProtocol = p.get(redirect + "Protocol");
            a.redirectPort = p.get(redirect + "Port");
            a.redirectHost = p.get(redirect + "Host");
            a.redirectPath = p.get(redirect + "Path");
            a.redirectQuery = p.get(redirect + "Query");
            a.redirectStatusCode = p.get(redirect + "StatusCode");
            out.add(a);
        }
        return out;
    }

    private static void createListener(QueryParams p, ElbBackend b, Xml x) {
        LoadBalancer lb = b.loadBalancer(p.required("LoadBalancerArn"));
        Listener l = b.listeners().create(lb, listenerRequest(p));
        Map<String, String> tags = tags(p, "Tags.member");
        if (!tags.isEmpty()) {
            l.tags.putAll(tags);
        }
        x.start("Listeners");
        listener(x, l);
        x.end();
    }

    private static void describeListeners(QueryParams p, ElbBackend b, Xml x) {
        String lbArn = p.get("LoadBalancerArn");
        List<String> arns = p.list("ListenerArns.member");
        if (lbArn == null && arns.isEmpty()) {
            throw ElbBackend.validation("You must specify either listener ARNs or a load balancer ARN");
        }
        if (lbArn != null && !arns.isEmpty()) {
            throw ElbBackend.validation("Listener ARNs and a load balancer ARN cannot be specified at the same time");
        }
        List<Listener> found = new ArrayList<>();
        if (lbArn != null) {
            found.addAll(b.loadBalancers().listenersOf(b.loadBalancer(lbArn)));
        } else {
            for (String arn : new LinkedHashSet<>(arns)) {
                found.add(b.listener(arn));
            }
        }
        Page<Listener> page = page(found, p);
        x.start("Listeners");
        page.items().forEach(l -> listener(x, l));
        x.end().el("NextMarker", page.next());
    }

    private static void listener(Xml x, Listener l) {
        x.start("member")
                .el("ListenerArn", l.id)
                .el("LoadBalancerArn", l.loadBalancerArn)
                .el("Port", l.port)
                .el("Protocol", l.protocol);
        if (!l.certificates.isEmpty()) {
            x.start("Certificates");
            l.certificates.forEach(c -> x.start("member").el("CertificateArn", c).end());
            x.end();
        }
        x.el("SslPolicy", l.sslPolicy);
        actions(x, "DefaultActions", l.defaultActions);
        x.end();
    }

    private static void actions(Xml x, String element, List<Action> actions) {
        x.start(element);
        for (Action a : actions) {
            x.start("member").el("Type", a.type);
            if (a.type.equals("forward")) {
                x.el("TargetGroupArn", a.targetGroupArn).start("ForwardConfig").start("TargetGroups");
                for (WeightedGroup w : a.targetGroups) {
                    x.start("member").el("TargetGroupArn", w.targetGroupArn).el("Weight", w.weight).end();
                }
                x.end().start("TargetGroupStickinessConfig").el("Enabled", false).end().end();
            } else if (a.type.equals("redirect")) {
                x.start("RedirectConfig").el("Protocol", a.redirectProtocol).el("Port", a.redirectPort)
                        .el("Host", a.redirectHost).el("Path", a.redirectPath).el("Query", a.redirectQuery)
                        .el("StatusCode", a.redirectStatusCode).end();
            }
            x.el("Order", a.order).end();
        }
        x.end();
    }

    private static void modifyListener(QueryParams p, ElbBackend b, Xml x) {
        Listener l = b.listener(p.required("ListenerArn"));
        b.listeners().modify(l, listenerRequest(p));
        x.start("Listeners");
        listener(x, l);
        x.end();
    }

    /** The default rule's ARN: {@code listener-rule/app/<name>/<lb id>/<listener id>/<rule id>}. */
    static String ruleArn(Listener l) {
        return l.id.replaceFirst(":listener/", ":listener-rule/") + "/" + l.defaultRuleId;
    }

    private static void describeRules(QueryParams p, ElbBackend b, Xml x) {
        String listenerArn = p.get("ListenerArn");
        List<String> ruleArns = p.list("RuleArns.member");
        if (listenerArn == null && ruleArns.isEmpty()) {
            throw ElbBackend.validation("One of listener ARN or rule ARNs must be specified");
        }
        List<Listener> found = new ArrayList<>();
        if (listenerArn != null) {
            found.add(b.listener(listenerArn));
        } else {
            for (String arn : ruleArns) {
                found.add(b.state().listeners.values().stream().filter(l -> ruleArn(l).equals(arn)).findFirst()
                        .orElseThrow(() -> new AwsException("RuleNotFound", "One or more rules not found")));
            }
        }
        x.start("Rules");
        for (Listener l : found) {
            x.start("member").el("RuleArn", ruleArn(l)).el("Priority", "default").start("Conditions").end();
            actions(x, "Actions", l.defaultActions);
            x.el("IsDefault", true).end();
        }
        x.end();
    }

    // ---------------------------------------------------------------- tags

    /** The taggable resource of an ARN, or its type's NotFound error. */
    private static TaggedResource taggable(ElbBackend b, String arn) {
        if (arn.contains(":targetgroup/")) {
            return b.targetGroup(arn);
        }
        if (arn.contains(":listener/")) {
            return b.listener(arn);
        }
        if (arn.contains(":listener-rule/")) {
            throw new AwsException("RuleNotFound", "One or more rules not found");
        }
        return b.loadBalancer(arn);
    }

    private static void addTags(QueryParams p, ElbBackend b, Xml x) {
        List<String> arns = p.list("ResourceArns.member");
        if (arns.isEmpty()) {
            throw AwsException.missingParameter("ResourceArns");
        }
        Map<String, String> tags = tags(p, "Tags.member");
        if (tags.isEmpty()) {
            throw AwsException.missingParameter("Tags");
        }
        List<TaggedResource> resources = new ArrayList<>();
        for (String arn : arns) {
            TaggedResource r = taggable(b, arn);
            Map<String, String> merged = new LinkedHashMap<>(r.tags);
            merged.putAll(tags);
            if (merged.size() > MAX_TAGS) {
                throw new AwsException("TooManyTags", "The quota for the number of tags that can be assigned to a "
                        + "resource has been reached");
            }
            resources.add(r);
        }
        resources.forEach(r -> r.tags.putAll(tags));
    }

    private static void removeTags(QueryParams p, ElbBackend b, Xml x) {
        List<String> arns = p.list("ResourceArns.member");
        if (arns.isEmpty()) {
            throw AwsException.missingParameter("ResourceArns");
        }
        List<String> keys = p.list("TagKeys.member");
        List<TaggedResource> resources = new ArrayList<>();
        for (String arn : arns) {
            resources.add(taggable(b, arn));
        }
        resources.forEach(r -> keys.forEach(r.tags::remove));
    }

    private static void describeTags(QueryParams p, ElbBackend b, Xml x) {
        List<String> arns = p.list("ResourceArns.member");
        if (arns.isEmpty()) {
            throw AwsException.missingParameter("ResourceArns");
        }
        if (arns.size() > MAX_DESCRIBE_TAGS_ARNS) {
            throw ElbBackend.validation("1 validation error detected: Value at 'resourceArns' failed to satisfy "
                    + "constraint: Member must have length less than or equal to " + MAX_DESCRIBE_TAGS_ARNS);
        }
        List<TaggedResource> resources = new ArrayList<>();
        for (String arn : arns) {
            resources.add(taggable(b, arn));
        }
        x.start("TagDescriptions");
        for (int i = 0; i < arns.size(); i++) {
            x.start("member").el("ResourceArn", arns.get(i)).start("Tags");
            resources.get(i).tags.forEach((k, v) -> x.start("member").el("Key", k).el("Value", v).end());
            x.end().end();
        }
        x.end();
    }

    // ---------------------------------------------------------------- shared

    /** {@code prefix.N.Key}/{@code prefix.N.Value} pairs; a key given twice → {@code DuplicateTagKeys}. */
    private static Map<String, String> tags(QueryParams p, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; p.get(prefix + "." + i + ".Key") != null; i++) {
            String key = p.get(prefix + "." + i + ".Key");
            String value = p.get(prefix + "." + i + ".Value");
            if (out.put(key, value == null ? "" : value) != null) {
                throw new AwsException("DuplicateTagKeys", "Tag key was specified more than once: " + key);
            }
        }
        return out;
    }

    private static void attributes(Xml x, Map<String, String> attributes) {
        x.start("Attributes");
        attributes.forEach((k, v) -> x.start("member").el("Key", k).el("Value", v).end());
        x.end();
    }

    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** One page of a list and the marker of the next (null on the last page). */
    record Page<T>(List<T> items, String next) {
    }

    private static <T> Page<T> page(List<T> all, QueryParams p) {
        Integer size = p.integer("PageSize");
        if (size != null && (size < 1 || size > MAX_PAGE_SIZE)) {
            throw ElbBackend.validation("1 validation error detected: Value '" + size + "' at 'pageSize' failed to "
                    + "satisfy constraint: Member must have value between 1 and " + MAX_PAGE_SIZE);
        }
        int from = 0;
        String marker = p.get("Marker");
        if (marker != null && !marker.isEmpty()) {
            try {
                from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ElbBackend.validation("The marker '" + marker + "' is not valid");
            }
        }
        int limit = size == null ? MAX_PAGE_SIZE : size;
        int to = Math.min(all.size(), from + limit);
        String next = to < all.size() ? Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)) : null;
        return new Page<>(all.subList(Math.min(from, to), to), next);
    }
}
