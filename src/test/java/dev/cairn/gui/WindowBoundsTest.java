package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

class WindowBoundsTest {

    @Test
    void fit_whenLaptopScreenSmallerThanTheDefault_takesTheWholeVisibleArea() {
        // A 1366×768 laptop with a 32 px panel at the top: 1440×900 used to open off-screen.
        Rectangle2D laptop = new Rectangle2D(0, 32, 1366, 736);
        WindowBounds b = WindowBounds.fit(laptop, Settings.DEFAULT_WIDTH, Settings.DEFAULT_HEIGHT);
        assertThat(b).isEqualTo(new WindowBounds(0, 32, 1366, 736));
    }

    @Test
    void fit_whenScreenIsLarge_keepsTheSizeAndCentresIt() {
        Rectangle2D screen = new Rectangle2D(0, 0, 2560, 1400);
        assertThat(WindowBounds.fit(screen, 1440, 900)).isEqualTo(new WindowBounds(560, 250, 1440, 900));
    }

    @Test
    void fit_whenRememberedOnALargerMonitor_shrinksToThisOne() {
        Rectangle2D second = new Rectangle2D(1920, 0, 1280, 720);
        WindowBounds b = WindowBounds.fit(second, 2400, 1300);
        assertThat(b).isEqualTo(new WindowBounds(1920, 0, 1280, 720));
    }

    @Test
    void fit_whenNothingRemembered_usesTheDefault() {
        assertThat(WindowBounds.fit(new Rectangle2D(0, 0, 1920, 1080), 0, 0))
                .isEqualTo(new WindowBounds(240, 90, Settings.DEFAULT_WIDTH, Settings.DEFAULT_HEIGHT));
    }

    @Test
    void minimum_isTheLayoutsOrTheScreensIfSmaller() {
        assertThat(WindowBounds.minWidth(new Rectangle2D(0, 0, 1920, 1080))).isEqualTo(WindowBounds.MIN_WIDTH);
        assertThat(WindowBounds.minHeight(new Rectangle2D(0, 0, 800, 560))).isEqualTo(560);
    }
}
