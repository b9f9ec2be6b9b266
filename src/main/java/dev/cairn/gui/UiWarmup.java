package dev.cairn.gui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ResourceBundle;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the window's first frame, pays the first use of {@code FXMLLoader} on a thread of its own,
 * so that the first page a person opens does not (issue #14).
 *
 * <p>Why: the window opens without FXML ({@link MainView} and the Account page are built in code:
 * the loader's first use, its XML reader and its reflection over each element's class, was
 * 100–140 ms of the FX thread's CPU before the first frame). The other pages keep their FXML and
 * are built when first shown, so without this the first of them would pay that first use on top
 * of its own build.
 *
 * <p>Invariants: safe off the FX thread, because it makes nodes and no scene: no skin is made, no
 * CSS applied and no text measured (skins measure text through a text layout JavaFX shares between
 * all controls, which is not safe for two threads at once; a throwaway scene styled on another
 * thread while the FX thread styled the window failed about one start in ten). It touches nothing
 * of the app's. A failure is logged and forgotten: the first page only opens colder.
 * {@value #ENABLED_PROPERTY}{@code =false} turns it off.
 */
final class UiWarmup {

    /** {@code -Dcairn.warmup.ui=false} skips it. */
    static final String ENABLED_PROPERTY = "cairn.warmup.ui";
    static final String THREAD_NAME = "cairn-warm-fxml";
    /** The throwaway FXML of {@link #warmFxml}, beside the pages' own. */
    static final String FXML = "UiWarmup.fxml";

    private static final Logger LOG = LoggerFactory.getLogger(UiWarmup.class);

    private UiWarmup() {}

    /** Starts the warm-up on a daemon thread of its own, unless turned off; returns at once. */
    static void startFxml(ResourceBundle bundle) {
        if (!Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"))) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                warmFxml(bundle);
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("the pages' warm-up failed; the first page only opens colder", e);
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
}
