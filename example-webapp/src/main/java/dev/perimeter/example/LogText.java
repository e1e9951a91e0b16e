package dev.perimeter.example;

/**
 * Client text made fit for a log line: at most {@value #MAX} characters, and anything but
 * printable ASCII replaced by {@code ?}, so that an encoded newline cannot forge a line and a
 * long value cannot flood the log.
 */
public final class LogText {

    /** Longer text is cut to this and marked with {@code …}. */
    public static final int MAX = 120;

    private LogText() {
    }

    /** {@code text} bounded and escaped; {@code -} for null. */
    public static String of(String text) {
        if (text == null) {
            return "-";
        }
        StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX) + 1);
        for (int i = 0; i < text.length() && i < MAX; i++) {
            char c = text.charAt(i);
            safe.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        if (text.length() > MAX) {
            safe.append('…');
        }
        return safe.toString();
    }
}
