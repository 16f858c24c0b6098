package org.telprov.events;

/** A message that cannot be read as the event it claims to be; consumers send it to their dead-letter topic. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
