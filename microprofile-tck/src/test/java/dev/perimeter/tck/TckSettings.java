package dev.perimeter.tck;

/** The system properties the build gives the TCK run (see the surefire configuration). */
final class TckSettings {

    private TckSettings() {
    }

    static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (run through mvn verify)");
        }
        return value;
    }
}
