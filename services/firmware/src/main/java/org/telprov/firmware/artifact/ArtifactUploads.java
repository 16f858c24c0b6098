package org.telprov.firmware.artifact;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.firmware.FirmwareConfig;
import org.telprov.firmware.quota.StorageQuotas;
import org.telprov.firmware.store.BlobStore;
import org.telprov.firmware.store.BlobTooLargeException;
import org.telprov.firmware.store.InsufficientStorageException;
import org.telprov.firmware.store.StagedBlob;
import org.telprov.support.problem.ProblemException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Takes an upload from the request body to a published artifact: checks the metadata before reading a byte, streams
 * the body into the blob store's staging area (hashing as it goes, never holding it in memory), verifies the
 * client's checksums, then lets {@link ArtifactService} publish it. No transaction is open while bytes stream. The
 * scope's storage quota bounds the stream like the size limit does, so an upload stops where the quota ends instead
 * of being written whole first.
 */
@ApplicationScoped
public class ArtifactUploads {

    private final ArtifactService artifacts;
    private final BlobStore store;
    private final FirmwareConfig config;
    private final StorageQuotas quotas;

    public ArtifactUploads(ArtifactService artifacts, BlobStore store, FirmwareConfig config, StorageQuotas quotas) {
        this.artifacts = artifacts;
        this.store = store;
        this.config = config;
        this.quotas = quotas;
    }

    /**
     * @param declaredLength the request's Content-Length, or {@code null} for a chunked body
     * @throws ProblemException 400 for invalid metadata, 409 {@code version_exists}, 413 {@code too_large} or
     *                          {@code quota_exceeded}, 422 {@code checksum_mismatch}, 507 {@code insufficient_storage};
     *                          in each case nothing is kept
     */
    public ArtifactView upload(String scope, String principal, ArtifactUpload request, Long declaredLength,
                               InputStream body) {
        ArtifactUpload upload = request.checked();
        if (artifacts.versionExists(scope, upload)) {
            throw ArtifactService.versionExists(upload);
        }
        long maxSize = config.maxArtifactSize().asLongValue();
        if (declaredLength != null && declaredLength > maxSize) {
            throw tooLarge(maxSize);
        }
        long room = quotas.room(scope);
        if (room == 0 || declaredLength != null && declaredLength > room) {
            throw quotas.exceeded(scope);
        }
        long limit = Math.min(maxSize, room);
        try (StagedBlob staged = store.stage(body, limit, declaredLength == null ? -1 : declaredLength)) {
            if (staged.size() == 0) {
                throw ProblemException.badRequest("empty_body", "the request body (the firmware image) is empty", "body");
            }
            if (upload.sha256() != null && !upload.sha256().equals(staged.sha256())) {
                throw mismatch("sha256", upload.sha256(), staged.sha256());
            }
            if (upload.md5() != null && !upload.md5().equals(staged.md5())) {
                throw mismatch("md5", upload.md5(), staged.md5());
            }
            return artifacts.publish(scope, principal, upload, staged);
        } catch (BlobTooLargeException e) {
            throw limit < maxSize ? quotas.exceeded(scope) : tooLarge(maxSize);
        } catch (InsufficientStorageException e) {
            throw new ProblemException(507, "insufficient_storage", "Insufficient storage",
                    "the firmware store has no room for this upload now; nothing was stored");
        } catch (IOException e) {
            throw new UncheckedIOException("could not receive the upload", e);
        }
    }

    private static ProblemException tooLarge(long limit) {
        return new ProblemException(413, "too_large", "Content too large",
                "a firmware image may have at most " + limit + " bytes");
    }

    private static ProblemException mismatch(String algorithm, String expected, String actual) {
        return new ProblemException(422, "checksum_mismatch", "Checksum mismatch",
                "the uploaded bytes have " + algorithm + " " + actual + ", not " + expected + "; nothing was stored");
    }
}
