package org.telprov.firmware.store;

import java.io.IOException;

/**
 * Content that has been received and hashed but is not in the store yet. Closing it without {@link #commit()}
 * discards it.
 */
public interface StagedBlob extends AutoCloseable {

    long size();

    /** 64 lower-case hex digits. */
    String sha256();

    /** 32 lower-case hex digits. */
    String md5();

    /**
     * Moves the content into the store under its SHA-256, atomically: readers see the whole blob or none. When the
     * store already holds the same content, the staged copy is dropped.
     */
    void commit() throws IOException;

    /** Discards the staged content unless it was committed. */
    @Override
    void close();
}
