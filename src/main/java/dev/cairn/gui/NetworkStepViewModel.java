package dev.cairn.gui;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.Regions;
import dev.cairn.plan.CostEstimate;
import dev.cairn.step.StepModule;
import dev.cairn.step.Steps;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.NetworkStep;
import dev.cairn.step.network.SubnetLayout;
import dev.cairn.step.network.SubnetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The Network page: VPC CIDR, two zones, the subnet table and the NAT mode. It edits the
 * blueprint's {@code network} section ({@link StepPageViewModel}); its errors are kept per field
 * path so the view can put each at its control. It also shows the blueprint's own fields' errors
 * (name, region, tags): the stack's name and region have no page of their own.
 */
public final class NetworkStepViewModel extends StepPageViewModel<NetworkSection> {

    public static final String VPC = "network.vpcCidr";
    public static final String ZONES = "network.zones";
    public static final String ZONE_A = "network.zones[0]";
    public static final String ZONE_B = "network.zones[1]";
    public static final String NAT = "network.nat";
    public static final String SUBNETS = "network.subnets";
    public static final String REGION = "region";
    public static final String NAME = "name";

    private final StringProperty vpcCidr = new SimpleStringProperty("");
    private final StringProperty zoneA = new SimpleStringProperty();
    private final StringProperty zoneB = new SimpleStringProperty();
    private final ObjectProperty<NatMode> nat = new SimpleObjectProperty<>(NatMode.SINGLE);
    private final ObservableList<String> availableZones = FXCollections.observableArrayList();
    /** One wrapper, kept: listeners on a wrapper made per call would be lost to GC. */
    private final ObservableList<String> readOnlyAvailableZones = FXCollections.unmodifiableObservableList(availableZones);
    private final ObservableList<SubnetRow> subnets =
            FXCollections.observableArrayList(row -> new Observable[] {row.cidrProperty()});
    private final ReadOnlyObjectWrapper<CostEstimate> cost = new ReadOnlyObjectWrapper<>();

    /** The region the zones were chosen for: when the blueprint's changes, the zones follow. */
    private String region = "";
    /** True once the user edits a subnet CIDR by hand: then CIDR and zone changes no longer recompute. */
    private boolean edited;

    /** @param blueprint the workspace's blueprint, whose {@code network} section this page edits */
    public NetworkStepViewModel(ObjectProperty<Blueprint> blueprint) {
        super(NetworkStep.MODULE, blueprint, List.of(VPC, ZONES, ZONE_A, ZONE_B, NAT, SUBNETS, REGION, NAME));
        vpcCidr.addListener((o, a, b) -> layoutChanged());
        zoneA.addListener((o, a, b) -> layoutChanged());
        zoneB.addListener((o, a, b) -> layoutChanged());
        nat.addListener((o, a, b) -> revalidate());
        subnets.addListener((ListChangeListener<SubnetRow>) c -> {
            while (c.next()) {
                if (c.wasUpdated() && !loading()) {
                    edited = true;
                }
            }
            revalidate();
        });
    }

    @Override
    protected void fill(NetworkSection n, Blueprint bp) {
        setRegionInternal(bp.region());
        vpcCidr.set(n == null ? "" : n.vpcCidr());
        List<String> zones = n == null || n.zones() == null ? Regions.defaultZones(bp.region()) : n.zones();
        zoneA.set(zones.size() > 0 ? zones.get(0) : null);
        zoneB.set(zones.size() > 1 ? zones.get(1) : null);
        nat.set(n == null || n.nat() == null ? NatMode.SINGLE : n.nat());
        subnets.setAll(n == null || n.subnets() == null ? List.of()
                : n.subnets().stream().map(SubnetRow::new).toList());
        edited = n != null && n.subnets() != null
                && !StackCatalog.proposedSubnets(n.vpcCidr(), zones).map(l -> l.equals(n.subnets())).orElse(false);
    }

    /** A new region (the Account page's): the zones become that region's default pair. */
    @Override
    protected void restChanged(Blueprint now) {
        if (now.region() == null || now.region().equals(region)) {
            return;
        }
        whileLoading(() -> {
            setRegionInternal(now.region());
            List<String> zones = Regions.defaultZones(now.region());
            zoneA.set(zones.size() > 0 ? zones.get(0) : null);
            zoneB.set(zones.size() > 1 ? zones.get(1) : null);
        });
        // Zones of another region invalidate every subnet: recompute even a hand-edited table.
        if (recomputeIfPossible()) {
            edited = false;
        }
    }

    /** Moves the stack to another region; the zones and subnets follow. */
    public void setRegion(String newRegion) {
        Blueprint bp = blueprint();
        if (newRegion != null && bp != null && !newRegion.equals(bp.region())) {
            setBlueprint(bp.withRegion(newRegion));
        }
    }

    private void setRegionInternal(String r) {
        region = r;
        availableZones.setAll(Regions.find(r).map(Regions.Region::zones).orElse(List.of()));
    }

    /** The zones read from AWS by the Account check replace the offline catalog's. */
    public void setAvailableZones(List<String> zones) {
        if (zones.isEmpty() || zones.equals(availableZones)) {
            return;
        }
        // A zone combo box clears its value when its item list is replaced: keep the chosen
        // zones (the blueprint's) unless the account really lacks them, where the rule shows.
        String a = zoneA.get();
        String b = zoneB.get();
        availableZones.setAll(zones);
        zoneA.set(a);
        zoneB.set(b);
    }

    private void layoutChanged() {
        if (loading()) {
            return;
        }
        if (!edited) {
            recomputeIfPossible();
        }
        revalidate();
    }

    /** Lays the subnets out again from the VPC CIDR and zones; the table is no longer hand-edited. */
    public void recompute() {
        if (recomputeIfPossible()) {
            edited = false;
        }
        revalidate();
    }

    private boolean recomputeIfPossible() {
        Optional<List<SubnetSpec>> layout = StackCatalog.proposedSubnets(vpcCidr.get(), zones());
        layout.ifPresent(l -> whileLoading(() -> subnets.setAll(l.stream().map(SubnetRow::new).toList())));
        return layout.isPresent();
    }

    private List<String> zones() {
        List<String> z = new ArrayList<>();
        if (zoneA.get() != null) {
            z.add(zoneA.get());
        }
        if (zoneB.get() != null) {
            z.add(zoneB.get());
        }
        return z;
    }

    @Override
    protected NetworkSection formSection() {
        String vpc = vpcCidr.get() == null ? null : vpcCidr.get().trim();
        return new NetworkSection(vpc, zones(), nat.get(), subnets.stream().map(SubnetRow::toSpec).toList());
    }

    /** The page's own fields, and the blueprint's (name, region, tags), which no step owns. */
    @Override
    protected boolean isMine(FieldError error) {
        return super.isMine(error) || Steps.ALL.stream().map(StepModule::name).noneMatch(k -> isUnder(error.field(), k));
    }

    @Override
    protected void validated(Blueprint candidate, List<FieldError> own, List<FieldError> all) {
        for (int i = 0; i < subnets.size(); i++) {
            String prefix = SUBNETS + "[" + i + "]";
            subnets.get(i).setError(own.stream().filter(e -> e.field().startsWith(prefix + ".")).findFirst().orElse(null));
        }
        if (own.isEmpty()) {
            cost.set(CostEstimate.of(NetworkStep.MODULE.resources(candidate)));
        }
    }

    public StringProperty vpcCidrProperty() {
        return vpcCidr;
    }

    public StringProperty zoneAProperty() {
        return zoneA;
    }

    public StringProperty zoneBProperty() {
        return zoneB;
    }

    public ObjectProperty<NatMode> natProperty() {
        return nat;
    }

    public ObservableList<String> availableZones() {
        return readOnlyAvailableZones;
    }

    /** The rows; their CIDRs are editable, the list itself is replaced only by recompute/load. */
    public ObservableList<SubnetRow> subnets() {
        return subnets;
    }

    /** The estimate of the last valid form (null until one was valid). */
    public ReadOnlyObjectProperty<CostEstimate> costProperty() {
        return cost.getReadOnlyProperty();
    }
}
