package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link AppStart} makes while the toolkit starts: the model with its stack open, and an
 * executor whose callbacks wait for the FX thread.
 */
class AppStartPartsTest {

    @TempDir
    Path home;

    private final List<Runnable> toFx = new CopyOnWriteArrayList<>();
    private AppStart.Parts parts;

    @AfterEach
    void close() {
        if (parts != null) {
            parts.executor().close();
            parts.targets().close();
        }
    }

    @Test
    void make_inANewHome_opensTheFirstStack_stillStarting() {
        parts = AppStart.make(home, home.resolve("sandbox"), toFx::add);

        WorkspaceViewModel workspace = parts.model().workspace();
        assertThat(workspace.stackProperty().get()).as("a stack is open for the window").isNotNull();
        assertThat(new StackCatalog(home).list()).as("and saved").isNotEmpty();
        assertThat(workspace.account().startingProperty().get()).as("the profiles are looked up after the window")
                .isTrue();
        assertThat(parts.messages().locale()).isEqualTo(AppStart.locale(parts.settings()));
    }

    @Test
    void make_executorCallbacks_waitUntilTheGateOpens() {
        parts = AppStart.make(home, home.resolve("sandbox"), toFx::add);
        List<String> ran = new CopyOnWriteArrayList<>();
        int before = toFx.size();

        parts.executor().deliver(() -> ran.add("delivered"));
        assertThat(toFx).as("no FX thread to take it yet").hasSize(before);

        parts.gate().open();
        assertThat(toFx).hasSizeGreaterThan(before);
        toFx.forEach(Runnable::run);
        assertThat(ran).containsExactly("delivered");
    }

    @Test
    void locale_followsTheRememberedLanguage_elseAKnownOne() {
        assertThat(AppStart.locale(Settings.defaults().withLanguage("ko"))).isEqualTo(java.util.Locale.KOREAN);
        assertThat(AppStart.locale(Settings.defaults().withLanguage("fr"))).isEqualTo(java.util.Locale.ENGLISH);
    }

    @Test
    void quietLoggingReplay_setsSlf4jsVerbosity_unlessTheUserDid() {
        String before = System.getProperty(AppStart.SLF4J_VERBOSITY);
        try {
            System.clearProperty(AppStart.SLF4J_VERBOSITY);
            AppStart.quietLoggingReplay();
            assertThat(System.getProperty(AppStart.SLF4J_VERBOSITY)).isEqualTo("ERROR");
            System.setProperty(AppStart.SLF4J_VERBOSITY, "DEBUG");
            AppStart.quietLoggingReplay();
            assertThat(System.getProperty(AppStart.SLF4J_VERBOSITY)).isEqualTo("DEBUG");
        } finally {
            if (before == null) {
                System.clearProperty(AppStart.SLF4J_VERBOSITY);
            } else {
                System.setProperty(AppStart.SLF4J_VERBOSITY, before);
            }
        }
    }
}
