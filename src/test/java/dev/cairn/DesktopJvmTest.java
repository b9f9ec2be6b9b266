package dev.cairn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesktopJvmTest {

    @Test
    void options_comeFromThePomThroughTheFilteredResource() {
        // The resource holds ${desktop.jvm.options} until Maven filters it: an unfiltered copy
        // would hand the JVM a literal "${...}" and the relaunch would fail.
        assertThat(DesktopJvm.options()).contains("-XX:TieredStopAtLevel=1").noneMatch(o -> o.contains("${"));
        if (DesktopJvm.isLinux(System.getProperty("os.name"))) {
            assertThat(DesktopJvm.options()).contains("-XX:ThreadPriorityPolicy=1", "-XX:JavaPriority1_To_OSPriority=10");
        }
    }

    @Test
    void parse_skipsCommentsAndBlankLines_andSplitsOnWhitespace() {
        assertThat(DesktopJvm.parse("# why\n\n  -XX:A=1   -XX:+B\r\n# more\n-Xss2m\n", false))
                .containsExactly("-XX:A=1", "-XX:+B", "-Xss2m");
    }

    @Test
    void parse_takesLinuxLinesOnLinuxOnly() {
        String text = "-XX:TieredStopAtLevel=1\nlinux: -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=10\nlinux:\n";
        assertThat(DesktopJvm.parse(text, true))
                .containsExactly("-XX:TieredStopAtLevel=1", "-XX:ThreadPriorityPolicy=1", "-XX:JavaPriority1_To_OSPriority=10");
        assertThat(DesktopJvm.parse(text, false)).containsExactly("-XX:TieredStopAtLevel=1");
    }

    @Test
    void isLinux_readsTheOsName() {
        assertThat(DesktopJvm.isLinux("Linux")).isTrue();
        assertThat(DesktopJvm.isLinux("Windows 11")).isFalse();
        assertThat(DesktopJvm.isLinux("Mac OS X")).isFalse();
        assertThat(DesktopJvm.isLinux(null)).isFalse();
    }

    @Test
    void copyErrors_dropsHotSpotsPriorityWarning_andKeepsEveryOtherLine() throws Exception {
        String child = "OpenJDK 64-Bit Server VM warning: -XX:ThreadPriorityPolicy=1 may require system level permission,"
                + " e.g., being the root user. If the necessary permission is not possessed, changes to priority will be"
                + " silently ignored.\nException in thread \"main\" java.lang.IllegalStateException: boom\n\tat Main\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DesktopJvm.copyErrors(new ByteArrayInputStream(child.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("Exception in thread \"main\" java.lang.IllegalStateException: boom", "\tat Main");
    }

    @Test
    void launcherOptions_keepTheJvmOptionsBeforeTheJar_withoutTheClassPath() {
        assertThat(DesktopJvm.launcherOptions(List.of("/usr/bin/java", "-Dcairn.home=/tmp/c", "-Xmx1g", "-jar",
                "target/cairn.jar", "-Dnot.an.option=1"))).containsExactly("-Dcairn.home=/tmp/c", "-Xmx1g");
        assertThat(DesktopJvm.launcherOptions(List.of("java", "-cp", "a.jar:b.jar", "-XX:+UseZGC", "--class-path=c.jar",
                "dev.cairn.Main", "stacks"))).containsExactly("-XX:+UseZGC");
        assertThat(DesktopJvm.launcherOptions(List.of("java", "-classpath", "a.jar", "dev.cairn.Main"))).isEmpty();
    }

    @Test
    void launcherOptions_keepAnOptionsValue_andStopAtAModule() {
        assertThat(DesktopJvm.launcherOptions(List.of("java", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-ea", "-m", "app/app.Main"))).containsExactly("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-ea");
    }

    @Test
    void launcherOptions_withAnArgfile_areLeftToTheManagementBean() {
        assertThat(DesktopJvm.launcherOptions(List.of("java", "-Da=1", "@options.txt", "-jar", "cairn.jar"))).isNull();
    }

    @Test
    void arguments_splitTheCommandLineAtEachNul() {
        byte[] cmdline = "java\0-Dx=a b\0-jar\0c.jar\0".getBytes(StandardCharsets.UTF_8);
        assertThat(DesktopJvm.arguments(cmdline)).containsExactly("java", "-Dx=a b", "-jar", "c.jar");
    }

    @Test
    void currentOptions_includeThisJvmsOwnOptions() {
        // The test JVM's argLine (pom.xml) sets this property on its command line.
        assertThat(DesktopJvm.currentOptions()).contains("-Dprism.order=sw");
        assertThat(DesktopJvm.currentOptions()).doesNotContain("-jar", "-cp");
    }

    @Test
    void isJavaLauncher_onlyForTheRuntimesJava_notAnInstallersLauncher() {
        assertThat(DesktopJvm.isJavaLauncher(Path.of("/usr/lib/jvm/jdk-17/bin/java"), "/usr/lib/jvm/jdk-17")).isTrue();
        // jpackage's launcher creates the JVM in its own process: the options are not on its command line.
        assertThat(DesktopJvm.isJavaLauncher(Path.of("/opt/cairn/bin/cairn"), "/opt/cairn/lib/runtime")).isFalse();
        assertThat(DesktopJvm.isJavaLauncher(Path.of("/usr/bin/java"), null)).isFalse();
    }

    @Test
    void currentOptions_ofThisJvm_areTheManagementBeansOptions() {
        // Whichever way they are read (this JVM's command line on Linux, else the bean).
        assertThat(DesktopJvm.currentOptions()).containsAll(
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(o -> o.startsWith("-Dprism") || o.startsWith("-Xmx")).toList());
    }

    @Test
    void javaCommand_isAnExecutableOfThisRuntime() {
        Path java = Path.of(DesktopJvm.javaCommand());
        assertThat(Files.isExecutable(java)).as(java.toString()).isTrue();
        assertThat(java.getFileName().toString()).startsWith("java");
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
    void archiveOptions_whenAnArchiveIsBesideTheJar_mapsItWithShareAuto(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("cairn.jar"));
        Files.createFile(dir.resolve(DesktopJvm.ARCHIVE_NAME));
        assertThat(DesktopJvm.archiveOptions(jar.toString(), List.of()))
                .containsExactly("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0",
                        "-XX:SharedArchiveFile=" + dir.resolve(DesktopJvm.ARCHIVE_NAME).toAbsolutePath(),
                        "-Xshare:auto");
    }

    @Test
    void useArchive_optionsAreOnesThisJvmAccepts_evenWithoutTheArchive(@TempDir Path dir) throws Exception {
        // A JVM refuses to start on a flag it does not know: the relaunch and the installers'
        // launchers would then open nothing at all.
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(DesktopJvm.useArchive(dir.resolve("none.jsa").toString()));
        cmd.add("-version");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void archiveOptions_withoutAnArchive_addNothing(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("cairn.jar"));
        assertThat(DesktopJvm.archiveOptions(jar.toString(), List.of())).isEmpty();
    }

    @Test
    void archiveOptions_whenThisJvmWasToldAboutSharing_orRunsFromAClassPath_addNothing(@TempDir Path dir)
            throws Exception {
        Path jar = Files.createFile(dir.resolve("cairn.jar"));
        Files.createFile(dir.resolve(DesktopJvm.ARCHIVE_NAME));
        assertThat(DesktopJvm.archiveOptions(jar.toString(), List.of("-Xshare:off"))).isEmpty();
        assertThat(DesktopJvm.archiveOptions(jar + java.io.File.pathSeparator + "other.jar", List.of())).isEmpty();
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
