package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ResourcesTest {

    @Test
    void uiFontFamily_isTheFirstFamilyTheStylesheetAsksFor() throws Exception {
        String css;
        try (InputStream in = Resources.url(Resources.BASE_STYLESHEET).openStream()) {
            css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("-fx-font-family:\\s*\"([^\"]+)\"").matcher(css);
        assertThat(m.find()).as("the root's font family in " + Resources.BASE_STYLESHEET).isTrue();
        // The font opened ahead of the first CSS pass must be the one that pass will ask for.
        assertThat(m.group(1)).isEqualTo(Resources.UI_FONT_FAMILY);
    }
}
