package dev.cairn.gui;

import dev.cairn.app.HowToUse;
import dev.cairn.model.FieldError;
import dev.cairn.plan.CostEstimate;
import dev.cairn.step.access.KeyPairMode;
import java.io.File;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.validation.ValidationSupport;

/**
 * The Access page: the form (key pair, My IP, the three hosts, peering), the explanation panel
 * with the cost per region, and after an apply the How-to-use box. Like the Network page, every
 * validation error shows at its control as the user types, and Apply waits until all hold.
 */
final class AccessStepView extends HBox {

    /** The explanation panel's sections, each with {@code access.explain.<section>.title} and {@code .body}. */
    static final List<String> EXPLAIN_SECTIONS = List.of("bastionVpn", "trust", "jump", "peering");
    /** The hosts, each with {@code access.<role>.enable} and {@code .hint}. */
    static final List<String> HOST_ROLES = List.of("bastion", "vpn", "private");


    private final Messages m;
    private final AccessStepViewModel vm;
    private final ValidationSupport validation = new ValidationSupport();

    AccessStepView(Messages m, AccessStepViewModel vm, WorkspaceViewModel workspace) {
        this.m = m;
        this.vm = vm;
        getStyleClass().addAll("page", "access-page");

        Label title = new Label(m.i18n("wizard.access.title"));
        title.getStyleClass().add("page-title");
        Label intro = new Label(m.i18n("access.intro"));
        intro.setWrapText(true);
        intro.getStyleClass().add("hint");
        CheckBox include = new CheckBox(m.i18n("access.include"));
        include.setId("accessInclude");
        include.selectedProperty().bindBidirectional(vm.includedProperty());
        include.selectedProperty().addListener((o, a, b) -> {
            String ip = vm.myIpProperty().get();
            if (b && (ip == null || ip.isEmpty())) {
                workspace.detectMyIp();
            }
        });

        VBox fields = new VBox(10, myIpSection(workspace), keyPairSection(), hostsSection(), peeringSection(), summary());
        fields.disableProperty().bind(vm.includedProperty().not());

        // The How-to-use box comes first once something is built: it is what the user came back for.
        VBox formColumn = new VBox(10, title, intro, howToUse(), include, fields);
        formColumn.setPadding(new Insets(20));
        ScrollPane formScroll = new ScrollPane(formColumn);
        formScroll.setFitToWidth(true);
        formScroll.getStyleClass().add("page-scroll");

        Button apply = new Button(m.i18n("action.apply"));
        apply.setId("accessApply");
        apply.getStyleClass().add("accent");
        apply.disableProperty().bind(workspace.canApplyBinding().not());
        apply.setOnAction(e -> workspace.apply());
        apply.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label applyHint = new Label();
        applyHint.getStyleClass().add("hint");
        applyHint.setWrapText(true);
        applyHint.textProperty().bind(Bindings.when(vm.validProperty())
                .then(m.i18n("access.applyHint")).otherwise(m.i18n("network.fixFirst")));
        HBox actions = new HBox(12, apply, applyHint);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.getStyleClass().add("page-actions");
        actions.setPadding(new Insets(10, 20, 10, 20));
        VBox left = new VBox(formScroll, actions);
        VBox.setVgrow(formScroll, Priority.ALWAYS);
        HBox.setHgrow(left, Priority.ALWAYS);

        ScrollPane explainScroll = new ScrollPane(explanation());
        explainScroll.setFitToWidth(true);
        explainScroll.getStyleClass().addAll("page-scroll", "explain-scroll");
        // Wide enough for the cost table's three columns; the form column gives way first.
        explainScroll.setMinWidth(310);
        explainScroll.setPrefWidth(310);
        getChildren().addAll(left, explainScroll);
        vm.errors().addListener((ListChangeListener<FieldError>) c -> validation.revalidate());
    }

    private Node keyPairSection() {
        ToggleGroup modes = new ToggleGroup();
        VBox radios = new VBox(4);
        for (KeyPairMode mode : KeyPairMode.values()) {
            RadioButton r = new RadioButton(m.i18n("access.key.mode." + mode.yamlName()));
            r.setId("keyMode-" + mode.yamlName());
            r.setToggleGroup(modes);
            r.setUserData(mode);
            r.setSelected(vm.keyModeProperty().get() == mode);
            radios.getChildren().add(r);
        }
        modes.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.keyModeProperty().set((KeyPairMode) b.getUserData());
            }
        });
        vm.keyModeProperty().addListener((o, a, b) -> modes.getToggles().forEach(t -> t.setSelected(t.getUserData() == b)));

        TextField name = textField("keyName", vm.keyNameProperty(), "my-network-key");
        TextField file = textField("publicKeyFile", vm.publicKeyFileProperty(), "~/.ssh/id_ed25519.pub");
        Button browse = new Button(m.i18n("access.key.browse"));
        browse.setId("browsePublicKey");
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(m.i18n("access.key.publicKeyFile"));
            File home = new File(System.getProperty("user.home"), ".ssh");
            if (home.isDirectory()) {
                chooser.setInitialDirectory(home);
            }
            File chosen = chooser.showOpenDialog(getScene().getWindow());
            if (chosen != null) {
                vm.publicKeyFileProperty().set(chosen.getAbsolutePath());
            }
        });
        HBox fileRow = new HBox(8, file, browse);
        HBox.setHgrow(file, Priority.ALWAYS);
        Label fileLabel = AccountView.fieldLabel(m, "access.key.publicKeyFile");
        Label fileError = FieldFeedback.errorLabel(m, "publicKeyFileError", vm.errorAt(AccessStepViewModel.KEY_FILE));
        var importing = vm.keyModeProperty().isEqualTo(KeyPairMode.IMPORT);
        for (Node n : List.of(fileRow, fileLabel)) {
            n.visibleProperty().bind(importing);
            n.managedProperty().bind(importing);
        }
        Label where = new Label();
        where.setId("keyWhere");
        where.setWrapText(true);
        where.getStyleClass().add("hint");
        where.textProperty().bind(Bindings.createStringBinding(() -> switch (vm.keyModeProperty().get()) {
            case CREATE -> m.i18n("access.key.where.create", vm.keyNameProperty().get());
            case IMPORT -> m.i18n("access.key.where.import");
            case EXISTING -> m.i18n("access.key.where.existing");
        }, vm.keyModeProperty(), vm.keyNameProperty()));

        GridPane form = grid();
        form.add(AccountView.fieldLabel(m, "access.key.name"), 0, 0);
        form.add(name, 1, 0);
        form.add(FieldFeedback.errorLabel(m, "keyNameError", vm.errorAt(AccessStepViewModel.KEY_NAME)), 1, 1);
        form.add(fileLabel, 0, 2);
        form.add(fileRow, 1, 2);
        form.add(fileError, 1, 3);
        register(name, AccessStepViewModel.KEY_NAME);
        register(file, AccessStepViewModel.KEY_FILE);
        return new VBox(6, sectionTitle("access.key.title"), radios, form, where,
                FieldFeedback.errorLabel(m, "keyPairError", vm.errorAt(AccessStepViewModel.KEY_PAIR)));
    }

    private Node myIpSection(WorkspaceViewModel workspace) {
        TextField ip = textField("myIp", vm.myIpProperty(), "203.0.113.10/32");
        Button detect = new Button(m.i18n("access.myIp.detect"));
        detect.setId("detectMyIp");
        detect.disableProperty().bind(vm.detectingProperty());
        detect.setOnAction(e -> workspace.detectMyIp());
        HBox row = new HBox(8, ip, detect);
        HBox.setHgrow(ip, Priority.ALWAYS);
        CheckBox anywhere = new CheckBox(m.i18n("access.myIp.anywhere"));
        anywhere.setId("allowAnywhere");
        anywhere.selectedProperty().bindBidirectional(vm.allowAnywhereProperty());
        Label detectProblem = FieldFeedback.messageLabel("detectProblem", "field-error", vm.detectProblemProperty(),
                m::problem);
        Label warning = FieldFeedback.messageLabel("myIpWarning", "field-warning", vm.warningProperty(),
                w -> m.i18n("access.warning." + w.rule()));
        Label hint = new Label(m.i18n("access.myIp.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        register(ip, AccessStepViewModel.MY_IP);
        return new VBox(6, sectionTitle("access.myIp.title"), hint, row,
                FieldFeedback.errorLabel(m, "myIpError", vm.errorAt(AccessStepViewModel.MY_IP)), detectProblem, anywhere,
                warning);
    }

    private Node hostsSection() {
        VBox box = new VBox(8, sectionTitle("access.hosts.title"));
        box.getChildren().add(host("bastion", vm.bastionOnProperty(), vm.bastionTypeProperty(), AccessStepViewModel.BASTION_TYPE));
        box.getChildren().add(host("vpn", vm.vpnOnProperty(), vm.vpnTypeProperty(), AccessStepViewModel.VPN_TYPE));
        TextField ami = textField("vpnAmi", vm.vpnAmiProperty(), "ami-0123456789abcdef0");
        register(ami, AccessStepViewModel.VPN_AMI);
        GridPane amiRow = grid();
        amiRow.add(AccountView.fieldLabel(m, "access.vpn.ami"), 0, 0);
        amiRow.add(ami, 1, 0);
        amiRow.add(FieldFeedback.errorLabel(m, "vpnAmiError", vm.errorAt(AccessStepViewModel.VPN_AMI)), 1, 1);
        amiRow.setPadding(new Insets(0, 0, 0, 26));
        amiRow.disableProperty().bind(vm.vpnOnProperty().not());
        box.getChildren().add(amiRow);
        box.getChildren().add(host("private", vm.privateOnProperty(), vm.privateTypeProperty(), AccessStepViewModel.PRIVATE_TYPE));
        box.getChildren().add(FieldFeedback.errorLabel(m, "privateError", vm.errorAt(AccessStepViewModel.PRIVATE)));
        box.getChildren().add(FieldFeedback.errorLabel(m, "accessError", vm.errorAt(AccessStepViewModel.ACCESS)));
        return box;
    }

    /** One host: its checkbox and hint, then the instance type picker with the name explained. */
    private Node host(String role, BooleanProperty on, StringProperty type, String field) {
        CheckBox enable = new CheckBox(m.i18n("access." + role + ".enable"));
        enable.setId(role + "Enabled");
        enable.selectedProperty().bindBidirectional(on);
        Label hint = new Label(m.i18n("access." + role + ".hint"));
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        hint.setPadding(new Insets(0, 0, 0, 26));
        Node picker = typePicker(role + "Type", type, field);
        VBox.setMargin(picker, new Insets(0, 0, 0, 26));
        picker.disableProperty().bind(on.not());
        return new VBox(4, enable, hint, picker);
    }

    private Node typePicker(String id, StringProperty type, String field) {
        ComboBox<String> box = new ComboBox<>();
        box.getItems().setAll(AccessStepViewModel.COMMON_TYPES);
        box.setEditable(true);
        box.setId(id);
        box.setPrefWidth(150);
        box.valueProperty().bindBidirectional(type);
        // An editable combo commits typed text only on Enter or focus loss: follow each keystroke,
        // so the name is explained and validated as it is typed.
        box.getEditor().textProperty().addListener((o, a, b) -> {
            if (box.isFocused() || box.getEditor().isFocused()) {
                type.set(b);
            }
        });
        register(box, field);
        Label explain = new Label();
        explain.setId(id + "Explain");
        explain.setWrapText(true);
        explain.getStyleClass().add("hint");
        explain.textProperty().bind(Bindings.createStringBinding(() -> explainType(type.get()), type));
        GridPane g = grid();
        g.add(AccountView.fieldLabel(m, "access.instanceType"), 0, 0);
        g.add(box, 1, 0);
        g.add(FieldFeedback.errorLabel(m, id + "Error", vm.errorAt(field)), 1, 1);
        g.add(explain, 1, 2);
        return g;
    }

    private String explainType(String name) {
        return AccessStepViewModel.explainType(name).map(t -> InstanceTypeText.explain(m, t)).orElse("");
    }

    private Node peeringSection() {
        CheckBox enable = new CheckBox(m.i18n("access.peering.enable"));
        enable.setId("peeringEnabled");
        enable.selectedProperty().bindBidirectional(vm.peeringOnProperty());
        ComboBox<String> region = new ComboBox<>(vm.peerRegions());
        region.setId("peerRegion");
        region.valueProperty().bindBidirectional(vm.peerRegionProperty());
        region.setButtonCell(regionCell());
        region.setCellFactory(lv -> regionCell());
        region.setMaxWidth(Double.MAX_VALUE);
        TextField cidr = textField("peerCidr", vm.peerCidrProperty(), AccessStepViewModel.DEFAULT_PEER_CIDR);
        register(region, AccessStepViewModel.PEER_REGION);
        register(cidr, AccessStepViewModel.PEER_CIDR);
        GridPane g = grid();
        g.add(AccountView.fieldLabel(m, "access.peering.region"), 0, 0);
        g.add(region, 1, 0);
        g.add(FieldFeedback.errorLabel(m, "peerRegionError", vm.errorAt(AccessStepViewModel.PEER_REGION)), 1, 1);
        g.add(AccountView.fieldLabel(m, "access.peering.vpcCidr"), 0, 2);
        g.add(cidr, 1, 2);
        g.add(FieldFeedback.errorLabel(m, "peerCidrError", vm.errorAt(AccessStepViewModel.PEER_CIDR)), 1, 3);
        g.add(FieldFeedback.errorLabel(m, "peerZonesError", vm.errorAt(AccessStepViewModel.PEER_ZONES)), 1, 4);
        Node picker = typePicker("peerType", vm.peerTypeProperty(), AccessStepViewModel.PEER_TYPE);
        VBox inner = new VBox(4, g, picker);
        inner.setPadding(new Insets(0, 0, 0, 26));
        inner.disableProperty().bind(vm.peeringOnProperty().not());
        Label hint = new Label(m.i18n("access.peering.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        hint.setPadding(new Insets(0, 0, 0, 26));
        return new VBox(6, sectionTitle("access.peering.title"), enable, hint, inner);
    }

    private javafx.scene.control.ListCell<String> regionCell() {
        return new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item + " — " + AccountView.regionName(m, item));
            }
        };
    }

    private Node summary() {
        VBox summary = new VBox(4);
        summary.setId("accessErrorSummary");
        summary.getStyleClass().add("error-box");
        Runnable fill = () -> {
            summary.getChildren().clear();
            for (FieldError e : vm.errors()) {
                Label l = new Label("• " + m.error(e));
                l.setWrapText(true);
                summary.getChildren().add(l);
            }
            summary.setVisible(!vm.errors().isEmpty());
            summary.setManaged(!vm.errors().isEmpty());
        };
        vm.errors().addListener((ListChangeListener<FieldError>) c -> fill.run());
        fill.run();
        return summary;
    }

    /** After an apply: one copyable line per way in, and the VPN's finish-setup note. */
    private Node howToUse() {
        VBox lines = new VBox(6);
        Label note = new Label(m.i18n("access.howTo.vpnNote", HowToUse.VPN_ADMIN_USER));
        note.setWrapText(true);
        note.getStyleClass().add("hint");
        Runnable fill = () -> {
            lines.getChildren().clear();
            for (HowToUse.Step step : vm.howToUse()) {
                String way = "access.howTo.way." + step.way().name().toLowerCase(Locale.ROOT);
                Label caption = new Label(m.i18n(way));
                caption.getStyleClass().add("strong");
                TextField text = new TextField(step.command());
                text.setEditable(false);
                text.getStyleClass().add("command-line");
                Button copy = new Button(m.i18n("access.howTo.copy"));
                copy.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                copy.setOnAction(e -> {
                    ClipboardContent content = new ClipboardContent();
                    content.putString(text.getText());
                    Clipboard.getSystemClipboard().setContent(content);
                });
                HBox row = new HBox(6, text, copy);
                HBox.setHgrow(text, Priority.ALWAYS);
                VBox entry = new VBox(2, caption, row);
                if (!step.way().note().isEmpty()) {
                    Label hint = new Label(m.i18n(way + ".note", step.noteArgs().toArray()));
                    hint.setWrapText(true);
                    hint.getStyleClass().add("hint");
                    entry.getChildren().add(hint);
                }
                lines.getChildren().add(entry);
            }
            boolean vpn = vm.howToUse().stream().anyMatch(s -> s.way() == HowToUse.Way.VPN_ADMIN);
            note.setVisible(vpn);
            note.setManaged(vpn);
        };
        vm.howToUse().addListener((ListChangeListener<HowToUse.Step>) c -> fill.run());
        fill.run();
        VBox box = new VBox(8, sectionTitle("access.howTo.title"), lines, note);
        box.setId("howToUse");
        box.getStyleClass().add("card");
        box.visibleProperty().bind(Bindings.isNotEmpty(vm.howToUse()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private VBox explanation() {
        Label title = new Label(m.i18n("access.explain.title"));
        title.getStyleClass().add("section-title");
        VBox box = new VBox(10, title);
        for (String section : EXPLAIN_SECTIONS) {
            String key = "access.explain." + section;
            Label heading = new Label(m.i18n(key + ".title"));
            heading.getStyleClass().add("strong");
            heading.setWrapText(true);
            Label body = new Label(m.i18n(key + ".body"));
            body.setWrapText(true);
            body.getStyleClass().add("explain-text");
            box.getChildren().add(new VBox(2, heading, body));
        }
        VBox costs = new VBox(12);
        costs.setId("accessCosts");
        Runnable fill = () -> {
            costs.getChildren().clear();
            if (vm.costs().isEmpty()) {
                Label none = new Label(m.i18n("cost.none"));
                none.getStyleClass().add("hint");
                none.setWrapText(true);
                costs.getChildren().add(none);
            }
            for (CostEstimate c : vm.costs()) {
                Label region = new Label(m.i18n("access.cost.region", c.region(), AccountView.regionName(m, c.region())));
                region.getStyleClass().add("strong");
                region.setWrapText(true);
                costs.getChildren().addAll(region, new CostPane(m, new SimpleObjectProperty<>(c)));
            }
        };
        vm.costs().addListener((ListChangeListener<CostEstimate>) c -> fill.run());
        fill.run();
        box.getChildren().add(costs);
        box.setPadding(new Insets(20));
        box.getStyleClass().add("explain");
        return box;
    }

    private Label sectionTitle(String key) {
        Label l = new Label(m.i18n(key));
        l.getStyleClass().add("section-title");
        return l;
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.getStyleClass().add("form");
        g.setHgap(12);
        g.setVgap(4);
        javafx.scene.layout.ColumnConstraints label = new javafx.scene.layout.ColumnConstraints();
        label.setMinWidth(130);
        javafx.scene.layout.ColumnConstraints value = new javafx.scene.layout.ColumnConstraints();
        value.setHgrow(Priority.ALWAYS);
        value.setFillWidth(true);
        g.getColumnConstraints().addAll(label, value);
        return g;
    }

    private static TextField textField(String id, StringProperty property, String prompt) {
        TextField t = new TextField();
        t.setId(id);
        t.setPromptText(prompt);
        t.textProperty().bindBidirectional(property);
        t.setPrefColumnCount(18);
        return t;
    }

    private void register(Control control, String field) {
        FieldFeedback.register(validation, m, control, vm.errorAt(field));
    }

    Node focusTarget() {
        return lookup("#myIp");
    }
}
