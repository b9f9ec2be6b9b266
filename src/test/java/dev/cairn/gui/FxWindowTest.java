package dev.cairn.gui;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** A test of the whole main window: a fresh {@link FxHarness} in English per test, and a robot. */
abstract class FxWindowTest {

    @TempDir
    Path home;

    FxHarness app;
    final FxRobot robot = new FxRobot();

    @BeforeEach
    void openWindow() throws Exception {
        app = new FxHarness(home, Locale.ENGLISH);
    }

    @AfterEach
    void closeWindow() throws Exception {
        app.close();
    }
}
