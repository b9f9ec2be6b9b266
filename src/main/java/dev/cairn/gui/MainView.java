package dev.cairn.gui;

import dev.cairn.gui.AppEvent.RunKind;
import dev.cairn.gui.StackCatalog.StackSummary;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The main window's content: header (stacks, target badge, language), the steps on the left,
 * the page in the centre, the topology slot on the right, the activity list at the bottom.
 */
public final class MainView extends BorderPane {

    private final Messages m;
    private final WorkspaceViewModel vm;
    private final StackPane topologySlot = new StackPane();
    private final StackPane page = new StackPane();
    private final Map<WizardStep, Node> pages = new EnumMap<>(WizardStep.class);

    public MainView(Messages m, WorkspaceViewModel vm, Consumer<Locale> onLanguage) {
        this.m = m;
        this.vm = vm;
        getStyleClass().add("main");
        setTop(header(onLanguage));
        setLeft(steps());

        pages.put(WizardStep.ACCOUNT, new AccountView(m, vm.account()));
        pages.put(WizardStep.NETWORK, new NetworkStepView(m, vm.network(), vm));
        pages.put(WizardStep.ACCESS, new AccessStepView(m, vm.access(), vm));
        pages.put(WizardStep.REVIEW, new ReviewView(m, vm, this::confirmTeardown));
        page.getStyleClass().add("page-holder");
        vm.flow().currentProperty().addListener((o, a, b) -> showPage(b));
        showPage(vm.flow().currentProperty().get());

        VBox centre = new VBox(resumeBanner(), page, navigation());
        VBox.setVgrow(page, Priority.ALWAYS);
        centre.getStyleClass().add("centre");

        topologySlot.getStyleClass().add("topology-slot");
        topologySlot.setMinWidth(280);
        Label topoTitle = new Label(m.i18n("topology.title"));
        topoTitle.getStyleClass().add("section-title");
        VBox right = new VBox(topoTitle, topologySlot);
        right.getStyleClass().add("topology-column");
        VBox.setVgrow(topologySlot, Priority.ALWAYS);
        setTopology(TopologySlot.create(m, vm));

        SplitPane horizontal = new SplitPane(centre, right);
        horizontal.setDividerPositions(0.68);
        SplitPane vertical = new SplitPane(horizontal, new ActivityView(m, vm));
        vertical.setOrientation(Orientation.VERTICAL);
        vertical.setDividerPositions(0.70);
        setCenter(vertical);

        vm.outcomeProperty().addListener((o, a, b) -> {
            if (b != null && getScene() != null) {
                Dialogs.report(m, getScene().getWindow(), b).show();
            }
        });
    }

    /** Puts the topology component in its slot. */
    public void setTopology(Node node) {
        topologySlot.getChildren().setAll(node);
    }

    private void showPage(WizardStep step) {
        page.getChildren().setAll(pages.get(step));
    }

    private Node header(Consumer<Locale> onLanguage) {
        ImageView logo = new ImageView(new Image(Resources.url("icons/cairn-32.png").toExternalForm()));
        logo.setFitWidth(24);
        logo.setFitHeight(24);
        Label app = new Label(m.i18n("app.title"));
        app.getStyleClass().add("app-title");

        MenuButton stacks = new MenuButton();
        stacks.setId("stackMenu");
        stacks.getStyleClass().add("stack-menu");
        stacks.textProperty().bind(Bindings.createStringBinding(() -> vm.stackProperty().get() == null
                ? m.i18n("stacks.none") : m.i18n("stacks.current", vm.stackProperty().get()), vm.stackProperty()));
        Runnable fill = () -> {
            stacks.getItems().clear();
            for (StackSummary s : vm.stacks()) {
                MenuItem item = new MenuItem(m.i18n(s.interrupted() ? "stacks.itemInterrupted" : "stacks.item",
                        s.name(), s.resources()));
                item.setOnAction(e -> vm.openStack(s.name()));
                item.setDisable(vm.runningProperty().get() != null);
                stacks.getItems().add(item);
            }
            MenuItem create = new MenuItem(m.i18n("stacks.new"));
            create.setOnAction(e -> Dialogs.stackName(m, getScene().getWindow(), "stacks.new", "", vm::checkNewName)
                    .showAndWait().ifPresent(vm::createStack));
            MenuItem rename = new MenuItem(m.i18n("stacks.rename"));
            rename.setOnAction(e -> renameStack());
            create.setDisable(vm.runningProperty().get() != null);
            rename.setDisable(vm.runningProperty().get() != null || vm.stackProperty().get() == null);
            stacks.getItems().addAll(new SeparatorMenuItem(), create, rename);
        };
        vm.stacks().addListener((ListChangeListener<StackSummary>) c -> fill.run());
        vm.runningProperty().addListener((o, a, b) -> fill.run());
        fill.run();

        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);

        Label badge = new Label();
        badge.setId("targetBadge");
        badge.getStyleClass().add("target-badge");
        badge.textProperty().bind(Bindings.createStringBinding(() -> m.problem(vm.account().badgeProperty().get()),
                vm.account().badgeProperty()));
        Runnable tint = () -> {
            boolean sandbox = vm.account().targetProperty().get() == null || vm.account().targetProperty().get().isSandbox();
            badge.getStyleClass().removeAll("sandbox", "aws");
            badge.getStyleClass().add(sandbox ? "sandbox" : "aws");
        };
        vm.account().targetProperty().addListener((o, a, b) -> tint.run());
        tint.run();

        ComboBox<Locale> language = new ComboBox<>();
        language.setId("language");
        language.getItems().setAll(Messages.SUPPORTED);
        language.setValue(m.locale());
        language.setButtonCell(languageCell());
        language.setCellFactory(lv -> languageCell());
        language.valueProperty().addListener((o, a, b) -> {
            if (b != null && !b.equals(m.locale())) {
                onLanguage.accept(b);
            }
        });

        HBox header = new HBox(12, logo, app, stacks, grow, badge, language);
        header.getStyleClass().add("header");
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(8, 14, 8, 14));
        return header;
    }

    private ListCell<Locale> languageCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Locale item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.getDisplayLanguage(item));
            }
        };
    }

    private void renameStack() {
        String current = vm.stackProperty().get();
        var state = vm.stateProperty().get();
        if (state != null && !state.isEmpty()) {
            javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION);
            a.initOwner(getScene().getWindow());
            a.getDialogPane().getStylesheets().setAll(Resources.stylesheets());
            a.setTitle(m.i18n("stacks.rename"));
            a.setHeaderText(m.i18n("stacks.rename"));
            a.setContentText(m.i18n("stacks.error.notEmpty", current, state.resources().size()));
            a.show();
            return;
        }
        Dialogs.stackName(m, getScene().getWindow(), "stacks.rename", current, vm::checkRename)
                .showAndWait().ifPresent(vm::renameStack);
    }

    private Node steps() {
        VBox box = new VBox(6);
        box.getStyleClass().add("steps");
        Label title = new Label(m.i18n("steps.title"));
        title.getStyleClass().add("section-title");
        box.getChildren().add(title);
        for (WizardStep step : WizardStep.values()) {
            Label name = new Label(m.i18n(step.titleKey()));
            name.getStyleClass().add("step-name");
            Label badge = new Label();
            badge.getStyleClass().add("step-badge");
            vm.statusProperty(step).addListener((o, a, b) -> paintBadge(badge, b));
            paintBadge(badge, vm.statusProperty(step).get());
            VBox text = new VBox(2, name, badge);
            Button b = new Button(null, text);
            b.setId("step-" + step.name().toLowerCase(Locale.ROOT));
            b.getStyleClass().add("step");
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
            b.setOnAction(e -> vm.flow().go(step));
            Runnable mark = () -> {
                b.getStyleClass().remove("current");
                if (vm.flow().currentProperty().get() == step) {
                    b.getStyleClass().add("current");
                }
            };
            vm.flow().currentProperty().addListener((o, x, y) -> mark.run());
            mark.run();
            box.getChildren().add(b);
        }
        box.setPrefWidth(190);
        box.setMinWidth(170);
        return box;
    }

    private void paintBadge(Label badge, StepStatus status) {
        badge.setText(m.i18n(status.key()));
        badge.getStyleClass().removeIf(s -> s.startsWith("badge-"));
        badge.getStyleClass().add(status.styleClass());
    }

    private Node navigation() {
        Button back = new Button(m.i18n("action.back"));
        back.setId("back");
        back.disableProperty().bind(vm.flow().currentProperty().isEqualTo(WizardStep.ACCOUNT));
        back.setOnAction(e -> vm.flow().back());
        Button next = new Button(m.i18n("action.next"));
        next.setId("next");
        next.disableProperty().bind(vm.flow().canAdvanceBinding().not());
        next.setOnAction(e -> vm.flow().next());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox nav = new HBox(10, back, grow, next);
        nav.getStyleClass().add("nav");
        nav.setPadding(new Insets(8, 20, 10, 20));
        return nav;
    }

    private Node resumeBanner() {
        Label text = new Label();
        text.setWrapText(true);
        text.textProperty().bind(Bindings.createStringBinding(() -> vm.resumeOfferProperty().get() == null ? ""
                : m.i18n(vm.resumeOfferProperty().get() == RunKind.TEARDOWN ? "resume.teardown" : "resume.apply",
                        String.valueOf(vm.stackProperty().get())), vm.resumeOfferProperty(), vm.stackProperty()));
        Button resume = new Button(m.i18n("resume.action"));
        resume.setId("resume");
        resume.getStyleClass().add("accent");
        resume.setOnAction(e -> vm.resume());
        Button dismiss = new Button(m.i18n("resume.dismiss"));
        dismiss.setOnAction(e -> vm.dismissResume());
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox banner = new HBox(10, text, resume, dismiss);
        banner.setId("resumeBanner");
        banner.getStyleClass().add("banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.visibleProperty().bind(vm.resumeOfferProperty().isNotNull());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    /** Asks for the typed stack name, then tears the stack down. */
    void confirmTeardown() {
        TeardownConfirmViewModel confirm = new TeardownConfirmViewModel(vm.stackProperty().get(), vm.savedKeyFiles());
        Dialogs.teardown(m, getScene().getWindow(), confirm).showAndWait()
                .filter(Boolean::booleanValue).ifPresent(ok -> vm.teardown(confirm.deleteKeyFilesProperty().get()));
    }
}
