package dev.cairn.gui;

import dev.cairn.app.HowToUse;
import dev.cairn.app.MyIpResolver;
import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.InstanceTypeName;
import dev.cairn.model.Regions;
import dev.cairn.model.StackState;
import dev.cairn.plan.CostEstimate;
import dev.cairn.plan.Planner;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.access.KeyPairMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Access page: key pair, My IP, bastion, VPN, private instance and the optional peering.
 * The page edits only the blueprint's {@code access} section; the rest comes from the Network
 * page ({@link #setBase}). Every change validates the whole blueprint and keeps the errors of the
 * {@code access.*} fields per path, so the view puts each at its control; a valid whole is handed
 * to {@code onValid} (which saves it). With the step left out, the blueprint has no access section.
 */
public final class AccessStepViewModel {

    public static final String ACCESS = "access";
    public static final String MY_IP = "access.myIp";
    public static final String KEY_PAIR = "access.keyPair";
    public static final String KEY_MODE = "access.keyPair.mode";
    public static final String KEY_NAME = "access.keyPair.name";
    public static final String KEY_FILE = "access.keyPair.publicKeyFile";
    public static final String BASTION_TYPE = "access.bastion.instanceType";
    public static final String VPN_TYPE = "access.vpn.instanceType";
    public static final String VPN_AMI = "access.vpn.amiId";
    public static final String PRIVATE = "access.privateInstance";
    public static final String PRIVATE_TYPE = "access.privateInstance.instanceType";
    public static final String PEER_REGION = "access.peering.region";
    public static final String PEER_CIDR = "access.peering.vpcCidr";
    public static final String PEER_ZONES = "access.peering.zones";
    public static final String PEER_TYPE = "access.peering.instanceType";
    private static final List<String> FIELDS = List.of(ACCESS, MY_IP, KEY_PAIR, KEY_MODE, KEY_NAME, KEY_FILE,
            BASTION_TYPE, VPN_TYPE, VPN_AMI, PRIVATE, PRIVATE_TYPE, PEER_REGION, PEER_CIDR, PEER_ZONES, PEER_TYPE);

    /** The picker's choices: the types the price table knows; any other valid name may be typed. */
    public static final List<String> COMMON_TYPES = List.of("t2.micro", "t3.micro", "t3.small", "t3.medium",
            "t4g.micro", "t4g.small");
    /** The peered VPC's block a new page proposes: clear of the usual 10.0/16 and 10.1/16 main VPCs. */
    public static final String DEFAULT_PEER_CIDR = "10.2.0.0/16";

    private final TaskExecutor executor;
    private final Consumer<Blueprint> onValid;

    private final BooleanProperty included = new SimpleBooleanProperty(false);
    private final StringProperty myIp = new SimpleStringProperty("");
    private final BooleanProperty allowAnywhere = new SimpleBooleanProperty(false);
    private final ObjectProperty<KeyPairMode> keyMode = new SimpleObjectProperty<>(KeyPairMode.CREATE);
    private final StringProperty keyName = new SimpleStringProperty("");
    private final StringProperty publicKeyFile = new SimpleStringProperty("");
    private final BooleanProperty bastionOn = new SimpleBooleanProperty(true);
    private final StringProperty bastionType = new SimpleStringProperty("");
    private final BooleanProperty vpnOn = new SimpleBooleanProperty(true);
    private final StringProperty vpnType = new SimpleStringProperty("");
    private final StringProperty vpnAmi = new SimpleStringProperty("");
    private final BooleanProperty privateOn = new SimpleBooleanProperty(true);
    private final StringProperty privateType = new SimpleStringProperty("");
    private final BooleanProperty peeringOn = new SimpleBooleanProperty(false);
    private final StringProperty peerRegion = new SimpleStringProperty();
    private final StringProperty peerCidr = new SimpleStringProperty(DEFAULT_PEER_CIDR);
    private final StringProperty peerType = new SimpleStringProperty("");

    private final ObservableList<String> peerRegions = FXCollections.observableArrayList();
    /** One wrapper, kept: listeners on a wrapper made per call would be lost to GC. */
    private final ObservableList<String> readOnlyPeerRegions = FXCollections.unmodifiableObservableList(peerRegions);
    private final ObservableList<FieldError> errors = FXCollections.observableArrayList();
    private final ObservableList<FieldError> readOnlyErrors = FXCollections.unmodifiableObservableList(errors);
    private final Map<String, ReadOnlyObjectWrapper<FieldError>> fieldErrors = new LinkedHashMap<>();
    private final ReadOnlyObjectWrapper<FieldError> warning = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyObjectWrapper<Blueprint> blueprint = new ReadOnlyObjectWrapper<>();
    private final ObservableList<CostEstimate> costs = FXCollections.observableArrayList();
    private final ObservableList<CostEstimate> readOnlyCosts = FXCollections.unmodifiableObservableList(costs);
    private final ObservableList<HowToUse.Step> howToUse = FXCollections.observableArrayList();
    private final ObservableList<HowToUse.Step> readOnlyHowToUse = FXCollections.unmodifiableObservableList(howToUse);
    private final ReadOnlyBooleanWrapper detecting = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Problem> detectProblem = new ReadOnlyObjectWrapper<>();

    private Blueprint base;
    /** The section of the last saved whole (or of the stack as opened): what a Network-only save keeps. */
    private AccessSection lastValid;
    /** True while {@link #load} fills the form, so its changes are not treated as edits. */
    private boolean loading;

    public AccessStepViewModel(TaskExecutor executor, Consumer<Blueprint> onValid) {
        this.executor = executor;
        this.onValid = onValid;
        for (String f : FIELDS) {
            fieldErrors.put(f, new ReadOnlyObjectWrapper<>());
        }
        List<ObservableValue<?>> inputs = List.of(included, myIp, allowAnywhere, keyMode, keyName, publicKeyFile,
                bastionOn, bastionType, vpnOn, vpnType, vpnAmi, privateOn, privateType, peeringOn, peerRegion,
                peerCidr, peerType);
        inputs.forEach(p -> p.addListener((o, a, b) -> revalidate()));
        peerRegion.addListener((o, a, b) -> {
            // The peer's free-tier type depends on its region; follow it unless another was chosen.
            if (!loading && (peerType.get() == null || peerType.get().isEmpty()
                    || peerType.get().equals(InstanceTypeName.freeTierDefault(a)))) {
                peerType.set(InstanceTypeName.freeTierDefault(b));
            }
        });
    }

    /** Fills the form from a stack just opened; a stack without the step gets the page's defaults, left out. */
    public void load(Blueprint bp) {
        loading = true;
        try {
            base = bp.without(AccessSection.KEY);
            lastValid = bp.section(AccessSection.KEY);
            String region = bp.region();
            String free = InstanceTypeName.freeTierDefault(region);
            fillPeerRegions(region);
            AccessSection a = bp.section(AccessSection.KEY);
            included.set(a != null);
            myIp.set(a == null || a.myIp() == null ? "" : a.myIp());
            allowAnywhere.set(a != null && a.sshFromAnywhereAllowed());
            AccessSection.KeyPair key = a == null ? null : a.keyPair();
            keyMode.set(key == null || key.mode() == null ? KeyPairMode.CREATE : key.mode());
            keyName.set(key == null || key.name() == null ? bp.name() + "-key" : key.name());
            publicKeyFile.set(key == null || key.publicKeyFile() == null ? "" : key.publicKeyFile());
            bastionOn.set(a == null || a.bastionOn());
            bastionType.set(typeOr(a == null || a.bastion() == null ? null : a.bastion().instanceType(), free));
            vpnOn.set(a == null || a.vpnOn());
            vpnType.set(typeOr(a == null || a.vpn() == null ? null : a.vpn().instanceType(), free));
            vpnAmi.set(a == null || a.vpn() == null || a.vpn().amiId() == null ? "" : a.vpn().amiId());
            privateOn.set(a == null || a.privateInstanceOn());
            privateType.set(typeOr(a == null || a.privateInstance() == null ? null : a.privateInstance().instanceType(), free));
            AccessSection.Peering p = a == null ? null : a.peering();
            peeringOn.set(p != null && p.on());
            String peer = p != null && p.region() != null ? p.region() : peerRegions.isEmpty() ? null : peerRegions.get(0);
            peerRegion.set(peer);
            peerCidr.set(p == null || p.vpcCidr() == null ? DEFAULT_PEER_CIDR : p.vpcCidr());
            peerType.set(typeOr(p == null ? null : p.instanceType(), InstanceTypeName.freeTierDefault(peer)));
            detectProblem.set(null);
        } finally {
            loading = false;
        }
        revalidate();
    }

    private static String typeOr(String type, String fallback) {
        return type == null || type.isEmpty() ? fallback : type;
    }

    private void fillPeerRegions(String region) {
        peerRegions.setAll(Regions.codes().stream().filter(c -> !c.equals(region)).toList());
    }

    /**
     * The Network page's blueprint changed (CIDR, zones, region, name): the access section is
     * checked against it again. Only the Network page's own sections are taken from it.
     */
    public void setBase(Blueprint networkBlueprint) {
        if (networkBlueprint == null) {
            return;
        }
        String oldRegion = base == null ? null : base.region();
        base = networkBlueprint.without(AccessSection.KEY);
        if (!base.region().equals(oldRegion)) {
            fillPeerRegions(base.region());
        }
        revalidate();
    }

    /** The section the form describes, or null when the step is left out. */
    public AccessSection currentSection() {
        if (!included.get()) {
            return null;
        }
        KeyPairMode mode = keyMode.get();
        AccessSection.KeyPair key = new AccessSection.KeyPair(mode, trim(keyName.get()),
                mode == KeyPairMode.IMPORT ? trim(publicKeyFile.get()) : null);
        AccessSection.Peering peering = peeringOn.get()
                ? new AccessSection.Peering(true, peerRegion.get(), trim(peerCidr.get()),
                        peerRegion.get() == null ? null : Regions.defaultZones(peerRegion.get()), trim(peerType.get()))
                : null;
        String ami = trim(vpnAmi.get());
        return new AccessSection(trim(myIp.get()), allowAnywhere.get() ? Boolean.TRUE : null, key,
                new AccessSection.Host(bastionOn.get(), trim(bastionType.get())),
                new AccessSection.Vpn(vpnOn.get(), trim(vpnType.get()), ami == null || ami.isEmpty() ? null : ami),
                new AccessSection.Host(privateOn.get(), trim(privateType.get())), peering);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    /**
     * The access section last handed to {@code onValid}, or the opened stack's: while this page is
     * invalid, a valid Network edit is saved with it rather than lost or saved without the step.
     */
    public AccessSection lastValidSection() {
        return lastValid;
    }

    /** The whole blueprint: the Network page's with this page's section (null before the first load). */
    public Blueprint currentBlueprint() {
        return base == null ? null : base.with(AccessSection.KEY, currentSection());
    }

    private void revalidate() {
        if (loading || base == null) {
            return;
        }
        Blueprint bp = currentBlueprint();
        List<FieldError> all = BlueprintValidator.validate(bp);
        List<FieldError> mine = all.stream().filter(e -> e.field().equals(ACCESS) || e.field().startsWith(ACCESS + ".")).toList();
        errors.setAll(mine);
        fieldErrors.forEach((field, w) -> w.set(mine.stream()
                .filter(e -> field.equals(PEER_ZONES) ? e.field().startsWith(PEER_ZONES) : e.field().equals(field))
                .findFirst().orElse(null)));
        warning.set(BlueprintValidator.warnings(bp).stream().findFirst().orElse(null));
        blueprint.set(bp);
        valid.set(mine.isEmpty());
        if (all.isEmpty()) {
            costs.setAll(CostEstimate.perRegion(Planner.specs(plannable(bp))));
            lastValid = bp.section(AccessSection.KEY);
            onValid.accept(bp);
        }
    }

    /**
     * The blueprint with {@code myIp: auto} replaced by {@link MyIpResolver#SANDBOX_ADDRESS} for
     * previews (cost, diagram, review), which must not make a network call; applies resolve it for
     * real through {@code StackRunner}. Other blueprints are returned as they are.
     */
    public static Blueprint plannable(Blueprint bp) {
        AccessSection a = bp.section(AccessSection.KEY);
        if (a == null || !AccessSection.MY_IP_AUTO.equals(a.myIp())) {
            return bp;
        }
        return bp.with(AccessSection.KEY, a.withMyIp(MyIpResolver.SANDBOX_ADDRESS));
    }

    /**
     * Detects the address the internet sees for this machine, in the background (a real lookup
     * against AWS may take seconds), and puts it in the My IP field.
     */
    public void detectMyIp(MyIpResolver resolver) {
        if (detecting.get() || base == null) {
            return;
        }
        detecting.set(true);
        detectProblem.set(null);
        Blueprint probe = base.with(AccessSection.KEY, new AccessSection(AccessSection.MY_IP_AUTO, null, null, null, null, null, null));
        executor.execute(BackgroundTask.wrap(() -> resolver.resolve(probe).section(AccessSection.KEY).myIp())
                .onSuccess(myIp::set)
                .onFailure(e -> detectProblem.set(Problem.of("access.myIp.detectFailed", String.valueOf(e.getMessage()))))
                .onFinished(() -> detecting.set(false)));
    }

    /** The stack's state changed: the How-to-use lines follow what exists now. */
    public void setState(StackState state) {
        howToUse.setAll(state == null ? List.of() : HowToUse.steps(state));
    }

    /** A readable explanation of an instance type name, or empty when the name is not one. */
    public static Optional<InstanceTypeName> explainType(String name) {
        return InstanceTypeName.parse(name == null ? null : name.trim());
    }

    /** The first error of one field path ({@link #MY_IP}, {@link #PEER_CIDR}, …), or null. */
    public ReadOnlyObjectProperty<FieldError> errorAt(String field) {
        ReadOnlyObjectWrapper<FieldError> w = fieldErrors.get(field);
        if (w == null) {
            throw new IllegalArgumentException("no such field: " + field);
        }
        return w.getReadOnlyProperty();
    }

    public BooleanProperty includedProperty() {
        return included;
    }

    public StringProperty myIpProperty() {
        return myIp;
    }

    public BooleanProperty allowAnywhereProperty() {
        return allowAnywhere;
    }

    public ObjectProperty<KeyPairMode> keyModeProperty() {
        return keyMode;
    }

    public StringProperty keyNameProperty() {
        return keyName;
    }

    public StringProperty publicKeyFileProperty() {
        return publicKeyFile;
    }

    public BooleanProperty bastionOnProperty() {
        return bastionOn;
    }

    public StringProperty bastionTypeProperty() {
        return bastionType;
    }

    public BooleanProperty vpnOnProperty() {
        return vpnOn;
    }

    public StringProperty vpnTypeProperty() {
        return vpnType;
    }

    public StringProperty vpnAmiProperty() {
        return vpnAmi;
    }

    public BooleanProperty privateOnProperty() {
        return privateOn;
    }

    public StringProperty privateTypeProperty() {
        return privateType;
    }

    public BooleanProperty peeringOnProperty() {
        return peeringOn;
    }

    public StringProperty peerRegionProperty() {
        return peerRegion;
    }

    public StringProperty peerCidrProperty() {
        return peerCidr;
    }

    public StringProperty peerTypeProperty() {
        return peerType;
    }

    /** Every region Cairn knows but the stack's own. */
    public ObservableList<String> peerRegions() {
        return readOnlyPeerRegions;
    }

    public ObservableList<FieldError> errors() {
        return readOnlyErrors;
    }

    /** The risk to show beside My IP (SSH open to everyone, allowed), or null. */
    public ReadOnlyObjectProperty<FieldError> warningProperty() {
        return warning.getReadOnlyProperty();
    }

    /** Whether the page's fields validate (true while the step is left out). */
    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Blueprint> blueprintProperty() {
        return blueprint.getReadOnlyProperty();
    }

    /** The cost of the last valid whole blueprint, one estimate per region (the peer region second). */
    public ObservableList<CostEstimate> costs() {
        return readOnlyCosts;
    }

    public ObservableList<HowToUse.Step> howToUse() {
        return readOnlyHowToUse;
    }

    public ReadOnlyBooleanProperty detectingProperty() {
        return detecting.getReadOnlyProperty();
    }

    /** Why the last detection failed, or null. */
    public ReadOnlyObjectProperty<Problem> detectProblemProperty() {
        return detectProblem.getReadOnlyProperty();
    }
}
