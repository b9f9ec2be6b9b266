package dev.cairn.gui;

import dev.cairn.gui.AppEvent.RunKind;
import dev.cairn.gui.StackCatalog.StackSummary;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The main window's content ({@code MainView.fxml}): header (stacks, target badge, language), the
 * steps on the left, the page in the centre, the topology slot on the right, the activity list at
 * the bottom. Binds to {@link WorkspaceViewModel}; each page is a {@link StepPage}.
 */
public final class MainView extends BorderPane {

    /** The room the page keeps beside the diagram, however wide the diagram is made. */
    static final double PAGE_MIN_WIDTH = 400;

    private final Messages m;
    private final WorkspaceViewModel vm;
    private final Consumer<Locale> onLanguage;
    private final Map<WizardStep, StepPage> pages = new EnumMap<>(WizardStep.class);
    private final javafx.beans.property.DoubleProperty diagramWidth = new javafx.beans.property.SimpleDoubleProperty();
    private final javafx.beans.property.DoubleProperty activityHeight = new javafx.beans.property.SimpleDoubleProperty();

    @FXML private MenuButton stackMenu;
    @FXML private Label targetBadge;
    @FXML private ComboBox<Locale> language;
    @FXML private VBox steps;
    @FXML private SplitPane vertical;
    @FXML private SplitPane horizontal;
    @FXML private HBox resumeBanner;
    @FXML private Label resumeText;
    @FXML private StackPane page;
    @FXML private Button back;
    @FXML private Button next;
    @FXML private VBox topologyColumn;
    @FXML private StackPane topologySlot;

    public MainView(Messages m, WorkspaceViewModel vm, Consumer<Locale> onLanguage) {
        this.m = m;
        this.vm = vm;
        this.onLanguage = onLanguage;
        ViewLoader.load(this, m);
        bindHeader();
        bindSteps();

        for (StepPage p : new StepPage[] {new AccountView(m, vm.account()), new NetworkStepView(m, vm.network(), vm),
                new AccessStepView(m, vm.access(), vm), new ReviewView(m, vm, this::confirmTeardown)}) {
            pages.put(p.step(), p);
        }
        vm.flow().currentProperty().addListener((o, a, b) -> showPage(b));
        showPage(vm.flow().currentProperty().get());
        back.disableProperty().bind(vm.flow().currentProperty().isEqualTo(WizardStep.ACCOUNT));
        next.disableProperty().bind(vm.flow().canAdvanceBinding().not());
        bindResumeBanner();

        setTopology(TopologySlot.create(m, vm));
        vertical.getItems().add(new ActivityView(m, vm));
        // Sizes in pixels: a larger window gives its room to the page and the diagram.
        SplitSize.keep(horizontal, diagramWidth, w -> w * 0.32, PAGE_MIN_WIDTH);
        SplitSize.keep(vertical, activityHeight, h -> h * 0.30, 300);

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
        page.getChildren().setAll(pages.get(step).root());
    }

    private void bindHeader() {
        stackMenu.textProperty().bind(Bindings.createStringBinding(() -> vm.stackProperty().get() == null
                ? m.i18n("stacks.none") : m.i18n("stacks.current", vm.stackProperty().get()), vm.stackProperty()));
        vm.stacks().addListener((ListChangeListener<StackSummary>) c -> fillStackMenu());
        vm.runningProperty().addListener((o, a, b) -> fillStackMenu());
        fillStackMenu();

        targetBadge.textProperty().bind(Bindings.createStringBinding(() -> m.problem(vm.account().badgeProperty().get()),
                vm.account().badgeProperty()));
        Runnable tint = () -> {
            TargetChoice target = vm.account().targetProperty().get();
            targetBadge.getStyleClass().removeAll("sandbox", "aws");
            targetBadge.getStyleClass().add(target == null || target.isSandbox() ? "sandbox" : "aws");
        };
        vm.account().targetProperty().addListener((o, a, b) -> tint.run());
        tint.run();

        language.getItems().setAll(Messages.SUPPORTED);
        language.setValue(m.locale());
        language.setButtonCell(languageCell());
        language.setCellFactory(lv -> languageCell());
        language.valueProperty().addListener((o, a, b) -> {
            if (b != null && !b.equals(m.locale())) {
                onLanguage.accept(b);
            }
        });
    }

    private void fillStackMenu() {
        boolean running = vm.runningProperty().get() != null;
        stackMenu.getItems().clear();
        for (StackSummary s : vm.stacks()) {
            MenuItem item = new MenuItem(m.i18n(s.interrupted() ? "stacks.itemInterrupted" : "stacks.item",
                    s.name(), s.resources()));
            item.setOnAction(e -> vm.openStack(s.name()));
            item.setDisable(running);
            stackMenu.getItems().add(item);
        }
        MenuItem create = new MenuItem(m.i18n("stacks.new"));
        create.setOnAction(e -> Dialogs.stackName(m, getScene().getWindow(), "stacks.new", "", vm::checkNewName)
                .showAndWait().ifPresent(vm::createStack));
        MenuItem rename = new MenuItem(m.i18n("stacks.rename"));
        rename.setOnAction(e -> renameStack());
        create.setDisable(running);
        rename.setDisable(running || vm.stackProperty().get() == null);
        stackMenu.getItems().addAll(new SeparatorMenuItem(), create, rename);
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
            Alert a = new Alert(Alert.AlertType.INFORMATION);
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

    /** One button per step, with its status badge; the current one marked. */
    private void bindSteps() {
        for (WizardStep step : WizardStep.values()) {
            Label name = new Label(m.i18n(step.titleKey()));
            name.getStyleClass().add("step-name");
            Label badge = new Label();
            badge.getStyleClass().add("step-badge");
            vm.statusProperty(step).addListener((o, a, b) -> paintBadge(badge, b));
            paintBadge(badge, vm.statusProperty(step).get());
            Button b = new Button(null, new VBox(2, name, badge));
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
            steps.getChildren().add(b);
        }
    }

    private void paintBadge(Label badge, StepStatus status) {
        badge.setText(m.i18n(status.key()));
        badge.getStyleClass().removeIf(s -> s.startsWith("badge-"));
        badge.getStyleClass().add(status.styleClass());
    }

    @FXML
    private void back() {
        vm.flow().back();
    }

    @FXML
    private void next() {
        vm.flow().next();
    }

    private void bindResumeBanner() {
        resumeText.textProperty().bind(Bindings.createStringBinding(() -> vm.resumeOfferProperty().get() == null ? ""
                : m.i18n(vm.resumeOfferProperty().get() == RunKind.TEARDOWN ? "resume.teardown" : "resume.apply",
                        String.valueOf(vm.stackProperty().get())), vm.resumeOfferProperty(), vm.stackProperty()));
        resumeBanner.visibleProperty().bind(vm.resumeOfferProperty().isNotNull());
        resumeBanner.managedProperty().bind(resumeBanner.visibleProperty());
    }

    @FXML
    private void resume() {
        vm.resume();
    }

    @FXML
    private void dismissResume() {
        vm.dismissResume();
    }

    /** Asks for the typed stack name, then tears the stack down. */
    void confirmTeardown() {
        TeardownConfirmViewModel confirm = new TeardownConfirmViewModel(vm.stackProperty().get(), vm.savedKeyFiles());
        Dialogs.teardown(m, getScene().getWindow(), confirm).showAndWait()
                .filter(Boolean::booleanValue).ifPresent(ok -> vm.teardown(confirm.deleteKeyFilesProperty().get()));
    }
}
