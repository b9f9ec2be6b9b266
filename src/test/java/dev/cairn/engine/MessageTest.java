package dev.cairn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.kinds.Ec2Kinds;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's and the handlers' words: every key the code says exists in English and Korean,
 * every key the bundles hold is said somewhere, and a message reads the same in English as the
 * CLI always printed it.
 */
class MessageTest {

    /** {@code Message.of("key", …)}, {@code ctx.say("key", …)}: a dotted key as the first argument. */
    private static final Pattern SAID = Pattern.compile("(?:Message\\.of|\\.say)\\(\\s*\"([a-z][A-Za-z0-9]*\\.[A-Za-z0-9.]+)\"");

    @Test
    void bundles_holdExactlyTheKeysTheCodeSays() throws IOException {
        Set<String> said = new TreeSet<>();
        for (String dir : new String[] {"src/main/java/dev/cairn/engine", "src/main/java/dev/cairn/aws"}) {
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = SAID.matcher(Files.readString(f));
                    while (m.find()) {
                        said.add(m.group(1));
                    }
                }
            }
        }
        Properties english = bundle("messages.properties");
        Properties korean = bundle("messages_ko.properties");

        assertThat(said).isNotEmpty();
        assertThat(english.stringPropertyNames()).as("English keys").containsExactlyInAnyOrderElementsOf(said);
        assertThat(korean.stringPropertyNames()).as("Korean keys").containsExactlyInAnyOrderElementsOf(said);
    }

    @Test
    void english_readsAsTheCliAlwaysPrintedIt() {
        assertThat(Message.of("aws.state", Ec2Kinds.NAT_GATEWAY, "pending").english()).isEqualTo("NAT gateway is pending");
        assertThat(Message.of("engine.retrying", Message.of("eip.waitingRelease", "nat-1", "3.34.2.8")).english())
                .isEqualTo("waiting: waiting for nat-1 to release 3.34.2.8");
        assertThat(Message.raw("InvalidSubnet.Range: no").english()).isEqualTo("InvalidSubnet.Range: no");
        assertThat(Message.of("engine.created").english()).isEqualTo("created");
    }

    @Test
    void format_wordsKindsAndNestedMessagesInTheFacesLanguage() {
        Properties korean = bundle("messages_ko.properties");
        Message m = Message.of("engine.retrying", Message.of("aws.stateOf", Ec2Kinds.NAT_GATEWAY, "nat-1", "deleting"));

        String text = m.format(korean::getProperty, k -> k == Ec2Kinds.NAT_GATEWAY ? "NAT 게이트웨이" : k.label());

        assertThat(text).isEqualTo("기다리는 중: NAT 게이트웨이 nat-1: deleting");
    }

    @Test
    void format_whenAKeyHasNoPattern_showsTheKeySoTheGapIsVisible() {
        assertThat(Message.of("no.such.key", "x").format(k -> null, k -> "")).isEqualTo("no.such.key x");
    }

    private static Properties bundle(String name) {
        Properties p = new Properties();
        try (InputStream in = MessageTest.class.getResourceAsStream("/dev/cairn/engine/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return p;
    }
}
