package io.procpool.it.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Captures one logback logger's events in a {@link ListAppender} for the duration of a test: sets
 * the level, stops the events from reaching the console (additivity off), and restores both on
 * {@link #close()}. {@link #await} is woken by each appended event.
 */
final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level oldLevel;
    private final boolean oldAdditive;
    private final Appender appender = new Appender();

    LogCapture(String loggerName, Level level) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        oldLevel = logger.getLevel();
        oldAdditive = logger.isAdditive();
        appender.setContext(logger.getLoggerContext());
        appender.setName("capture-" + loggerName);
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(level);
        logger.setAdditive(false);
    }

    /** The events so far. */
    List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** Waits until an event matching {@code p} was logged and returns it; fails after {@code timeout}. */
    ILoggingEvent await(String what, Duration timeout, Predicate<ILoggingEvent> p) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (appender) {
            while (true) {
                for (ILoggingEvent e : appender.list) {
                    if (p.test(e)) {
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no log event " + what + " within " + timeout + " on "
                            + logger.getName() + "; got " + appender.list.stream()
                                    .map(ILoggingEvent::getFormattedMessage).toList());
                }
                TimeUnit.NANOSECONDS.timedWait(appender, left);
            }
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(oldLevel);
        logger.setAdditive(oldAdditive);
    }

    private static final class Appender extends ListAppender<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent e) {
            e.prepareForDeferredProcessing();
            synchronized (this) {
                list.add(e);
                notifyAll();
            }
        }
    }
}
