package dev.perimeter.jwt.audit;

/** JSON strings that stay on one line and in ASCII, whatever a client sent. */
final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /**
     * Appends {@code text} as a JSON string: quote and backslash escaped, and every character
     * outside printable ASCII (control characters, DEL, line and paragraph separators, non-ASCII,
     * lone surrogates) as {@code \}{@code uXXXX}, so that no input can break the line or the
     * log file's encoding.
     */
    static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                        .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            }
        }
        out.append('"');
    }
}
