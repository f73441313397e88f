package tech.tradeos.execution.model.config;

/** A configuration that cannot be used, with a message that names the file or variable and the key. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
