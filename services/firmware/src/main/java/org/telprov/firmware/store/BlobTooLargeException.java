package org.telprov.firmware.store;

/** Staged content went past the size limit; the store kept nothing. */
public class BlobTooLargeException extends RuntimeException {

    public BlobTooLargeException(long maxBytes) {
        super("content exceeds " + maxBytes + " bytes");
    }
}
