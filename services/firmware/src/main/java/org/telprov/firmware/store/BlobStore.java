package org.telprov.firmware.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where artifact bytes live, addressed by their SHA-256 and by nothing a client chose. An upload is first staged
 * (streamed and hashed), then committed or discarded, so a rejected upload leaves nothing behind.
 */
public interface BlobStore {

    /**
     * Streams the content into a staging area while computing its SHA-256 and MD5, reading at most
     * {@code maxBytes + 1} bytes.
     *
     * @param expectedBytes the content's declared length, or {@code -1} when it is not known before it ends
     * @throws BlobTooLargeException         when the content is longer than {@code maxBytes}; nothing is kept
     * @throws InsufficientStorageException when the store has no room for it, before or while it streams; nothing is
     *                                      kept
     */
    StagedBlob stage(InputStream content, long maxBytes, long expectedBytes) throws IOException;

    /**
     * The blob as a local file for zero-copy serving, or empty when it is missing. A remote backend (S3) would answer
     * empty here and serve through a presigned redirect instead.
     */
    Optional<Path> file(String sha256);

    /** Removes the blob; no-op when it is already gone. */
    void delete(String sha256) throws IOException;
}
