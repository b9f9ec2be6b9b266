package dev.cairn.gui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.ResourceBundle;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Styles a throwaway scene made of the control types the opening window uses, on a thread of its
 * own, while the FX thread builds the window itself (issue #14, the time to a window).
 *
 * <p>Why: the first time a JavaFX control type is styled, the JVM initialises and runs for the
 * first time (interpreted) the code of its class, its skin, the controls its skin is made of and
 * the CSS engine's paths for them: measured on the start's FX thread, the first combo box cost
 * 120–130 ms of CPU (its skin builds a list view with a virtual flow and two scroll bars) where the
 * second cost 14 ms, and the window's first CSS pass 330–380 ms in all. That first-time cost is
 * the same whichever thread pays it, and while the FX thread builds the window the second core is
 * otherwise nearly idle (the model was made before, by {@link AppStart}). Here the other thread
 * pays it, so the FX thread finds the classes initialised and its first CSS pass roughly halves
 * (docs/benchmarks.md, StartBenchmark). After the first frame it pays the first use of
 * {@code FXMLLoader} the same way ({@link #startFxml}).
 *
 * <p>Invariants: nothing here touches the app's model, view models, windows or settings: only
 * new controls in a new {@link Scene} that is never shown, which JavaFX allows on any thread (a
 * scene may be built and modified off the FX thread until a showing window holds it). The thread
 * runs at normal priority, not the background work's low one, because the FX thread waits on it
 * whenever it needs a class this thread is initialising: at a lower priority the FX thread would
 * wait for a thread that the scheduler puts last. A failure is logged and forgotten: the window
 * only starts colder. {@value #ENABLED_PROPERTY}{@code =false} turns it off (the start benchmark
 * measures both).
 */
final class UiWarmup {

    /** {@code -Dcairn.warmup.ui=false} skips it (to measure the start without it). */
    static final String ENABLED_PROPERTY = "cairn.warmup.ui";
    static final String THREAD_NAME = "cairn-warm-ui";
    /** The throwaway FXML of {@link #warmFxml}, beside the pages' own. */
    static final String FXML = "UiWarmup.fxml";

    private static final Logger LOG = LoggerFactory.getLogger(UiWarmup.class);
    /** Wide and tall enough that the layout pass lays out every control at a real size. */
    private static final double SCENE_WIDTH = 800;
    private static final double SCENE_HEIGHT = 600;

    private UiWarmup() {}

    /** Starts the warm-up on its own daemon thread, unless turned off; returns at once. */
    static void start() {
        run(UiWarmup::warm);
    }

    /**
     * After the first frame: the first use of {@code FXMLLoader}, on its own daemon thread, unless
     * turned off. The window opens without FXML ({@link MainView}), and the pages keep theirs and
     * are built when first shown, so without this the first page a person opens would also pay
     * for the loader's first use.
     */
    static void startFxml(ResourceBundle bundle) {
        run(() -> warmFxml(bundle));
    }

    private static void run(Runnable warm) {
        if (!Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"))) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                warm.run();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("the window's warm-up failed; the window only starts colder", e);
            }
        }, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    /** Loads {@value #FXML} (elements and resource keys as the pages use them) and returns its root. */
    static Parent warmFxml(ResourceBundle bundle) {
        try {
            return new FXMLLoader(Resources.url(FXML), bundle).load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + FXML, e);
        }
    }

    /**
     * Builds the throwaway scene, styles it with the app's stylesheets and lays it out, on the
     * calling thread; returns its root (tests look at what was styled).
     */
    static Parent warm() {
        VBox root = new VBox(controls().toArray(new Control[0]));
        // A grid and a stack as the pages and the header hold their controls.
        GridPane grid = new GridPane();
        grid.add(new Label("a"), 0, 0);
        grid.add(new Label("b"), 1, 0);
        root.getChildren().addAll(grid, new StackPane(new Label("c")));
        Scene scene = new Scene(root, SCENE_WIDTH, SCENE_HEIGHT);
        scene.getStylesheets().setAll(Resources.stylesheets());
        root.applyCss();
        root.resize(SCENE_WIDTH, SCENE_HEIGHT);
        root.layout();
        return root;
    }

    /**
     * One of each control type of the opening window ({@link MainView#opening} on the Account
     * page), set up as it is there (a combo box with items and a value, a menu button with items,
     * an indeterminate progress indicator, split panes both ways, the page's scroll pane). {@code UiWarmupTest} keeps the
     * list complete against the window itself.
     */
    static List<Control> controls() {
        ComboBox<String> combo = new ComboBox<>();
        combo.getItems().addAll("a", "b");
        combo.setValue("a");
        MenuButton menu = new MenuButton("m");
        menu.getItems().add(new MenuItem("i"));
        SplitPane across = new SplitPane(new StackPane(), new StackPane());
        SplitPane down = new SplitPane(new StackPane(), new StackPane());
        down.setOrientation(Orientation.VERTICAL);
        // Never shown, so its animation never plays.
        ProgressIndicator spinner = new ProgressIndicator();
        // The page's scroll pane, with its scroll bars.
        ScrollPane page = new ScrollPane(new VBox(new Label("p")));
        return List.of(new Label("l"), new Button("b"), new ToggleButton("t"), combo, menu, across, down, spinner, page);
    }
}
