package org.telprov.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./platform up --wipe} on a data directory that also holds something else. */
class PlatformWipeTest {

    @TempDir
    Path dataDir;

    @Test
    void wipingDeletesThePlatformsDataAndNothingElse() throws Exception {
        for (String component : new String[] {"postgres/base", "kafka/logs", "keycloak", "services/firmware", "logs"}) {
            Files.writeString(Files.createDirectories(dataDir.resolve(component)).resolve("file"), "data");
        }
        Path unrelated = Files.writeString(dataDir.resolve("notes.txt"), "mine");

        Platform.wipe(dataDir);

        assertTrue(Files.exists(unrelated));
        try (var left = Files.list(dataDir)) {
            assertFalse(left.anyMatch(path -> !path.equals(unrelated)));
        }
    }
}
