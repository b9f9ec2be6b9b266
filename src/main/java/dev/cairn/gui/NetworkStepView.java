package dev.cairn.gui;

import dev.cairn.model.FieldError;
import dev.cairn.step.network.NatMode;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationSupport;

/**
 * The Network page: the form, the subnet table and the explanation panel with the cost. Every
 * validation error is shown at its control (a ControlsFX decoration plus a line under the field),
 * in the table row, and in the summary list.
 */
final class NetworkStepView extends HBox {

    /** The explanation panel's sections, each with {@code explain.<section>.title} and {@code .body}. */
    static final java.util.List<String> EXPLAIN_SECTIONS = java.util.List.of("vpc", "public", "private", "nat", "zones");
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private final Messages m;
    private final NetworkStepViewModel vm;
    private final ValidationSupport validation = new ValidationSupport();

    NetworkStepView(Messages m, NetworkStepViewModel vm, WorkspaceViewModel workspace) {
        this.m = m;
        this.vm = vm;
        getStyleClass().addAll("page", "network-page");

        Label title = new Label(m.i18n("wizard.network.title"));
        title.getStyleClass().add("page-title");
        Label intro = new Label(m.i18n("network.intro"));
        intro.setWrapText(true);
        intro.getStyleClass().add("hint");

        TextField vpc = new TextField();
        vpc.setId("vpcCidr");
        vpc.setPromptText("10.1.0.0/16");
        vpc.textProperty().bindBidirectional(vm.vpcCidrProperty());
        ComboBox<String> zoneA = zoneBox("zoneA", vm.zoneAProperty());
        ComboBox<String> zoneB = zoneBox("zoneB", vm.zoneBProperty());

        GridPane form = new GridPane();
        form.getStyleClass().add("form");
        form.setHgap(12);
        form.setVgap(4);
        form.add(AccountView.fieldLabel(m, "network.vpcCidr"), 0, 0);
        form.add(vpc, 1, 0);
        form.add(FieldFeedback.errorLabel(m, "vpcCidrError", vm.errorAt(NetworkStepViewModel.VPC)), 1, 1);
        form.add(AccountView.fieldLabel(m, "network.zones"), 0, 2);
        form.add(new HBox(8, zoneA, zoneB), 1, 2);
        form.add(FieldFeedback.errorLabel(m, "zonesError", Bindings.createObjectBinding(() -> first(
                vm.errorAt(NetworkStepViewModel.ZONES).get(), vm.errorAt(NetworkStepViewModel.ZONE_A).get(),
                vm.errorAt(NetworkStepViewModel.ZONE_B).get()), vm.errorAt(NetworkStepViewModel.ZONES),
                vm.errorAt(NetworkStepViewModel.ZONE_A), vm.errorAt(NetworkStepViewModel.ZONE_B))), 1, 3);
        vpc.setPrefColumnCount(16);

        Label subnetsTitle = new Label(m.i18n("network.subnets"));
        subnetsTitle.getStyleClass().add("section-title");
        Button recompute = new Button(m.i18n("network.recompute"));
        recompute.setId("recompute");
        recompute.setOnAction(e -> vm.recompute());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox subnetsHeader = new HBox(10, subnetsTitle, grow, recompute);
        subnetsHeader.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        TableView<SubnetRow> table = subnetTable();
        Label subnetsError = FieldFeedback.errorLabel(m, "subnetsError", vm.errorAt(NetworkStepViewModel.SUBNETS));

        Label natTitle = new Label(m.i18n("network.nat"));
        natTitle.getStyleClass().add("section-title");
        ToggleGroup natGroup = new ToggleGroup();
        VBox natBox = new VBox(6);
        for (NatMode mode : NatMode.values()) {
            RadioButton r = new RadioButton(m.nat(mode));
            r.setId("nat-" + mode.yamlName());
            r.setToggleGroup(natGroup);
            r.setUserData(mode);
            r.setSelected(vm.natProperty().get() == mode);
            Label hint = new Label(m.i18n(Messages.natKey(mode) + ".hint"));
            hint.getStyleClass().add("hint");
            hint.setWrapText(true);
            hint.setPadding(new Insets(0, 0, 0, 26));
            natBox.getChildren().addAll(r, hint);
        }
        natGroup.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.natProperty().set((NatMode) b.getUserData());
            }
        });
        vm.natProperty().addListener((o, a, b) -> natGroup.getToggles().forEach(t -> t.setSelected(t.getUserData() == b)));

        VBox summary = new VBox(4);
        summary.setId("errorSummary");
        summary.getStyleClass().add("error-box");
        Runnable fillSummary = () -> {
            summary.getChildren().clear();
            for (FieldError e : vm.errors()) {
                Label l = new Label("• " + m.error(e));
                l.setWrapText(true);
                summary.getChildren().add(l);
            }
            summary.setVisible(!vm.errors().isEmpty());
            summary.setManaged(!vm.errors().isEmpty());
        };
        vm.errors().addListener((ListChangeListener<FieldError>) c -> {
            fillSummary.run();
            validation.revalidate();
        });
        fillSummary.run();

        register(vpc, NetworkStepViewModel.VPC);
        register(zoneA, NetworkStepViewModel.ZONE_A);
        register(zoneB, NetworkStepViewModel.ZONE_B);
        register(table, NetworkStepViewModel.SUBNETS);

        Button apply = new Button(m.i18n("action.apply"));
        apply.setId("networkApply");
        apply.getStyleClass().add("accent");
        apply.setDefaultButton(true);
        apply.disableProperty().bind(workspace.canApplyBinding().not());
        apply.setOnAction(e -> workspace.apply());
        Label applyHint = new Label();
        applyHint.getStyleClass().add("hint");
        applyHint.textProperty().bind(Bindings.when(vm.validProperty())
                .then(m.i18n("network.applyHint")).otherwise(m.i18n("network.fixFirst")));
        HBox actions = new HBox(12, apply, applyHint);
        actions.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        VBox formColumn = new VBox(10, title, intro, form, subnetsHeader, table, subnetsError, natTitle, natBox, summary);
        formColumn.setPadding(new Insets(20));
        formColumn.setFillWidth(true);
        ScrollPane formScroll = new ScrollPane(formColumn);
        formScroll.setFitToWidth(true);
        formScroll.getStyleClass().add("page-scroll");
        // Apply stays in view below the scrolling form, whatever its length.
        actions.getStyleClass().add("page-actions");
        actions.setPadding(new Insets(10, 20, 10, 20));
        VBox left = new VBox(formScroll, actions);
        VBox.setVgrow(formScroll, Priority.ALWAYS);
        HBox.setHgrow(left, Priority.ALWAYS);

        VBox explain = explanation(workspace);
        ScrollPane explainScroll = new ScrollPane(explain);
        explainScroll.setFitToWidth(true);
        explainScroll.getStyleClass().addAll("page-scroll", "explain-scroll");
        explainScroll.setMinWidth(240);
        explainScroll.setPrefWidth(280);
        getChildren().addAll(left, explainScroll);
    }

    private static FieldError first(FieldError... errors) {
        for (FieldError e : errors) {
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private ComboBox<String> zoneBox(String id, javafx.beans.property.StringProperty property) {
        ComboBox<String> box = new ComboBox<>(vm.availableZones());
        box.setId(id);
        box.valueProperty().bindBidirectional(property);
        box.setPrefWidth(170);
        box.setMinWidth(150);
        return box;
    }

    private void register(Control control, String field) {
        FieldFeedback.register(validation, m, control, vm.errorAt(field));
    }

    private TableView<SubnetRow> subnetTable() {
        TableView<SubnetRow> table = new TableView<>(vm.subnets());
        table.setId("subnets");
        table.setEditable(true);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setFixedCellSize(28);
        table.prefHeightProperty().bind(Bindings.size(vm.subnets()).multiply(28).add(44));
        table.setMinHeight(120);
        TableColumn<SubnetRow, String> name = new TableColumn<>(m.i18n("network.subnet.name"));
        name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        TableColumn<SubnetRow, String> zone = new TableColumn<>(m.i18n("network.subnet.zone"));
        zone.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().zone()));
        TableColumn<SubnetRow, String> tier = new TableColumn<>(m.i18n("network.subnet.tier"));
        tier.setCellValueFactory(c -> new ReadOnlyStringWrapper(m.i18n("tier." + c.getValue().tier().yamlName())));
        TableColumn<SubnetRow, String> cidr = new TableColumn<>(m.i18n("network.subnet.cidr"));
        cidr.setCellValueFactory(c -> c.getValue().cidrProperty());
        cidr.setCellFactory(TextFieldTableCell.forTableColumn());
        cidr.setOnEditCommit(e -> e.getRowValue().cidrProperty().set(e.getNewValue()));
        cidr.setEditable(true);
        TableColumn<SubnetRow, FieldError> problem = new TableColumn<>(m.i18n("network.subnet.problem"));
        problem.setCellValueFactory(c -> c.getValue().errorProperty());
        problem.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(FieldError item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : m.error(item));
                getStyleClass().remove("cell-error");
                if (!empty && item != null) {
                    getStyleClass().add("cell-error");
                }
            }
        });
        name.setMinWidth(64);
        zone.setMinWidth(112);
        tier.setMinWidth(80);
        cidr.setMinWidth(100);
        problem.setMinWidth(70);
        problem.setPrefWidth(200);
        table.getColumns().setAll(java.util.List.of(name, zone, tier, cidr, problem));
        table.setRowFactory(tv -> {
            TableRow<SubnetRow> row = new TableRow<>();
            Runnable mark = () -> row.pseudoClassStateChanged(INVALID,
                    row.getItem() != null && row.getItem().errorProperty().get() != null);
            javafx.beans.value.ChangeListener<FieldError> onError = (o, a, b) -> mark.run();
            row.itemProperty().addListener((o, a, b) -> {
                if (a != null) {
                    a.errorProperty().removeListener(onError);
                }
                if (b != null) {
                    b.errorProperty().addListener(onError);
                }
                mark.run();
            });
            return row;
        });
        return table;
    }

    private VBox explanation(WorkspaceViewModel workspace) {
        Label title = new Label(m.i18n("explain.title"));
        title.getStyleClass().add("section-title");
        VBox box = new VBox(10, title);
        for (String section : EXPLAIN_SECTIONS) {
            String key = "explain." + section;
            Label heading = new Label(m.i18n(key + ".title"));
            heading.getStyleClass().add("strong");
            heading.setWrapText(true);
            Label body = new Label(m.i18n(key + ".body"));
            body.setWrapText(true);
            body.getStyleClass().add("explain-text");
            box.getChildren().add(new VBox(2, heading, body));
        }
        Label region = new Label();
        region.getStyleClass().add("hint");
        region.textProperty().bind(Bindings.createStringBinding(() -> m.i18n("explain.region",
                AccountView.regionName(m, String.valueOf(workspace.account().regionProperty().get()))),
                workspace.account().regionProperty()));
        box.getChildren().addAll(region, new CostPane(m, vm.costProperty()));
        box.setPadding(new Insets(20));
        box.getStyleClass().add("explain");
        return box;
    }

    Node focusTarget() {
        return lookup("#vpcCidr");
    }
}
