package dev.cairn.topology;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Shape;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.ResourceKinds;
import dev.cairn.topology.Diagram.Badge;
import dev.cairn.topology.Diagram.Box;
import dev.cairn.topology.Diagram.Container;
import dev.cairn.topology.Diagram.ContainerKind;
import dev.cairn.topology.Diagram.Edge;
import dev.cairn.topology.Diagram.EdgeKind;
import dev.cairn.topology.Diagram.Node;
import dev.cairn.topology.Diagram.Point;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Lays a stack out as a {@link Diagram}, placing each resource by its kind's {@link Shape} and
 * finding what it belongs to through its kind's {@link ResourceKind#refs() refs} (a ref is
 * recognised by the shape of the kind it points at): Region ⊃ VPC ⊃ zone columns ⊃ subnets in
 * tier rows (public, app, db, then any other tier); {@link Shape#IN_SUBNET} resources inside
 * their subnet in the order the steps introduce their kinds (NAT gateways, then instances), each
 * with the {@link Shape#BESIDE_HOLDER} address it holds (by a ref of its own or through an
 * {@link Shape#ADDRESS_ASSOCIATION}) beside it; a {@link Shape#VPC_EDGE} gateway on the top edge of
 * the VPC an {@link Shape#ATTACHMENT} joins it to; {@link Shape#VPC_BAND} boxes (route tables) in a
 * band under the VPC header; and a lane of regional {@link Shape#SERVICE services} (security
 * groups, key pairs) below the VPCs. Each region is its own box, the home region first, so a peer
 * VPC stands in its own region joined by a {@link EdgeKind#PEERING} edge (labelled with the state
 * of what is {@link Shape#FOLDED folded} into the peering, its acceptance, and the routes through
 * it). {@link Shape#TRUST} resources (security-group rules) are drawn by what they allow:
 * {@link EdgeKind#TRUST} edges from the members of the rule's source group, from the VPC whose
 * CIDR a rule names, or from an "Internet · you" box left of the regions, to the members of the
 * rule's group. A {@link Shape#ACROSS_SUBNETS} resource (a load balancer) is one wide box across
 * the subnets it refs, in a block kept at the bottom of each, its {@link Shape#FOLDED} listeners
 * shown as ports under its label; a {@link Shape#GROUP} resource (an Auto Scaling group) is a box
 * over the subnets it refs holding its members, which are not specs but what AWS reports
 * ({@link TopologyInput#groups()}, else the group's recorded {@code instances}), each in the
 * columns of the subnet of its zone, in the cell it keeps ({@link GroupMember#slot()}); the box's
 * size follows the group's {@code max}, never its members. The regional services that belong to
 * either (what it or what is folded into it refs, what refs it, and onwards within its step: a
 * target group, certificate, DNS records, security groups, launch template, image) stand in a
 * band under that tier row rather than in the lane; {@link EdgeKind#TRAFFIC} edges run from a
 * name to the load balancer it aliases, to the target group a group names, and down to the group.
 *
 * <p>The names this class reads, beyond refs found by shape, are the shapes' contracts (see
 * {@link Shape}): the {@code zone} and {@code tier} of a subnet and a band box, the {@code cidr} of
 * a VPC or subnet, a route's {@code destination}; a trust rule's {@code group} and
 * {@code sourceGroup} refs (both point at groups, so only their names tell them apart) and its
 * {@code protocol}, {@code fromPort}, {@code toPort} and {@code cidr}; and the {@code privateIp} and
 * {@code publicIp} attributes a box's sublabel shows; a listener's {@code port}, {@code protocol},
 * {@code action} and {@code redirectPort}, a load balancer's {@code dnsName}, a group's {@code min},
 * {@code max} and {@code desired} and its {@code instances} attribute, a subnet's {@code zone} for a
 * member's, and a companion's {@code domainName} or {@code name} (and {@code status} attribute). One override is by property, not kind: a
 * resource whose kind has a {@code role} property (instances, buckets) is badged by its role
 * ({@code private} reads {@code app}; in the {@code peer} step, {@code peer}; a role without a
 * badge of its own keeps the kind's), see {@link DiagramStyle#badge(ResourceKind, String)}, and a
 * role that names its box ({@code state}: the team's state bucket) labels it instead of the kind.
 *
 * <p>Invariants the renderers and the tests rely on:
 *
 * <ul>
 *   <li>Geometry depends only on which resources exist or are desired, never on their status, so
 *       a planned resource is drawn exactly where it will stand once created.
 *   <li>Every collection is walked in a sorted order: the same input gives the same numbers.
 *   <li>Siblings (boxes with the same parent) never overlap, and a child lies inside its parent,
 *       except a {@link Shape#VPC_EDGE} gateway, which straddles its VPC's top edge on purpose.
 *   <li>Relations (attachments, associations, routes, rules, peerings) are edges, not boxes; what
 *       is folded into another resource is not drawn on its own. A taggable relation whose ends
 *       are not drawn (a peering to a VPC not in the stack) is a box, so it can still be clicked.
 *   <li>A resource whose shape's place is missing (its subnet or VPC is not in the stack), or whose
 *       kind's shape this class does not honour (a shape added later, or a kind the test seam
 *       leaves out), is drawn in a generic row of the subnet it refs, or in the services lane; an
 *       untaggable one joining two boxes is a generic edge. It never fails the layout.
 * </ul>
 */
public final class TopologyLayout {

    // Sizes in logical pixels; the GUI scales the whole diagram, never single boxes.
    static final double MARGIN = 20;
    static final double PAD = 12;
    static final double GAP = 12;
    static final double HEADER = 32;
    static final double NODE_W = 176;
    static final double NODE_H = 48;
    static final double ROUTE_TABLE_W = NODE_W;
    static final double ROUTE_TABLE_H = 40;
    static final int SUBNET_COLUMNS = 2;
    static final double SUBNET_W = 2 * PAD + SUBNET_COLUMNS * NODE_W + (SUBNET_COLUMNS - 1) * GAP;
    static final double SUBNET_MIN_H = HEADER + 2 * PAD;
    static final double ZONE_W = SUBNET_W + 2 * PAD;
    /** Wide enough that the VPC header text never runs under the internet gateway. */
    static final double VPC_MIN_W = 600;
    /** The services lane shows at least this many nodes per row. */
    static final int SERVICES_MIN_COLUMNS = 3;
    /** Room between the "Internet / you" box and the regions, where the trust edges' port labels sit. */
    static final double EXTERNAL_GAP = 180;
    /**
     * The type suffix of a group member's address ({@code web.asg-member[i-0abc…]}): members are
     * not specs, so their addresses are made here from the group's and the instance's ID.
     */
    public static final String MEMBER_TYPE_SUFFIX = "-member";
    /** The badge role of a group's instances, set apart from the Access step's hosts. */
    static final String MEMBER_ROLE = "web";
    /** The row key suffix of the band of companions under a tier row. */
    private static final String BAND_SUFFIX = " band";
    /** The id prefix of a zone column's box. */
    static final String ZONE_PREFIX = "zone:";
    /** The id of the box standing for the addresses outside AWS that rules let in. */
    public static final String EXTERNAL_ID = "external:internet";

    private static final List<String> TIER_ORDER = List.of("public", "app", "db");
    private static final String NO_ZONE = "(no zone)";
    private static final String NO_TIER = "(no tier)";

    /** The refs a {@link Shape#TRUST} kind names its group and its source group by. */
    static final String TRUST_GROUP = "group";
    static final String TRUST_SOURCE_GROUP = "sourceGroup";
    /** The property by which a resource's badge shows its role rather than its kind. */
    static final String ROLE = "role";
    /** The step of the peer region's resources, whose role badge says so. */
    static final String PEER_STEP = "peer";

    /** Shapes drawn as lines between boxes (or not at all), never as boxes of their own. */
    private static final Set<Shape> RELATIONS = EnumSet.of(Shape.ATTACHMENT, Shape.ROUTE, Shape.ASSOCIATION,
            Shape.ADDRESS_ASSOCIATION, Shape.TRUST, Shape.PEERING, Shape.FOLDED);
    /**
     * Every shape this class has a place for, listed rather than {@code allOf}: a shape added to
     * {@link Shape} later is laid out generically until this class learns it.
     */
    private static final Set<Shape> PLACED = EnumSet.of(Shape.VPC, Shape.SUBNET, Shape.VPC_EDGE, Shape.VPC_BAND,
            Shape.IN_SUBNET, Shape.BESIDE_HOLDER, Shape.SERVICE, Shape.LANE, Shape.ACROSS_SUBNETS, Shape.GROUP, Shape.ATTACHMENT,
            Shape.ROUTE, Shape.ASSOCIATION, Shape.ADDRESS_ASSOCIATION, Shape.TRUST, Shape.PEERING, Shape.FOLDED);

    /**
     * The kind a group's members are drawn as: the first registered kind of shape
     * {@link Shape#IN_SUBNET} with a {@code role} property (instances); found by its facts, since
     * nothing here names a kind. Null when no registered kind has them (then the group's own).
     */
    private static final ResourceKind MEMBER_KIND = ResourceKinds.all().stream()
            .filter(k -> k.shape() == Shape.IN_SUBNET && k.properties().containsKey(ROLE)).findFirst().orElse(null);

    /** Registered kinds in the order the steps introduce them: how members of a subnet are ordered. */
    private static final Map<ResourceKind, Integer> STEP_ORDER = stepOrder();

    /** Kinds whose shape this layout honours; every other kind is laid out generically. */
    private final Predicate<ResourceKind> honoured;

    private TopologyLayout(Predicate<ResourceKind> honoured) {
        this.honoured = honoured;
    }

    /** Lays out a stack, honouring every kind's shape (registered or not). Pure: no I/O, no shared state. */
    public static Diagram layout(TopologyInput input) {
        return new TopologyLayout(k -> true).run(input);
    }

    /**
     * The diagram {@link #layout} would give for {@code after}, made from {@code previous} (the
     * layout of {@code before}) without laying anything out, when the two inputs differ only in
     * live statuses whose effect is one box's status: every record but those boxes' (and a NAT
     * gateway's edge to its address) is the same instance as in {@code previous}. Empty when that cannot be told from the diagram alone (the
     * caller lays out again): the structure changed (specs, state, groups, task sets), or a
     * changed resource is not drawn as exactly one box of its own, has something folded into it
     * or is folded itself, or is an end of a traffic edge. The one attachment drawn in its
     * holder's status (a NAT gateway to its Elastic IP) is re-statused with it. Relations (routes,
     * associations, rules) are edges, never boxes, so a change of theirs always lays out again.
     *
     * <p>Exact by the invariant that geometry never depends on status: {@code TopologyRestatusTest}
     * compares it with a full layout for every resource and status of the guide's topologies.
     */
    public static Optional<Diagram> restatus(Diagram previous, TopologyInput before, TopologyInput after) {
        if (!before.stack().equals(after.stack()) || !before.region().equals(after.region())
                || !before.desired().equals(after.desired()) || !before.state().equals(after.state())
                || !before.groups().equals(after.groups()) || !before.taskSets().equals(after.taskSets())) {
            return Optional.empty();
        }
        Map<Address, NodeStatus> changed = new HashMap<>();
        Set<Address> keys = new HashSet<>(before.live().keySet());
        keys.addAll(after.live().keySet());
        Map<Address, ResourceSpec> specs = new HashMap<>();
        after.state().resources().forEach((a, r) -> specs.put(a, r.spec()));
        after.desired().forEach(s -> specs.put(s.address(), s));
        for (Address a : keys) {
            if (!specs.containsKey(a)) {
                continue; // Not drawn at all: neither desired nor recorded.
            }
            ResourceRecord record = after.state().resources().get(a);
            NodeStatus was = status(before.live().get(a), record);
            NodeStatus now = status(after.live().get(a), record);
            if (was != now) {
                changed.put(a, now);
            }
        }
        if (changed.isEmpty()) {
            return Optional.of(previous);
        }
        for (ResourceSpec s : specs.values()) {
            if (s.kind().shape() == Shape.FOLDED) {
                Address into = s.kind().foldedInto().map(s.refs()::get).orElse(null);
                if (changed.containsKey(s.address()) || changed.containsKey(into)) {
                    return Optional.empty();
                }
            }
        }
        Map<String, Address> ids = new HashMap<>();
        changed.keySet().forEach(a -> ids.put(a.value(), a));
        List<Edge> edges = new ArrayList<>(previous.edges());
        for (int i = 0; i < edges.size(); i++) {
            Edge e = edges.get(i);
            if (e.kind() == EdgeKind.TRAFFIC && (ids.containsKey(e.from()) || ids.containsKey(e.to()))) {
                return Optional.empty();
            }
            Address from = e.kind() == EdgeKind.ATTACHMENT ? ids.get(e.from()) : null;
            if (from != null && holdsByOwnRef(specs, from, e.to())) {
                // The one attachment drawn in its holder's status (a NAT gateway to its Elastic IP);
                // every other attachment shows its relation's own status (an association, a
                // gateway attachment), which this change does not touch.
                edges.set(i, new Edge(e.from(), e.to(), e.kind(), e.label(), e.points(), changed.get(from)));
            }
        }
        Map<Address, Integer> boxes = new HashMap<>();
        List<Node> nodes = new ArrayList<>(previous.nodes());
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            NodeStatus s = changed.get(n.address());
            if (s != null) {
                boxes.merge(n.address(), 1, Integer::sum);
                nodes.set(i, new Node(n.address(), n.parentId(), n.kind(), n.label(), n.sublabel(), n.x(), n.y(), n.w(),
                        n.h(), s, n.badge(), n.health()));
            }
        }
        List<Container> containers = new ArrayList<>(previous.containers());
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            NodeStatus s = c.address() == null ? null : changed.get(c.address());
            if (s != null) {
                boxes.merge(c.address(), 1, Integer::sum);
                containers.set(i, new Container(c.id(), c.parentId(), c.kind(), c.label(), c.sublabel(), c.x(), c.y(),
                        c.w(), c.h(), c.publicSubnet(), s, c.address(), c.resourceKind()));
            }
        }
        for (Address a : changed.keySet()) {
            if (boxes.getOrDefault(a, 0) != 1) {
                return Optional.empty();
            }
        }
        return Optional.of(new Diagram(previous.title(), previous.width(), previous.height(), containers, nodes,
                edges));
    }

    /**
     * Whether {@code holder} holds the box {@code heldId} by a ref of its own, as the edge the
     * builder draws from a member to its address in the member's status: a {@link Shape#IN_SUBNET}
     * resource referring to a {@link Shape#BESIDE_HOLDER} one.
     */
    private static boolean holdsByOwnRef(Map<Address, ResourceSpec> specs, Address holder, String heldId) {
        ResourceSpec h = specs.get(holder);
        Address held;
        try {
            held = Address.parse(heldId);
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
        ResourceSpec t = specs.get(held);
        return h != null && t != null && h.kind().shape() == Shape.IN_SUBNET && h.refs().containsValue(held)
                && t.kind().shape() == Shape.BESIDE_HOLDER;
    }

    /**
     * Lays out a stack as if only {@code honouredKinds} had a shape this class knows: lets tests
     * drive the generic path that a kind of a shape added later takes.
     */
    static Diagram layout(TopologyInput input, Set<ResourceKind> honouredKinds) {
        return new TopologyLayout(Set.copyOf(honouredKinds)::contains).run(input);
    }

    private static Map<ResourceKind, Integer> stepOrder() {
        Map<ResourceKind, Integer> order = new HashMap<>();
        List<ResourceKind> all = ResourceKinds.all();
        for (int i = 0; i < all.size(); i++) {
            order.put(all.get(i), i);
        }
        return order;
    }

    /** Kinds in step order; kinds no registry lists (a test's own) after them, by wire name. */
    private static final Comparator<ResourceKind> KIND_ORDER = Comparator
            .comparingInt((ResourceKind k) -> STEP_ORDER.getOrDefault(k, Integer.MAX_VALUE))
            .thenComparing(ResourceKind::wireName);
    /** Members of a subnet: by kind in step order (NAT gateways, then instances), then by address. */
    private static final Comparator<Res> MEMBER_ORDER = Comparator.comparing(Res::kind, KIND_ORDER)
            .thenComparing(Res::address);

    // ---------------------------------------------------------------- grouping

    /**
     * A kind's ref names and the shapes of the kinds they point at, in the kind's order: what
     * {@link Res#refTo} walks, built once per kind and layout (a kind has a handful of refs).
     */
    private static final class RefIndex {
        final String[] names;
        final Shape[] shapes;

        RefIndex(ResourceKind kind) {
            names = kind.refs().keySet().toArray(new String[0]);
            shapes = kind.refs().values().stream().map(ResourceKind::shape).toArray(Shape[]::new);
        }
    }

    /**
     * One resource to draw: desired spec (or the recorded one), its record if any, its status,
     * and its kind's refs by shape.
     */
    private record Res(ResourceSpec spec, ResourceRecord record, NodeStatus status, RefIndex refIndex) {
        Address address() {
            return spec.address();
        }

        ResourceKind kind() {
            return spec.kind();
        }

        Address ref(String name) {
            return spec.refs().get(name);
        }

        /**
         * The address of this resource's first ref (in its kind's order) to a kind of {@code shape}
         * that the spec sets, or null.
         */
        Address refTo(Shape shape) {
            for (int i = 0; i < refIndex.names.length; i++) {
                if (refIndex.shapes[i] == shape) {
                    Address a = spec.refs().get(refIndex.names[i]);
                    if (a != null) {
                        return a;
                    }
                }
            }
            return null;
        }

        /** Every address this resource's refs to kinds of {@code shape} point at, in its kind's order. */
        List<Address> refsTo(Shape shape) {
            List<Address> out = new ArrayList<>(2);
            for (int i = 0; i < refIndex.names.length; i++) {
                Address a = refIndex.shapes[i] == shape ? spec.refs().get(refIndex.names[i]) : null;
                if (a != null) {
                    out.add(a);
                }
            }
            return out;
        }

        /**
         * Where a {@link Shape#ROUTE} leads: its first ref (in its kind's order) that is not to its
         * table. A route to something drawn as an edge (a peering) has no box to lead to and is
         * counted on that edge instead.
         */
        Address routeTarget() {
            for (int i = 0; i < refIndex.names.length; i++) {
                Address a = refIndex.shapes[i] != Shape.VPC_BAND ? spec.refs().get(refIndex.names[i]) : null;
                if (a != null) {
                    return a;
                }
            }
            return null;
        }

        /** The resource this one is folded into, for a {@link Shape#FOLDED} kind; else null. */
        Address foldedInto() {
            return kind().foldedInto().map(spec.refs()::get).orElse(null);
        }

        String attribute(String name) {
            return record == null ? null : record.attributes().get(name);
        }

        String physicalId() {
            return record == null || record.physicalId() == null ? "" : record.physicalId();
        }
    }

    private static final class RegionGroup {
        final String name;
        final Map<Address, VpcGroup> vpcs = new TreeMap<>();
        final List<Res> services = new ArrayList<>();
        /** Resources with a lane of their own ({@link Shape#LANE}), each with the services that serve it. */
        final List<Lane> lanes = new ArrayList<>();

        RegionGroup(String name) {
            this.name = name;
        }
    }

    /** A {@link Shape#LANE} resource's lane: it, then the services that exist to serve it, in its refs' order. */
    private static final class Lane {
        final Res res;
        final List<Res> members = new ArrayList<>();

        Lane(Res res) {
            this.res = res;
        }
    }

    /**
     * Whether a ref of {@code owner}'s kind to {@code kind} is one that serves only it: no other
     * kind of the registry (or of the stack) declares a ref to {@code kind}, but for kinds folded
     * into it (a deployment group into its application, a bucket policy into its bucket).
     */
    private static boolean servesOnly(ResourceKind owner, ResourceKind kind, Set<ResourceKind> stackKinds) {
        Set<ResourceKind> kinds = new HashSet<>(ResourceKinds.all());
        kinds.addAll(stackKinds);
        for (ResourceKind k : kinds) {
            if (k == owner) {
                continue;
            }
            boolean foldedIntoIt = k.foldedInto().flatMap(k::refKind).orElse(null) == kind;
            if (!foldedIntoIt && k.refs().containsValue(kind)) {
                return false;
            }
        }
        return true;
    }

    private static final class VpcGroup {
        final Res vpc;
        Res gateway;
        final List<Res> routeTables = new ArrayList<>();
        final Map<String, ZoneGroup> zones = new TreeMap<>();

        VpcGroup(Res vpc) {
            this.vpc = vpc;
        }
    }

    private static final class ZoneGroup {
        final String zone;
        final Map<String, List<SubnetGroup>> tiers = new HashMap<>();

        ZoneGroup(String zone) {
            this.zone = zone;
        }
    }

    private static final class SubnetGroup {
        final Res subnet;
        final String tier;
        final List<Res> members = new ArrayList<>();
        /** What spans this subnet (a load balancer, a group box), each in its own block under the members. */
        final List<Span> spans = new ArrayList<>();
        /** Member rows kept even when empty, so the spans start level across the subnets they cover. */
        int minRows;

        SubnetGroup(Res subnet, String tier) {
            this.subnet = subnet;
            this.tier = tier;
        }
    }

    /**
     * A resource drawn across subnets of one tier of one VPC: a load balancer ({@link
     * Shape#ACROSS_SUBNETS}) as one wide box, or an Auto Scaling group ({@link Shape#GROUP}) as a
     * box holding its instances, each in the columns of the subnet of its zone. Either stands in
     * its own block at the bottom of every subnet it covers; the regional services that belong
     * to it (its companions: what it and what is folded into it ref, what refs it, and so on,
     * within its own step) stand in a band under that tier row.
     */
    private static final class Span {
        final Res res;
        final List<SubnetGroup> covered;
        final Address vpc;
        final String tier;
        final boolean group;
        final List<Res> companions = new ArrayList<>();
        /** The companion traffic flows through to a group (a target group): last in the band's first row. */
        Res trafficTarget;
        /** Rows of member cells per zone of a group box: enough for {@code max} instances balanced over its zones. */
        int memberRows;

        Span(Res res, List<SubnetGroup> covered, Address vpc, String tier, boolean group) {
            this.res = res;
            this.covered = covered;
            this.vpc = vpc;
            this.tier = tier;
            this.group = group;
            if (group) {
                int max = 1;
                try {
                    max = Math.max(1, Integer.parseInt(Objects.requireNonNullElse(res.spec().property("max"), "1")));
                } catch (NumberFormatException notANumber) {
                    max = 1;
                }
                int perZone = (max + covered.size() - 1) / covered.size();
                memberRows = Math.max(1, (perZone + SUBNET_COLUMNS - 1) / SUBNET_COLUMNS);
            }
        }

        /** The block's height in each subnet it covers: a node row, or a group box of member rows. */
        double height() {
            return group ? HEADER + memberRows * NODE_H + (memberRows - 1) * GAP + PAD : NODE_H;
        }
    }

    /**
     * Every address a resource refs (family members included: {@code subnet.a}, {@code subnet.c})
     * whose ref points at a kind of {@code shape}, in ref-name order.
     */
    private static List<Address> refsOfShape(Res r, Shape shape) {
        List<Address> out = new ArrayList<>();
        new TreeMap<>(r.spec().refs()).forEach((name, a) -> {
            if (r.kind().refKind(name).map(ResourceKind::shape).orElse(null) == shape) {
                out.add(a);
            }
        });
        return out;
    }

    /** The spans of a stack, load balancers first, and which companion stands by which span. */
    private Map<Address, Span> spans(Map<Address, Res> all, Map<Address, SubnetGroup> subnets,
            Map<Address, List<Res>> folded, Map<Address, Span> companionOf) {
        Map<Address, Span> spans = new LinkedHashMap<>();
        for (boolean group : new boolean[] {false, true}) {
            for (Res r : all.values()) {
                if (!is(r, group ? Shape.GROUP : Shape.ACROSS_SUBNETS)) {
                    continue;
                }
                List<SubnetGroup> covered = new ArrayList<>();
                for (Address a : refsOfShape(r, Shape.SUBNET)) {
                    if (subnets.containsKey(a) && !covered.contains(subnets.get(a))) {
                        covered.add(subnets.get(a));
                    }
                }
                if (covered.isEmpty()) {
                    continue;
                }
                Address vpc = covered.get(0).subnet.refTo(Shape.VPC);
                String tier = covered.get(0).tier;
                boolean level = covered.stream().allMatch(c -> Objects.equals(c.subnet.refTo(Shape.VPC), vpc)
                        && c.tier.equals(tier));
                if (level) {
                    spans.put(r.address(), new Span(r, covered, vpc, tier, group));
                }
            }
        }
        for (Span sp : spans.values()) {
            // Seeds: what it refs and what is folded into it refs, and what refs it; then what
            // those ref or are referred to by, while they are services of the span's step.
            java.util.ArrayDeque<Address> queue = new java.util.ArrayDeque<>();
            queue.addAll(refsOfShape(sp.res, Shape.SERVICE));
            for (Res f : folded.getOrDefault(sp.res.address(), List.of())) {
                queue.addAll(refsOfShape(f, Shape.SERVICE));
            }
            for (Res o : all.values()) {
                if (o.spec().refs().containsValue(sp.res.address())) {
                    queue.add(o.address());
                }
            }
            while (!queue.isEmpty()) {
                Address a = queue.poll();
                Res c = all.get(a);
                if (c == null || !is(c, Shape.SERVICE) || companionOf.containsKey(a)
                        || !a.step().equals(sp.res.address().step())) {
                    continue;
                }
                companionOf.put(a, sp);
                sp.companions.add(c);
                queue.addAll(refsOfShape(c, Shape.SERVICE));
                for (Res o : all.values()) {
                    if (o.spec().refs().containsValue(a)) {
                        queue.add(o.address());
                        // A pair named together stands together: what a folded resource names beside
                        // it of its kind (the green target group beside the blue one of a deployment group).
                        if (o.kind().shape() == Shape.FOLDED) {
                            for (Address sibling : o.spec().refs().values()) {
                                Res t = all.get(sibling);
                                if (t != null && t.kind() == c.kind()) {
                                    queue.add(sibling);
                                }
                            }
                        }
                    }
                }
            }
            sp.companions.sort(MEMBER_ORDER);
        }
        // Traffic from a load balancer reaches a group through the companion both name.
        for (Span sp : spans.values()) {
            if (sp.group) {
                continue;
            }
            for (Span g : spans.values()) {
                if (g.group) {
                    for (Address a : refsOfShape(g.res, Shape.SERVICE)) {
                        if (sp.trafficTarget == null && companionOf.get(a) == sp) {
                            sp.trafficTarget = all.get(a);
                        }
                    }
                }
            }
        }
        return spans;
    }

    /** The address a member of the group at {@code group} is drawn under: {@code web.asg-member[i-0abc…]}. */
    public static Address memberAddress(Address group, String instanceId) {
        String name = instanceId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return Address.of(group.step(), group.type() + MEMBER_TYPE_SUFFIX, name.isEmpty() ? "0" : name);
    }

    private Diagram run(TopologyInput input) {
        Map<Address, Res> all = merge(input);

        Map<String, RegionGroup> regions = new TreeMap<>(regionOrder(input.region()));
        // Hash maps on purpose: lookups by a missing (null) ref must answer false, not throw.
        Map<Address, VpcGroup> vpcs = new HashMap<>();
        Map<Address, SubnetGroup> subnets = new HashMap<>();
        List<Res> edgeResources = new ArrayList<>();

        // Pass 1: VPCs, then subnets, then what sits in subnets; order matters because each
        // pass looks up the containers the previous one made.
        for (Res r : all.values()) {
            if (is(r, Shape.VPC)) {
                VpcGroup g = new VpcGroup(r);
                vpcs.put(r.address(), g);
                region(regions, r).vpcs.put(r.address(), g);
            }
        }
        for (Res r : all.values()) {
            if (is(r, Shape.SUBNET) && vpcs.containsKey(r.refTo(Shape.VPC))) {
                String zone = Objects.requireNonNullElse(r.spec().property("zone"), NO_ZONE);
                String tier = Objects.requireNonNullElse(r.spec().property("tier"), NO_TIER);
                SubnetGroup s = new SubnetGroup(r, tier);
                subnets.put(r.address(), s);
                vpcs.get(r.refTo(Shape.VPC)).zones.computeIfAbsent(zone, ZoneGroup::new)
                        .tiers.computeIfAbsent(tier, t -> new ArrayList<>()).add(s);
            }
        }
        // A gateway stands on the edge of the VPC an attachment joins it to.
        Map<Address, Address> gatewayVpc = new HashMap<>();
        for (Res r : all.values()) {
            if (is(r, Shape.ATTACHMENT) && vpcs.containsKey(r.refTo(Shape.VPC)) && r.refTo(Shape.VPC_EDGE) != null) {
                gatewayVpc.putIfAbsent(r.refTo(Shape.VPC_EDGE), r.refTo(Shape.VPC));
            }
        }
        // An address is drawn beside the first member of a subnet (by address) that holds it by
        // a ref of its own (a NAT gateway's Elastic IP) ...
        Map<Address, Res> eipHolder = new HashMap<>();
        for (Res r : all.values()) {
            if (is(r, Shape.IN_SUBNET) && subnets.containsKey(r.refTo(Shape.SUBNET))
                    && r.refTo(Shape.BESIDE_HOLDER) != null) {
                eipHolder.putIfAbsent(r.refTo(Shape.BESIDE_HOLDER), r);
            }
        }

        // ... or beside the first member (by association address) it is associated with; such a
        // member is a host, labelled by its addresses.
        Set<Address> hosts = new HashSet<>();
        for (Res r : all.values()) {
            if (!is(r, Shape.ADDRESS_ASSOCIATION)) {
                continue;
            }
            Address held = r.refTo(Shape.BESIDE_HOLDER);
            Address holderAddress = r.refTo(Shape.IN_SUBNET);
            Res holder = holderAddress == null ? null : all.get(holderAddress);
            if (held != null && holder != null && is(holder, Shape.IN_SUBNET)
                    && subnets.containsKey(holder.refTo(Shape.SUBNET))) {
                eipHolder.putIfAbsent(held, holder);
                hosts.add(holder.address());
            }
        }

        // What is folded into each resource, by address: its status shows on that resource.
        Map<Address, List<Res>> folded = new HashMap<>();
        for (Res r : all.values()) {
            if (r.kind().shape() == Shape.FOLDED && r.foldedInto() != null) {
                folded.computeIfAbsent(r.foldedInto(), a -> new ArrayList<>()).add(r);
            }
        }
        Map<Address, Span> companionOf = new HashMap<>();
        Map<Address, Span> spans = spans(all, subnets, folded, companionOf);
        for (Span sp : spans.values()) {
            for (SubnetGroup c : sp.covered) {
                c.spans.add(sp);
            }
        }

        Map<Address, List<Res>> eipsByHolder = new HashMap<>();
        List<Res> genericInSubnets = new ArrayList<>();
        for (Res r : all.values()) {
            Shape shape = honoured.test(r.kind()) && PLACED.contains(r.kind().shape()) ? r.kind().shape() : null;
            if (shape == Shape.VPC || (shape == Shape.SUBNET && subnets.containsKey(r.address()))) {
                continue;
            }
            if (shape != null && RELATIONS.contains(shape)) {
                if (!r.kind().taggable() || endsDrawn(r, shape, all, vpcs, subnets)) {
                    edgeResources.add(r);
                    continue;
                }
            } else if (shape == null && !r.kind().taggable() && drawableRefs(r, all).size() >= 2) {
                edgeResources.add(r);
                continue;
            }
            boolean placed = spans.containsKey(r.address()) || companionOf.containsKey(r.address());
            if (placed) {
                continue;
            } else if (shape == Shape.VPC_EDGE && gatewayVpc.containsKey(r.address())
                    && vpcs.get(gatewayVpc.get(r.address())).gateway == null) {
                vpcs.get(gatewayVpc.get(r.address())).gateway = r;
                placed = true;
            } else if (shape == Shape.VPC_BAND && vpcs.containsKey(r.refTo(Shape.VPC))) {
                vpcs.get(r.refTo(Shape.VPC)).routeTables.add(r);
                placed = true;
            } else if (shape == Shape.IN_SUBNET && subnets.containsKey(r.refTo(Shape.SUBNET))) {
                subnets.get(r.refTo(Shape.SUBNET)).members.add(r);
                placed = true;
            } else if (shape == Shape.BESIDE_HOLDER && eipHolder.containsKey(r.address())) {
                eipsByHolder.computeIfAbsent(eipHolder.get(r.address()).address(), a -> new ArrayList<>()).add(r);
                placed = true;
            } else if (shape == Shape.SERVICE) {
                region(regions, r).services.add(r);
                placed = true;
            } else if (shape == Shape.LANE) {
                region(regions, r).lanes.add(new Lane(r));
                placed = true;
            }
            if (placed) {
                continue;
            }
            // No place of its own (or none drawn): the generic row of its subnet, or the lane.
            if (subnets.containsKey(r.refTo(Shape.SUBNET))) {
                genericInSubnets.add(r);
            } else {
                region(regions, r).services.add(r);
            }
        }
        // Members in the order the steps introduce their kinds (NAT gateways, then instances),
        // each followed by the address it holds (same row in a 2-column grid; a member without
        // one keeps its row to itself so the rows stay aligned), then the generic row; `all` is
        // sorted, so these lists are too.
        for (SubnetGroup s : subnets.values()) {
            List<Res> ordered = new ArrayList<>();
            List<Res> holders = new ArrayList<>(s.members);
            holders.sort(MEMBER_ORDER);
            for (Res holder : holders) {
                if (ordered.size() % SUBNET_COLUMNS != 0) {
                    ordered.add(null);
                }
                ordered.add(holder);
                ordered.addAll(eipsByHolder.getOrDefault(holder.address(), List.of()));
            }
            if (ordered.size() % SUBNET_COLUMNS != 0 && !genericInSubnets.isEmpty()) {
                ordered.add(null);
            }
            s.members.clear();
            s.members.addAll(ordered);
        }
        for (Res r : genericInSubnets) {
            subnets.get(r.refTo(Shape.SUBNET)).members.add(r);
        }
        // The region of the input always exists, even for an empty stack.
        regions.computeIfAbsent(input.region(), RegionGroup::new);
        // Each lane takes from the services lane what serves only it, in the order its kind declares the refs.
        Set<ResourceKind> stackKinds = new HashSet<>();
        all.values().forEach(r -> stackKinds.add(r.kind()));
        for (RegionGroup g : regions.values()) {
            for (Lane lane : g.lanes) {
                lane.res.kind().refs().forEach((name, kind) -> {
                    Res target = all.get(lane.res.spec().refs().get(name));
                    if (target != null && g.services.contains(target) && servesOnly(lane.res.kind(), kind, stackKinds)) {
                        g.services.remove(target);
                        lane.members.add(target);
                    }
                });
            }
        }

        // Trust rules are drawn through the members of the groups they name: which members
        // (by a ref of theirs) each such group holds.
        Set<Address> ruleGroups = new HashSet<>();
        for (Res r : edgeResources) {
            if (is(r, Shape.TRUST)) {
                for (String ref : List.of(TRUST_GROUP, TRUST_SOURCE_GROUP)) {
                    if (r.ref(ref) != null) {
                        ruleGroups.add(r.ref(ref));
                    }
                }
            }
        }
        Map<Address, List<Address>> groupInstances = new TreeMap<>();
        Map<Address, Res> eipOfHolder = new HashMap<>();
        new TreeMap<>(eipHolder).forEach((eip, holder) -> {
            if (all.containsKey(eip)) {
                eipOfHolder.putIfAbsent(holder.address(), all.get(eip));
            }
        });
        new TreeMap<>(subnets).values().forEach(s -> s.members.forEach(m -> {
            if (m != null && is(m, Shape.IN_SUBNET)) {
                for (Address group : m.spec().refs().values()) {
                    List<Address> members = ruleGroups.contains(group)
                            ? groupInstances.computeIfAbsent(group, g -> new ArrayList<>()) : null;
                    // Two refs of one member to the same group count once.
                    if (members != null && (members.isEmpty() || !members.get(members.size() - 1).equals(m.address()))) {
                        members.add(m.address());
                    }
                }
            }
        }));
        groupInstances.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        Map<String, Address> vpcByCidr = new TreeMap<>();
        new TreeMap<>(vpcs).forEach((a, v) -> {
            String cidr = v.vpc.spec().property("cidr");
            if (cidr != null) {
                vpcByCidr.putIfAbsent(cidr, a);
            }
        });
        // Rules from addresses outside every drawn VPC (your IP) come from one box left of the
        // regions; its room is kept before the regions are placed.
        Set<String> externalCidrs = new java.util.TreeSet<>();
        for (Res r : edgeResources) {
            String cidr = r.spec().property("cidr");
            if (is(r, Shape.TRUST) && r.ref(TRUST_SOURCE_GROUP) == null && cidr != null
                    && !vpcByCidr.containsKey(cidr) && groupInstances.containsKey(r.ref(TRUST_GROUP))) {
                externalCidrs.add(cidr);
            }
        }
        // Spans start level across the subnets they cover: each covered subnet keeps as many
        // member rows as the fullest of them.
        for (Span sp : spans.values()) {
            int rows = 0;
            for (SubnetGroup c : sp.covered) {
                rows = Math.max(rows, Math.max(c.minRows, (c.members.size() + SUBNET_COLUMNS - 1) / SUBNET_COLUMNS));
            }
            for (SubnetGroup c : sp.covered) {
                c.minRows = rows;
            }
        }

        Builder b = new Builder(input, subnets, all, eipOfHolder, hosts, groupInstances, vpcByCidr, externalCidrs,
                folded, honoured, spans);
        double x = MARGIN + (externalCidrs.isEmpty() ? 0 : NODE_W + EXTERNAL_GAP);
        double height = 0;
        for (RegionGroup g : regions.values()) {
            double[] size = b.placeRegion(g, x, MARGIN);
            x += size[0] + 2 * GAP;
            height = Math.max(height, size[1]);
        }
        b.placeExternal(MARGIN);
        b.edges(edgeResources, all);
        return new Diagram(
                input.stack() + " — " + input.region(),
                x - 2 * GAP + MARGIN,
                height + 2 * MARGIN,
                b.containers,
                b.nodes,
                b.edges);
    }

    /** Whether {@code r} is placed as {@code shape}: its kind has it, and this layout honours the kind. */
    private boolean is(Res r, Shape shape) {
        return r.kind().shape() == shape && honoured.test(r.kind());
    }

    /**
     * Whether a taggable relation can be drawn as the edge its shape asks for: the two boxes it
     * joins are drawn (a peering's two VPCs). Trust rules and folded resources never need a box.
     */
    private boolean endsDrawn(Res r, Shape shape, Map<Address, Res> all, Map<Address, VpcGroup> vpcs,
            Map<Address, SubnetGroup> subnets) {
        List<Address> ends = switch (shape) {
            case ATTACHMENT -> pair(r.refTo(Shape.VPC_EDGE), r.refTo(Shape.VPC));
            case ROUTE -> pair(r.refTo(Shape.VPC_BAND), r.routeTarget());
            case ASSOCIATION -> pair(r.refTo(Shape.VPC_BAND), r.refTo(Shape.SUBNET));
            case ADDRESS_ASSOCIATION -> pair(r.refTo(Shape.IN_SUBNET), r.refTo(Shape.BESIDE_HOLDER));
            case PEERING -> r.refsTo(Shape.VPC);
            default -> null;
        };
        if (ends == null) {
            return true;
        }
        if (ends.size() < 2) {
            return false;
        }
        for (Address a : ends.subList(0, 2)) {
            Res end = all.get(a);
            boolean drawn = end != null && (is(end, Shape.VPC) ? vpcs.containsKey(a)
                    : is(end, Shape.SUBNET) ? subnets.containsKey(a)
                    : !(honoured.test(end.kind()) && RELATIONS.contains(end.kind().shape())));
            if (!drawn) {
                return false;
            }
        }
        return true;
    }

    private static List<Address> pair(Address a, Address b) {
        return a == null || b == null ? List.of() : List.of(a, b);
    }

    /** The home region first, then the others by name. */
    private static Comparator<String> regionOrder(String home) {
        return Comparator.comparing((String r) -> !r.equals(home)).thenComparing(Comparator.naturalOrder());
    }

    private static RegionGroup region(Map<String, RegionGroup> regions, Res r) {
        return regions.computeIfAbsent(r.spec().region(), RegionGroup::new);
    }

    private static List<Address> drawableRefs(Res r, Map<Address, Res> all) {
        List<Address> refs = new ArrayList<>();
        new TreeMap<>(r.spec().refs()).values().forEach(a -> {
            if (all.containsKey(a) && all.get(a).kind().taggable()) {
                refs.add(a);
            }
        });
        return refs;
    }

    /**
     * Desired specs win over recorded ones (the picture shows what will be); resources only in
     * state (about to be deleted) are kept so a teardown stays visible until they are gone.
     */
    private static Map<Address, Res> merge(TopologyInput input) {
        Map<Address, ResourceSpec> specs = new TreeMap<>();
        input.state().resources().forEach((a, r) -> specs.put(a, r.spec()));
        input.desired().forEach(s -> specs.put(s.address(), s));
        Map<Address, Res> all = new TreeMap<>();
        Map<ResourceKind, RefIndex> refIndex = new IdentityHashMap<>();
        specs.forEach((a, spec) -> {
            ResourceRecord record = input.state().resources().get(a);
            all.put(a, new Res(spec, record, status(input.live().get(a), record),
                    refIndex.computeIfAbsent(spec.kind(), RefIndex::new)));
        });
        return all;
    }

    /**
     * Live status wins; else a recorded resource is READY unless its record says it failed or
     * is going away; else the resource is only planned.
     */
    private static NodeStatus status(ItemStatus live, ResourceRecord record) {
        if (live != null) {
            return NodeStatus.of(live);
        }
        if (record == null) {
            return NodeStatus.PLANNED;
        }
        return switch (record.status()) {
            case FAILED -> NodeStatus.FAILED;
            case DELETING -> NodeStatus.DELETING;
            case DELETED -> NodeStatus.DELETED;
            default -> NodeStatus.READY;
        };
    }

    private static int tierRank(String tier) {
        int i = TIER_ORDER.indexOf(tier);
        return i >= 0 ? i : TIER_ORDER.size();
    }

    private static final Comparator<String> TIER_COMPARATOR =
            Comparator.comparingInt(TopologyLayout::tierRank).thenComparing(Comparator.naturalOrder());

    // ---------------------------------------------------------------- geometry

    /** Places boxes top-down; sizes are measured just before the box that needs them. */
    private static final class Builder {
        final TopologyInput input;
        final Map<Address, SubnetGroup> subnets;
        final List<Container> containers = new ArrayList<>();
        final List<Node> nodes = new ArrayList<>();
        final List<Edge> edges = new ArrayList<>();
        final Map<String, Box> boxes = new HashMap<>();
        final Map<String, String> parents = new HashMap<>();
        /** Per VPC: y of the gutter between the route-table band and the zone columns. */
        final Map<String, Double> bandGutter = new HashMap<>();
        /** Per subnet: x of the gutter left of its zone column. */
        final Map<String, Double> zoneGutter = new HashMap<>();

        final Map<Address, Res> all;
        final Map<Address, Res> eipOfHolder;
        final Map<Address, List<Address>> groupInstances;
        final Map<String, Address> vpcByCidr;
        final Set<String> externalCidrs;
        /** Each kind's badge, made once per layout. */
        final Map<ResourceKind, Badge> kindBadges = new IdentityHashMap<>();
        /** Members an address is associated with: labelled by their addresses. */
        final Set<Address> hosts;
        /** What is folded into each resource: its status shows on that resource's box or edge. */
        final Map<Address, List<Res>> folded;
        /** Kinds whose shape has a dedicated drawing; the others get the generic edge. */
        final Predicate<ResourceKind> honoured;
        /** Load balancers and groups drawn across subnets, by address. */
        final Map<Address, Span> spans;
        /** Per span: the top of its block in the subnets it covers, once placed. */
        final Map<Span, Double> spanTops = new IdentityHashMap<>();
        /** Made on first use by {@link #refRoles()}. */
        Map<Address, String> refRoles;
        /** Flows of requests: a load balancer to its target group, on to the group; a DNS name to what it names. */
        final List<Edge> traffic = new ArrayList<>();

        Builder(TopologyInput input, Map<Address, SubnetGroup> subnets, Map<Address, Res> all,
                Map<Address, Res> eipOfHolder, Set<Address> hosts, Map<Address, List<Address>> groupInstances,
                Map<String, Address> vpcByCidr, Set<String> externalCidrs, Map<Address, List<Res>> folded,
                Predicate<ResourceKind> honoured, Map<Address, Span> spans) {
            this.spans = spans;
            this.folded = folded;
            this.hosts = hosts;
            this.honoured = honoured;
            this.input = input;
            this.subnets = subnets;
            this.all = all;
            this.eipOfHolder = eipOfHolder;
            this.groupInstances = groupInstances;
            this.vpcByCidr = vpcByCidr;
            this.externalCidrs = externalCidrs;
        }

        /**
         * The "Internet / you" box, left of the regions, tall enough that a straight edge from
         * its right side reaches every instance the outside may reach at that instance's middle.
         */
        void placeExternal(double x) {
            if (externalCidrs.isEmpty()) {
                return;
            }
            double top = Double.MAX_VALUE;
            double bottom = -Double.MAX_VALUE;
            for (Res r : all.values()) {
                String cidr = r.spec().property("cidr");
                if (is(r, Shape.TRUST) && cidr != null && externalCidrs.contains(cidr)
                        && r.ref(TRUST_SOURCE_GROUP) == null) {
                    for (Address a : groupInstances.getOrDefault(r.ref(TRUST_GROUP), List.of())) {
                        Box n = boxes.get(a.value());
                        top = Math.min(top, cy(n));
                        bottom = Math.max(bottom, cy(n));
                    }
                }
            }
            double y = top - HEADER - PAD;
            addContainer(new Container(EXTERNAL_ID, null, ContainerKind.EXTERNAL, "Internet · you",
                    String.join(", ", externalCidrs), x, y, NODE_W, bottom - y + 2 * PAD, false, NodeStatus.READY, null,
                    null));
        }

        /** Returns {width, height}. */
        double[] placeRegion(RegionGroup g, double x, double y) {
            String id = "region:" + g.name;
            int regionIndex = containers.size();
            containers.add(null); // the region box is known only after its content
            double innerTop = y + HEADER + NODE_H / 2 + GAP; // room for the gateways' upper halves
            double vx = x + PAD;
            double vpcRowH = 0;
            for (VpcGroup v : g.vpcs.values()) {
                double[] size = placeVpc(v, id, vx, innerTop);
                vx += size[0] + 2 * GAP;
                vpcRowH = Math.max(vpcRowH, size[1]);
            }
            double contentW = Math.max(vx - 2 * GAP - x - PAD, 0);
            double servicesTop = g.vpcs.isEmpty() ? y + HEADER : innerTop + vpcRowH + 2 * GAP;
            double bottom = g.vpcs.isEmpty() ? y + HEADER : innerTop + vpcRowH;
            double minW = 2 * PAD + SERVICES_MIN_COLUMNS * NODE_W + (SERVICES_MIN_COLUMNS - 1) * GAP;
            // Lanes of their own (a pipeline) first, under the VPCs, then the services lane.
            for (Lane lane : g.lanes) {
                double laneW = Math.max(contentW, Math.max(minW, laneWidth(lane)));
                double laneH = placeLane(lane, id, x + PAD, servicesTop, laneW);
                contentW = laneW;
                bottom = servicesTop + laneH;
                servicesTop = bottom + 2 * GAP;
            }
            if (!g.services.isEmpty()) {
                double laneW = Math.max(contentW, minW);
                double laneH = placeServices(g, id, x + PAD, servicesTop, laneW);
                contentW = laneW;
                bottom = servicesTop + laneH;
            }
            double w = Math.max(contentW, NODE_W) + 2 * PAD;
            double h = bottom - y + PAD;
            Container region = new Container(id, null, ContainerKind.REGION, "Region " + g.name, input.stack(),
                    x, y, w, h, false, NodeStatus.READY, null, null);
            containers.set(regionIndex, region);
            boxes.put(id, region);
            return new double[] {w, h};
        }

        /** A lane's width for its boxes in one row. */
        static double laneWidth(Lane lane) {
            int n = 1 + lane.members.size();
            return 2 * PAD + n * NODE_W + (n - 1) * GAP;
        }

        /**
         * A lane of its own outside the VPCs: the resource first, then what serves it, in rows as
         * wide as the lane allows. The lane is labelled by the resource; its box is the first node.
         */
        double placeLane(Lane lane, String parent, double x, double y, double w) {
            String id = "lane:" + lane.res.address().value();
            List<Res> boxesInLane = new ArrayList<>();
            boxesInLane.add(lane.res);
            boxesInLane.addAll(lane.members);
            int columns = Math.max(1, (int) ((w - 2 * PAD + GAP) / (NODE_W + GAP)));
            int rows = (boxesInLane.size() + columns - 1) / columns;
            double h = HEADER + rows * NODE_H + (rows - 1) * GAP + PAD;
            String name = lane.res.address().name();
            addContainer(new Container(id, parent, ContainerKind.LANE,
                    name.isEmpty() ? lane.res.kind().label() : lane.res.kind().label() + " " + name,
                    "outside any VPC · " + lane.res.physicalId(), x, y, w, h, false, NodeStatus.READY, null, null));
            for (int i = 0; i < boxesInLane.size(); i++) {
                addNode(boxesInLane.get(i), id, x + PAD + (i % columns) * (NODE_W + GAP),
                        y + HEADER + (i / columns) * (NODE_H + GAP), NODE_W, NODE_H);
            }
            return h;
        }

        double placeServices(RegionGroup g, String parent, double x, double y, double w) {
            String id = "services:" + g.name;
            int columns = Math.max(1, (int) ((w - 2 * PAD + GAP) / (NODE_W + GAP)));
            int rows = (g.services.size() + columns - 1) / columns;
            double h = HEADER + rows * NODE_H + (rows - 1) * GAP + PAD;
            addContainer(new Container(id, parent, ContainerKind.SERVICES, "Regional services", "outside any VPC",
                    x, y, w, h, false, NodeStatus.READY, null, null));
            for (int i = 0; i < g.services.size(); i++) {
                addNode(g.services.get(i), id, x + PAD + (i % columns) * (NODE_W + GAP),
                        y + HEADER + (i / columns) * (NODE_H + GAP), NODE_W, NODE_H);
            }
            return h;
        }

        double[] placeVpc(VpcGroup v, String parent, double x, double y) {
            String id = v.vpc.address().value();
            int index = containers.size();
            containers.add(null);
            List<ZoneGroup> zones = new ArrayList<>(v.zones.values());
            List<String> tiers = new ArrayList<>();
            zones.forEach(z -> z.tiers.keySet().forEach(t -> {
                if (!tiers.contains(t)) {
                    tiers.add(t);
                }
            }));
            tiers.sort(TIER_COMPARATOR);
            double zonesW = zones.isEmpty() ? 0 : zones.size() * ZONE_W + (zones.size() - 1) * GAP;
            double w = Math.max(zonesW + 2 * PAD, VPC_MIN_W);
            double innerW = w - 2 * PAD;

            double cursor = y + NODE_H / 2 + GAP; // below the gateway's lower half
            List<Res> tables = new ArrayList<>(v.routeTables);
            tables.sort(Comparator.comparing((Res r) -> !"public".equals(r.spec().property("tier")))
                    .thenComparing(Res::address));
            if (!tables.isEmpty()) {
                int columns = Math.max(1, (int) ((innerW + GAP) / (ROUTE_TABLE_W + GAP)));
                for (int i = 0; i < tables.size(); i++) {
                    addNode(tables.get(i), id, x + PAD + (i % columns) * (ROUTE_TABLE_W + GAP),
                            cursor + (i / columns) * (ROUTE_TABLE_H + GAP), ROUTE_TABLE_W, ROUTE_TABLE_H);
                }
                int rows = (tables.size() + columns - 1) / columns;
                cursor += rows * ROUTE_TABLE_H + rows * GAP;
            }
            bandGutter.put(id, cursor - GAP / 2);

            // Each tier row is as tall as its tallest cell, so tiers line up across zones; under a
            // tier that a span covers, a band of the span's companions (rows of the zones' columns).
            int bandColumns = Math.max(1, zones.size() * SUBNET_COLUMNS);
            Map<String, Double> rowHeights = new LinkedHashMap<>();
            Map<String, List<Span>> bands = new LinkedHashMap<>();
            for (String t : tiers) {
                double rowH = 0;
                for (ZoneGroup z : zones) {
                    rowH = Math.max(rowH, cellHeight(z.tiers.getOrDefault(t, List.of())));
                }
                rowHeights.put(t, rowH);
                double bandH = 0;
                for (Span sp : spans.values()) {
                    if (sp.vpc.equals(v.vpc.address()) && sp.tier.equals(t) && !sp.companions.isEmpty()) {
                        int rows = (bandCells(sp, bandColumns).size() + bandColumns - 1) / bandColumns;
                        bandH += (bandH > 0 ? GAP : 0) + rows * NODE_H + (rows - 1) * GAP;
                        bands.computeIfAbsent(t + BAND_SUFFIX, k -> new ArrayList<>()).add(sp);
                    }
                }
                if (bandH > 0) {
                    // A gap under the band: a trust edge's label sits just above the next tier row.
                    rowHeights.put(t + BAND_SUFFIX, bandH + GAP);
                }
            }
            double zonesH = HEADER + rowHeights.values().stream().mapToDouble(Double::doubleValue).sum()
                    + Math.max(0, rowHeights.size() - 1) * GAP + PAD;
            double zx = x + PAD;
            List<String> zoneIds = new ArrayList<>();
            List<Double> zoneXs = new ArrayList<>();
            for (ZoneGroup z : zones) {
                placeZone(z, id, zx, cursor, zonesH, rowHeights);
                zoneIds.add(ZONE_PREFIX + id + ":" + z.zone);
                zoneXs.add(zx);
                zx += ZONE_W + GAP;
            }
            // The spans' blocks, then their bands, once the subnets they cover stand.
            for (Span sp : spans.values()) {
                if (sp.vpc.equals(v.vpc.address())) {
                    placeSpan(sp, id);
                }
            }
            double by = cursor + HEADER;
            for (Map.Entry<String, Double> row : rowHeights.entrySet()) {
                double sy = by;
                for (Span sp : bands.getOrDefault(row.getKey(), List.of())) {
                    sy = placeBand(sp, zoneIds, zoneXs, sy, bandColumns) + GAP;
                }
                by += row.getValue() + GAP;
            }
            double h = (zones.isEmpty() ? cursor : cursor + zonesH) - y + PAD;
            String vpcName = v.vpc.address().name();
            String kindLabel = v.vpc.kind().label();
            Container vpc = new Container(id, parent, ContainerKind.VPC,
                    vpcName.isEmpty() ? kindLabel : kindLabel + " " + vpcName, withId(v.vpc.spec().property("cidr"), v.vpc),
                    x, y, w, h, false, statusOf(v.vpc), v.vpc.address(), v.vpc.kind());
            containers.set(index, vpc);
            boxes.put(id, vpc);
            if (v.gateway != null) {
                // Straddles the VPC's top edge, at the right so the VPC header stays readable.
                addNode(v.gateway, id, x + w - PAD - NODE_W, y - NODE_H / 2, NODE_W, NODE_H);
            }
            return new double[] {w, h};
        }

        void placeZone(ZoneGroup z, String vpcId, double x, double y, double h, Map<String, Double> rowHeights) {
            String id = ZONE_PREFIX + vpcId + ":" + z.zone;
            addContainer(new Container(id, vpcId, ContainerKind.ZONE, "Zone " + z.zone, "", x, y, ZONE_W, h, false,
                    NodeStatus.READY, null, null));
            double ty = y + HEADER;
            for (Map.Entry<String, Double> row : rowHeights.entrySet()) {
                double sy = ty;
                List<SubnetGroup> cell = new ArrayList<>(z.tiers.getOrDefault(row.getKey(), List.of()));
                cell.sort(Comparator.comparing(s -> s.subnet.address()));
                for (SubnetGroup s : cell) {
                    double sh = subnetHeight(s);
                    placeSubnet(s, id, x + PAD, sy, sh);
                    zoneGutter.put(s.subnet.address().value(), x - GAP / 2);
                    sy += sh + GAP;
                }
                ty += row.getValue() + GAP;
            }
        }

        void placeSubnet(SubnetGroup s, String zoneId, double x, double y, double h) {
            String id = s.subnet.address().value();
            addContainer(new Container(id, zoneId, ContainerKind.SUBNET,
                    s.subnet.kind().label() + " " + displayName(s.subnet) + " · " + s.tier,
                    withId(s.subnet.spec().property("cidr"), s.subnet), x, y, SUBNET_W, h, "public".equals(s.tier),
                    statusOf(s.subnet), s.subnet.address(), s.subnet.kind()));
            for (int i = 0; i < s.members.size(); i++) {
                if (s.members.get(i) == null) {
                    continue; // a kept-empty cell: the next holder starts its own row
                }
                addNode(s.members.get(i), id, x + PAD + (i % SUBNET_COLUMNS) * (NODE_W + GAP),
                        y + HEADER + (i / SUBNET_COLUMNS) * (NODE_H + GAP), NODE_W, NODE_H);
            }
        }

        static double cellHeight(List<SubnetGroup> cell) {
            double h = 0;
            for (SubnetGroup s : cell) {
                h += subnetHeight(s);
            }
            return h + Math.max(0, cell.size() - 1) * GAP;
        }

        static double subnetHeight(SubnetGroup s) {
            int rows = memberRows(s);
            if (rows == 0 && s.spans.isEmpty()) {
                return SUBNET_MIN_H;
            }
            return spanTop(s, s.spans.size()) - GAP + PAD;
        }

        static int memberRows(SubnetGroup s) {
            return Math.max(s.minRows, (s.members.size() + SUBNET_COLUMNS - 1) / SUBNET_COLUMNS);
        }

        /**
         * Where the {@code index}-th span's block starts below a subnet's top: after its member rows
         * and the blocks before it (at {@code size()}: where the next block would start, plus a gap).
         */
        static double spanTop(SubnetGroup s, int index) {
            int rows = memberRows(s);
            double y = HEADER + (rows == 0 ? 0 : rows * NODE_H + rows * GAP);
            for (int i = 0; i < index; i++) {
                y += s.spans.get(i).height() + GAP;
            }
            return y;
        }

        /**
         * A span's block: a load balancer's box across the subnets it covers (its listeners'
         * ports and its DNS name under its label), or a group's box over them with its members,
         * each in the columns of the subnet of its zone, in the cell it keeps ({@link GroupMember#slot()}).
         */
        void placeSpan(Span sp, String vpcId) {
            SubnetGroup first = sp.covered.get(0);
            SubnetGroup last = sp.covered.get(sp.covered.size() - 1);
            Box fb = boxes.get(first.subnet.address().value());
            Box lb = boxes.get(last.subnet.address().value());
            if (fb == null || lb == null) {
                return;
            }
            double y = fb.y() + spanTop(first, first.spans.indexOf(sp));
            spanTops.put(sp, y);
            if (!sp.group) {
                double x = Math.min(fb.x(), lb.x()) + PAD;
                double right = Math.max(fb.x(), lb.x()) + SUBNET_W - PAD;
                addNode(sp.res, vpcId, x, y, right - x, NODE_H);
                return;
            }
            double x = Math.min(fb.x(), lb.x()) + PAD / 2;
            double right = Math.max(fb.x(), lb.x()) + SUBNET_W - PAD / 2;
            String id = sp.res.address().value();
            GroupLive live = input.groups().get(sp.res.address());
            List<GroupMember> members = live != null ? live.members() : recordedMembers(sp.res);
            int cells = sp.memberRows * SUBNET_COLUMNS;
            // Each member in the subnet of its zone; one of no known zone where fewest stand.
            Map<SubnetGroup, java.util.TreeSet<Integer>> used = new IdentityHashMap<>();
            sp.covered.forEach(c -> used.put(c, new java.util.TreeSet<>()));
            List<Node> placed = new ArrayList<>();
            int hidden = 0;
            List<GroupMember> ordered = new ArrayList<>(members);
            // Members that keep a slot claim it before the others take the free ones.
            ordered.sort(Comparator.comparing((GroupMember m) -> m.slot() < 0));
            for (GroupMember m : ordered) {
                if (m.status() == NodeStatus.DELETED) {
                    continue;
                }
                SubnetGroup home = null;
                for (SubnetGroup c : sp.covered) {
                    if (home == null && m.zone().equals(c.subnet.spec().property("zone"))) {
                        home = c;
                    }
                }
                if (home == null) {
                    for (SubnetGroup c : sp.covered) {
                        if (home == null || used.get(c).size() < used.get(home).size()) {
                            home = c;
                        }
                    }
                }
                java.util.TreeSet<Integer> taken = used.get(home);
                int slot = m.slot();
                if (slot < 0 || taken.contains(slot)) {
                    slot = 0;
                    while (taken.contains(slot)) {
                        slot++;
                    }
                }
                if (slot >= cells) {
                    hidden++;
                    continue;
                }
                taken.add(slot);
                Box hb = boxes.get(home.subnet.address().value());
                placed.add(memberNode(sp.res, m, id, hb.x() + PAD + (slot % SUBNET_COLUMNS) * (NODE_W + GAP),
                        y + HEADER + (slot / SUBNET_COLUMNS) * (NODE_H + GAP)));
            }
            String name = sp.res.address().name();
            String min = Objects.requireNonNullElse(sp.res.spec().property("min"), "?");
            String max = Objects.requireNonNullElse(sp.res.spec().property("max"), "?");
            String desired = live != null ? String.valueOf(live.desired())
                    : Objects.requireNonNullElse(sp.res.spec().property("desired"), "?");
            List<String> sub = new ArrayList<>();
            sub.add("min " + min + " · max " + max + " · desired " + desired);
            if (live != null) {
                sub.add(live.inService() + " in service");
            }
            if (hidden > 0) {
                sub.add("+" + hidden + " not shown");
            }
            addContainer(new Container(id, vpcId, ContainerKind.GROUP,
                    name.isEmpty() ? sp.res.kind().label() : sp.res.kind().label() + " " + name, String.join(" · ", sub),
                    x, y, right - x, sp.height(), false, statusOf(sp.res), sp.res.address(), sp.res.kind()));
            placed.sort(Comparator.comparing(Node::id));
            for (Node n : placed) {
                nodes.add(n);
                boxes.put(n.id(), n);
                parents.put(n.id(), id);
            }
        }

        /**
         * The members a group's record names ({@code instances}, comma-separated) when AWS has not
         * been asked: no zone, no lifecycle, no health; placed by balance.
         */
        static List<GroupMember> recordedMembers(Res group) {
            String ids = group.attribute("instances");
            if (ids == null || ids.isBlank()) {
                return List.of();
            }
            List<GroupMember> out = new ArrayList<>();
            for (String id : ids.split(",")) {
                if (!id.isBlank()) {
                    out.add(new GroupMember(id.trim(), "", "", null, -1));
                }
            }
            return out;
        }

        Node memberNode(Res group, GroupMember m, String parent, double x, double y) {
            Address a = memberAddress(group.address(), m.instanceId());
            ResourceKind kind = MEMBER_KIND != null ? MEMBER_KIND : group.kind();
            List<String> sub = new ArrayList<>();
            if (!m.lifecycle().isEmpty()) {
                sub.add(m.lifecycle());
            }
            if (m.health() != null) {
                sub.add(m.health().state().word());
            }
            return new Node(a, parent, kind, DiagramStyle.nodeLabel(kind.label(), a.name(), NODE_W),
                    String.join(" · ", sub), x, y, NODE_W, NODE_H, m.status(), DiagramStyle.badge(kind, MEMBER_ROLE),
                    m.health());
        }

        /**
         * A span's companions in rows of the zones' member columns, under its tier row; the
         * target traffic flows through (a target group) last in the first row, under the span's
         * right end. Returns the band's bottom.
         */
        double placeBand(Span sp, List<String> zoneIds, List<Double> zoneXs, double y, int columns) {
            List<Res> cells = bandCells(sp, columns);
            double bottom = y;
            for (int i = 0; i < cells.size(); i++) {
                Res r = cells.get(i);
                if (r == null) {
                    continue;
                }
                int column = i % columns;
                int zone = Math.min(column / SUBNET_COLUMNS, zoneIds.size() - 1);
                double nx = zoneXs.get(zone) + 2 * PAD + (column % SUBNET_COLUMNS) * (NODE_W + GAP);
                double ny = y + (i / columns) * (NODE_H + GAP);
                addNode(r, zoneIds.get(zone), nx, ny, NODE_W, NODE_H);
                bottom = Math.max(bottom, ny + NODE_H);
            }
            return bottom;
        }

        /** A band's cells in reading order (null: kept empty), the traffic target last in the first row. */
        static List<Res> bandCells(Span sp, int columns) {
            List<Res> cells = new ArrayList<>();
            List<Res> others = new ArrayList<>(sp.companions);
            others.remove(sp.trafficTarget);
            for (Res r : others) {
                if (sp.trafficTarget != null && cells.size() == columns - 1) {
                    cells.add(sp.trafficTarget);
                }
                cells.add(r);
            }
            if (sp.trafficTarget != null && !cells.contains(sp.trafficTarget)) {
                while (cells.size() % columns != columns - 1) {
                    cells.add(null);
                }
                cells.add(sp.trafficTarget);
            }
            return cells;
        }

        void addContainer(Container c) {
            containers.add(c);
            boxes.put(c.id(), c);
            parents.put(c.id(), c.parentId());
        }

        /** What each resource is to what names it, by the ref's name ({@link DiagramStyle#refRole}). */
        Map<Address, String> refRoles() {
            if (refRoles == null) {
                refRoles = new HashMap<>();
                for (Res o : all.values()) {
                    new TreeMap<>(o.spec().refs()).forEach((name, a) ->
                            DiagramStyle.refRole(name).ifPresent(role -> refRoles.putIfAbsent(a, role)));
                }
            }
            return refRoles;
        }

        void addNode(Res r, String parent, double x, double y, double w, double h) {
            String refRole = r.kind().properties().containsKey(ROLE) ? null : refRoles().get(r.address());
            if (refRole != null) {
                // Named by what it is to the deployment that names it: "Blue target group".
                String label = DiagramStyle.roleLabel(refRole)
                        .map(l -> DiagramStyle.nodeLabel(l, DiagramStyle.nameBesideRole(refRole, r.address().name()), w))
                        .orElseGet(() -> nodeLabel(r, w));
                Node n = new Node(r.address(), parent, r.kind(), label, r.address().step().equals(webStep(r))
                        ? serviceSublabel(r) : nodeSublabel(r, null, false), x, y, w, h, statusOf(r),
                        DiagramStyle.badge(r.kind(), refRole));
                nodes.add(n);
                boxes.put(n.id(), n);
                parents.put(n.id(), parent);
                return;
            }
            Node n = new Node(r.address(), parent, r.kind(), nodeLabel(r, w), spans.containsKey(r.address())
                    ? spanSublabel(r) : r.address().step().equals(webStep(r)) ? serviceSublabel(r)
                    : nodeSublabel(r, eipOfHolder.get(r.address()), hosts.contains(r.address())), x, y, w, h, statusOf(r),
                    r.kind().properties().containsKey(ROLE) ? badge(r)
                            : kindBadges.computeIfAbsent(r.kind(), DiagramStyle::badge));
            nodes.add(n);
            boxes.put(n.id(), n);
            parents.put(n.id(), parent);
        }

        /** The step of the span a companion stands by, or null for a resource that is none's. */
        String webStep(Res r) {
            for (Span sp : spans.values()) {
                if (sp.companions.contains(r)) {
                    return sp.res.address().step();
                }
            }
            return null;
        }

        /**
         * What a load balancer's box says under its label: its listeners, folded into it, by port
         * ({@code :80 → :443} for a redirect, {@code :443 HTTPS} for a forward), then its DNS name.
         */
        String spanSublabel(Res r) {
            List<Res> listeners = new ArrayList<>(folded.getOrDefault(r.address(), List.of()));
            listeners.removeIf(l -> l.spec().property("port") == null);
            listeners.sort(Comparator.comparingInt((Res l) -> {
                try {
                    return Integer.parseInt(l.spec().property("port"));
                } catch (NumberFormatException notANumber) {
                    return Integer.MAX_VALUE;
                }
            }).thenComparing(Res::address));
            List<String> parts = new ArrayList<>();
            for (Res l : listeners) {
                String port = ":" + l.spec().property("port");
                String redirect = l.spec().property("redirectPort");
                if ("redirect".equals(l.spec().property("action")) && redirect != null) {
                    parts.add(port + " → :" + redirect);
                } else {
                    parts.add(port + " " + Objects.requireNonNullElse(l.spec().property("protocol"), ""));
                }
                String role = refRoles().get(l.address());
                if (role != null) {
                    parts.set(parts.size() - 1, parts.get(parts.size() - 1).trim() + " " + role);
                }
            }
            String dns = r.attribute("dnsName");
            if (dns != null && !dns.isEmpty()) {
                parts.add(dns);
            }
            // A service CodeDeploy deploys: during a deployment its blue and green task sets with their traffic.
            List<TaskSetLive> sets = input.taskSets().getOrDefault(r.address(), List.of());
            if (listeners.isEmpty() && !sets.isEmpty()) {
                String name = r.spec().property("name");
                String joined = String.join("  →  ", sets.stream().map(TaskSetLive::text).toList());
                return name == null || name.isEmpty() ? joined : name + " · " + joined;
            }
            if (parts.isEmpty()) {
                String name = r.spec().property("name");
                return name == null || name.isEmpty() || r.physicalId().isEmpty() ? r.physicalId()
                        : name + " · " + r.physicalId();
            }
            return String.join(" · ", parts).replace("  ", " ").trim();
        }

        /**
         * What a companion's box says: the name a person knows it by (a certificate's domain, a
         * record's name, a target group's or template's physical name) rather than an ARN.
         */
        static String serviceSublabel(Res r) {
            for (String prop : List.of("domainName", "name")) {
                String v = r.spec().property(prop);
                if (v != null && !v.isEmpty()) {
                    String status = r.attribute("status");
                    return status == null || status.isEmpty() ? v : v + " · " + status;
                }
            }
            return r.physicalId();
        }

        /**
         * Requests' path through the Web tier: a name (a DNS record) to the load balancer it
         * aliases, the load balancer to the target group, the target group down to the group box.
         * Straight vertical lines: each companion stands under its span.
         */
        void traffic(List<Edge> out) {
            for (Span sp : spans.values()) {
                Box span = box(sp.res.address());
                if (span == null || sp.group) {
                    continue;
                }
                for (Res c : sp.companions) {
                    Box cb = box(c.address());
                    if (cb != null && c.spec().refs().containsValue(sp.res.address()) && cx(cb) > span.x()
                            && cx(cb) < span.x() + span.w()) {
                        out.add(new Edge(c.address().value(), sp.res.address().value(), EdgeKind.TRAFFIC, "",
                                List.of(new Point(cx(cb), cb.y()), new Point(cx(cb), span.y() + span.h())),
                                c.status()));
                    }
                }
                Box tg = sp.trafficTarget == null ? null : box(sp.trafficTarget.address());
                if (tg == null) {
                    continue;
                }
                double x = cx(tg);
                if (x > span.x() && x < span.x() + span.w()) {
                    out.add(new Edge(sp.res.address().value(), sp.trafficTarget.address().value(), EdgeKind.TRAFFIC, "",
                            List.of(new Point(x, span.y() + span.h()), new Point(x, tg.y())), statusOf(sp.res)));
                }
                for (Span g : spans.values()) {
                    Box gb = g.group ? box(g.res.address()) : null;
                    if (gb != null && refsOfShape(g.res, Shape.SERVICE).contains(sp.trafficTarget.address())) {
                        List<Point> pts = x > gb.x() && x < gb.x() + gb.w() && gb.y() > tg.y()
                                ? List.of(new Point(x, tg.y() + tg.h()), new Point(x, gb.y())) : elbow(tg, gb);
                        out.add(new Edge(sp.trafficTarget.address().value(), g.res.address().value(), EdgeKind.TRAFFIC,
                                "", pts, statusOf(g.res)));
                    }
                }
            }
        }

        // ------------------------------------------------------------ edges

        void edges(List<Res> edgeResources, Map<Address, Res> all) {
            List<Edge> out = new ArrayList<>();
            List<Res> rules = new ArrayList<>();
            for (Res r : edgeResources) {
                if (!honoured.test(r.kind())) {
                    generic(r, all).ifPresent(out::add);
                    continue;
                }
                switch (r.kind().shape()) {
                    case TRUST -> rules.add(r);
                    case PEERING -> peering(r).ifPresent(out::add);
                    case FOLDED -> { } // drawn with the resource it folds into
                    case ADDRESS_ASSOCIATION -> eipAssociation(r).ifPresent(out::add);
                    case ATTACHMENT -> attachment(r).ifPresent(out::add);
                    case ROUTE -> route(r).ifPresent(out::add);
                    case ASSOCIATION -> association(r).ifPresent(out::add);
                    default -> generic(r, all).ifPresent(out::add);
                }
            }
            trust(rules, out);
            traffic(out);
            // A member that holds its address by a ref of its own (a NAT gateway its Elastic IP):
            // the edge makes the pairing explicit (an association is drawn as its own edge).
            for (Node n : nodes) {
                if (n.kind().shape() != Shape.IN_SUBNET || !honoured.test(n.kind())
                        || !subnets.containsKey(addressOf(n.parentId()))) {
                    continue;
                }
                Address eip = all.get(n.address()).refTo(Shape.BESIDE_HOLDER);
                Box e = eip == null ? null : boxes.get(eip.value());
                if (e != null && n.parentId().equals(parents.get(eip.value()))) {
                    out.add(new Edge(n.id(), eip.value(), EdgeKind.ATTACHMENT, "", elbow(n, e), n.status()));
                }
            }
            out.sort(Comparator.comparing(Edge::from).thenComparing(Edge::to).thenComparing(Edge::label));
            edges.addAll(out);
        }

        boolean is(Res r, Shape shape) {
            return r.kind().shape() == shape && honoured.test(r.kind());
        }

        /** A resource's status, or, while it is ready, that of the first thing folded into it that is not. */
        NodeStatus statusOf(Res r) {
            NodeStatus status = r.status();
            for (Res o : folded.getOrDefault(r.address(), List.of())) {
                if (status == NodeStatus.READY) {
                    status = o.status();
                }
            }
            return status;
        }

        private static Address addressOf(String id) {
            try {
                return Address.parse(id);
            } catch (IllegalArgumentException notAnAddress) {
                return null;
            }
        }

        /** From the member to the address it is associated with. */
        Optional<Edge> eipAssociation(Res r) {
            Address holder = r.refTo(Shape.IN_SUBNET);
            Address held = r.refTo(Shape.BESIDE_HOLDER);
            Box inst = box(holder);
            Box eip = box(held);
            if (inst == null || eip == null) {
                return Optional.empty();
            }
            return Optional.of(new Edge(holder.value(), held.value(), EdgeKind.ATTACHMENT, "", elbow(inst, eip),
                    r.status()));
        }

        /**
         * The peering joins the two VPCs: out of the requester's right side, under the peer VPC
         * (in the gap above the peer region's services lane), up into the peer VPC: from the
         * first of its two VPC refs to the second. The label reads like the legend's, then its
         * state (what is folded into it, the acceptance, once the request stands) and how many
         * routes lead through it.
         */
        Optional<Edge> peering(Res r) {
            List<Address> joined = r.refsTo(Shape.VPC);
            if (joined.size() < 2) {
                return Optional.empty();
            }
            Box v = box(joined.get(0));
            Box p = box(joined.get(1));
            if (v == null || p == null) {
                return Optional.empty();
            }
            NodeStatus status = statusOf(r);
            long routes = 0;
            for (Res o : all.values()) {
                if (o.kind().shape() == Shape.ROUTE && r.address().equals(o.routeTarget())) {
                    routes++;
                }
            }
            double y = p.y() + p.h() + GAP;
            List<Point> pts;
            if (p.x() >= v.x() + v.w() && y < v.y() + v.h() - PAD) {
                pts = List.of(new Point(v.x() + v.w(), y), new Point(cx(p), y), new Point(cx(p), p.y() + p.h()));
            } else {
                pts = elbow(v, p);
            }
            String label = "VPC peering · " + status.name().toLowerCase(Locale.ROOT)
                    + (routes == 0 ? "" : " · " + routes + (routes == 1 ? " route" : " routes"));
            return Optional.of(new Edge(joined.get(0).value(), joined.get(1).value(), EdgeKind.PEERING, label, pts,
                    status));
        }

        /**
         * Several rules share one edge; it shows the status that most needs attention: a
         * failure first, then work in progress, then what is not there yet.
         */
        private static final List<NodeStatus> EDGE_STATUS_PRIORITY = List.of(NodeStatus.FAILED, NodeStatus.CREATING,
                NodeStatus.DELETING, NodeStatus.PLANNED, NodeStatus.DELETED, NodeStatus.READY);

        /** The rules of one group that let in the same source: one edge per instance pair. */
        private record RuleSet(Address group, String source, List<Res> rules) {}

        /**
         * Security groups are drawn by what they allow: an edge from each instance of the source
         * group (or the VPC whose CIDR is the source, or the "Internet / you" box) to each
         * instance of the rule's group, labelled with the ports.
         */
        void trust(List<Res> rules, List<Edge> out) {
            Map<String, RuleSet> sets = new TreeMap<>();
            for (Res r : rules) {
                Address group = r.ref(TRUST_GROUP);
                String source = r.ref(TRUST_SOURCE_GROUP) != null ? r.ref(TRUST_SOURCE_GROUP).value()
                        : r.spec().property("cidr");
                if (group == null || source == null) {
                    continue;
                }
                sets.computeIfAbsent(group.value() + " " + source, k -> new RuleSet(group, source, new ArrayList<>()))
                        .rules().add(r);
            }
            for (RuleSet set : sets.values()) {
                List<Address> targets = groupInstances.getOrDefault(set.group(), List.of());
                String label = ports(set.rules());
                NodeStatus status = set.rules().stream().map(Res::status)
                        .min(Comparator.comparingInt(EDGE_STATUS_PRIORITY::indexOf)).orElse(NodeStatus.READY);
                Address sourceGroup = set.rules().get(0).ref(TRUST_SOURCE_GROUP);
                for (Address t : targets) {
                    Box dst = box(t);
                    if (sourceGroup != null) {
                        for (Address from : groupInstances.getOrDefault(sourceGroup, List.of())) {
                            if (!from.equals(t)) {
                                out.add(new Edge(from.value(), t.value(), EdgeKind.TRUST, label,
                                        trustRoute(box(from), dst), status));
                            }
                        }
                    } else if (vpcByCidr.containsKey(set.source())) {
                        Address vpc = vpcByCidr.get(set.source());
                        out.add(new Edge(vpc.value(), t.value(), EdgeKind.TRUST, label,
                                fromRightSide(box(vpc), dst), status));
                    } else if (boxes.containsKey(EXTERNAL_ID)) {
                        out.add(new Edge(EXTERNAL_ID, t.value(), EdgeKind.TRUST, label,
                                fromRightSide(boxes.get(EXTERNAL_ID), dst), status));
                    }
                }
            }
        }

        /**
         * Within one zone, from an upper subnet's instance to a lower one's: out of the source's
         * left side into the lane between the zone's edge and its subnets, down to the gap just
         * above the target's subnet (where the label sits, over empty padding), across, and
         * down into the target. Instances start their row, so the first leg crosses no node.
         */
        List<Point> trustRoute(Box src, Box dst) {
            Box ss = boxes.get(parents.get(idOf(src)));
            Box ds = boxes.get(parents.get(idOf(dst)));
            String zone = ss == null ? null : parents.get(idOf(ss));
            Box z = zone == null ? null : boxes.get(zone);
            if (z == null || ds == null || !zone.equals(parents.get(idOf(ds))) || ds.y() < ss.y() + ss.h()) {
                return elbow(src, dst);
            }
            double lane = z.x() + PAD / 2;
            double gapY = ds.y() - GAP / 2;
            double endX = dst.x() + dst.w() - 24;
            return List.of(new Point(src.x(), cy(src)), new Point(lane, cy(src)), new Point(lane, gapY),
                    new Point(endX, gapY), new Point(endX, dst.y()));
        }

        /** Straight across from the source's right side when the target lies to its right. */
        static List<Point> fromRightSide(Box src, Box dst) {
            double y = cy(dst);
            if (dst.x() >= src.x() + src.w() && y > src.y() && y < src.y() + src.h()) {
                return List.of(new Point(src.x() + src.w(), y), new Point(dst.x(), y));
            }
            return elbow(src, dst);
        }

        static String idOf(Box b) {
            return b instanceof Node n ? n.id() : ((Container) b).id();
        }

        /** "SSH 22", "ICMP", or the ports by protocol: "tcp 22, 443, 943 · udp 1194". */
        static String ports(List<Res> rules) {
            Map<String, java.util.TreeSet<Integer>> byProtocol = new TreeMap<>();
            Map<String, List<String>> ranges = new TreeMap<>();
            for (Res r : rules) {
                String protocol = Objects.requireNonNullElse(r.spec().property("protocol"), "all");
                String from = Objects.requireNonNullElse(r.spec().property("fromPort"), "-1");
                String to = Objects.requireNonNullElse(r.spec().property("toPort"), from);
                if (from.equals(to)) {
                    try {
                        byProtocol.computeIfAbsent(protocol, p -> new java.util.TreeSet<>()).add(Integer.parseInt(from));
                    } catch (NumberFormatException notAPort) {
                        ranges.computeIfAbsent(protocol, p -> new ArrayList<>()).add(from);
                    }
                } else {
                    ranges.computeIfAbsent(protocol, p -> new ArrayList<>()).add(from + "-" + to);
                }
            }
            if (ranges.isEmpty() && byProtocol.size() == 1 && byProtocol.containsKey("tcp")
                    && byProtocol.get("tcp").equals(java.util.Set.of(22))) {
                return "SSH 22";
            }
            List<String> parts = new ArrayList<>();
            Set<String> protocols = new java.util.TreeSet<>(byProtocol.keySet());
            protocols.addAll(ranges.keySet());
            for (String p : protocols) {
                if ("icmp".equals(p)) {
                    parts.add("ICMP");
                    continue;
                }
                List<String> items = new ArrayList<>();
                byProtocol.getOrDefault(p, new java.util.TreeSet<>()).forEach(n -> items.add(n < 0 ? "all" : n.toString()));
                items.addAll(ranges.getOrDefault(p, List.of()));
                parts.add(p + " " + String.join(", ", items));
            }
            return String.join(" · ", parts);
        }

        /** A gateway's short stub down into the VPC whose edge it stands on. */
        Optional<Edge> attachment(Res r) {
            Address gateway = r.refTo(Shape.VPC_EDGE);
            Address vpcAddress = r.refTo(Shape.VPC);
            Box gw = box(gateway);
            Box vpc = box(vpcAddress);
            if (gw == null || vpc == null) {
                return Optional.empty();
            }
            double cx = gw.x() + gw.w() / 2;
            List<Point> pts = List.of(new Point(cx, gw.y() + gw.h()), new Point(cx, gw.y() + gw.h() + GAP / 2));
            return Optional.of(new Edge(gateway.value(), vpcAddress.value(), EdgeKind.ATTACHMENT, "", pts, r.status()));
        }

        /** From the route's table to where it leads, when that is a box (a peering route is counted on the peering). */
        Optional<Edge> route(Res r) {
            Address table = r.refTo(Shape.VPC_BAND);
            Address target = r.routeTarget();
            Box t = box(table);
            Box g = box(target);
            if (t == null || g == null) {
                return Optional.empty();
            }
            String label = Objects.requireNonNullElse(r.spec().property("destination"), "");
            List<Point> pts;
            Double gutter = bandGutter.get(parents.get(table.value()));
            if (g.y() + g.h() <= t.y()) {
                // Target above (the gateway on the VPC edge): up, across just above the band, up.
                double my = t.y() - GAP / 2;
                pts = List.of(new Point(cx(t), t.y()), new Point(cx(t), my), new Point(cx(g), my),
                        new Point(cx(g), g.y() + g.h()));
            } else if (g.y() >= t.y() + t.h() && gutter != null) {
                // Target below (a NAT gateway in a public subnet): down to the gutter under the
                // band, across, then down into the target's top.
                pts = List.of(new Point(cx(t), t.y() + t.h()), new Point(cx(t), gutter), new Point(cx(g), gutter),
                        new Point(cx(g), g.y()));
            } else {
                pts = elbow(t, g);
            }
            return Optional.of(new Edge(table.value(), target.value(), EdgeKind.ROUTE, label, pts, r.status()));
        }

        /** From the subnet to the band box (route table) it is associated with. */
        Optional<Edge> association(Res r) {
            Address table = r.refTo(Shape.VPC_BAND);
            Address subnet = r.refTo(Shape.SUBNET);
            Box t = box(table);
            Box s = box(subnet);
            if (t == null || s == null) {
                return Optional.empty();
            }
            Double gx = zoneGutter.get(subnet.value());
            Double by = bandGutter.get(parents.get(table.value()));
            List<Point> pts;
            if (gx != null && by != null && t.y() + t.h() <= by) {
                // Out of the subnet's left side into the gutter between zone columns, up to the
                // gutter under the route-table band, across, up into the table: crosses no box.
                double sy = s.y() + HEADER / 2;
                pts = List.of(new Point(s.x(), sy), new Point(gx, sy), new Point(gx, by), new Point(cx(t), by),
                        new Point(cx(t), t.y() + t.h()));
            } else {
                pts = elbow(s, t);
            }
            return Optional.of(new Edge(subnet.value(), table.value(), EdgeKind.ATTACHMENT, "", pts, r.status()));
        }

        Optional<Edge> generic(Res r, Map<Address, Res> all) {
            List<Address> refs = drawableRefs(r, all);
            if (refs.size() < 2) {
                return Optional.empty();
            }
            Box a = box(refs.get(0));
            Box c = box(refs.get(1));
            if (a == null || c == null) {
                return Optional.empty();
            }
            return Optional.of(new Edge(refs.get(0).value(), refs.get(1).value(), EdgeKind.ATTACHMENT,
                    r.kind().label(), elbow(a, c), r.status()));
        }

        Box box(Address a) {
            return a == null ? null : boxes.get(a.value());
        }

        static double cx(Box b) {
            return b.x() + b.w() / 2;
        }

        static double cy(Box b) {
            return b.y() + b.h() / 2;
        }

        /** Three orthogonal segments between facing sides of two boxes. */
        static List<Point> elbow(Box a, Box b) {
            boolean sideBySide = a.y() < b.y() + b.h() && b.y() < a.y() + a.h();
            if (sideBySide) {
                boolean right = cx(b) >= cx(a);
                double x1 = right ? a.x() + a.w() : a.x();
                double x2 = right ? b.x() : b.x() + b.w();
                double mx = (x1 + x2) / 2;
                return List.of(new Point(x1, cy(a)), new Point(mx, cy(a)), new Point(mx, cy(b)), new Point(x2, cy(b)));
            }
            boolean down = cy(b) >= cy(a);
            double y1 = down ? a.y() + a.h() : a.y();
            double y2 = down ? b.y() : b.y() + b.h();
            double my = (y1 + y2) / 2;
            return List.of(new Point(cx(a), y1), new Point(cx(a), my), new Point(cx(b), my), new Point(cx(b), y2));
        }
    }

    // ---------------------------------------------------------------- labels

    private static String displayName(Res r) {
        String name = r.address().name();
        return name.isEmpty() ? r.address().type() : name;
    }

    /**
     * "NAT gateway public-a" when it fits the box, else just "public-a": the icon badge already
     * names the kind.
     */
    /**
     * A box's label: its kind's name and its own; for a role that names its box (the team's
     * state bucket), the role's name instead of the kind's.
     */
    private static String nodeLabel(Res r, double boxWidth) {
        String role = role(r);
        return DiagramStyle.roleLabel(role)
                .map(l -> DiagramStyle.nodeLabel(l, DiagramStyle.nameBesideRole(role, r.address().name()), boxWidth))
                .orElseGet(() -> DiagramStyle.nodeLabel(r.kind().label(), r.address().name(), boxWidth));
    }

    /**
     * The role a resource plays, for a kind with a {@code role} property: its spec's, else its
     * address's name (the Access step's hosts are named by role); null for a kind without one.
     */
    private static String role(Res r) {
        if (!r.kind().properties().containsKey(ROLE)) {
            return null;
        }
        return Objects.requireNonNullElse(r.spec().property(ROLE), r.address().name());
    }

    /**
     * The kind's badge; for a kind with a {@code role} property (instances), its role's, so a
     * bastion, a VPN server, the app host ({@code private}) and the peer region's host read apart.
     * A spec without the property is named by its address.
     */
    private static Badge badge(Res r) {
        if (!r.kind().properties().containsKey(ROLE)) {
            return DiagramStyle.badge(r.kind());
        }
        if (r.address().step().equals(PEER_STEP)) {
            return DiagramStyle.badge(r.kind(), "peer");
        }
        String role = role(r);
        return DiagramStyle.badge(r.kind(), "private".equals(role) ? "app" : role);
    }

    /**
     * What a box says under its label. A host (it has a private address, or an address is
     * associated with it: an instance) shows its addresses, private then public (the address
     * beside it, else its own); anything else its own public IP (an address, a NAT gateway) or
     * its physical ID.
     */
    private static String nodeSublabel(Res r, Res eip, boolean host) {
        String privateIp = r.attribute("privateIp");
        if (privateIp != null || host) {
            String publicIp = eip != null && eip.attribute("publicIp") != null ? eip.attribute("publicIp")
                    : r.attribute("publicIp");
            List<String> parts = new ArrayList<>();
            if (privateIp != null && !privateIp.isEmpty()) {
                parts.add(privateIp);
            }
            if (publicIp != null && !publicIp.isEmpty()) {
                parts.add(publicIp);
            }
            return parts.isEmpty() ? r.physicalId() : String.join(" · ", parts);
        }
        String ip = r.attribute("publicIp");
        if (ip != null && !ip.isEmpty()) {
            return ip;
        }
        return r.physicalId();
    }

    private static String withId(String cidr, Res r) {
        String c = cidr == null ? "" : cidr;
        String id = r.physicalId();
        if (id.isEmpty()) {
            return c;
        }
        return c.isEmpty() ? id : c + "  " + id;
    }

}
