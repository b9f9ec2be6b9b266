package dev.cairn.gui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.MissingResourceException;
import javafx.fxml.FXMLLoader;

/**
 * Loads a view's layout from the FXML file of the same name beside it
 * ({@code NetworkStepView.java} → {@code NetworkStepView.fxml} in the same package under
 * {@code src/main/resources}), with the view as both root ({@code <fx:root>}) and controller, and
 * {@code %dotted.keys} resolved from the app's bundle in the page's language (JabRef's
 * {@code ViewLoader}). A missing or broken file is a packaging bug: it fails loudly.
 */
final class ViewLoader {

    private ViewLoader() {}

    /** Builds {@code view}'s children from its FXML; {@code @FXML} fields are set when this returns. */
    static void load(Object view, Messages m) {
        Class<?> type = view.getClass();
        String name = type.getSimpleName() + ".fxml";
        URL url = type.getResource(name);
        if (url == null) {
            throw new MissingResourceException("missing layout " + name + " beside " + type.getName(), type.getName(), name);
        }
        FXMLLoader loader = new FXMLLoader(url, m.bundle());
        loader.setRoot(view);
        loader.setController(view);
        try {
            loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the layout " + url, e);
        }
    }
}
