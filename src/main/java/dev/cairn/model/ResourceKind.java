package dev.cairn.model;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything Cairn knows about one kind of AWS resource, in one definition: what the journal
 * calls it, which service owns it, how it is tagged and found, how long it may take, which
 * property changes AWS can apply in place and which need a new resource, what it costs, how the
 * diagram draws it and where the console shows it. The engine, the planner, the cost estimate,
 * the scanners, the diagram and the console links read these facts; none of them switches over
 * kinds. Every kind is listed in {@link dev.cairn.model.kinds.ResourceKinds}, and a test walks
 * that registry and fails for a kind that lacks a fact.
 *
 * <p>Two kinds are equal only when they are the same definition: a wire name is registered once.
 */
public final class ResourceKind implements Comparable<ResourceKind> {

    /** How AWS lets this kind carry Cairn's tags. */
    public enum Tagging {
        /** Tags are given on the create call ({@code TagSpecifications}, {@code Tags}). */
        ON_CREATE,
        /**
         * AWS cannot tag it, so Cairn writes an ownership record beside it that carries the stack
         * and address (a Route 53 record's TXT twin, external-dns' convention); the scan finds it
         * through that record.
         */
        OWNERSHIP_RECORD,
        /** AWS cannot tag it (routes, associations, rules); it is found by structure or through its parent. */
        NONE
    }

    /** How a resource of this kind is found again, when its ID is lost or to heal an interrupted create. */
    public enum Identity {
        /** By the {@code cairn:stack} and {@code cairn:address} tags. */
        TAG,
        /** By a deterministic physical name Cairn chose ({@link #naming()}), checked for ownership by its tags. */
        NAME,
        /** By the ARN Cairn can compute from the account, region and name. */
        ARN,
        /** By its place in a parent (a route in its table, a rule in its group). */
        PARENT
    }

    /** What a change of one property means for an existing resource. */
    public enum Change {
        /** AWS applies it in place: the plan says {@code ~ update}, the ID stays. */
        UPDATE,
        /** It cannot change on an existing resource: the plan replaces it (Terraform's ForceNew). */
        REPLACE
    }

    /** How a kind is billed, for the cost estimate (prices live in the plan's price tables). */
    public enum Billing {
        /** No charge of its own. */
        FREE,
        /** An hourly charge per resource, priced per region by the plan's price table (its {@code hourly.<KIND>} lines). */
        HOURLY,
        /** An hourly charge by instance type, read from the {@link Cost#property()} property. */
        BY_INSTANCE_TYPE,
        /** A public IPv4 address, billed by the hour whether attached or idle. */
        PUBLIC_IPV4
    }

    /**
     * A kind's cost line.
     *
     * @param billing how it is billed
     * @param property the property the price depends on ({@code instanceType}), or empty
     * @param usageNote a usage-based charge the estimate shows as a rate, not a total, named after
     *     the kind's label ({@code data processing}: "NAT gateway data processing"), or empty
     * @param usageUnit what the usage rate is per ({@code GB processed}); empty exactly when the
     *     note is
     */
    public record Cost(Billing billing, String property, String usageNote, String usageUnit, String quantityProperty,
            List<Usage> moreUsage) {
        public Cost {
            Objects.requireNonNull(billing, "billing");
            property = property == null ? "" : property;
            usageNote = usageNote == null ? "" : usageNote;
            usageUnit = usageUnit == null ? "" : usageUnit;
            quantityProperty = quantityProperty == null ? "" : quantityProperty;
            moreUsage = moreUsage == null ? List.of() : List.copyOf(moreUsage);
            if (usageNote.isEmpty() != usageUnit.isEmpty()) {
                throw new IllegalArgumentException("a usage charge names both what is charged and its unit");
            }
        }

        public Cost(Billing billing, String property, String usageNote, String usageUnit, String quantityProperty) {
            this(billing, property, usageNote, usageUnit, quantityProperty, List.of());
        }

        public Cost(Billing billing, String property, String usageNote, String usageUnit) {
            this(billing, property, usageNote, usageUnit, "");
        }

        public static final Cost FREE = new Cost(Billing.FREE, "", "", "");

        public static Cost hourly() {
            return new Cost(Billing.HOURLY, "", "", "");
        }

        public static Cost byInstanceType(String property) {
            return new Cost(Billing.BY_INSTANCE_TYPE, property, "", "");
        }

        public static Cost publicIpv4() {
            return new Cost(Billing.PUBLIC_IPV4, "", "", "");
        }

        /**
         * Adds a usage-based charge, shown as a rate per {@code unit} (prices in the plan's tables):
         * the first is the kind's main usage ({@code usage.<KIND>.<region>}); each further one is
         * one of {@link #moreUsage} (an S3 bucket bills storage and requests), priced under
         * {@code usage.<KIND>+<key>.<region>} with the key {@link Usage#key} derives from its note.
         */
        public Cost withUsage(String note, String unit) {
            if (!hasUsage()) {
                return new Cost(billing, property, note, unit, quantityProperty, moreUsage);
            }
            List<Usage> more = new java.util.ArrayList<>(moreUsage);
            more.add(new Usage(note, unit));
            return new Cost(billing, property, usageNote, usageUnit, quantityProperty, more);
        }

        /**
         * One resource stands for as many billed units as its {@code property} says (an Auto
         * Scaling group's {@code desired} instances); without it, one.
         */
        public Cost times(String property) {
            return new Cost(billing, this.property, usageNote, usageUnit, property, moreUsage);
        }

        /** Whether the kind also has a usage-based charge. */
        public boolean hasUsage() {
            return !usageNote.isEmpty();
        }
    }

    /**
     * A further usage-based charge of a kind, beside its main one.
     *
     * @param note what is charged ({@code GET requests}), named after the kind's label
     * @param unit what the rate is per ({@code 1,000 requests})
     */
    public record Usage(String note, String unit) {
        public Usage {
            if (note == null || note.isBlank() || unit == null || unit.isBlank()) {
                throw new IllegalArgumentException("a usage charge names both what is charged and its unit");
            }
        }

        /** Its key in the price table: the note's letters and digits, lower case, joined by {@code -}. */
        public String key() {
            return note.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        }
    }

    /**
     * Where the topology places a kind (the diagram's roles; the layout switches over these, not
     * over kinds). The layout finds what a resource belongs to by its refs, each recognised by the
     * shape of the kind it points at ("its {@code VPC} ref" is its first ref to a kind of shape
     * {@link #VPC}), so a new kind of an existing shape lands in the right place.
     */
    public enum Shape {
        /** A network container holding zones and subnets ({@code cidr} prop). */
        VPC,
        /** A subnet box inside its VPC's zone column ({@code VPC} ref, {@code zone}, {@code tier} and {@code cidr} props). */
        SUBNET,
        /** A gateway on its VPC's top edge (attached through an {@link #ATTACHMENT} edge). */
        VPC_EDGE,
        /** A box in the band under its VPC's header ({@code VPC} ref; {@code tier} public first). */
        VPC_BAND,
        /**
         * A box inside the subnet its {@code SUBNET} ref names; one with a {@code BESIDE_HOLDER} ref
         * holds that address beside it (a NAT gateway its Elastic IP).
         */
        IN_SUBNET,
        /** A box beside the resource that holds it (an Elastic IP beside its NAT gateway or instance). */
        BESIDE_HOLDER,
        /** A box in the lane of regional services outside the VPCs. */
        SERVICE,
        /**
         * A box spanning the subnets its {@code SUBNET}-shaped refs name, one in each zone column
         * (a load balancer across the public subnets).
         */
        ACROSS_SUBNETS,
        /**
         * A group box over the subnets its {@code SUBNET}-shaped refs name, holding the members it
         * launches, which come and go as it scales (an Auto Scaling group's instances).
         */
        GROUP,
        /**
         * A lane of its own outside the VPCs (a pipeline): the resource, then the {@link #SERVICE}
         * resources it refs that exist to serve it, in the order its kind declares those refs
         * (its source connection, build project, deploy application and artifact store). A ref
         * serves it when no other kind declares a ref to that ref's kind (a kind folded into that
         * kind aside), so a role, which every service's resources name, stays in the services lane.
         */
        LANE,
        /** An edge joining a gateway to its VPC (its {@code VPC_EDGE} and {@code VPC} refs). */
        ATTACHMENT,
        /**
         * An edge from a route table (its {@code VPC_BAND} ref) to a route's target, its first other
         * ref ({@code destination} prop); a route through a {@link #PEERING} is counted on it.
         */
        ROUTE,
        /** An edge from a route table to a subnet (its {@code VPC_BAND} and {@code SUBNET} refs). */
        ASSOCIATION,
        /**
         * An edge from the {@link #IN_SUBNET} resource it names to the {@link #BESIDE_HOLDER} address
         * it associates with it (an instance and its Elastic IP), which then stands beside it.
         */
        ADDRESS_ASSOCIATION,
        /**
         * A permission: edges to the {@link #IN_SUBNET} resources that ref its {@code group} from
         * those that ref its {@code sourceGroup}, or from its {@code cidr} (a VPC's, or the
         * internet's); labelled by {@code protocol}, {@code fromPort} and {@code toPort}. Both refs
         * point at groups, so these are named, not found by shape.
         */
        TRUST,
        /** An edge joining the two VPCs its first two {@code VPC} refs name (from the first). */
        PEERING,
        /** Not drawn on its own: folded into another resource's box or edge (named by {@link #foldedInto()}). */
        FOLDED
    }

    /**
     * The badge of a kind's boxes in the diagram.
     *
     * @param text up to four letters ({@code NAT})
     * @param colour the badge's fill, {@code #rrggbb}
     */
    public record Icon(String text, String colour) {
        private static final Pattern COLOUR = Pattern.compile("#[0-9a-f]{6}");

        public Icon {
            if (text == null || text.isEmpty() || text.length() > 4) {
                throw new IllegalArgumentException("an icon's text has 1 to 4 letters: " + text);
            }
            if (colour == null || !COLOUR.matcher(colour).matches()) {
                throw new IllegalArgumentException("an icon's colour is #rrggbb: " + colour);
            }
        }
    }

    /**
     * The rules a physical name of this kind must follow, for kinds found by name.
     *
     * @param maxLength AWS's limit
     * @param allowed the characters AWS accepts, as a regex character class body ({@code a-z0-9-})
     * @param scope where the name must be unique
     */
    public record Naming(int maxLength, String allowed, Scope scope) {
        /** Where a physical name must be unique. */
        public enum Scope { REGION, ACCOUNT, GLOBAL }

        public Naming {
            if (maxLength < 1) {
                throw new IllegalArgumentException("maxLength must be positive");
            }
            Objects.requireNonNull(allowed, "allowed");
            Objects.requireNonNull(scope, "scope");
        }
    }

    /**
     * How long a kind may take and how long a transient error is retried.
     *
     * @param create until a created resource is ready
     * @param update until an update in place is done
     * @param delete until a deleted resource is gone
     * @param retryWindows AWS error code → how long to keep retrying it; codes not listed use the
     *     engine's defaults ({@code DependencyViolation}, {@code …NotFound}, other transient errors)
     */
    public record Timeouts(Duration create, Duration update, Duration delete, Map<String, Duration> retryWindows) {
        public Timeouts {
            Objects.requireNonNull(create, "create");
            Objects.requireNonNull(update, "update");
            Objects.requireNonNull(delete, "delete");
            retryWindows = Collections.unmodifiableMap(new LinkedHashMap<>(retryWindows));
        }
    }

    private final String wireName;
    private final AwsService service;
    private final String label;
    private final String cloudFormationType;
    private final Tagging tagging;
    private final Identity identity;
    private final String scanType;
    private final Naming naming;
    private final Map<String, Change> properties;
    private final Map<String, ResourceKind> refs;
    private final Set<ResourceKind> after;
    private final Timeouts timeouts;
    private final Cost cost;
    private final Shape shape;
    private final String foldedInto;
    private final Icon icon;
    private final String consoleUrl;
    private final Duration typicalReady;
    private final Duration typicalGone;

    private ResourceKind(Builder b) {
        this.wireName = b.wireName;
        this.service = Objects.requireNonNull(b.service, "service of " + b.wireName);
        this.label = Objects.requireNonNull(b.label, "label of " + b.wireName);
        this.cloudFormationType = Objects.requireNonNull(b.cloudFormationType, "cloudFormationType of " + b.wireName);
        this.tagging = Objects.requireNonNull(b.tagging, "tagging of " + b.wireName);
        this.identity = Objects.requireNonNull(b.identity, "identity of " + b.wireName);
        this.scanType = b.scanType;
        this.naming = b.naming;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
        this.refs = Collections.unmodifiableMap(new LinkedHashMap<>(b.refs));
        this.after = Collections.unmodifiableSet(new LinkedHashSet<>(b.after));
        this.timeouts = Objects.requireNonNull(b.timeouts, "timeouts of " + b.wireName);
        this.cost = Objects.requireNonNull(b.cost, "cost of " + b.wireName);
        this.shape = Objects.requireNonNull(b.shape, "shape of " + b.wireName);
        this.foldedInto = b.foldedInto;
        this.icon = b.icon;
        this.consoleUrl = b.consoleUrl;
        this.typicalReady = b.typicalReady;
        this.typicalGone = b.typicalGone;
        if (identity == Identity.NAME && naming == null) {
            throw new IllegalStateException(wireName + " is found by name but declares no naming rules");
        }
        if (identity == Identity.TAG && tagging != Tagging.ON_CREATE) {
            throw new IllegalStateException(wireName + " cannot be tagged, so it cannot be found by tag");
        }
        if ((shape == Shape.FOLDED) != (foldedInto != null)) {
            throw new IllegalStateException(wireName + ": a FOLDED shape names the kind it folds into, and only it");
        }
    }

    /**
     * Starts a definition.
     *
     * @param wireName the name the journal stores: upper case, never renamed once released
     *     (renaming the Java field is harmless; renaming this makes old stacks unreadable)
     */
    public static Builder define(String wireName) {
        return new Builder(wireName);
    }

    /** The name the journal and the state file store ({@code NAT_GATEWAY}). */
    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * The registered kind of a wire name (how the state file's kinds are read back).
     *
     * @throws IllegalArgumentException for a name no registered kind has
     */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static ResourceKind ofWireName(String wireName) {
        return dev.cairn.model.kinds.ResourceKinds.require(wireName);
    }

    /** Same as {@link #wireName()}: kinds were an enum once, and the journal still says {@code name}. */
    public String name() {
        return wireName;
    }

    public AwsService service() {
        return service;
    }

    /** English name for logs and the CLI ({@code NAT gateway}); the GUI uses {@link #displayKey()}. */
    public String label() {
        return label;
    }

    /** The bundle key of the kind's display name ({@code diagram.kind.nat_gateway}). */
    public String displayKey() {
        return "diagram.kind." + wireName.toLowerCase(Locale.ROOT);
    }

    /** The CloudFormation resource type ({@code AWS::EC2::NatGateway}), or empty when it has none of its own. */
    public String cloudFormationType() {
        return cloudFormationType;
    }

    public Tagging tagging() {
        return tagging;
    }

    /**
     * Whether resources of this kind carry Cairn's tags (the user's tags then change in place);
     * untaggable kinds are found by structure or by an ownership record.
     */
    public boolean taggable() {
        return tagging == Tagging.ON_CREATE;
    }

    /** Whether the teardown's scan can find a resource of this kind that state lost. */
    public boolean scannable() {
        return tagging != Tagging.NONE;
    }

    public Identity identity() {
        return identity;
    }

    /**
     * The word the service's tag scanner reports this kind by (EC2's {@code DescribeTags}
     * resource type: {@code natgateway}), or empty for kinds no scan finds (untaggable ones).
     */
    public Optional<String> scanType() {
        return Optional.ofNullable(scanType);
    }

    /** The rules of a physical name, for kinds found by name. */
    public Optional<Naming> naming() {
        return Optional.ofNullable(naming);
    }

    /** Every property a spec of this kind may carry, with what a change of it means. */
    public Map<String, Change> properties() {
        return properties;
    }

    /**
     * What changing {@code property} means. A property the definition does not list is treated
     * as forcing a replacement: the safe answer for something nobody said can change in place.
     */
    public Change property(String property) {
        return properties.getOrDefault(property, Change.REPLACE);
    }

    /** Whether the user's tags can change in place (every taggable kind). */
    public boolean tagsUpdatable() {
        return taggable();
    }

    /**
     * Each ref name a spec of this kind may use, mapped to the kind it points at. A name is also a
     * family: a spec may use {@code subnet.a}, {@code subnet.c}, … for a kind that refs one
     * resource per zone ({@link #refKind}).
     */
    public Map<String, ResourceKind> refs() {
        return refs;
    }

    /**
     * The kind a ref of a spec points at: the declared ref of that name, or of its family (the
     * part before the first {@value #REF_FAMILY_SEPARATOR}); empty for a ref the kind does not declare.
     */
    public Optional<ResourceKind> refKind(String refName) {
        ResourceKind exact = refs.get(refName);
        if (exact != null) {
            return Optional.of(exact);
        }
        int dot = refName.indexOf(REF_FAMILY_SEPARATOR);
        return dot < 0 ? Optional.empty() : Optional.ofNullable(refs.get(refName.substring(0, dot)));
    }

    /** Separates a ref family's name from the member's ({@code subnet.a}). */
    public static final char REF_FAMILY_SEPARATOR = '.';

    /**
     * Kinds a resource of this kind must be created after (and deleted before) even without a
     * ref: a NAT gateway after its VPC's gateway attachment, since AWS refuses a public NAT gateway
     * in a VPC without an attached internet gateway.
     */
    public Set<ResourceKind> after() {
        return after;
    }

    /** Every kind this one depends on: its refs' kinds and its {@link #after()} kinds. */
    public Set<ResourceKind> dependsOn() {
        Set<ResourceKind> all = new LinkedHashSet<>(refs.values());
        all.addAll(after);
        return Collections.unmodifiableSet(all);
    }

    /**
     * How long AWS typically takes from the create's answer to ready (a NAT gateway's
     * {@code available}): the engine waits this long, scaled by the target, before its first
     * poll. Zero for kinds that are ready on create or within a second.
     */
    public Duration typicalReady() {
        return typicalReady;
    }

    /** As {@link #typicalReady()}, from the delete's answer to gone. */
    public Duration typicalGone() {
        return typicalGone;
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    public Cost cost() {
        return cost;
    }

    public Shape shape() {
        return shape;
    }

    /** For a {@link Shape#FOLDED} kind, the ref whose resource it is drawn with; else empty. */
    public Optional<String> foldedInto() {
        return Optional.ofNullable(foldedInto);
    }

    /** The diagram badge of boxes of this kind; empty for kinds drawn as edges or containers. */
    public Optional<Icon> icon() {
        return Optional.ofNullable(icon);
    }

    /**
     * The console page of one resource, with {@code {region}} and {@code {id}} to fill in
     * ({@code {idHead}} and {@code {idTail}}: the ID before its first {@code /}, after its last),
     * or empty when the console has no page of its own for the kind.
     */
    public Optional<String> consoleUrl() {
        return Optional.ofNullable(consoleUrl);
    }

    @Override
    public int compareTo(ResourceKind other) {
        return wireName.compareTo(other.wireName);
    }

    @Override
    public String toString() {
        return wireName;
    }

    /** Collects a definition's facts; {@link #build()} checks that each required fact is there. */
    public static final class Builder {
        private static final Pattern WIRE_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

        private final String wireName;
        private AwsService service;
        private String label;
        private String cloudFormationType;
        private Tagging tagging;
        private Identity identity;
        private String scanType;
        private Naming naming;
        private final Map<String, Change> properties = new LinkedHashMap<>();
        private final Map<String, ResourceKind> refs = new LinkedHashMap<>();
        private final Set<ResourceKind> after = new LinkedHashSet<>();
        private Timeouts timeouts;
        private Cost cost;
        private Shape shape;
        private String foldedInto;
        private Icon icon;
        private String consoleUrl;
        private Duration typicalReady = Duration.ZERO;
        private Duration typicalGone = Duration.ZERO;

        private Builder(String wireName) {
            if (wireName == null || !WIRE_NAME.matcher(wireName).matches()) {
                throw new IllegalArgumentException("a wire name is UPPER_SNAKE_CASE: " + wireName);
            }
            this.wireName = wireName;
        }

        public Builder service(AwsService value) {
            this.service = value;
            return this;
        }

        public Builder label(String value) {
            this.label = value;
            return this;
        }

        /** The CloudFormation type, or {@code ""} for a kind CloudFormation has no resource for. */
        public Builder cloudFormation(String value) {
            this.cloudFormationType = value;
            return this;
        }

        /** Tagged on create and found by tag; {@code scanType} is the service scanner's word for it. */
        public Builder taggedOnCreate(String scanType) {
            this.tagging = Tagging.ON_CREATE;
            this.identity = Identity.TAG;
            this.scanType = scanType;
            return this;
        }

        /** Not taggable: found through its parent (its place in a table, group or VPC). */
        public Builder foundThroughParent() {
            this.tagging = Tagging.NONE;
            this.identity = Identity.PARENT;
            this.scanType = null;
            return this;
        }

        /** Tagged on create, named by Cairn, and found by that name (ownership checked by its tags). */
        public Builder named(Naming rules, String scanType) {
            this.tagging = Tagging.ON_CREATE;
            this.identity = Identity.NAME;
            this.naming = rules;
            this.scanType = scanType;
            return this;
        }

        /**
         * Untaggable, named by Cairn, and owned through a record Cairn writes beside it (a Route 53
         * record's TXT twin); {@code scanType} is the scanner's word for it.
         */
        public Builder ownedByRecord(Naming rules, String scanType) {
            this.tagging = Tagging.OWNERSHIP_RECORD;
            this.identity = Identity.NAME;
            this.naming = rules;
            this.scanType = scanType;
            return this;
        }

        public Builder property(String name, Change change) {
            properties.put(name, change);
            return this;
        }

        /** Properties that force a new resource when they change. */
        public Builder replaceOn(String... names) {
            for (String n : names) {
                properties.put(n, Change.REPLACE);
            }
            return this;
        }

        /** Properties AWS changes in place. */
        public Builder updateOn(String... names) {
            for (String n : names) {
                properties.put(n, Change.UPDATE);
            }
            return this;
        }

        public Builder ref(String name, ResourceKind target) {
            refs.put(name, Objects.requireNonNull(target, "target of ref " + name));
            return this;
        }

        public Builder after(ResourceKind kind) {
            after.add(Objects.requireNonNull(kind, "after"));
            return this;
        }

        public Builder timeouts(Duration create, Duration update, Duration delete) {
            this.timeouts = new Timeouts(create, update, delete, timeouts == null ? Map.of() : timeouts.retryWindows());
            return this;
        }

        /** Retries AWS's {@code code} for up to {@code window} (after the timeouts are set). */
        public Builder retry(String code, Duration window) {
            if (timeouts == null) {
                throw new IllegalStateException("set the timeouts of " + wireName + " before its retry windows");
            }
            Map<String, Duration> windows = new LinkedHashMap<>(timeouts.retryWindows());
            windows.put(code, window);
            this.timeouts = new Timeouts(timeouts.create(), timeouts.update(), timeouts.delete(), windows);
            return this;
        }

        /**
         * AWS's typical latency from the create's answer to ready and from the delete's answer
         * to gone (see {@link ResourceKind#typicalReady()}); zero (the default) polls at once.
         */
        public Builder typical(Duration ready, Duration gone) {
            if (ready.isNegative() || gone.isNegative()) {
                throw new IllegalArgumentException("typical latencies of " + wireName + " must not be negative");
            }
            this.typicalReady = ready;
            this.typicalGone = gone;
            return this;
        }

        public Builder cost(Cost value) {
            this.cost = value;
            return this;
        }

        public Builder shape(Shape value) {
            this.shape = value;
            return this;
        }

        /** Drawn with the resource its {@code ref} points at. */
        public Builder foldedInto(String ref) {
            this.shape = Shape.FOLDED;
            this.foldedInto = ref;
            return this;
        }

        public Builder icon(String text, String colour) {
            this.icon = new Icon(text, colour);
            return this;
        }

        /** The console URL with {@code {region}} and {@code {id}} placeholders. */
        public Builder console(String url) {
            this.consoleUrl = url;
            return this;
        }

        public ResourceKind build() {
            return new ResourceKind(this);
        }
    }
}
