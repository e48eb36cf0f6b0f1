package io.relay4j.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log line (with its stack trace) written while open, Lettuce's and relay4j's at DEBUG, so a test can check a
 * secret never reaches any of them; closing restores the levels.
 */
public final class CapturedLogs implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger lettuce = (Logger) LoggerFactory.getLogger("io.lettuce");
    private final Logger relay4j = (Logger) LoggerFactory.getLogger("io.relay4j");
    private final Level lettuceLevel = lettuce.getLevel();
    private final Level relay4jLevel = relay4j.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs() {
        appender.start();
        root.addAppender(appender);
        lettuce.setLevel(Level.DEBUG);
        relay4j.setLevel(Level.DEBUG);
    }

    public static CapturedLogs start() {
        return new CapturedLogs();
    }

    /** Each line so far, message and stack trace. */
    public List<String> lines() {
        List<ILoggingEvent> events;
        // ListAppender appends under its own monitor (AppenderBase.doAppend is synchronized): copy under it too,
        // since Lettuce's threads go on logging while a test reads
        synchronized (appender) {
            events = List.copyOf(appender.list);
        }
        return events.stream().map(event -> event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())))
                .toList();
    }

    public boolean anyContains(String text) {
        return lines().stream().anyMatch(line -> line.contains(text));
    }

    /** Fails when no line was written (nothing checked) or when one holds {@code secret}. */
    public void assertNoneContains(String secret) {
        List<String> lines = lines();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            assertThat(line).as("log line %s", line).doesNotContain(secret);
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        lettuce.setLevel(lettuceLevel);
        relay4j.setLevel(relay4jLevel);
    }
}
