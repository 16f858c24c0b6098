package org.telprov.firmware.store;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.firmware.FirmwareConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The default blob store: a directory, typically a PersistentVolume shared by the replicas. Blobs live at
 * {@code sha256/<first two hex digits>/<sha256>}; uploads are staged in {@code incoming/} on the same filesystem, synced
 * to disk, and renamed into place, so a blob is either whole or absent. An upload never takes the volume's last
 * {@code telprov.firmware.store.reserve} bytes: it is refused before it starts when its declared length does not fit,
 * and stopped while it streams when the free space runs out (other uploads, other writers of the volume).
 */
@ApplicationScoped
public class FilesystemBlobStore implements BlobStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int BUFFER = 256 * 1024;
    /** How often, in bytes written, the free space is looked at again while an upload streams. */
    private static final long SPACE_CHECK_INTERVAL = 16L * 1024 * 1024;

    private final Path blobs;
    private final Path incoming;
    private final long reserve;

    public FilesystemBlobStore(FirmwareConfig config) {
        Path root = config.store().directory().toAbsolutePath().normalize();
        this.reserve = config.store().reserve().asLongValue();
        this.blobs = root.resolve("sha256");
        this.incoming = root.resolve("incoming");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(incoming);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the firmware store in " + root, e);
        }
    }

    @Override
    public StagedBlob stage(InputStream content, long maxBytes, long expectedBytes) throws IOException {
        if (usableSpace() - Math.max(0, expectedBytes) < reserve) {
            throw new InsufficientStorageException();
        }
        Path temp = incoming.resolve(UUID.randomUUID() + ".part");
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest md5 = digest("MD5");
        long size = 0;
        long nextSpaceCheck = SPACE_CHECK_INTERVAL;
        boolean staged = false;
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = content.read(buffer)) != -1) {
                size += read;
                if (size > maxBytes) {
                    throw new BlobTooLargeException(maxBytes);
                }
                sha256.update(buffer, 0, read);
                md5.update(buffer, 0, read);
                if (size >= nextSpaceCheck) {
                    nextSpaceCheck = size + SPACE_CHECK_INTERVAL;
                    if (usableSpace() < reserve) {
                        throw new InsufficientStorageException();
                    }
                }
                write(out, buffer, read);
            }
            out.force(true);
            staged = true;
        } finally {
            if (!staged) {
                Files.deleteIfExists(temp);
            }
        }
        return new Staged(temp, size, HexFormat.of().formatHex(sha256.digest()), HexFormat.of().formatHex(md5.digest()));
    }

    private void write(FileChannel out, byte[] buffer, int length) throws IOException {
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, length);
        try {
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
        } catch (IOException e) {
            // A full volume (ENOSPC) is the store's condition, not a broken upload: say so.
            if (usableSpace() < reserve + length) {
                throw new InsufficientStorageException();
            }
            throw e;
        }
    }

    private long usableSpace() throws IOException {
        return Files.getFileStore(incoming).getUsableSpace();
    }

    @Override
    public Optional<Path> file(String sha256) {
        Path file = pathOf(sha256);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    @Override
    public void delete(String sha256) throws IOException {
        Files.deleteIfExists(pathOf(sha256));
    }

    /** Only ever called with a digest this class computed; the check makes sure nothing else becomes a path. */
    private Path pathOf(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 digest");
        }
        return blobs.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is always available", e);
        }
    }

    private final class Staged implements StagedBlob {

        private final Path temp;
        private final long size;
        private final String sha256;
        private final String md5;
        private boolean committed;

        Staged(Path temp, long size, String sha256, String md5) {
            this.temp = temp;
            this.size = size;
            this.sha256 = sha256;
            this.md5 = md5;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public String sha256() {
            return sha256;
        }

        @Override
        public String md5() {
            return md5;
        }

        @Override
        public void commit() throws IOException {
            Path target = pathOf(sha256);
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                // Same bytes under another version or product: one copy serves both.
                Files.delete(temp);
            } else {
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException e) {
                    Files.delete(temp);
                }
            }
            committed = true;
        }

        @Override
        public void close() {
            if (committed) {
                return;
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                Log.warnf("Could not delete staged upload %s: %s", temp, e);
            }
        }
    }
}
