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
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.access.AccessStep;
import dev.cairn.step.access.KeyPairMode;
import java.util.List;
import java.util.Optional;
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
 * The page edits only the blueprint's {@code access} section ({@link StepPageViewModel}), checked
 * against the rest of it (the Network page's subnets and CIDR, the region); the errors of the
 * {@code access.*} fields are kept per path, so the view puts each at its control. With the step
 * left out, the blueprint has no access section.
 */
public final class AccessStepViewModel extends StepPageViewModel<AccessSection> {

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
    /** The peered VPC's block a new page proposes: the guide's, clear of the usual 10.x main VPCs. */
    public static final String DEFAULT_PEER_CIDR = BlueprintExample.access().peering().vpcCidr();
    /** The peer region a new page proposes: the guide's (Tokyo), unless the stack itself is there. */
    private static final String GUIDE_PEER_REGION = BlueprintExample.access().peering().region();

    private final TaskExecutor executor;

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
    private final ReadOnlyObjectWrapper<FieldError> warning = new ReadOnlyObjectWrapper<>();
    private final ObservableList<CostEstimate> costs = FXCollections.observableArrayList();
    private final ObservableList<CostEstimate> readOnlyCosts = FXCollections.unmodifiableObservableList(costs);
    private final ObservableList<HowToUse.Step> howToUse = FXCollections.observableArrayList();
    private final ObservableList<HowToUse.Step> readOnlyHowToUse = FXCollections.unmodifiableObservableList(howToUse);
    private final ReadOnlyBooleanWrapper detecting = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Problem> detectProblem = new ReadOnlyObjectWrapper<>();

    /** The region the peer regions were listed for: the stack's own is never offered. */
    private String region;

    /** @param blueprint the workspace's blueprint, whose {@code access} section this page edits */
    public AccessStepViewModel(TaskExecutor executor, ObjectProperty<Blueprint> blueprint) {
        super(AccessStep.MODULE, blueprint, FIELDS);
        this.executor = executor;
        List<ObservableValue<?>> inputs = List.of(included, myIp, allowAnywhere, keyMode, keyName, publicKeyFile,
                bastionOn, bastionType, vpnOn, vpnType, vpnAmi, privateOn, privateType, peeringOn, peerRegion,
                peerCidr, peerType);
        inputs.forEach(p -> p.addListener((o, a, b) -> revalidate()));
        peerRegion.addListener((o, a, b) -> {
            // The peer's free-tier type depends on its region; follow it unless another was chosen.
            if (!loading() && (peerType.get() == null || peerType.get().isEmpty()
                    || peerType.get().equals(InstanceTypeName.freeTierDefault(a)))) {
                peerType.set(InstanceTypeName.freeTierDefault(b));
            }
        });
    }

    /** Fills the form from a stack just opened; a stack without the step gets the page's defaults, left out. */
    @Override
    protected void fill(AccessSection a, Blueprint bp) {
        String free = InstanceTypeName.freeTierDefault(bp.region());
        fillPeerRegions(bp.region());
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
        String peer = p != null && p.region() != null ? p.region()
                : peerRegions.contains(GUIDE_PEER_REGION) ? GUIDE_PEER_REGION
                : peerRegions.isEmpty() ? null : peerRegions.get(0);
        peerRegion.set(peer);
        peerCidr.set(p == null || p.vpcCidr() == null ? DEFAULT_PEER_CIDR : p.vpcCidr());
        peerType.set(typeOr(p == null ? null : p.instanceType(), InstanceTypeName.freeTierDefault(peer)));
        detectProblem.set(null);
    }

    private static String typeOr(String type, String fallback) {
        return type == null || type.isEmpty() ? fallback : type;
    }

    private void fillPeerRegions(String stackRegion) {
        region = stackRegion;
        peerRegions.setAll(Regions.codes().stream().filter(c -> !c.equals(stackRegion)).toList());
    }

    /** The stack's region changed: its own region is no longer a peer region to offer. */
    @Override
    protected void restChanged(Blueprint now) {
        if (now.region() != null && !now.region().equals(region)) {
            fillPeerRegions(now.region());
        }
    }

    /** The section the form describes, or null when the step is left out. */
    @Override
    protected AccessSection formSection() {
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

    /** Where a field's error shows: the peer zones' errors (one per zone) all at the zones. */
    @Override
    protected boolean showsAt(String field, FieldError error) {
        return field.equals(PEER_ZONES) ? error.field().startsWith(PEER_ZONES) : super.showsAt(field, error);
    }

    @Override
    protected void validated(Blueprint candidate, List<FieldError> own, List<FieldError> all) {
        warning.set(BlueprintValidator.warnings(candidate).stream().filter(this::isMine).findFirst().orElse(null));
        if (all.isEmpty()) {
            costs.setAll(CostEstimate.perRegion(Planner.specs(preview(candidate))));
        }
    }

    /**
     * The blueprint with {@code myIp: auto} replaced by {@link MyIpResolver#SANDBOX_ADDRESS} for
     * previews (cost, diagram, review), which must not make a network call; applies resolve it for
     * real through {@code StackRunner}. Other blueprints are returned as they are.
     */
    @Override
    public Blueprint plannable(Blueprint bp) {
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
        if (detecting.get() || blueprint() == null) {
            return;
        }
        detecting.set(true);
        detectProblem.set(null);
        Blueprint probe = blueprint().with(AccessSection.KEY, new AccessSection(AccessSection.MY_IP_AUTO, null, null, null, null, null, null));
        executor.execute(BackgroundTask.wrap(() -> resolver.resolve(probe).section(AccessSection.KEY).myIp())
                .onSuccess(myIp::set)
                .onFailure(e -> detectProblem.set(Problem.of("access.myIp.detectFailed", String.valueOf(e.getMessage()))))
                .onFinished(() -> detecting.set(false)));
    }

    /** Whether the opened stack's My IP is still to be detected: the step is in and asks for {@code auto}. */
    public boolean wantsMyIp() {
        String ip = myIp.get();
        return included.get() && (ip == null || ip.isEmpty() || AccessSection.MY_IP_AUTO.equals(ip));
    }

    /** The stack's state changed: the How-to-use lines follow what exists now. */
    @Override
    public void stateChanged(StackState state) {
        howToUse.setAll(state == null ? List.of() : HowToUse.steps(state));
    }

    /** A readable explanation of an instance type name, or empty when the name is not one. */
    public static Optional<InstanceTypeName> explainType(String name) {
        return InstanceTypeName.parse(name == null ? null : name.trim());
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

    /** The risk to show beside My IP (SSH open to everyone, allowed), or null. */
    public ReadOnlyObjectProperty<FieldError> warningProperty() {
        return warning.getReadOnlyProperty();
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
