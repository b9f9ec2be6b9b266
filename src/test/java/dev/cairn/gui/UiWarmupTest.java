package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * The window's warm-up ({@link UiWarmup}): it styles its controls off the FX thread, and its
 * controls are the opening window's, so the first-time cost it pays is the one the window would.
 */
class UiWarmupTest {

    static final String CONTROL_PACKAGE = "javafx.scene.control";

    @TempDir
    Path home;

    TargetHolder sandbox;
    UiTaskExecutor executor;

    @BeforeEach
    void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (executor != null) {
            executor.close();
        }
    }

    @Test
    void warm_offTheFxThread_skinsEveryControlOfItsScene() {
        assertThat(Platform.isFxApplicationThread()).isFalse();

        Parent root = UiWarmup.warm();

        Set<Control> controls = controlsUnder(root);
        assertThat(controls).allSatisfy(c -> assertThat(c.getSkin()).as(c.getClass().getSimpleName()).isNotNull());
        // The combo box's skin built its list, the costliest first-time part of the window's CSS.
        assertThat(controls).anySatisfy(c -> assertThat(c).isInstanceOf(ComboBox.class));
        assertThat(controls).anySatisfy(c -> assertThat(c).isInstanceOf(ListView.class));
        assertThat(root.getScene().getWindow()).as("never shown").isNull();
    }

    @Test
    void warmFxml_offTheFxThread_loadsThePagesElementsWithTheirWords() {
        assertThat(Platform.isFxApplicationThread()).isFalse();

        Parent root = UiWarmup.warmFxml(new Messages(Locale.ENGLISH).bundle());

        assertThat(root.lookup("#table")).isInstanceOf(javafx.scene.control.TableView.class);
        assertThat(((javafx.scene.control.Label) root.getChildrenUnmodifiable().get(0)).getText())
                .as("a %key resolved from the app's bundle").isEqualTo(new Messages(Locale.ENGLISH).i18n("action.next"));
    }

    @Test
    void warmScene_hasEveryControlTypeOfTheOpeningWindow() throws Exception {
        sandbox = GuiFixtures.sandbox(home);
        executor = new UiTaskExecutor(Platform::runLater);
        Set<String> window = FxToolkit.setupFixture(() -> {
            AppModel m = new AppModel(home, Settings.defaults(), executor, sandbox, Clock.systemUTC());
            m.workspace().openInitial(null);
            MainView v = MainView.opening(new Messages(Locale.ENGLISH), m.workspace(), m.diagramPane(), l -> { });
            new Scene(v).getStylesheets().setAll(Resources.stylesheets());
            v.applyCss();
            return typesOf(controlsUnder(v));
        });

        Set<String> warmed = typesOf(controlsUnder(UiWarmup.warm()));

        assertThat(window).as("the opening window's control types").isNotEmpty();
        assertThat(warmed).as("add the missing types to UiWarmup.controls()").containsAll(window);
    }

    /**
     * The JavaFX control types of {@code controls}: each as its nearest class of
     * {@code javafx.scene.control}, so the app's own cells and the skins' private subclasses
     * count as the type whose first-time cost they carry.
     */
    private static Set<String> typesOf(Set<Control> controls) {
        return controls.stream().map(c -> publicType(c.getClass())).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String publicType(Class<?> type) {
        Class<?> t = type;
        while (!t.getPackageName().equals(CONTROL_PACKAGE) || t.isAnonymousClass()) {
            t = t.getSuperclass();
        }
        return t.getName();
    }

    /** Every control in {@code node}'s tree, the ones inside skins included. */
    private static Set<Control> controlsUnder(Node node) {
        Set<Control> out = new LinkedHashSet<>();
        collect(node, out);
        return out;
    }

    private static void collect(Node node, Set<Control> out) {
        if (node instanceof Control c) {
            out.add(c);
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, out);
            }
        }
    }
}
