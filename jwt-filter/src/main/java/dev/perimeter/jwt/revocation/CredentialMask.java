package dev.perimeter.jwt.revocation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in connection strings before they reach a log line, a description or an
 * exception message: the password of {@code scheme://user:password@host} (the whole user
 * information when it has no colon, since Redis reads {@code redis://password@host}),
 * {@code password=} and similar parameters in query strings and H2-style {@code ;KEY=value}
 * lists, and Oracle's {@code user/password@}. Public for revocation stores in other modules,
 * whose descriptions and errors name their connection strings.
 */
public final class CredentialMask {

    private static final String MASK = "****";
    private static final Pattern USER_INFO = Pattern.compile("//([^/?#\\s]*)@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile(
            "(?i)((?:password|passwd|pwd|pass|secret|sslpassword|sslkeypassword)=)[^&;\\s]*");
    private static final Pattern ORACLE = Pattern.compile("(?i)(jdbc:oracle:[a-z0-9]+:)([^/@:\\s]*)/[^@\\s]*@");

    private CredentialMask() {
    }

    /** {@code text} with credentials replaced by {@code ****}. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        Matcher userInfo = USER_INFO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (userInfo.find()) {
            String info = userInfo.group(1);
            int colon = info.indexOf(':');
            String masked = colon >= 0 ? info.substring(0, colon) + ":" + MASK : MASK;
            userInfo.appendReplacement(out, Matcher.quoteReplacement("//" + masked + "@"));
        }
        userInfo.appendTail(out);
        String result = PASSWORD_PARAMETER.matcher(out).replaceAll("$1" + MASK);
        return ORACLE.matcher(result).replaceAll("$1$2/" + MASK + "@");
    }
}
