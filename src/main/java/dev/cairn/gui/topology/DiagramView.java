package dev.cairn.gui.topology;

import dev.cairn.model.Address;
import dev.cairn.model.ResourceKind;
import dev.cairn.topology.Diagram;
import dev.cairn.topology.Diagram.Container;
import dev.cairn.topology.Diagram.Edge;
import dev.cairn.topology.Diagram.Node;
import dev.cairn.topology.Diagram.Point;
import dev.cairn.topology.DiagramStyle;
import dev.cairn.topology.DiagramStyle.LegendItem;
import dev.cairn.topology.NodeStatus;
import dev.cairn.topology.TargetHealth;
import dev.cairn.topology.PngWriter;
import dev.cairn.topology.SvgWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.animation.Animation;
import javafx.animation.AnimationTimer;
import javafx.animation.Interpolator;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * The live topology of a stack, drawn with JavaFX from a {@link Diagram} in the colours, strokes and
 * fonts of {@link DiagramStyle}, so it is the same picture as the SVG and PNG files.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>{@link #show} keeps one scene-graph group per container, node and edge, keyed by id: showing
 *       the same structure again with other statuses only updates shapes in place (the layout never
 *       moves a box because of its status), so a run that changes a status every second stays cheap.
 *   <li>One shared {@link Timeline} drives every animated box (creating pulses, deleting fades); it
 *       runs only while some box is creating or deleting and the view is in a showing window.
 *   <li>Deleted resources are not drawn; the legend and the exported files still explain statuses.
 * </ul>
 *
 * <p>Call every method on the FX thread.
 */
public final class DiagramView extends BorderPane {

    public static final double MIN_ZOOM = 0.1;
    public static final double MAX_ZOOM = 4.0;
    /** The factor of one +/− step; a wheel notch zooms by a fraction of it. */
    public static final double ZOOM_STEP = 1.25;
    /** Exported PNGs are drawn at twice the logical size, sharp on high-DPI screens. */
    public static final double EXPORT_PNG_SCALE = 2.0;
    /** Fit never enlarges a small diagram beyond this, so a lone VPC does not look bloated. */
    private static final double FIT_MAX_ZOOM = 1.25;
    private static final double FIT_MARGIN = 16;
    /** Around a step's boxes the view shows a little of what surrounds them, and no more. */
    private static final double FOCUS_MARGIN = 8;
    /** The smallest on-screen size of a resource's name when the view fits a step's resources. */
    public static final double MIN_TEXT_PX = 9;
    /**
     * Fitting a step never zooms below this: a resource's name ({@link DiagramStyle#LABEL_SIZE})
     * stays {@link #MIN_TEXT_PX} on screen. A step too large to fit at this zoom is shown from its
     * top-left corner, the rest a pan away.
     */
    public static final double READABLE_ZOOM = MIN_TEXT_PX / DiagramStyle.LABEL_SIZE;
    /** A press that moves less than this is a click, not a pan. */
    private static final double DRAG_THRESHOLD = 4;
    /**
     * Boxes and edges updated in place in one frame. A teardown's end turns every box back to
     * planned (108 in the guide; with their CSS and layout about 20 ms in one frame): spread over a
     * few pulses, each frame stays under 16 ms, and one status change is still drawn at once.
     */
    static final int MAX_UPDATES_PER_PULSE = 24;
    private static final Duration PULSE_PERIOD = Duration.millis(800);
    private static final double PULSE_MIN = 0.15;
    /** A deleting box fades between its style opacity and this. */
    private static final double FADE_MIN = 0.2;
    private static final double SELECTION_INSET = 4;
    private static final String SELECTION_COLOUR = "#f59e0b";
    /**
     * Below this zoom a 12 px label is under 5 px on screen: text is hidden, which keeps an
     * overview of hundreds of boxes quick to render (text is the costliest thing to draw).
     */
    static final double LABEL_MIN_ZOOM = 0.4;

    // Shared paints and fonts: setters compare by identity, so re-showing a diagram with the same
    // colours then invalidates nothing, and 500 boxes do not parse 2 000 colour strings each time.
    private static final Map<String, Color> COLOURS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Font LABEL_BOLD = Font.font(DiagramStyle.FONT_FAMILY, FontWeight.BOLD, DiagramStyle.LABEL_SIZE);
    private static final Font LABEL_PLAIN = Font.font(DiagramStyle.FONT_FAMILY, FontWeight.NORMAL, DiagramStyle.LABEL_SIZE);
    private static final Font SUBLABEL = Font.font(DiagramStyle.FONT_FAMILY, DiagramStyle.SUBLABEL_SIZE);
    private static final Font EDGE_LABEL = Font.font(DiagramStyle.FONT_FAMILY, DiagramStyle.SUBLABEL_SIZE - 1);
    private static final Font BADGE = Font.font(DiagramStyle.FONT_FAMILY, FontWeight.BOLD, 9);

    /**
     * A box's status as a pseudo-class ({@code :status-planned}, {@code :status-ready}, …), exactly
     * one set on a drawn box at a time.
     */
    static final EnumPseudoClasses<NodeStatus> STATUS_STATES = new EnumPseudoClasses<>(NodeStatus.class,
            s -> "status-" + s.name().toLowerCase(Locale.ROOT));

    private final ResourceBundle bundle;
    /** Kinds' display names, looked up once per kind: the bundle never changes for a view. */
    private final Map<ResourceKind, String> kindNames = new IdentityHashMap<>();
    private final Pane viewport = new Pane();
    private final Group content = new Group();
    private final Group containerLayer = new Group();
    private final Group edgeLayer = new Group();
    private final Group nodeLayer = new Group();
    private final Group legendLayer = new Group();
    private final Rectangle selectionMark = new Rectangle();
    private final Rectangle background = new Rectangle();
    private final javafx.scene.transform.Scale scale = new javafx.scene.transform.Scale(1, 1, 0, 0);
    private final javafx.scene.transform.Translate translate = new javafx.scene.transform.Translate();
    private final Label emptyLabel = new Label();
    private final VBox detailsCard = new VBox(6);
    private final Button exportPngButton = new Button();
    private final Button exportSvgButton = new Button();

    private final Map<String, BoxView> containerViews = new HashMap<>();
    private final Map<String, BoxView> nodeViews = new HashMap<>();
    private final Map<String, EdgeView> edgeViews = new HashMap<>();
    /** The views of the shown diagram's containers, nodes and edges, in its lists' order. */
    private final List<BoxView> containerOrder = new ArrayList<>();
    private final List<BoxView> nodeOrder = new ArrayList<>();
    private final List<EdgeView> edgeOrder = new ArrayList<>();

    private final ReadOnlyDoubleWrapper zoom = new ReadOnlyDoubleWrapper(this, "zoom", 1);
    private final ReadOnlyObjectWrapper<Address> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final javafx.beans.property.BooleanProperty detailed = new javafx.beans.property.SimpleBooleanProperty(true);
    private final DoubleProperty pulse = new SimpleDoubleProperty(1);
    private final DoubleProperty fade = new SimpleDoubleProperty(DiagramStyle.opacity(NodeStatus.DELETING));
    private final Timeline animation;
    private final ChangeListener<Boolean> showingListener = (o, was, is) -> updateAnimation();
    private final ChangeListener<Window> windowListener = (o, old, now) -> {
        if (old != null) {
            old.showingProperty().removeListener(showingListener);
        }
        if (now != null) {
            now.showingProperty().addListener(showingListener);
        }
        updateAnimation();
    };

    private Diagram diagram;
    /** Spreads a large in-place change over pulses ({@link #catchUp}); made at first need. */
    private AnimationTimer catchUpTimer;
    /** True while some box or edge waits for {@link #catchUp} to show the current diagram's record. */
    private boolean behind;
    /**
     * Whether {@link #show} touches only the boxes and edges whose record changed (true), or
     * updates every one as before issue #14 (false: kept for {@code DiagramViewBenchmark}'s side
     * by side comparison).
     */
    private boolean incremental = true;
    /** The record of the box the details card was last filled from. */
    private Object detailsOf;
    /** Boxes and edges updated by {@link #show} since the view was made (tests: only what changed). */
    private long updates;
    private double legendFor = Double.NaN;
    private int animatedBoxes;
    /** What the view keeps fitted when the diagram grows or the view is resized. */
    private enum FitMode {
        /** The focused step's resources ({@link #fit()}); the whole diagram while no focus is set. */
        FOCUS,
        /** The whole diagram, legend included ({@link #fitAll()}). */
        WHOLE,
        /** Nothing: the user zoomed or panned. */
        MANUAL
    }

    private FitMode fitMode = FitMode.FOCUS;
    /** The steps ({@link Address#step()}) whose resources {@link #fit()} zooms to; empty: every resource; null: no focus. */
    private Set<String> focusSteps;
    private Function<Address, Optional<ResourceDetails>> detailsProvider = a -> Optional.empty();
    private boolean consoleLinks = true;
    private Consumer<String> openUrl = url -> {};
    private double pressX;
    private double pressY;
    private double pressTx;
    private double pressTy;
    private boolean dragged;

    public DiagramView(ResourceBundle bundle) {
        this.bundle = Objects.requireNonNull(bundle, "bundle");
        getStyleClass().add("diagram-view");
        getStylesheets().add(Objects.requireNonNull(DiagramView.class.getResource("diagram-view.css"),
                "diagram-view.css is missing from the classpath").toExternalForm());

        background.setFill(colour(DiagramStyle.BACKGROUND));
        selectionMark.setFill(Color.TRANSPARENT);
        selectionMark.setStroke(colour(SELECTION_COLOUR));
        selectionMark.setStrokeWidth(3);
        selectionMark.setArcWidth(2 * (DiagramStyle.CORNER + SELECTION_INSET));
        selectionMark.setArcHeight(2 * (DiagramStyle.CORNER + SELECTION_INSET));
        selectionMark.setMouseTransparent(true);
        selectionMark.setVisible(false);
        selectionMark.getStyleClass().add("selection-mark");
        content.getChildren().addAll(background, containerLayer, edgeLayer, nodeLayer, legendLayer, selectionMark);
        content.getTransforms().setAll(translate, scale);
        edgeLayer.setMouseTransparent(true);
        legendLayer.setMouseTransparent(true);

        viewport.getStyleClass().add("diagram-viewport");
        viewport.getChildren().add(content);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(viewport.widthProperty());
        clip.heightProperty().bind(viewport.heightProperty());
        viewport.setClip(clip);
        viewport.setMinSize(0, 0);
        viewport.widthProperty().addListener((o, a, b) -> fitIfAuto());
        viewport.heightProperty().addListener((o, a, b) -> fitIfAuto());
        installMouse();

        emptyLabel.getStyleClass().add("diagram-empty");
        emptyLabel.setText(text("diagram.empty"));
        if (wide(text("diagram.empty")) && CjkFamily.NAME != null) {
            // A Korean bundle: the chrome (toolbar, card, message) needs a face with Hangul too.
            setStyle("-fx-font-family: \"" + CjkFamily.NAME + "\";");
        }
        emptyLabel.setWrapText(true);
        emptyLabel.setMaxWidth(360);
        emptyLabel.setMouseTransparent(true);
        detailsCard.getStyleClass().add("details-card");
        detailsCard.setVisible(false);
        detailsCard.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        detailsCard.setPrefWidth(300);
        // Bottom right: the legend is bottom left and the internet gateway sits on the VPC's top edge.
        StackPane.setAlignment(detailsCard, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(detailsCard, new Insets(10));
        StackPane stack = new StackPane(viewport, emptyLabel, detailsCard);
        stack.setMinSize(0, 0);
        setCenter(stack);
        setTop(toolbar());

        animation = new Timeline(
                new KeyFrame(Duration.ZERO, new KeyValue(pulse, 1.0),
                        new KeyValue(fade, DiagramStyle.opacity(NodeStatus.DELETING))),
                new KeyFrame(PULSE_PERIOD, new KeyValue(pulse, PULSE_MIN, Interpolator.EASE_BOTH),
                        new KeyValue(fade, FADE_MIN, Interpolator.EASE_BOTH)));
        animation.setAutoReverse(true);
        animation.setCycleCount(Animation.INDEFINITE);
        sceneProperty().addListener((o, old, now) -> {
            if (old != null) {
                old.windowProperty().removeListener(windowListener);
                if (old.getWindow() != null) {
                    old.getWindow().showingProperty().removeListener(showingListener);
                }
            }
            if (now != null) {
                now.windowProperty().addListener(windowListener);
                if (now.getWindow() != null) {
                    now.getWindow().showingProperty().addListener(showingListener);
                }
            }
            updateAnimation();
        });
        visibleProperty().addListener((o, a, b) -> updateAnimation());

        setFocusTraversable(true);
        addEventHandler(KeyEvent.KEY_PRESSED, this::onKey);
        updateEmptyState();
    }

    // ------------------------------------------------------------------ public API

    /**
     * Shows a diagram, reusing the groups of boxes and edges that are still there, keyed by id.
     * Only a box or edge whose record differs from the one it shows is touched (its shapes, its
     * style classes); the others, and the layers' child lists when the same ids come in the same
     * order, are left alone, so a status change restyles and repaints one box and nothing else.
     */
    public void show(Diagram d) {
        Objects.requireNonNull(d, "diagram");
        if (incremental && diagram != null && sameBoxes(diagram, d)) {
            showInPlace(d);
            return;
        }
        boolean resized = diagram == null || diagram.width() != d.width() || diagram.height() != d.height();
        // This path updates every box and edge whose record changed: nothing is left to catch up.
        stopCatchUp();
        diagram = d;
        animatedBoxes = 0;
        containerOrder.clear();
        nodeOrder.clear();
        edgeOrder.clear();
        background.setWidth(d.width());
        background.setHeight(DiagramStyle.canvasHeight(d));

        Set<String> seen = new HashSet<>();
        List<javafx.scene.Node> order = new ArrayList<>(d.containers().size());
        for (Container c : d.containers()) {
            BoxView v = containerViews.computeIfAbsent(c.id(), id -> new BoxView(false));
            if (!incremental || !c.equals(v.shown)) {
                v.update(c);
                v.shown = c;
                updates++;
            }
            seen.add(c.id());
            order.add(v.group);
            containerOrder.add(v);
            countAnimated(v);
        }
        prune(containerViews, seen);
        syncChildren(containerLayer, order);

        seen.clear();
        order = new ArrayList<>(d.nodes().size());
        for (Node n : d.nodes()) {
            BoxView v = nodeViews.computeIfAbsent(n.id(), id -> new BoxView(true));
            if (!incremental || !n.equals(v.shown)) {
                v.update(n);
                v.shown = n;
                updates++;
            }
            seen.add(n.id());
            order.add(v.group);
            nodeOrder.add(v);
            countAnimated(v);
        }
        prune(nodeViews, seen);
        syncChildren(nodeLayer, order);

        seen.clear();
        order = new ArrayList<>(d.edges().size());
        for (Edge e : d.edges()) {
            String key = e.kind() + " " + e.from() + " " + e.to();
            for (int i = 2; seen.contains(key); i++) {
                key = e.kind() + " " + e.from() + " " + e.to() + " #" + i;
            }
            EdgeView v = edgeViews.computeIfAbsent(key, k -> new EdgeView());
            if (!incremental || !e.equals(v.shown)) {
                v.update(e);
                v.shown = e;
                updates++;
            }
            seen.add(key);
            order.add(v.group);
            edgeOrder.add(v);
        }
        edgeViews.keySet().retainAll(seen);
        syncChildren(edgeLayer, order);

        if (d.height() != legendFor) {
            drawLegend(d);
        }
        Address sel = selected.get();
        if (sel != null && view(sel) == null) {
            select(null);
        } else if (sel != null && (!incremental || view(sel).shown != detailsOf)) {
            // Only when the selected box itself changed: the card is rebuilt, not restyled.
            markSelection(view(sel));
            fillDetails(view(sel));
        }
        updateEmptyState();
        if (resized) {
            fitIfAuto();
        }
        updateAnimation();
    }

    /**
     * Whether {@code d} has the boxes and edges of {@code shown}, by id and in the same order, on
     * the same canvas: what a status change gives. Records that are the same instance (all but the
     * changed ones after {@code TopologyLayout.restatus}) are not even compared.
     */
    private static boolean sameBoxes(Diagram shown, Diagram d) {
        if (shown.width() != d.width() || shown.height() != d.height() || shown.nodes().size() != d.nodes().size()
                || shown.containers().size() != d.containers().size() || shown.edges().size() != d.edges().size()) {
            return false;
        }
        for (int i = 0; i < d.nodes().size(); i++) {
            Node a = shown.nodes().get(i);
            Node b = d.nodes().get(i);
            if (a != b && !a.id().equals(b.id())) {
                return false;
            }
        }
        for (int i = 0; i < d.containers().size(); i++) {
            Container a = shown.containers().get(i);
            Container b = d.containers().get(i);
            if (a != b && !a.id().equals(b.id())) {
                return false;
            }
        }
        for (int i = 0; i < d.edges().size(); i++) {
            Edge a = shown.edges().get(i);
            Edge b = d.edges().get(i);
            if (a != b && (a.kind() != b.kind() || !a.from().equals(b.from()) || !a.to().equals(b.to()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #show} for a diagram with the same boxes and edges in the same order: each is updated
     * by position, only when its record changed; no key is hashed, no child list compared. At most
     * {@link #MAX_UPDATES_PER_PULSE} now, the rest over the next pulses ({@link #catchUp}).
     */
    private void showInPlace(Diagram d) {
        diagram = d;
        catchUp();
    }

    /**
     * {@link #catchUp}'s step for one kind of box: updates the boxes whose record is not
     * {@code records}'s, within {@code left} updates; returns the updates left, or -1 when boxes
     * still wait.
     */
    private int catchUpBoxes(List<? extends Diagram.Box> records, List<BoxView> views, int left) {
        int budget = left;
        for (int i = 0; i < records.size(); i++) {
            Diagram.Box b = records.get(i);
            BoxView v = views.get(i);
            if (b != v.shown && !b.equals(v.shown)) {
                if (budget == 0) {
                    return -1;
                }
                budget--;
                animatedBoxes -= animated(v);
                if (b instanceof Container c) {
                    v.update(c);
                } else {
                    v.update((Node) b);
                }
                v.shown = b;
                animatedBoxes += animated(v);
                updates++;
            }
        }
        return budget;
    }

    /** {@link #catchUp}'s step for the edges, as {@link #catchUpBoxes} for boxes. */
    private int catchUpEdges(List<Edge> records, int left) {
        int budget = left;
        for (int i = 0; i < records.size(); i++) {
            Edge e = records.get(i);
            EdgeView v = edgeOrder.get(i);
            if (e != v.shown && !e.equals(v.shown)) {
                if (budget == 0) {
                    return -1;
                }
                budget--;
                v.update(e);
                v.shown = e;
                updates++;
            }
        }
        return budget;
    }

    /**
     * Updates the boxes and edges whose record is not the shown diagram's, at most
     * {@link #MAX_UPDATES_PER_PULSE} of them, and asks the next pulse for the rest. Invariant: the
     * records compared are always the newest diagram's, so a diagram shown while some boxes still
     * wait replaces what they wait for, and once caught up every box and edge shows the newest
     * diagram, whatever came between.
     */
    private void catchUp() {
        Diagram d = diagram;
        int left = catchUpBoxes(d.containers(), containerOrder, MAX_UPDATES_PER_PULSE);
        left = left < 0 ? left : catchUpBoxes(d.nodes(), nodeOrder, left);
        left = left < 0 ? left : catchUpEdges(d.edges(), left);
        boolean more = left < 0;
        Address sel = selected.get();
        BoxView selectedView = sel == null ? null : view(sel);
        if (selectedView != null && selectedView.shown != detailsOf) {
            markSelection(selectedView);
            fillDetails(selectedView);
        }
        updateAnimation();
        behind = more;
        if (more) {
            catchUpTimer().start();
        } else {
            stopCatchUp();
        }
    }

    private AnimationTimer catchUpTimer() {
        if (catchUpTimer == null) {
            catchUpTimer = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    catchUp();
                }
            };
        }
        return catchUpTimer;
    }

    private void stopCatchUp() {
        if (catchUpTimer != null) {
            catchUpTimer.stop();
        }
        behind = false;
    }

    /** Whether every box and edge shows the last diagram given to {@link #show} (tests). */
    boolean caughtUp() {
        return !behind;
    }

    /** The diagram last shown, if any. */
    public Optional<Diagram> diagram() {
        return Optional.ofNullable(diagram);
    }

    /** The resource whose details are shown, or null. */
    public ReadOnlyObjectProperty<Address> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** Selects a resource drawn in the diagram (a node, VPC or subnet), or clears with null. */
    public void select(Address address) {
        BoxView v = address == null ? null : view(address);
        if (v == null || !v.group.isVisible()) {
            selected.set(null);
            selectionMark.setVisible(false);
            detailsCard.setVisible(false);
            return;
        }
        selected.set(address);
        markSelection(v);
        fillDetails(v);
        detailsCard.setVisible(true);
    }

    /** Where the details card gets ID, CIDR, tags and region from; the diagram gives the rest. */
    public void setDetailsProvider(Function<Address, Optional<ResourceDetails>> provider) {
        detailsProvider = Objects.requireNonNull(provider, "provider");
        Address sel = selected.get();
        if (sel != null) {
            fillDetails(view(sel));
        }
    }

    /** Whether the card links to the AWS console; false for the Sandbox, whose IDs AWS does not know. */
    public void setConsoleLinks(boolean enabled) {
        consoleLinks = enabled;
        Address sel = selected.get();
        if (sel != null) {
            fillDetails(view(sel));
        }
    }

    /** How a link is opened (the application's {@code HostServices::showDocument}). */
    public void setOpenUrl(Consumer<String> opener) {
        openUrl = Objects.requireNonNull(opener, "opener");
    }

    public ReadOnlyDoubleProperty zoomProperty() {
        return zoom.getReadOnlyProperty();
    }

    public void zoomIn() {
        zoomAt(ZOOM_STEP, viewport.getWidth() / 2, viewport.getHeight() / 2);
    }

    public void zoomOut() {
        zoomAt(1 / ZOOM_STEP, viewport.getWidth() / 2, viewport.getHeight() / 2);
    }

    /**
     * Follows a step: {@link #fit()} zooms to the resources whose address belongs to one of
     * {@code steps} ({@code network}; {@code access} and {@code peer}), or to every resource when
     * {@code steps} is empty, never below {@link #READABLE_ZOOM}; null drops the focus (fit shows
     * the whole diagram). Zooms there now, whatever the user did before: a new step is a new view.
     */
    public void setFocusSteps(Set<String> steps) {
        focusSteps = steps == null ? null : Set.copyOf(steps);
        fitMode = FitMode.FOCUS;
        fitIfAuto();
    }

    /** The steps the view follows; empty: every resource; null: none (the whole diagram). */
    public Set<String> focusSteps() {
        return focusSteps;
    }

    /**
     * Zooms to the focused step's resources ({@link #setFocusSteps}), readable and centred, and
     * keeps them so when the diagram or the view changes size; without a focus, like {@link #fitAll()}.
     */
    public void fit() {
        fitMode = FitMode.FOCUS;
        if (!laidOut()) {
            return;
        }
        double[] box = focusSteps == null ? null : bounds(focusSteps);
        if (box == null && focusSteps != null) {
            box = bounds(Set.of());
        }
        if (box == null) {
            fitWhole();
            return;
        }
        double w = box[2] - box[0];
        double h = box[3] - box[1];
        double roomW = viewport.getWidth() - 2 * FOCUS_MARGIN;
        double roomH = viewport.getHeight() - 2 * FOCUS_MARGIN;
        double s = clamp(Math.max(READABLE_ZOOM, Math.min(FIT_MAX_ZOOM, Math.min(roomW / w, roomH / h))));
        setZoom(s);
        // Centred when it fits; else its top-left corner in view, the rest a pan away.
        translate.setX(w * s <= roomW ? (viewport.getWidth() - w * s) / 2 - box[0] * s : FOCUS_MARGIN - box[0] * s);
        translate.setY(h * s <= roomH ? (viewport.getHeight() - h * s) / 2 - box[1] * s : FOCUS_MARGIN - box[1] * s);
    }

    /** Scales the whole diagram (legend included) to the visible area and centres it, and keeps it so. */
    public void fitAll() {
        fitMode = FitMode.WHOLE;
        if (laidOut()) {
            fitWhole();
        }
    }

    private void fitWhole() {
        double w = diagram.width();
        double h = DiagramStyle.canvasHeight(diagram);
        double s = clamp(Math.min(FIT_MAX_ZOOM, Math.min((viewport.getWidth() - 2 * FIT_MARGIN) / w,
                (viewport.getHeight() - 2 * FIT_MARGIN) / h)));
        setZoom(s);
        translate.setX((viewport.getWidth() - w * s) / 2);
        translate.setY(Math.max(FIT_MARGIN, (viewport.getHeight() - h * s) / 2));
    }

    private boolean laidOut() {
        return diagram != null && viewport.getWidth() > 0 && viewport.getHeight() > 0;
    }

    /**
     * The box {minX, minY, maxX, maxY} around the resources (nodes, VPCs, subnets) of
     * {@code steps} (every resource when empty), or null when none is drawn.
     */
    private double[] bounds(Set<String> steps) {
        double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        boolean any = false;
        List<Diagram.Box> boxes = new ArrayList<>(diagram.nodes());
        diagram.containers().stream().filter(c -> c.address() != null).forEach(boxes::add);
        for (Diagram.Box box : boxes) {
            Address a = box instanceof Node n ? n.address() : ((Container) box).address();
            boolean drawn = !(box instanceof Node n && n.status() == NodeStatus.DELETED);
            if (drawn && (steps.isEmpty() || steps.contains(a.step()))) {
                b[0] = Math.min(b[0], box.x());
                b[1] = Math.min(b[1], box.y());
                b[2] = Math.max(b[2], box.x() + box.w());
                b[3] = Math.max(b[3], box.y() + box.h());
                any = true;
            }
        }
        return any ? b : null;
    }

    /** The part of the diagram in view, in diagram coordinates {minX, minY, maxX, maxY} (tests). */
    double[] visibleArea() {
        double s = zoom.get();
        return new double[] {-translate.getX() / s, -translate.getY() / s,
            (viewport.getWidth() - translate.getX()) / s, (viewport.getHeight() - translate.getY()) / s};
    }

    /** Shows the diagram at 100 %, its top-left corner in view. */
    public void actualSize() {
        setZoom(1);
        translate.setX(FIT_MARGIN);
        translate.setY(FIT_MARGIN);
        fitMode = FitMode.MANUAL;
    }

    /** Writes the shown diagram as the CLI would ({@link PngWriter}, {@link #EXPORT_PNG_SCALE}). */
    public void exportPng(Path file) throws IOException {
        PngWriter.write(requireDiagram(), file, EXPORT_PNG_SCALE);
    }

    /** Writes the shown diagram as the CLI would ({@link SvgWriter}). */
    public void exportSvg(Path file) throws IOException {
        Diagram d = requireDiagram();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, SvgWriter.toSvg(d), StandardCharsets.UTF_8);
    }

    /** How many boxes and edges {@link #show} has updated so far (tests). */
    long updates() {
        return updates;
    }

    /** See {@link #incremental}: false restores the update of every box on each show (benchmark). */
    void setIncremental(boolean on) {
        incremental = on;
    }

    /** Whether the shared animation runs (tests, and to check it stops when nothing moves). */
    boolean animating() {
        return animation.getStatus() == Animation.Status.RUNNING;
    }

    /** The group drawn for a node, VPC or subnet, or null (tests look nodes up this way). */
    Group groupOf(Address address) {
        BoxView v = view(address);
        return v == null ? null : v.group;
    }

    VBox detailsCard() {
        return detailsCard;
    }

    // ------------------------------------------------------------------ drawing

    /** One box: a node (badge, label, physical ID) or a container (title, CIDR and ID). */
    private final class BoxView {
        final Group group = new Group();
        /** The record this box was last updated from; an equal record changes nothing. */
        Diagram.Box shown;
        final boolean node;
        final Rectangle halo = new Rectangle();
        final Rectangle body = new Rectangle();
        final Text label = new Text();
        final Text sublabel = new Text();
        final Rectangle badge;
        final Text badgeText;
        Address address;
        String title = "";
        /** The drawn box's kind, for style classes: the container kind, or the node's badge key. */
        String kindKey = "";
        /** The kind of the resource this box is; null for regions, zones and lanes. */
        ResourceKind kind;
        NodeStatus status;
        String kindClass;
        /** A group member's target health (its colour and tooltip), or null. */
        TargetHealth health;
        Tooltip healthTip;

        BoxView(boolean node) {
            this.node = node;
            halo.setFill(Color.TRANSPARENT);
            halo.setStroke(colour(DiagramStyle.nodeStroke(NodeStatus.CREATING)));
            halo.setStrokeWidth(3);
            halo.setMouseTransparent(true);
            halo.opacityProperty().bind(pulse);
            halo.setVisible(false);
            body.setArcWidth(2 * DiagramStyle.CORNER);
            body.setArcHeight(2 * DiagramStyle.CORNER);
            group.getStyleClass().add(node ? "diagram-node" : "diagram-container");
            if (node) {
                badge = new Rectangle();
                badge.setArcWidth(10);
                badge.setArcHeight(10);
                badgeText = new Text();
                badgeText.setFont(BADGE);
                badgeText.setFill(Color.WHITE);
                detail(badgeText);
                group.getChildren().addAll(halo, body, badge, badgeText, label, sublabel);
            } else {
                badge = null;
                badgeText = null;
                group.getChildren().addAll(halo, body, label, sublabel);
            }
            label.setFill(colour(DiagramStyle.TEXT));
            sublabel.setFill(colour(DiagramStyle.SUBTEXT));
            detail(label);
            detail(sublabel);
            sublabel.setFont(SUBLABEL);
            group.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && !dragged && address != null) {
                    select(address);
                    requestFocus();
                    e.consume();
                }
            });
        }

        void update(Container c) {
            address = c.address();
            title = c.label();
            kindKey = c.kind().name().toLowerCase(Locale.ROOT);
            kind = c.resourceKind();
            setKindClass(c.kind() == Diagram.ContainerKind.SUBNET
                    ? (c.publicSubnet() ? "public-subnet" : "private-subnet")
                    : "container-" + kindKey);
            setStatus(c.status());
            // Regions, zones and lanes are not resources: clicks go through to the background.
            group.setMouseTransparent(address == null);
            body.setFill(DiagramStyle.containerFilled(c) ? colour(DiagramStyle.containerFill(c)) : Color.TRANSPARENT);
            body.setStroke(colour(DiagramStyle.containerStroke(c)));
            geometry(c.x(), c.y(), c.w(), c.h());
            double room = c.w() - 2 * DiagramStyle.TEXT_INSET;
            setText(label, DiagramStyle.fit(c.label(), room, DiagramStyle.LABEL_SIZE), c.x() + DiagramStyle.TEXT_INSET,
                    c.y() + 14, DiagramStyle.boldLabel(c.kind()) ? LABEL_BOLD : LABEL_PLAIN);
            setText(sublabel, DiagramStyle.fit(c.sublabel(), room, DiagramStyle.SUBLABEL_SIZE),
                    c.x() + DiagramStyle.TEXT_INSET, c.y() + 27, SUBLABEL);
        }

        void update(Node n) {
            address = n.address();
            kindKey = n.iconKey();
            kind = n.kind();
            // The layout's label is English (for SVG and PNG); the same rule in the view's language.
            title = DiagramStyle.roleLabel(n.iconKey()).isPresent()
                    ? DiagramStyle.nodeLabel(text("diagram.role." + n.iconKey()),
                            DiagramStyle.nameBesideRole(n.iconKey(), n.address().name()), n.w())
                    : DiagramStyle.nodeLabel(kindName(kind), n.address().name(), n.w());
            setKindClass("kind-" + n.iconKey().replace('_', '-'));
            setStatus(n.status());
            body.setFill(colour(DiagramStyle.nodeFill(n)));
            body.setStroke(colour(DiagramStyle.nodeStroke(n)));
            setHealth(n.health());
            geometry(n.x(), n.y(), n.w(), n.h());
            double icon = Math.min(DiagramStyle.ICON_SIZE, n.h() - 10);
            double ix = n.x() + 6;
            double iy = n.y() + (n.h() - icon) / 2;
            badge.setX(ix);
            badge.setY(iy);
            badge.setWidth(icon);
            badge.setHeight(icon);
            badge.setFill(colour(n.badge().colour()));
            String badgeString = n.badge().text();
            if (!badgeString.equals(badgeText.getText())) {
                badgeText.setText(badgeString);
            }
            // Centred like the SVG's text-anchor="middle".
            badgeText.setX(ix + icon / 2 - badgeText.getLayoutBounds().getWidth() / 2);
            badgeText.setY(iy + icon / 2 + 3.5);
            double tx = ix + icon + 6;
            boolean two = !n.sublabel().isEmpty();
            double room = DiagramStyle.nodeTextWidth(n.w());
            setText(label, DiagramStyle.fit(title, room, DiagramStyle.LABEL_SIZE), tx,
                    n.y() + (two ? n.h() / 2 - 3 : n.h() / 2 + 4), LABEL_BOLD);
            setText(sublabel, DiagramStyle.fit(n.sublabel(), room, DiagramStyle.SUBLABEL_SIZE), tx, n.y() + n.h() / 2 + 11,
                    SUBLABEL);
        }

        private void geometry(double x, double y, double w, double h) {
            body.setX(x);
            body.setY(y);
            body.setWidth(w);
            body.setHeight(h);
            halo.setX(x - 3);
            halo.setY(y - 3);
            halo.setWidth(w + 6);
            halo.setHeight(h + 6);
            halo.setArcWidth(2 * DiagramStyle.CORNER + 6);
            halo.setArcHeight(2 * DiagramStyle.CORNER + 6);
        }

        /** A target's health: a style class for its state, and why in words as the box's tooltip. */
        private void setHealth(TargetHealth h) {
            if (Objects.equals(h, health)) {
                return;
            }
            health = h;
            group.getStyleClass().removeIf(c -> c.startsWith("health-"));
            if (h == null) {
                if (healthTip != null) {
                    Tooltip.uninstall(group, healthTip);
                    healthTip = null;
                }
                return;
            }
            group.getStyleClass().add("health-" + h.state().word());
            if (healthTip == null) {
                healthTip = new Tooltip();
                healthTip.setWrapText(true);
                healthTip.setMaxWidth(360);
                Tooltip.install(group, healthTip);
            }
            healthTip.setText(healthText(h));
        }

        private void setKindClass(String cls) {
            if (!cls.equals(kindClass)) {
                if (kindClass != null) {
                    group.getStyleClass().remove(kindClass);
                }
                group.getStyleClass().add(cls);
                kindClass = cls;
            }
        }

        private void setStatus(NodeStatus s) {
            // No selector uses these states, so flipping one costs no CSS at all.
            STATUS_STATES.set(group, s);
            status = s;
            dash(body, DiagramStyle.dash(s));
            body.setStrokeWidth(DiagramStyle.strokeWidth(s));
            halo.setVisible(s == NodeStatus.CREATING);
            group.setVisible(s != NodeStatus.DELETED);
            if (s == NodeStatus.DELETING) {
                if (!group.opacityProperty().isBound()) {
                    group.opacityProperty().bind(fade);
                }
            } else {
                group.opacityProperty().unbind();
                group.setOpacity(DiagramStyle.opacity(s));
            }
        }
    }

    /** One edge: a polyline styled by {@link DiagramStyle} for its kind, its arrowhead, and an optional label. */
    private final class EdgeView {
        final Group group = new Group();
        /** The record this edge was last updated from; an equal record changes nothing. */
        Edge shown;
        final Polyline line = new Polyline();
        final Polygon head = new Polygon();
        final Text label = new Text();

        EdgeView() {
            line.setFill(null);
            label.setFill(colour(DiagramStyle.SUBTEXT));
            detail(label);
            group.getStyleClass().add("diagram-edge");
            group.getChildren().addAll(line, head, label);
        }

        void update(Edge e) {
            Color colour = colour(DiagramStyle.edgeStroke(e.kind()));
            line.setStroke(colour);
            line.setStrokeWidth(DiagramStyle.edgeWidth(e.kind()));
            dash(line, DiagramStyle.edgeDash(e));
            Double[] pts = new Double[e.points().size() * 2];
            for (int i = 0; i < e.points().size(); i++) {
                pts[2 * i] = e.points().get(i).x();
                pts[2 * i + 1] = e.points().get(i).y();
            }
            line.getPoints().setAll(pts);
            Point a = e.points().get(e.points().size() - 2);
            Point b = e.points().get(e.points().size() - 1);
            head.setVisible(DiagramStyle.arrowHead(e.kind()));
            head.setFill(colour);
            // The same head as PngWriter: 7 px long, ±0.45 rad.
            double angle = Math.atan2(b.y() - a.y(), b.x() - a.x());
            head.getPoints().setAll(b.x(), b.y(),
                    b.x() - 7 * Math.cos(angle - 0.45), b.y() - 7 * Math.sin(angle - 0.45),
                    b.x() - 7 * Math.cos(angle + 0.45), b.y() - 7 * Math.sin(angle + 0.45));
            // The same anchor as the SVG/PNG writers, so the live view and the exports agree.
            Point anchor = DiagramStyle.labelAnchor(e);
            setText(label, e.label(), anchor.x(), anchor.y(), EDGE_LABEL);
            group.setVisible(e.status() != NodeStatus.DELETED);
            group.setOpacity(DiagramStyle.opacity(e.status()));
        }
    }

    private void drawLegend(Diagram d) {
        legendFor = d.height();
        List<javafx.scene.Node> items = new ArrayList<>();
        for (LegendItem i : DiagramStyle.legend(d)) {
            Rectangle swatch = new Rectangle(i.x(), i.y(), i.swatchSize(), i.swatchSize());
            swatch.setArcWidth(2 * DiagramStyle.CORNER);
            swatch.setArcHeight(2 * DiagramStyle.CORNER);
            swatch.setFill("none".equals(i.fill()) ? Color.TRANSPARENT : colour(i.fill()));
            swatch.setStroke(colour(i.stroke()));
            swatch.setStrokeWidth(1.4);
            dash(swatch, i.dash());
            swatch.setOpacity(i.opacity());
            Text t = new Text(i.x() + i.swatchSize() + 6, i.y() + i.swatchSize() - 4, legendText(i.text()));
            t.setFont(scriptFont(SUBLABEL, t.getText()));
            t.setFill(colour(DiagramStyle.TEXT));
            items.add(swatch);
            items.add(t);
        }
        legendLayer.getChildren().setAll(items);
    }

    /** The legend's English words (status names, subnet tints, target health) in the bundle's language. */
    private String legendText(String english) {
        String key = switch (english) {
            case "public subnet" -> "diagram.legend.publicSubnet";
            case "private subnet" -> "diagram.legend.privateSubnet";
            default -> english.startsWith("target ") ? "diagram.health." + english.substring("target ".length())
                    : "diagram.status." + english;
        };
        return bundle.containsKey(key) ? bundle.getString(key) : english;
    }

    /**
     * A target's health in the bundle's language: its state, then why, in words where the bundle
     * knows AWS's reason code ({@code Target.Timeout}: the instance's security group may not admit
     * the load balancer's), and AWS's own description.
     */
    /** AWS's target health reason codes the bundles explain in words ({@code diagram.health.reason.<code>}). */
    static final List<String> EXPLAINED_REASONS = List.of("Target.Timeout", "Target.ResponseCodeMismatch",
            "Target.FailedHealthChecks", "Elb.InitialHealthChecking", "Elb.RegistrationInProgress",
            "Target.DeregistrationInProgress", "Target.NotRegistered", "Target.NotInUse", "Target.InvalidState");

    String healthText(TargetHealth h) {
        StringBuilder b = new StringBuilder(text("diagram.health." + h.state().word()));
        if (!h.reason().isEmpty()) {
            String key = "diagram.health.reason." + h.reason();
            b.append(" · ").append(h.reason());
            if (EXPLAINED_REASONS.contains(h.reason())) {
                b.append("\n").append(bundle.getString(key));
            }
        }
        if (!h.description().isEmpty()) {
            b.append("\n").append(h.description());
        }
        return b.toString();
    }

    /**
     * The font for a text: the shared Latin font, or for Hangul/CJK text the same weight and size in
     * an installed CJK family. JavaFX's logical families do not fall back to CJK glyphs on every
     * platform (headless Linux draws boxes), while Java2D's do, so this keeps the GUI legible in
     * Korean without changing how Latin text looks.
     */
    static Font scriptFont(Font latin, String text) {
        String cjk = CjkFamily.NAME;
        if (cjk == null || !wide(text)) {
            return latin;
        }
        return CJK_FONTS.computeIfAbsent(latin, f -> Font.font(cjk,
                f.getStyle().toLowerCase(Locale.ROOT).contains("bold") ? FontWeight.BOLD : FontWeight.NORMAL, f.getSize()));
    }

    private static final Map<Font, Font> CJK_FONTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The first installed CJK family with Hangul, looked up once the toolkit runs. */
    private static final class CjkFamily {
        static final String NAME = javafx.scene.text.Font.getFamilies().stream()
                .filter(f -> List.of("Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo", "NanumGothic",
                        "Noto Sans KR").contains(f))
                .min(java.util.Comparator.comparingInt(f -> List.of("Noto Sans CJK KR", "Malgun Gothic",
                        "Apple SD Gothic Neo", "NanumGothic", "Noto Sans KR").indexOf(f)))
                .orElse(null);
    }

    /** Whether a text has wide (Hangul, CJK) characters, by DiagramStyle's own rule. */
    private static boolean wide(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x1100) {
                return true;
            }
        }
        return false;
    }

    private static Color colour(String hex) {
        return COLOURS.computeIfAbsent(hex, Color::web);
    }

    private static void dash(Shape shape, float[] dash) {
        if (dash == null) {
            if (!shape.getStrokeDashArray().isEmpty()) {
                shape.getStrokeDashArray().clear();
            }
        } else if (shape.getStrokeDashArray().size() != dash.length
                || shape.getStrokeDashArray().get(0) != dash[0] || shape.getStrokeDashArray().get(1) != dash[1]) {
            shape.getStrokeDashArray().setAll((double) dash[0], (double) dash[1]);
        }
    }

    private static void setText(Text t, String s, double x, double y, Font latin) {
        t.setFont(scriptFont(latin, s));
        if (!s.equals(t.getText())) {
            t.setText(s);
        }
        t.setX(x);
        t.setY(y);
    }

    /** A text shows when it has something to say and the zoom makes it legible. */
    private void detail(Text t) {
        t.visibleProperty().bind(detailed.and(t.textProperty().isNotEmpty()));
    }

    /**
     * Makes {@code layer}'s children {@code order}, removing and adding as few as it can: a group
     * taken out of its parent and put back has its CSS matched again, the group and every shape
     * in it (a {@code setAll} of a 108-box layer because one box came or went cost a frame ~20 ms
     * of CSS). The groups that stay are the longest run of current children already in the new
     * order; only the others are removed, and only the missing ones inserted.
     */
    static void syncChildren(Group layer, List<javafx.scene.Node> order) {
        javafx.collections.ObservableList<javafx.scene.Node> children = layer.getChildren();
        // Same groups in the same order (a status-only update): leave the scene graph alone.
        if (children.equals(order)) {
            return;
        }
        if (children.isEmpty()) {
            children.setAll(order);
            return;
        }
        Map<javafx.scene.Node, Integer> wanted = new IdentityHashMap<>(order.size() * 2);
        for (int i = 0; i < order.size(); i++) {
            wanted.put(order.get(i), i);
        }
        Set<javafx.scene.Node> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(longestInOrder(children, wanted));
        if (kept.size() < children.size()) {
            children.removeIf(c -> !kept.contains(c));
        }
        // The kept groups are in the new order: walk it and insert each missing group at its place.
        for (int i = 0; i < order.size(); i++) {
            javafx.scene.Node n = order.get(i);
            if (i >= children.size() || children.get(i) != n) {
                children.add(i, n);
            }
        }
    }

    /**
     * The longest subsequence of {@code current} whose members are all in {@code wanted} with
     * increasing positions (patience sorting, n log n): the children that can stay where they are.
     */
    private static List<javafx.scene.Node> longestInOrder(List<javafx.scene.Node> current,
            Map<javafx.scene.Node, Integer> wanted) {
        int n = current.size();
        int[] tailIndex = new int[n];
        int[] previous = new int[n];
        int length = 0;
        for (int i = 0; i < n; i++) {
            Integer pos = wanted.get(current.get(i));
            if (pos == null) {
                continue;
            }
            int lo = 0;
            int hi = length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (wanted.get(current.get(tailIndex[mid])) < pos) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            previous[i] = lo > 0 ? tailIndex[lo - 1] : -1;
            tailIndex[lo] = i;
            length = Math.max(length, lo + 1);
        }
        javafx.scene.Node[] run = new javafx.scene.Node[length];
        for (int k = length - 1, i = length == 0 ? -1 : tailIndex[length - 1]; k >= 0; k--, i = previous[i]) {
            run[k] = current.get(i);
        }
        return List.of(run);
    }

    private static void prune(Map<String, BoxView> views, Set<String> seen) {
        views.keySet().retainAll(seen);
    }

    private void countAnimated(BoxView v) {
        animatedBoxes += animated(v);
    }

    private static int animated(BoxView v) {
        return v.status == NodeStatus.CREATING || v.status == NodeStatus.DELETING ? 1 : 0;
    }

    private void updateAnimation() {
        Scene scene = getScene();
        boolean showing = scene != null && scene.getWindow() != null && scene.getWindow().isShowing() && isVisible();
        if (showing && animatedBoxes > 0) {
            if (animation.getStatus() != Animation.Status.RUNNING) {
                animation.play();
            }
        } else if (animation.getStatus() != Animation.Status.STOPPED) {
            animation.stop();
            pulse.set(1);
            fade.set(DiagramStyle.opacity(NodeStatus.DELETING));
        }
    }

    private BoxView view(Address address) {
        BoxView v = nodeViews.get(address.value());
        if (v != null) {
            return v;
        }
        v = containerViews.get(address.value());
        return v != null && address.equals(v.address) ? v : null;
    }

    private static boolean hasResources(Diagram d) {
        return d != null && (!d.nodes().isEmpty() || d.containers().stream().anyMatch(c -> c.address() != null));
    }

    private void updateEmptyState() {
        boolean empty = !hasResources(diagram);
        emptyLabel.setVisible(empty);
        content.setVisible(!empty);
        exportPngButton.setDisable(empty);
        exportSvgButton.setDisable(empty);
    }

    // ------------------------------------------------------------------ selection and details

    private void markSelection(BoxView v) {
        selectionMark.setX(v.body.getX() - SELECTION_INSET);
        selectionMark.setY(v.body.getY() - SELECTION_INSET);
        selectionMark.setWidth(v.body.getWidth() + 2 * SELECTION_INSET);
        selectionMark.setHeight(v.body.getHeight() + 2 * SELECTION_INSET);
        selectionMark.setVisible(true);
    }

    private void fillDetails(BoxView v) {
        if (v == null) {
            return;
        }
        detailsOf = v.shown;
        Optional<ResourceDetails> details = detailsProvider.apply(v.address);
        Label title = new Label(v.title);
        title.getStyleClass().add("details-title");
        title.setWrapText(true);
        Button close = new Button("×");
        close.getStyleClass().add("details-close");
        close.setTooltip(new Tooltip(text("diagram.details.close")));
        close.setOnAction(e -> select(null));
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox header = new HBox(6, title, spring, close);
        header.setAlignment(Pos.TOP_LEFT);

        GridPane grid = new GridPane();
        grid.getStyleClass().add("details-grid");
        grid.setHgap(10);
        grid.setVgap(4);
        int row = 0;
        row = addRow(grid, row, "diagram.details.kind", kindText(v), "details-kind");
        row = addRow(grid, row, "diagram.details.address", v.address.value(), "details-address");
        row = addRow(grid, row, "diagram.details.state", text("diagram.status." + v.status.name().toLowerCase(Locale.ROOT)),
                "details-state");
        if (v.health != null) {
            row = addRow(grid, row, "diagram.details.health", healthText(v.health), "details-health");
        }
        String id = details.map(ResourceDetails::physicalId).filter(s -> !s.isEmpty())
                .orElse(text("diagram.details.notCreated"));
        row = addRow(grid, row, "diagram.details.id", id, "details-id");
        if (details.isPresent() && !details.get().cidr().isEmpty()) {
            row = addRow(grid, row, "diagram.details.cidr", details.get().cidr(), "details-cidr");
        }
        if (details.isPresent() && !details.get().publicIp().isEmpty()) {
            row = addRow(grid, row, "diagram.details.publicIp", details.get().publicIp(), "details-public-ip");
        }
        if (details.isPresent() && !details.get().region().isEmpty()) {
            row = addRow(grid, row, "diagram.details.region", details.get().region(), "details-region");
        }
        if (details.isPresent() && !details.get().tags().isEmpty()) {
            StringBuilder tags = new StringBuilder();
            details.get().tags().forEach((k, val) -> tags.append(tags.isEmpty() ? "" : "\n").append(k).append(" = ").append(val));
            addRow(grid, row, "diagram.details.tags", tags.toString(), "details-tags");
        }
        detailsCard.getChildren().setAll(header, new Separator(), grid);

        Optional<String> url = consoleLinks && v.kind != null
                ? details.flatMap(d -> ConsoleLinks.url(v.kind, d.region(), d.physicalId()))
                : Optional.empty();
        url.ifPresent(u -> {
            Hyperlink link = new Hyperlink(text("diagram.details.openConsole"));
            link.getStyleClass().add("details-console-link");
            link.setTooltip(new Tooltip(u));
            link.setOnAction(e -> openUrl.accept(u));
            detailsCard.getChildren().add(link);
        });
    }

    private int addRow(GridPane grid, int row, String key, String value, String styleClass) {
        Label name = new Label(text(key));
        name.getStyleClass().add("details-key");
        name.setMinWidth(Region.USE_PREF_SIZE);
        GridPane.setValignment(name, javafx.geometry.VPos.TOP);
        Label val = new Label(value);
        val.getStyleClass().addAll("details-value", styleClass);
        val.setWrapText(true);
        grid.addRow(row, name, val);
        return row + 1;
    }

    /** The box's kind in the bundle's language (a container's own kind for regions, zones, lanes). */
    private String kindText(BoxView v) {
        return v.kind == null ? v.kindKey : kindName(v.kind);
    }

    /** A kind's display name in the bundle's language; its English label for a kind the bundle lacks. */
    private String kindName(ResourceKind kind) {
        return kindNames.computeIfAbsent(kind, k -> bundle.containsKey(k.displayKey())
                ? bundle.getString(k.displayKey()) : k.label());
    }

    // ------------------------------------------------------------------ zoom, pan, keys, export

    private ToolBar toolbar() {
        Button out = toolButton("−", "diagram.zoomOut", "zoom-out");
        out.setOnAction(e -> zoomOut());
        Button in = toolButton("+", "diagram.zoomIn", "zoom-in");
        in.setOnAction(e -> zoomIn());
        Button fitButton = toolButton(text("diagram.fit"), "diagram.fit.tooltip", "zoom-fit");
        fitButton.setOnAction(e -> fit());
        Button allButton = toolButton(text("diagram.fitAll"), "diagram.fitAll.tooltip", "zoom-all");
        allButton.setOnAction(e -> fitAll());
        Label percent = new Label();
        percent.getStyleClass().add("zoom-percent");
        percent.setMinWidth(44);
        percent.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%.0f %%", zoom.get() * 100), zoom));
        exportPngButton.setText(text("diagram.exportPng"));
        exportPngButton.getStyleClass().add("export-png");
        exportPngButton.setOnAction(e -> exportWithChooser("png"));
        exportSvgButton.setText(text("diagram.exportSvg"));
        exportSvgButton.getStyleClass().add("export-svg");
        exportSvgButton.setOnAction(e -> exportWithChooser("svg"));
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        ToolBar bar = new ToolBar(out, percent, in, fitButton, allButton, spring, exportPngButton, exportSvgButton);
        bar.getStyleClass().add("diagram-toolbar");
        return bar;
    }

    private Button toolButton(String label, String tooltipKey, String styleClass) {
        Button b = new Button(label);
        b.setTooltip(new Tooltip(text(tooltipKey)));
        b.getStyleClass().add(styleClass);
        b.setFocusTraversable(false);
        return b;
    }

    private void exportWithChooser(String extension) {
        if (diagram == null) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle(text("diagram.export" + (extension.equals("png") ? "Png" : "Svg")));
        chooser.setInitialFileName(safeFileName(diagram.title()) + "." + extension);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(text("diagram.export.filter." + extension),
                "*." + extension));
        Window owner = getScene() == null ? null : getScene().getWindow();
        File file = chooser.showSaveDialog(owner);
        if (file == null) {
            return;
        }
        Path path = file.toPath();
        if (!path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith("." + extension)) {
            path = path.resolveSibling(path.getFileName() + "." + extension);
        }
        try {
            if (extension.equals("png")) {
                exportPng(path);
            } else {
                exportSvg(path);
            }
        } catch (IOException | RuntimeException ex) {
            Alert alert = new Alert(Alert.AlertType.ERROR, text("diagram.export.failed") + "\n" + path + "\n" + ex.getMessage());
            alert.initOwner(owner);
            alert.show();
        }
    }

    private static String safeFileName(String title) {
        String s = title.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "diagram" : s;
    }

    private void installMouse() {
        viewport.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            pressX = e.getX();
            pressY = e.getY();
            pressTx = translate.getX();
            pressTy = translate.getY();
            dragged = false;
        });
        viewport.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            double dx = e.getX() - pressX;
            double dy = e.getY() - pressY;
            if (dragged || Math.hypot(dx, dy) > DRAG_THRESHOLD) {
                dragged = true;
                fitMode = FitMode.MANUAL;
                translate.setX(pressTx + dx);
                translate.setY(pressTy + dy);
                viewport.setCursor(javafx.scene.Cursor.MOVE);
            }
        });
        viewport.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> viewport.setCursor(null));
        viewport.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            requestFocus();
            // A click that reaches the background (no resource consumed it) clears the selection.
            if (!dragged && e.getButton() == MouseButton.PRIMARY) {
                select(null);
            }
        });
        viewport.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() == 0) {
                return;
            }
            // One notch (40 px on most platforms) is a third of a +/− step.
            zoomAt(Math.pow(ZOOM_STEP, e.getDeltaY() / 120), e.getX(), e.getY());
            e.consume();
        });
        viewport.addEventHandler(ZoomEvent.ZOOM, e -> {
            zoomAt(e.getZoomFactor(), e.getX(), e.getY());
            e.consume();
        });
    }

    private void onKey(KeyEvent e) {
        KeyCode c = e.getCode();
        String t = e.getText();
        if (c == KeyCode.PLUS || c == KeyCode.ADD || c == KeyCode.EQUALS || "+".equals(t)) {
            zoomIn();
        } else if (c == KeyCode.MINUS || c == KeyCode.SUBTRACT || "-".equals(t)) {
            zoomOut();
        } else if (c == KeyCode.DIGIT0 || c == KeyCode.NUMPAD0) {
            fit();
        } else if (c == KeyCode.DIGIT9 || c == KeyCode.NUMPAD9) {
            fitAll();
        } else if (c == KeyCode.DIGIT1 || c == KeyCode.NUMPAD1) {
            actualSize();
        } else if (c == KeyCode.ESCAPE && selected.get() != null) {
            select(null);
        } else {
            return;
        }
        e.consume();
    }

    private void zoomAt(double factor, double px, double py) {
        double old = zoom.get();
        double s = clamp(old * factor);
        double f = s / old;
        translate.setX(px - (px - translate.getX()) * f);
        translate.setY(py - (py - translate.getY()) * f);
        setZoom(s);
        fitMode = FitMode.MANUAL;
    }

    private void setZoom(double s) {
        detailed.set(s >= LABEL_MIN_ZOOM);
        scale.setX(s);
        scale.setY(s);
        zoom.set(s);
    }

    private void fitIfAuto() {
        if (fitMode != FitMode.MANUAL && hasResources(diagram) && laidOut()) {
            if (fitMode == FitMode.WHOLE) {
                fitAll();
            } else {
                fit();
            }
        }
    }

    private static double clamp(double s) {
        return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, s));
    }

    private Diagram requireDiagram() {
        if (diagram == null) {
            throw new IllegalStateException("no diagram shown yet");
        }
        return diagram;
    }

    private String text(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            // Fail loudly: a missing key is a bug the bundle consistency test must catch.
            throw new IllegalStateException("missing text " + key + " in " + bundle.getBaseBundleName(), e);
        }
    }
}
