package dev.cairn.gui;

import dev.cairn.gui.AppEvent.RunKind;
import dev.cairn.gui.StackCatalog.StackSummary;
import dev.cairn.gui.topology.EnumPseudoClasses;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The main window's content: header (stacks, target badge, language), the steps on the left, the
 * page in the centre, the topology slot on the right, the activity list at the bottom. Binds to
 * {@link WorkspaceViewModel}; each page is a {@link StepPage}.
 *
 * <p>Built in code, unlike the pages' FXML: it is the first thing the window shows, and loading
 * its FXML was the first use of {@code FXMLLoader} (its XML reader, its reflection over each
 * element's class) before the first frame: 165–237 ms of the FX thread's CPU in probe runs,
 * against 64–73 ms for the same nodes built here, most of that the controls' own first use
 * (docs/benchmarks.md, StartBenchmark). The pages are built when first shown, after the first
 * frame, and keep their FXML; {@link UiWarmup} pays the loader's first use for them.
 */
public final class MainView extends BorderPane {

    /** The room the page keeps beside the diagram, however wide the diagram is made. */
    static final double PAGE_MIN_WIDTH = 400;
    /** The topology's dock never narrower than this (its header's buttons). */
    static final double TOPOLOGY_MIN_WIDTH = 280;
    static final double STEPS_PREF_WIDTH = 150;
    static final double STEPS_MIN_WIDTH = 130;
    static final double HEADER_MARK_SIZE = 24;
    static final double BANNER_SPINNER_SIZE = 18;
    /** A step badge's status ({@code .step-badge:badge-applied}). */
    private static final EnumPseudoClasses<StepStatus> BADGE_STATES = new EnumPseudoClasses<>(StepStatus.class,
            StepStatus::pseudoClass);

    private final Messages m;
    private final WorkspaceViewModel vm;
    private final Consumer<Locale> onLanguage;
    private final Map<WizardStep, StepPage> pages = new EnumMap<>(WizardStep.class);
    private final Map<WizardStep, java.util.function.Supplier<StepPage>> pageMakers = new EnumMap<>(WizardStep.class);
    private final DiagramPaneViewModel pane;
    /** The activity list's height: about a quarter of the window's until the user drags it, not remembered. */
    private final DoubleProperty activityHeight = new SimpleDoubleProperty();
    /** Holds the activity list (the vertical split's second item). */
    private final StackPane activitySlot = new StackPane();
    /** The topology's own window while it has one. */
    private Stage diagramStage;

    private final MenuButton stackMenu;
    private final Label targetBadge;
    private final Label stateBadge;
    private final VBox teamBanner;
    private final Label teamBannerText;
    private final Button teamRetry;
    private final Button teamBannerClose;
    private final VBox migrateBanner;
    private final HBox migrateButtons;
    private final ProgressIndicator migrateSpinner;
    private final Label migrateText;
    private final Button migrate;
    private final Button migrateLater;
    private final Button migrateClose;
    /**
     * The language menu: a menu button, not a combo box. The window's first combo box built a
     * list view, a virtual flow and scroll bars and measured a cell in the first frame's CSS
     * pass, about a third of it (docs/benchmarks.md); the stacks' menu button is there anyway.
     */
    private final MenuButton language;
    private final VBox steps;
    private final VBox stepButtons;
    private final SplitPane vertical;
    private final SplitPane horizontal;
    private final HBox resumeBanner;
    private final Label resumeText;
    private final StackPane page;
    private final Button back;
    private final Button next;
    private final StackPane topologyDock;
    private final VBox topologyColumn;
    private final StackPane topologySlot;
    private final ToggleButton fillWindow;
    private final ToggleButton ownWindow;
    private final StackPane fillLayer;

    /** A main window whose diagram starts at its default width and docked. */
    public MainView(Messages m, WorkspaceViewModel vm, Consumer<Locale> onLanguage) {
        this(m, vm, new DiagramPaneViewModel(0), onLanguage);
    }

    public MainView(Messages m, WorkspaceViewModel vm, DiagramPaneViewModel pane, Consumer<Locale> onLanguage) {
        this(m, vm, pane, onLanguage, true);
    }

    /**
     * The main window as the app opens it: the header and the steps, with the current page left
     * to {@link #completePage()} and the topology and the activity list to {@link #completeParts()}
     * once that has been drawn. Their controls (the page's combo boxes and spinner, the diagram,
     * the activity table) are most of the first CSS, layout and paint, and the window answers
     * clicks without them (docs/benchmarks.md, StartBenchmark).
     */
    static MainView opening(Messages m, WorkspaceViewModel vm, DiagramPaneViewModel pane, Consumer<Locale> onLanguage) {
        return new MainView(m, vm, pane, onLanguage, false);
    }

    private MainView(Messages m, WorkspaceViewModel vm, DiagramPaneViewModel pane, Consumer<Locale> onLanguage,
            boolean whole) {
        this.m = m;
        this.vm = vm;
        this.pane = pane;
        this.onLanguage = onLanguage;
        getStyleClass().add("main");
        stackMenu = new MenuButton();
        stateBadge = new Label();
        targetBadge = new Label();
        language = new MenuButton();
        setTop(header());
        stepButtons = new VBox(6);
        back = new Button(m.i18n("action.back"));
        next = new Button(m.i18n("action.next"));
        steps = new VBox(6);
        setLeft(stepList());
        resumeText = new Label();
        resumeBanner = new HBox(10);
        teamBannerText = new Label();
        teamRetry = new Button(m.i18n("team.retry"));
        teamBannerClose = new Button(m.i18n("team.close"));
        teamBanner = new VBox(8);
        migrateSpinner = new ProgressIndicator();
        migrateText = new Label();
        migrate = new Button(m.i18n("migrate.action"));
        migrateLater = new Button(m.i18n("migrate.dismiss"));
        migrateClose = new Button(m.i18n("team.close"));
        migrateButtons = new HBox(10);
        migrateBanner = new VBox(8);
        page = new StackPane();
        fillWindow = new ToggleButton(m.i18n("topology.fill"));
        ownWindow = new ToggleButton(m.i18n("topology.ownWindow"));
        topologySlot = new StackPane();
        topologyColumn = new VBox();
        topologyDock = new StackPane();
        horizontal = new SplitPane();
        vertical = new SplitPane();
        fillLayer = new StackPane();
        setCenter(centre());
        bindHeader();
        bindSteps();

        // Each page is built when first shown: the window opens on one of seven, and building the
        // others (their FXML, controls and CSS) before the window showed was start-up time spent
        // on pages nobody had asked for yet (docs/benchmarks.md, StartBenchmark).
        pageMakers.put(WizardStep.ACCOUNT, () -> new AccountView(m, vm.account()));
        pageMakers.put(WizardStep.NETWORK, () -> new NetworkStepView(m, vm.network(), vm));
        pageMakers.put(WizardStep.ACCESS, () -> new AccessStepView(m, vm.access(), vm));
        pageMakers.put(WizardStep.WEB, () -> new WebStepView(m, vm.web(), vm));
        pageMakers.put(WizardStep.STORAGE, () -> new StorageStepView(m, vm.storage(), vm));
        pageMakers.put(WizardStep.PIPELINE, () -> new PipelineStepView(m, vm.pipeline(), vm.release(), vm));
        pageMakers.put(WizardStep.REVIEW, () -> new ReviewView(m, vm, this::confirmTeardown));
        vm.flow().currentProperty().addListener((o, a, b) -> showPage(b));
        if (whole) {
            showPage(vm.flow().currentProperty().get());
        }
        back.disableProperty().bind(vm.flow().currentProperty().isEqualTo(WizardStep.ACCOUNT));
        next.disableProperty().bind(vm.flow().canAdvanceBinding().not());
        bindResumeBanner();
        bindTeamState();

        // The activity list's place is kept from the start, so the page does not move when it comes.
        activitySlot.getStyleClass().add("activity-slot");
        vertical.getItems().add(activitySlot);
        if (whole) {
            completeParts();
        }
        // Sizes in pixels: a larger window gives its room to the page (and below, to page and diagram).
        SplitSize.keep(horizontal, pane.widthProperty(), DiagramPaneViewModel::defaultWidth, PAGE_MIN_WIDTH);
        SplitSize.keep(vertical, activityHeight, h -> h * 0.26, 300);
        placementNote();
        pane.placementProperty().addListener((o, a, b) -> place(b));
        // A language switch replaces this view: its window goes, the next view opens its own.
        sceneProperty().addListener((o, a, b) -> {
            if (b == null) {
                closeDiagramStage();
            } else {
                place(pane.placementProperty().get());
            }
        });
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && pane.placementProperty().get() == DiagramPlacement.FILL) {
                pane.placementProperty().set(DiagramPlacement.DOCKED);
                e.consume();
            }
        });
        place(pane.placementProperty().get());

        // One report dialog, kept and re-worded per run; built while a run goes (RunReport).
        RunReport report = new RunReport(m, () -> getScene() == null ? null : getScene().getWindow());
        vm.runningProperty().addListener((o, a, b) -> {
            if (b != null && getScene() != null) {
                report.prepareSoon();
            }
        });
        vm.outcomeProperty().addListener((o, a, b) -> {
            if (b != null && getScene() != null) {
                report.showNextPulse(b);
            }
        });
    }

    // ------------------------------------------------------------------ layout

    /** The header: the app's mark and name, the stacks, the state and target badges, the language. */
    private HBox header() {
        ImageView mark = new ImageView(new Image(Resources.url("icons/cairn-32.png").toExternalForm()));
        mark.setFitWidth(HEADER_MARK_SIZE);
        mark.setFitHeight(HEADER_MARK_SIZE);
        Label title = new Label(m.i18n("app.title"));
        title.getStyleClass().add("app-title");
        title.setMinWidth(USE_PREF_SIZE);
        named(stackMenu, "stackMenu", "stack-menu");
        named(stateBadge, "stateBadge", "state-badge");
        stateBadge.setMinWidth(0);
        named(targetBadge, "targetBadge", "target-badge");
        targetBadge.setMinWidth(USE_PREF_SIZE);
        language.setId("language");
        language.setMinWidth(USE_PREF_SIZE);
        HBox header = new HBox(12, mark, title, stackMenu, grow(new Region()), stateBadge, targetBadge, language);
        header.getStyleClass().add("header");
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(8, 14, 8, 14));
        return header;
    }

    /** The steps, with Back and Next below them: the page keeps its height for the form. */
    private VBox stepList() {
        Label title = new Label(m.i18n("steps.title"));
        title.getStyleClass().add("section-title");
        stepButtons.setId("stepButtons");
        named(back, "back", null);
        back.setOnAction(e -> back());
        named(next, "next", null);
        next.setOnAction(e -> next());
        for (Button b : new Button[] {back, next}) {
            b.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(b, Priority.ALWAYS);
        }
        HBox nav = new HBox(6, back, next);
        nav.getStyleClass().add("nav");
        Region gap = new Region();
        VBox.setVgrow(gap, Priority.ALWAYS);
        named(steps, "steps", "steps");
        steps.getChildren().setAll(title, stepButtons, gap, nav);
        steps.setPrefWidth(STEPS_PREF_WIDTH);
        steps.setMinWidth(STEPS_MIN_WIDTH);
        return steps;
    }

    /**
     * The centre: the page (under its banners) beside the topology's dock, over the activity list's
     * place; the layer the topology fills the window in.
     */
    private StackPane centre() {
        // Resuming an interrupted run.
        resumeText.setId("resumeText");
        resumeText.setWrapText(true);
        HBox.setHgrow(resumeText, Priority.ALWAYS);
        Button resume = fixed(new Button(m.i18n("resume.action")), "resume", this::resume);
        resume.getStyleClass().add("accent");
        Button dismiss = fixed(new Button(m.i18n("resume.dismiss")), null, this::dismissResume);
        named(resumeBanner, "resumeBanner", "banner");
        resumeBanner.setAlignment(Pos.CENTER_LEFT);
        resumeBanner.getChildren().setAll(resumeText, resume, dismiss);

        // A team stack's state that cannot be read, or a team stack that cannot be opened: the
        // words above their buttons, so the narrow page keeps them readable.
        named(teamBannerText, "teamBannerText", null);
        wrapping(teamBannerText);
        fixed(teamRetry, "teamRetry", this::retryTeamState);
        fixed(teamBannerClose, "teamBannerClose", this::closeTeamBanner);
        HBox teamActions = new HBox(10, teamRetry, teamBannerClose);
        teamActions.setAlignment(Pos.CENTER_LEFT);
        named(teamBanner, "teamBanner", "banner");
        teamBanner.getStyleClass().add("banner-problem");
        teamBanner.getChildren().setAll(teamBannerText, teamActions);

        // The offer to move a local state into the stack's own state bucket, its progress, its result.
        migrateSpinner.setId("migrateSpinner");
        migrateSpinner.setPrefSize(BANNER_SPINNER_SIZE, BANNER_SPINNER_SIZE);
        migrateSpinner.setMinWidth(USE_PREF_SIZE);
        named(migrateText, "migrateText", null);
        wrapping(migrateText);
        HBox.setHgrow(migrateText, Priority.ALWAYS);
        HBox migrateLine = new HBox(10, migrateSpinner, migrateText);
        migrateLine.setAlignment(Pos.CENTER_LEFT);
        fixed(migrate, "migrate", this::migrate).getStyleClass().add("accent");
        fixed(migrateLater, "migrateLater", this::dismissMigrate);
        fixed(migrateClose, "migrateClose", this::closeMigrateResult);
        named(migrateButtons, "migrateButtons", null);
        migrateButtons.setAlignment(Pos.CENTER_LEFT);
        migrateButtons.getChildren().setAll(migrate, migrateLater, migrateClose);
        named(migrateBanner, "migrateBanner", "banner");
        migrateBanner.getStyleClass().add("banner-team");
        migrateBanner.getChildren().setAll(migrateLine, migrateButtons);

        named(page, "page", "page-holder");
        VBox.setVgrow(page, Priority.ALWAYS);
        VBox centre = new VBox(page);
        // Each banner joins the column while it shows (its visibility is bound below).
        attachWhileVisible(centre, List.of(resumeBanner, teamBanner, migrateBanner));
        named(centre, "centre", "centre");
        centre.setMinWidth(0);

        // The topology's place beside the page; while it fills the window or has its own, a note.
        Label title = new Label(m.i18n("topology.title"));
        title.getStyleClass().add("section-title");
        title.setMinWidth(USE_PREF_SIZE);
        fixed(fillWindow, "fillWindow", this::toggleFill);
        fixed(ownWindow, "ownWindow", this::toggleOwnWindow);
        HBox topologyHeader = new HBox(6, title, grow(new Region()), fillWindow, ownWindow);
        topologyHeader.getStyleClass().add("topology-header");
        topologyHeader.setAlignment(Pos.CENTER_LEFT);
        named(topologySlot, "topologySlot", "topology-slot");
        VBox.setVgrow(topologySlot, Priority.ALWAYS);
        named(topologyColumn, "topologyColumn", "topology-column");
        topologyColumn.getChildren().setAll(topologyHeader, topologySlot);
        named(topologyDock, "topologyDock", "topology-dock");
        topologyDock.setMinWidth(TOPOLOGY_MIN_WIDTH);
        topologyDock.getChildren().setAll(topologyColumn);

        horizontal.setId("horizontal");
        horizontal.getItems().setAll(centre, topologyDock);
        vertical.setId("vertical");
        vertical.setOrientation(Orientation.VERTICAL);
        vertical.getItems().setAll(horizontal);
        named(fillLayer, "fillLayer", "topology-fill");
        fillLayer.setVisible(false);
        return new StackPane(vertical, fillLayer);
    }

    /** Gives {@code node} its id (what tests and the stylesheet find it by) and a style class. */
    private static <T extends Node> T named(T node, String id, String styleClass) {
        node.setId(id);
        if (styleClass != null) {
            node.getStyleClass().add(styleClass);
        }
        return node;
    }

    /** A button as wide as its words, never squeezed, that runs {@code action}. */
    private static <T extends javafx.scene.control.ButtonBase> T fixed(T button, String id, Runnable action) {
        if (id != null) {
            button.setId(id);
        }
        button.setMinWidth(USE_PREF_SIZE);
        button.setOnAction(e -> action.run());
        return button;
    }

    /** A label that wraps and keeps the height its lines need. */
    private static void wrapping(Label label) {
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        label.setMinHeight(USE_PREF_SIZE);
    }

    private static Region grow(Region spacer) {
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }

    // ------------------------------------------------------------------ where the topology is shown

    private void toggleFill() {
        pane.toggleFill();
    }

    private void toggleOwnWindow() {
        pane.toggleWindow();
    }

    /** What the dock says while the topology is elsewhere, with the way back. */
    private void placementNote() {
        Label text = new Label(m.i18n("topology.elsewhere"));
        text.setWrapText(true);
        text.getStyleClass().add("hint");
        Button dock = new Button(m.i18n("topology.dock"));
        dock.setId("dockTopology");
        dock.setOnAction(e -> pane.placementProperty().set(DiagramPlacement.DOCKED));
        VBox note = new VBox(10, text, dock);
        note.setId("topologyElsewhere");
        note.getStyleClass().add("topology-elsewhere");
        note.setAlignment(Pos.CENTER);
        note.visibleProperty().bind(pane.placementProperty().isNotEqualTo(DiagramPlacement.DOCKED));
        topologyDock.getChildren().add(0, note);
    }

    /** Moves the topology column to where {@code placement} says; the diagram inside keeps its state. */
    private void place(DiagramPlacement placement) {
        fillWindow.setSelected(placement == DiagramPlacement.FILL);
        ownWindow.setSelected(placement == DiagramPlacement.WINDOW);
        // In a window of its own the diagram already has all of it.
        fillWindow.setVisible(placement != DiagramPlacement.WINDOW);
        fillWindow.setManaged(fillWindow.isVisible());
        boolean fill = placement == DiagramPlacement.FILL;
        steps.setVisible(!fill);
        steps.setManaged(!fill);
        fillLayer.setVisible(fill);
        if (placement != DiagramPlacement.WINDOW) {
            closeDiagramStage();
        }
        switch (placement) {
            case DOCKED -> {
                if (topologyColumn.getParent() != topologyDock) {
                    topologyDock.getChildren().add(topologyColumn);
                }
            }
            case FILL -> fillLayer.getChildren().setAll(topologyColumn);
            case WINDOW -> openDiagramStage();
        }
    }

    private void openDiagramStage() {
        Window owner = getScene() == null ? null : getScene().getWindow();
        if (owner == null) {
            return; // not shown yet: placed again once this view is in a scene
        }
        if (diagramStage == null) {
            diagramStage = new Stage();
            diagramStage.initOwner(owner);
            diagramStage.setTitle(m.i18n("topology.windowTitle"));
            Scene scene = new Scene(new StackPane(), Math.max(480, owner.getWidth() * 0.7), Math.max(360, owner.getHeight() * 0.8));
            scene.getStylesheets().setAll(Resources.stylesheets());
            diagramStage.setScene(scene);
            diagramStage.getIcons().setAll(owner instanceof Stage s ? s.getIcons() : List.of());
            // Closing the window brings the topology back beside the page.
            diagramStage.setOnHidden(e -> {
                diagramStage = null;
                if (pane.placementProperty().get() == DiagramPlacement.WINDOW) {
                    pane.placementProperty().set(DiagramPlacement.DOCKED);
                }
            });
        }
        ((StackPane) diagramStage.getScene().getRoot()).getChildren().setAll(topologyColumn);
        diagramStage.show();
    }

    private void closeDiagramStage() {
        if (diagramStage != null) {
            Stage s = diagramStage;
            diagramStage = null;
            s.setOnHidden(null);
            ((StackPane) s.getScene().getRoot()).getChildren().clear();
            s.close();
        }
    }

    /** The topology's own window, while it has one (tests). */
    Stage diagramStage() {
        return diagramStage;
    }

    /**
     * Keeps each of {@code banners} among {@code box}'s children, above its other children and in
     * the order given, only while it is visible. A hidden node is still styled (its skins made,
     * its selectors matched) whenever the scene is: three banners nobody sees were part of the
     * first frame's CSS (a spinner's skin among them). Inserting one node leaves its siblings' CSS
     * alone.
     */
    static void attachWhileVisible(VBox box, List<? extends Node> banners) {
        for (Node banner : banners) {
            banner.visibleProperty().addListener((o, was, now) -> place(box, banners, banner, now));
            place(box, banners, banner, banner.isVisible());
        }
    }

    private static void place(VBox box, List<? extends Node> banners, Node banner, boolean shown) {
        ObservableList<Node> children = box.getChildren();
        if (!shown) {
            children.remove(banner);
            return;
        }
        if (children.contains(banner)) {
            return;
        }
        int at = 0;
        for (Node other : banners) {
            if (other == banner) {
                break;
            }
            if (children.contains(other)) {
                at++;
            }
        }
        children.add(at, banner);
    }

    /**
     * Shows the current page, when {@link #opening} left it out and no step was chosen since; it
     * takes no focus (the window's first frame had none on the page either).
     */
    void completePage() {
        if (page.getChildren().isEmpty()) {
            page.getChildren().setAll(pageOf(vm.flow().currentProperty().get()).root());
        }
    }

    /** Adds the page, the topology and the activity list, when {@link #opening} left them out; once. */
    void completeParts() {
        completePage();
        if (!activitySlot.getChildren().isEmpty()) {
            return;
        }
        setTopology(TopologySlot.create(m, vm));
        activitySlot.getChildren().setAll(new ActivityView(m, vm));
    }

    /** Puts the topology component in its slot. */
    public void setTopology(Node node) {
        topologySlot.getChildren().setAll(node);
    }

    /** The page of {@code step}, built the first time it is asked for. */
    private StepPage pageOf(WizardStep step) {
        return pages.computeIfAbsent(step, s -> pageMakers.get(s).get());
    }

    private void showPage(WizardStep step) {
        StepPage p = pageOf(step);
        page.getChildren().setAll(p.root());
        // Typing starts on the page just shown (its first field), not on the step button clicked.
        if (p.focusTarget() != null && getScene() != null) {
            p.focusTarget().requestFocus();
        }
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

        ToggleGroup languages = new ToggleGroup();
        for (Locale l : Messages.SUPPORTED) {
            RadioMenuItem item = new RadioMenuItem(l.getDisplayLanguage(l));
            item.setId("language-" + l.toLanguageTag());
            item.setUserData(l);
            item.setToggleGroup(languages);
            item.setSelected(l.equals(m.locale()));
            item.setOnAction(e -> {
                if (!l.equals(m.locale())) {
                    onLanguage.accept(l);
                }
            });
            language.getItems().add(item);
        }
        language.setText(m.locale().getDisplayLanguage(m.locale()));
    }

    private void fillStackMenu() {
        boolean running = vm.runningProperty().get() != null;
        stackMenu.getItems().clear();
        for (StackSummary s : vm.stacks()) {
            MenuItem item = new MenuItem(Dialogs.stackItem(m, s));
            item.setOnAction(e -> vm.openStack(s.name()));
            item.setDisable(running);
            stackMenu.getItems().add(item);
        }
        MenuItem create = new MenuItem(m.i18n("stacks.new"));
        create.setOnAction(e -> Dialogs.stackName(m, getScene().getWindow(), "stacks.new", "", vm::checkNewName)
                .showAndWait().ifPresent(vm::createStack));
        MenuItem rename = new MenuItem(m.i18n("stacks.rename"));
        rename.setOnAction(e -> renameStack());
        MenuItem open = new MenuItem(m.i18n("stacks.open"));
        open.setId("openStackItem");
        open.setOnAction(e -> openStackDialog());
        open.setDisable(running);
        create.setDisable(running);
        rename.setDisable(running || vm.stackProperty().get() == null);
        stackMenu.getItems().addAll(new SeparatorMenuItem(), open, create, rename);
    }

    /** The Open stack dialog: this computer's stacks, or a team bucket's. */
    void openStackDialog() {
        Dialogs.openStack(m, getScene().getWindow(), vm).showAndWait().ifPresent(Runnable::run);
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
            stepButtons.getChildren().add(b);
        }
    }

    private void paintBadge(Label badge, StepStatus status) {
        badge.setText(m.i18n(status.key()));
        // A run's start and end repaint every badge: a pseudo-class flip re-uses its selectors.
        BADGE_STATES.set(badge, status);
    }

    private void back() {
        vm.flow().back();
    }

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

    /** The header's state badge (where the state lives, who holds its lock) and the two team banners. */
    private void bindTeamState() {
        // Made when a lock is first shown: the locale's date patterns take tens of milliseconds to
        // load, and almost every start shows no lock (StartBenchmark).
        java.util.function.Supplier<java.time.format.DateTimeFormatter> when = Lazy.of(() -> java.time.format.DateTimeFormatter
                .ofLocalizedDateTime(java.time.format.FormatStyle.SHORT).withLocale(m.locale())
                .withZone(java.time.ZoneId.systemDefault()));
        Runnable badge = () -> {
            String team = vm.teamLocationProperty().get();
            TeamStack.LockInfo lock = vm.lockProperty().get();
            String text;
            String style;
            if (team == null) {
                text = lock == null ? m.i18n("state.local") : m.i18n(lock.stale() ? "state.local.stale" : "state.local.locked",
                        lock.who(), lock.host(), lock.command(), lock.since() == null ? "?" : when.get().format(lock.since()));
                style = lock == null ? "state-local" : "state-warn";
            } else if (vm.stateLoadingProperty().get()) {
                text = m.i18n("state.team.reading", team);
                style = "state-team";
            } else if (vm.stateProblemProperty().get() != null) {
                text = m.i18n("state.team.unreadable", team);
                style = "state-warn";
            } else if (lock == null) {
                text = m.i18n("state.team", team);
                style = "state-team";
            } else {
                text = m.i18n(lock.stale() ? "state.team.stale" : "state.team.locked", team, lock.who(), lock.host(),
                        lock.command(), lock.since() == null ? "?" : when.get().format(lock.since()));
                style = lock.stale() ? "state-warn" : "state-team";
            }
            stateBadge.setText(text);
            stateBadge.setTooltip(new javafx.scene.control.Tooltip(text));
            stateBadge.getStyleClass().removeAll("state-local", "state-team", "state-warn");
            stateBadge.getStyleClass().add(style);
        };
        for (javafx.beans.Observable o : new javafx.beans.Observable[] {vm.teamLocationProperty(), vm.lockProperty(),
                vm.stateLoadingProperty(), vm.stateProblemProperty()}) {
            o.addListener(x -> badge.run());
        }
        badge.run();

        teamBannerText.textProperty().bind(Bindings.createStringBinding(() -> {
            if (vm.openProblemProperty().get() != null) {
                return m.problem(vm.openProblemProperty().get());
            }
            Problem p = vm.stateProblemProperty().get();
            return p == null ? "" : m.i18n("state.team.unreadableLong", String.valueOf(vm.stackProperty().get()),
                    String.valueOf(vm.teamLocationProperty().get())) + " " + m.problem(p);
        }, vm.openProblemProperty(), vm.stateProblemProperty(), vm.stackProperty(), vm.teamLocationProperty()));
        teamBanner.visibleProperty().bind(vm.openProblemProperty().isNotNull().or(vm.stateProblemProperty().isNotNull()));
        teamBanner.managedProperty().bind(teamBanner.visibleProperty());
        teamRetry.visibleProperty().bind(vm.openProblemProperty().isNull().and(vm.stateProblemProperty().isNotNull()));
        teamRetry.managedProperty().bind(teamRetry.visibleProperty());
        teamBannerClose.visibleProperty().bind(vm.openProblemProperty().isNotNull());
        teamBannerClose.managedProperty().bind(teamBannerClose.visibleProperty());

        var offer = vm.migrateOfferProperty();
        var result = vm.migrateResultProperty();
        var busy = vm.migratingProperty();
        migrateText.textProperty().bind(Bindings.createStringBinding(() -> {
            if (busy.get()) {
                return vm.migrateProgressProperty().get() == null ? "" : m.problem(vm.migrateProgressProperty().get());
            }
            if (result.get() != null) {
                return vm.migrateSucceededProperty().get() ? m.problem(result.get())
                        : m.i18n("migrate.failed", String.valueOf(vm.stackProperty().get())) + " " + m.problem(result.get());
            }
            return offer.get() == null ? "" : m.i18n("migrate.offer", String.valueOf(vm.stackProperty().get()), offer.get());
        }, busy, result, offer, vm.migrateProgressProperty(), vm.migrateSucceededProperty(), vm.stackProperty()));
        migrateBanner.visibleProperty().bind(offer.isNotNull().or(busy).or(result.isNotNull()));
        migrateBanner.managedProperty().bind(migrateBanner.visibleProperty());
        migrateSpinner.visibleProperty().bind(busy);
        migrateSpinner.managedProperty().bind(busy);
        migrate.visibleProperty().bind(offer.isNotNull().and(busy.not()).and(vm.migrateSucceededProperty().not()));
        migrate.managedProperty().bind(migrate.visibleProperty());
        migrate.disableProperty().bind(vm.runningProperty().isNotNull());
        migrateLater.visibleProperty().bind(offer.isNotNull().and(busy.not()).and(result.isNull()));
        migrateLater.managedProperty().bind(migrateLater.visibleProperty());
        migrateClose.visibleProperty().bind(result.isNotNull().and(busy.not()));
        migrateClose.managedProperty().bind(migrateClose.visibleProperty());
        migrateButtons.visibleProperty().bind(busy.not());
        migrateButtons.managedProperty().bind(migrateButtons.visibleProperty());
    }

    private void retryTeamState() {
        vm.readTeamState();
    }

    private void closeTeamBanner() {
        vm.dismissOpenProblem();
    }

    private void migrate() {
        vm.migrateToTeamBucket();
    }

    private void dismissMigrate() {
        vm.dismissMigrate();
    }

    private void closeMigrateResult() {
        vm.clearMigrateResult();
    }

    private void resume() {
        vm.resume();
    }

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
