package dev.perimeter.example;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every log line of the JVM (the root logger's handlers see them all, the example's in its own
 * class loader too) as a handler would write it: the formatted message and any stack trace.
 * The loggers' levels stay as configured, so this sees what a server's log would hold.
 */
final class LogLines extends Handler implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    private LogLines() {
        Logger.getLogger("").addHandler(this);
    }

    static LogLines record() {
        return new LogLines();
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLevel() + " " + record.getLoggerName()
                + ": " + formatter.formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        synchronized (lines) {
            lines.add(line.toString());
        }
    }

    /** Everything recorded so far, one entry per record. */
    List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    /** The records that hold {@code text}. */
    List<String> containing(String text) {
        return lines().stream().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
