package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagramPaneViewModelTest {

    @Test
    void defaultWidth_isReadableOnA1280WindowAndHalfOfAWiderOne() {
        assertThat(DiagramPaneViewModel.defaultWidth(1120)).isEqualTo(DiagramPaneViewModel.DEFAULT_WIDTH);
        assertThat(DiagramPaneViewModel.defaultWidth(1760)).isEqualTo(880);
    }

    @Test
    void toggles_fillOrOwnWindow_andBackToDocked() {
        DiagramPaneViewModel pane = new DiagramPaneViewModel(0);
        assertThat(pane.placementProperty().get()).isEqualTo(DiagramPlacement.DOCKED);
        pane.toggleFill();
        assertThat(pane.placementProperty().get()).isEqualTo(DiagramPlacement.FILL);
        pane.toggleWindow();
        assertThat(pane.placementProperty().get()).isEqualTo(DiagramPlacement.WINDOW);
        pane.toggleWindow();
        assertThat(pane.placementProperty().get()).isEqualTo(DiagramPlacement.DOCKED);
    }

    @Test
    void settings_rememberTheDiagramWidth_andOldFilesReadAsDefault(@TempDir Path home) throws Exception {
        java.nio.file.Files.writeString(home.resolve(Settings.FILE), "{\"language\":\"ko\",\"width\":1300,\"height\":700}");
        Settings old = Settings.load(home);
        assertThat(old.diagramWidth()).isZero();
        assertThat(new DiagramPaneViewModel(old.diagramWidth()).widthProperty().get()).isZero();

        old.withDiagramWidth(742).save(home);
        assertThat(Settings.load(home).diagramWidth()).isEqualTo(742);
        assertThat(Settings.load(home).language()).isEqualTo("ko");
    }
}
