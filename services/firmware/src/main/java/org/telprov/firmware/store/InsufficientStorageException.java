package org.telprov.firmware.store;

/** The store's volume has no room for the content (beyond its reserve); the store kept nothing. */
public class InsufficientStorageException extends RuntimeException {

    public InsufficientStorageException() {
        super("the firmware store's volume has no room for the upload");
    }
}
