package dev.cairn;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The logging set-up, in code rather than a {@code logback.xml}: reading that file took logback
 * about 0.2 s at every start (an XML parser and its configuration model loaded for six lines),
 * before the app's model or a command's first line (docs/benchmarks.md, StartBenchmark). Found by
 * logback through {@code META-INF/services}.
 *
 * <p>Logs go to stderr: stdout belongs to the CLI's output. {@value #LEVEL_PROPERTY} sets the
 * level (WARN unless set); the SDK's and the HTTP client's loggers stay at WARN, so the SDK's
 * wire logging stays off. Secrets never reach a log: credentials are never passed to a logger.
 *
 * <p>A {@code logback-test.xml} on the class path (the tests') or a file named by
 * {@code -Dlogback.configurationFile} takes over: this set-up then steps aside.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

    /** The root level, e.g. {@code -Dcairn.log.level=DEBUG}. */
    static final String LEVEL_PROPERTY = "cairn.log.level";
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";
    /** Chatty libraries kept at WARN whatever the root level. */
    static final String[] QUIET = {"software.amazon.awssdk", "org.apache.http"};

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, System.getProperty(LEVEL_PROPERTY));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Stderr with {@link #PATTERN}; the root at {@code level} (WARN when unset or unknown), {@link #QUIET} at WARN. */
    static void apply(LoggerContext context, String level) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.WARN));
        root.addAppender(stderr);
        for (String name : QUIET) {
            context.getLogger(name).setLevel(Level.WARN);
        }
    }
}
