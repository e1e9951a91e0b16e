package dev.perimeter.example;

/**
 * A setting of the example application is unknown or invalid. Thrown at start-up, it fails the
 * deployment (or the launcher) with a message that names the setting and never quotes a key.
 */
public final class SettingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    /**
     * @param setting the setting's name as the user wrote it, or without prefix
     * @param problem what is wrong with it
     */
    public SettingException(String setting, String problem) {
        super("Perimeter example: setting '" + setting + "': " + problem);
        this.setting = setting;
    }

    /** The setting at fault. */
    public String setting() {
        return setting;
    }
}
