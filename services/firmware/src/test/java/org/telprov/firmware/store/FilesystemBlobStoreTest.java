package org.telprov.firmware.store;

import io.quarkus.runtime.configuration.MemorySize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telprov.firmware.FirmwareConfig;
import org.telprov.support.probing.ProbeBudget;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store refuses what its volume has no room for, and keeps nothing of it. */
class FilesystemBlobStoreTest {

    @TempDir
    Path directory;

    @Test
    void anUploadThatWouldEatIntoTheReserveIsRefusedAndNothingIsKept() throws IOException {
        long usable = Files.getFileStore(directory).getUsableSpace();
        // a reserve just below the free space: a declared length over it is refused before a byte is read
        FilesystemBlobStore store = new FilesystemBlobStore(config(usable - 1024 * 1024));
        ByteArrayInputStream body = new ByteArrayInputStream(new byte[2 * 1024 * 1024]);
        assertThatThrownBy(() -> store.stage(body, Long.MAX_VALUE, 2 * 1024 * 1024))
                .isInstanceOf(InsufficientStorageException.class);
        assertThat(body.available()).isEqualTo(2 * 1024 * 1024);

        // a reserve above the free space: nothing fits, whatever the length
        FilesystemBlobStore full = new FilesystemBlobStore(config(usable + 1024L * 1024 * 1024));
        assertThatThrownBy(() -> full.stage(new ByteArrayInputStream(new byte[10]), Long.MAX_VALUE, -1))
                .isInstanceOf(InsufficientStorageException.class);
        assertThat(files()).isEmpty();
    }

    @Test
    void contentThatFitsIsStaged() throws IOException {
        FilesystemBlobStore store = new FilesystemBlobStore(config(0));
        try (StagedBlob staged = store.stage(new ByteArrayInputStream(new byte[]{1, 2, 3}), 3, 3)) {
            assertThat(staged.size()).isEqualTo(3);
        }
        assertThatThrownBy(() -> store.stage(new ByteArrayInputStream(new byte[4]), 3, -1))
                .isInstanceOf(BlobTooLargeException.class);
        assertThat(files()).isEmpty();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> all = Files.walk(directory)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    private FirmwareConfig config(long reserve) {
        return new FirmwareConfig() {
            @Override
            public MemorySize maxArtifactSize() {
                return new MemorySize(BigInteger.valueOf(Long.MAX_VALUE));
            }

            @Override
            public Store store() {
                return new Store() {
                    @Override
                    public Path directory() {
                        return directory;
                    }

                    @Override
                    public MemorySize reserve() {
                        return new MemorySize(BigInteger.valueOf(Math.max(0, reserve)));
                    }
                };
            }

            @Override
            public Quota quota() {
                throw new UnsupportedOperationException();
            }

            @Override
            public ProbeBudget.Config probing() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
