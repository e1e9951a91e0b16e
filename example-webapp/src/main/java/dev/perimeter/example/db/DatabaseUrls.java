package dev.perimeter.example.db;

import java.util.regex.Pattern;

/** Shows JDBC URLs without their credentials. */
public final class DatabaseUrls {

    private static final Pattern PASSWORD =
            Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

    private DatabaseUrls() {
    }

    /** {@code url} with any {@code password=…} value and {@code user:password@} password masked. */
    public static String mask(String url) {
        String masked = PASSWORD.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(masked).replaceAll("$1***@");
    }
}
