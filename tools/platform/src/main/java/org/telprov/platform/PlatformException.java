package org.telprov.platform;

/** Raised when a platform component cannot be started; the message says what to do about it. */
public class PlatformException extends RuntimeException {

    public PlatformException(String message) {
        super(message);
    }

    public PlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
