package org.osprey.device.stream.internal;

/** Thrown when a stream cannot be opened; the message names the cause and never the URL or a credential. */
public class OpenException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean unauthorized;

    /**
     * @param message      the cause in words a user can act on
     * @param unauthorized whether the camera refused the credentials
     */
    public OpenException(String message, boolean unauthorized) {
        super(message);
        this.unauthorized = unauthorized;
    }

    /** Whether the camera refused the credentials. */
    public boolean unauthorized() {
        return unauthorized;
    }
}
