package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The main view's banners join the page's column only while they show. */
class MainViewBannersTest {

    @BeforeEach
    void toolkit() throws Exception {
        // Controls need the toolkit (their class sets JavaFX's stylesheet); the nodes stay out of any scene.
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void attachWhileVisible_keepsOnlyTheBannersThatShow_inTheirOrder_aboveThePage() {
        Label resume = new Label("resume");
        Label team = new Label("team");
        Label migrate = new Label("migrate");
        Label page = new Label("page");
        VBox column = new VBox(page);

        team.setVisible(false);
        MainView.attachWhileVisible(column, List.of(resume, team, migrate));
        assertThat(column.getChildren()).containsExactly(resume, migrate, page);

        resume.setVisible(false);
        migrate.setVisible(false);
        assertThat(column.getChildren()).as("hidden banners leave the column").containsExactly(page);

        migrate.setVisible(true);
        team.setVisible(true);
        assertThat(column.getChildren()).as("each comes back at its place").containsExactly(team, migrate, page);

        resume.setVisible(true);
        assertThat(column.getChildren()).containsExactly(resume, team, migrate, page);
    }
}
