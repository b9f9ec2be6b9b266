package dev.cairn.gui;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

/**
 * The one place that resolves the app's resources (bundles, stylesheets, icons) from
 * {@code /dev/cairn/gui/}; a missing one is a packaging bug, so it fails loudly.
 */
public final class Resources {

    public static final String BASE = "/dev/cairn/gui/";
    public static final String BUNDLE = "dev.cairn.gui.messages";
    /** The stage icon sizes shipped under {@code icons/}. */
    public static final List<Integer> ICON_SIZES = List.of(16, 24, 32, 48, 64, 128, 256, 512);
    public static final String BASE_STYLESHEET = "cairn.css";
    public static final String THEME_STYLESHEET = "theme-light.css";

    /**
     * The first family of {@code cairn.css}'s {@code -fx-font-family} (a test keeps the two the
     * same): the one the window's text uses where it is installed.
     */
    static final String UI_FONT_FAMILY = "Noto Sans CJK KR";

    private Resources() {}

    /**
     * Opens the window's font, regular and bold, so the first CSS pass finds it loaded: opening
     * a CJK font collection takes about 100 ms (FreeType reads its faces), and a thread that is
     * not the FX thread can do it while the FX thread builds the window. JavaFX fonts may be made
     * on any thread once the toolkit runs; a family that is not installed gives the default font.
     */
    static void openFonts() {
        for (FontWeight weight : new FontWeight[] {FontWeight.NORMAL, FontWeight.BOLD}) {
            Font.font(UI_FONT_FAMILY, weight, Font.getDefault().getSize());
        }
    }

    public static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale, ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public static URL url(String relative) {
        URL url = Resources.class.getResource(BASE + relative);
        if (url == null) {
            throw new MissingResourceException("missing resource " + BASE + relative, Resources.class.getName(), relative);
        }
        return url;
    }

    public static String stylesheet(String name) {
        return url(name).toExternalForm();
    }

    public static List<String> stylesheets() {
        return List.of(stylesheet(BASE_STYLESHEET), stylesheet(THEME_STYLESHEET));
    }

    public static InputStream open(String relative) {
        InputStream in = Resources.class.getResourceAsStream(BASE + relative);
        if (in == null) {
            throw new MissingResourceException("missing resource " + BASE + relative, Resources.class.getName(), relative);
        }
        return in;
    }

    /** Icon paths, smallest first. */
    public static List<String> iconPaths() {
        List<String> paths = new ArrayList<>();
        for (int size : ICON_SIZES) {
            paths.add("icons/cairn-" + size + ".png");
        }
        return paths;
    }
}
