package dev.perimeter.jwt.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Records what one {@code java.util.logging} logger publishes while open, so a test can assert
 * what was logged (and what was not).
 */
public final class LogRecorder extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final List<LogRecord> records = new ArrayList<>();

    private LogRecorder(Logger logger) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Starts recording the logger of {@code type}. */
    public static LogRecorder of(Class<?> type) {
        return named(type.getName());
    }

    /** Starts recording the logger {@code name}, for a class the test cannot see. */
    public static LogRecorder named(String name) {
        return new LogRecorder(Logger.getLogger(name));
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    /** The messages logged at exactly {@code level}. */
    public synchronized List<String> messages(Level level) {
        return records.stream().filter(r -> r.getLevel().equals(level))
                .map(LogRecord::getMessage).collect(Collectors.toList());
    }

    /** Every message logged, at any level. */
    public synchronized List<String> messages() {
        return records.stream().map(LogRecord::getMessage).collect(Collectors.toList());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}
