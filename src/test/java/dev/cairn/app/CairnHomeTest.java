package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.step.BlueprintExample;
import java.io.File;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a real {@code cairn} process keeps its files: a child JVM, started as a user would start
 * it (no {@code cairn.home}, no {@code cairn.ssh.dir}), applies the guide's whole stack in the
 * embedded Sandbox with {@code HOME} pointing at a temporary folder.
 */
class CairnHomeTest {

    /** A JVM start plus an instant-Sandbox apply of the guide's 60 resources, on a loaded machine. */
    private static final long CHILD_TIMEOUT_SECONDS = 180;

    @TempDir
    Path tmp;

    @Test
    void apply_whenHomeVariableDiffersFromUserHome_writesOnlyUnderHomeAndEverythingThereIsOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "owner-only modes are POSIX");
        Path home = Files.createDirectory(tmp.resolve("home"));
        // Java's user.home comes from the password database, not $HOME: make it point elsewhere.
        Path javaUserHome = tmp.resolve("java-user-home");
        Path blueprint = tmp.resolve("demo.yaml");
        Files.writeString(blueprint, dev.cairn.step.BlueprintYaml.writeCommented(BlueprintExample.demo()));
        Path log = tmp.resolve("child.log");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", classpath, "-Duser.home=" + javaUserHome,
                "dev.cairn.Main", "apply", "--sandbox", "--blueprint", blueprint.toString(), "--yes"))
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("HOME", home.toString());
        Process child = pb.start();
        boolean ended = child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        assertThat(ended).as("child ended within %d s:%n%s", CHILD_TIMEOUT_SECONDS, Files.readString(log)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(log)).isZero();

        assertThat(javaUserHome).doesNotExist();
        assertThat(home.resolve(".cairn/stacks/demo/journal.jsonl")).isRegularFile();
        assertThat(home.resolve(".cairn/stacks/demo/target.json")).isRegularFile();
        assertThat(home.resolve(".cairn/sandbox")).isDirectory();
        assertThat(home.resolve(".ssh/demo-key.pem")).isRegularFile();
        assertThat(modes(home.resolve(".cairn"))).as("modes under Cairn's home").allSatisfy((path, mode) ->
                assertThat(mode).as(path).isEqualTo(Files.isDirectory(home.resolve(".cairn").resolve(path)) ? "rwx------" : "rw-------"));
        assertThat(modes(home.resolve(".ssh"))).containsExactlyInAnyOrderEntriesOf(Map.of("", "rwx------", "demo-key.pem", "rw-------"));
    }

    /** Every path under {@code root} (itself as "") with its POSIX mode. */
    private static Map<String, String> modes(Path root) throws Exception {
        Map<String, String> modes = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                modes.put(root.relativize(p).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        }
        return modes;
    }
}
