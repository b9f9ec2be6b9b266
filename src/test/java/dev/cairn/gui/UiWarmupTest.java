package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The pages' warm-up ({@link UiWarmup}): FXML loaded off the FX thread, its words from the app's bundle. */
class UiWarmupTest {

    @BeforeEach
    void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void warmFxml_offTheFxThread_loadsThePagesElementsWithTheirWords() {
        assertThat(Platform.isFxApplicationThread()).isFalse();
        Messages m = new Messages(Locale.ENGLISH);

        Parent root = UiWarmup.warmFxml(m.bundle());

        assertThat(root.lookup("#table")).isInstanceOf(TableView.class);
        assertThat(((Label) root.getChildrenUnmodifiable().get(0)).getText())
                .as("a %key resolved from the app's bundle").isEqualTo(m.i18n("action.next"));
        assertThat(root.getScene()).as("no scene: nothing styled or measured off the FX thread").isNull();
    }
}
