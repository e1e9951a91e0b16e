package dev.perimeter.jwt.config;

/**
 * A configuration problem found at start-up. The message always names the parameter, and never
 * quotes a secret.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String parameter;

    public ConfigException(String parameter, String problem) {
        super("Perimeter configuration: '" + parameter + "': " + problem);
        this.parameter = parameter;
    }

    public ConfigException(String parameter, String problem, Throwable cause) {
        super("Perimeter configuration: '" + parameter + "': " + problem, cause);
        this.parameter = parameter;
    }

    /** The parameter at fault. */
    public String parameter() {
        return parameter;
    }
}
