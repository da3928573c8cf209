package org.osprey.api.config;

import java.util.Map;

/**
 * Thrown when input does not match its description. Nothing has been changed when it is thrown.
 */
public class InvalidConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Map<String, String> fieldErrors;

    /**
     * @param message     summary for the user
     * @param fieldErrors one message per offending field, keyed by field name
     */
    public InvalidConfigurationException(String message, Map<String, String> fieldErrors) {
        super(message);
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    /** One message per offending field, keyed by field name. */
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
