package org.telprov.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code ./platform up --replicas N} accepts. */
class PlatformOptionsTest {

    @TempDir
    Path tmp;

    @Test
    void oneProcessOfEachServiceUnlessReplicasAreAskedFor() {
        assertEquals(1, options().build().replicas());
        assertEquals(2, options().replicas(2).build().replicas());
        assertEquals(PlatformPorts.MAX_REPLICAS, options().replicas(PlatformPorts.MAX_REPLICAS).build().replicas());
    }

    @Test
    void replicasOutsideOneToTheMaximumAreRefusedSayingTheRange() {
        for (int replicas : new int[] {0, -1, PlatformPorts.MAX_REPLICAS + 1}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> options().replicas(replicas).build());
            assertTrue(refused.getMessage().startsWith(
                    "--replicas must be between 1 and " + PlatformPorts.MAX_REPLICAS), refused.getMessage());
            assertTrue(refused.getMessage().endsWith("not " + replicas), refused.getMessage());
        }
    }

    private PlatformOptions.Builder options() {
        return PlatformOptions.builder().repoRoot(tmp).dataDir(tmp.resolve("data"));
    }
}
