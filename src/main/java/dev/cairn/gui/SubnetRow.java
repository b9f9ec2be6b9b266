package dev.cairn.gui;

import dev.cairn.model.FieldError;
import dev.cairn.step.network.SubnetSpec;
import dev.cairn.step.network.SubnetTier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One editable row of the subnet table; its first validation error shows in the row. */
public final class SubnetRow {

    private final String name;
    private final String zone;
    private final SubnetTier tier;
    private final StringProperty cidr;
    private final ReadOnlyObjectWrapper<FieldError> error = new ReadOnlyObjectWrapper<>();

    public SubnetRow(SubnetSpec spec) {
        this.name = spec.name();
        this.zone = spec.zone();
        this.tier = spec.tier();
        this.cidr = new SimpleStringProperty(spec.cidr());
    }

    public String name() {
        return name;
    }

    public String zone() {
        return zone;
    }

    public SubnetTier tier() {
        return tier;
    }

    public StringProperty cidrProperty() {
        return cidr;
    }

    public ReadOnlyObjectProperty<FieldError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    void setError(FieldError e) {
        error.set(e);
    }

    public SubnetSpec toSpec() {
        return new SubnetSpec(name, zone, tier, cidr.get() == null ? null : cidr.get().trim());
    }
}
