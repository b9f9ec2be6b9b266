package dev.cairn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DesktopJvmTest {

    @Test
    void options_comeFromThePomThroughTheFilteredResource() {
        // The resource holds ${desktop.jvm.options} until Maven filters it: an unfiltered copy
        // would hand the JVM a literal "${...}" and the relaunch would fail.
        assertThat(DesktopJvm.options()).contains("-XX:TieredStopAtLevel=1").noneMatch(o -> o.contains("${"));
    }

    @Test
    void parse_skipsCommentsAndBlankLines_andSplitsOnWhitespace() {
        assertThat(DesktopJvm.parse("# why\n\n  -XX:A=1   -XX:+B\r\n# more\n-Xss2m\n"))
                .containsExactly("-XX:A=1", "-XX:+B", "-Xss2m");
    }

    @Test
    void missing_listsOnlyTheOptionsThisJvmLacks() {
        assertThat(DesktopJvm.missing(List.of("-XX:TieredStopAtLevel=1", "-Xss2m"), List.of("-Xss2m", "-Dx=y")))
                .containsExactly("-XX:TieredStopAtLevel=1");
        assertThat(DesktopJvm.missing(List.of("-XX:TieredStopAtLevel=1"), List.of("-XX:TieredStopAtLevel=1")))
                .isEmpty();
    }

    @Test
    void command_keepsThisJvmsOptions_andSwitchesTheRelaunchOff() {
        assertThat(DesktopJvm.command("/jdk/bin/java", List.of("-XX:TieredStopAtLevel=1"), List.of("-Dcairn.home=/h"),
                "cairn.jar"))
                .containsExactly("/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-Dcairn.home=/h",
                        "-Dcairn.relaunch=false", "-cp", "cairn.jar", "dev.cairn.Main");
    }

    @Test
    void relaunchIfNeeded_whenSwitchedOff_opensInThisJvm() {
        String before = System.getProperty(DesktopJvm.RELAUNCH_PROPERTY);
        System.setProperty(DesktopJvm.RELAUNCH_PROPERTY, "false");
        try {
            assertThat(DesktopJvm.relaunchIfNeeded()).isEmpty();
        } finally {
            if (before == null) {
                System.clearProperty(DesktopJvm.RELAUNCH_PROPERTY);
            } else {
                System.setProperty(DesktopJvm.RELAUNCH_PROPERTY, before);
            }
        }
    }
}
