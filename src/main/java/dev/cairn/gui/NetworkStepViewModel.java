package dev.cairn.gui;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.Regions;
import dev.cairn.plan.CostEstimate;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.SubnetLayout;
import dev.cairn.step.network.SubnetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The Network page: VPC CIDR, two zones, the subnet table and the NAT mode. Every change builds a
 * blueprint and runs {@link BlueprintValidator}; errors are kept per field path so the view can
 * put each at its control. A valid blueprint is handed to {@code onValid} (which saves it).
 */
public final class NetworkStepViewModel {

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
    private final ObservableList<FieldError> errors = FXCollections.observableArrayList();
    /** One wrapper, kept: listeners on a wrapper made per call would be lost to GC. */
    private final ObservableList<FieldError> readOnlyErrors = FXCollections.unmodifiableObservableList(errors);
    private final Map<String, ReadOnlyObjectWrapper<FieldError>> fieldErrors = new LinkedHashMap<>();
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<CostEstimate> cost = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Blueprint> blueprint = new ReadOnlyObjectWrapper<>();
    private final Consumer<Blueprint> onValid;

    private String stack = "";
    private String region = "";
    private Map<String, String> tags = Map.of();
    /** True while {@link #load} fills the form, so its changes are not treated as edits. */
    private boolean loading;
    /** True once the user edits a subnet CIDR by hand: then CIDR and zone changes no longer recompute. */
    private boolean edited;

    public NetworkStepViewModel(Consumer<Blueprint> onValid) {
        this.onValid = onValid;
        for (String f : List.of(VPC, ZONES, ZONE_A, ZONE_B, NAT, SUBNETS, REGION, NAME)) {
            fieldErrors.put(f, new ReadOnlyObjectWrapper<>());
        }
        vpcCidr.addListener((o, a, b) -> layoutChanged());
        zoneA.addListener((o, a, b) -> layoutChanged());
        zoneB.addListener((o, a, b) -> layoutChanged());
        nat.addListener((o, a, b) -> revalidate());
        subnets.addListener((ListChangeListener<SubnetRow>) c -> {
            while (c.next()) {
                if (c.wasUpdated() && !loading) {
                    edited = true;
                }
            }
            revalidate();
        });
    }

    /** Fills the form from a blueprint (a stack just opened). */
    public void load(Blueprint bp) {
        loading = true;
        try {
            stack = bp.name();
            tags = bp.tags();
            setRegionInternal(bp.region());
            NetworkSection n = bp.section(NetworkSection.KEY);
            vpcCidr.set(n == null ? "" : n.vpcCidr());
            List<String> zones = n == null || n.zones() == null ? Regions.defaultZones(bp.region()) : n.zones();
            zoneA.set(zones.size() > 0 ? zones.get(0) : null);
            zoneB.set(zones.size() > 1 ? zones.get(1) : null);
            nat.set(n == null || n.nat() == null ? NatMode.SINGLE : n.nat());
            subnets.setAll(n == null || n.subnets() == null ? List.of()
                    : n.subnets().stream().map(SubnetRow::new).toList());
            edited = n != null && n.subnets() != null
                    && !SubnetLayout.compute(n.vpcCidr(), zones).map(l -> l.equals(n.subnets())).orElse(false);
        } finally {
            loading = false;
        }
        revalidate();
    }

    /** The stack got a new name (renamed): later saves use it. */
    public void rename(String newName) {
        stack = newName;
        revalidate();
    }

    /** The Account page's region changed: the zones become that region's default pair. */
    public void setRegion(String newRegion) {
        if (newRegion == null || newRegion.equals(region)) {
            return;
        }
        loading = true;
        try {
            setRegionInternal(newRegion);
            List<String> zones = Regions.defaultZones(newRegion);
            zoneA.set(zones.size() > 0 ? zones.get(0) : null);
            zoneB.set(zones.size() > 1 ? zones.get(1) : null);
        } finally {
            loading = false;
        }
        // Zones of another region invalidate every subnet: recompute even a hand-edited table.
        recompute();
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
        if (loading) {
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
        Optional<List<SubnetSpec>> layout = SubnetLayout.compute(vpcCidr.get(), zones());
        layout.ifPresent(l -> {
            boolean was = loading;
            loading = true;
            try {
                subnets.setAll(l.stream().map(SubnetRow::new).toList());
            } finally {
                loading = was;
            }
        });
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

    /** The blueprint the form describes now (valid or not). */
    public Blueprint currentBlueprint() {
        String vpc = vpcCidr.get() == null ? null : vpcCidr.get().trim();
        return new Blueprint(stack, region, tags).with(NetworkSection.KEY,
                new NetworkSection(vpc, zones(), nat.get(), subnets.stream().map(SubnetRow::toSpec).toList()));
    }

    private void revalidate() {
        if (loading) {
            return;
        }
        Blueprint bp = currentBlueprint();
        List<FieldError> found = BlueprintValidator.validate(bp);
        errors.setAll(found);
        fieldErrors.forEach((field, w) -> w.set(found.stream().filter(e -> e.field().equals(field)).findFirst().orElse(null)));
        for (int i = 0; i < subnets.size(); i++) {
            String prefix = SUBNETS + "[" + i + "]";
            subnets.get(i).setError(found.stream().filter(e -> e.field().startsWith(prefix + ".")).findFirst().orElse(null));
        }
        blueprint.set(bp);
        valid.set(found.isEmpty());
        if (found.isEmpty()) {
            cost.set(CostEstimate.of(NetworkResources.specs(bp)));
            onValid.accept(bp);
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

    public ObservableList<FieldError> errors() {
        return readOnlyErrors;
    }

    /** The first error of one field path ({@link #VPC}, {@link #ZONE_A}, …), or null. */
    public ReadOnlyObjectProperty<FieldError> errorAt(String field) {
        ReadOnlyObjectWrapper<FieldError> w = fieldErrors.get(field);
        if (w == null) {
            throw new IllegalArgumentException("no such field: " + field);
        }
        return w.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    /** The estimate of the last valid form (null until one was valid). */
    public ReadOnlyObjectProperty<CostEstimate> costProperty() {
        return cost.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Blueprint> blueprintProperty() {
        return blueprint.getReadOnlyProperty();
    }

    public String region() {
        return region;
    }

    public String stack() {
        return stack;
    }
}
