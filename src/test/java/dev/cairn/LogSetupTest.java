package dev.cairn;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class LogSetupTest {

    @Test
    void apply_withoutALevel_logsWarningsToStderr_andKeepsTheSdkQuiet() {
        LoggerContext context = new LoggerContext();
        LogSetup.apply(context, null);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class,
                a -> assertThat(a.getTarget()).isEqualTo("System.err"));
        assertThat(context.getLogger("software.amazon.awssdk.request").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void apply_withDebug_logsDebug_butTheSdkStaysAtWarn() {
        LoggerContext context = new LoggerContext();
        LogSetup.apply(context, "DEBUG");

        assertThat(context.getLogger("dev.cairn.engine").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("software.amazon.awssdk.wire").getEffectiveLevel())
                .as("the SDK's wire log, which can hold request bodies, stays off").isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.http.wire").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void serviceFile_namesThisConfigurator() throws Exception {
        try (var in = LogSetup.class.getResourceAsStream("/META-INF/services/ch.qos.logback.classic.spi.Configurator")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip())
                    .isEqualTo(LogSetup.class.getName());
        }
    }
}
