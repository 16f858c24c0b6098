package org.telprov.provisioning.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telprov.provisioning.auth.NonceCounts.Outcome.ACCEPTED;
import static org.telprov.provisioning.auth.NonceCounts.Outcome.FORGOTTEN;
import static org.telprov.provisioning.auth.NonceCounts.Outcome.REPLAYED;

/** Each (nonce, nc) is accepted once, counts increase, and a full store never reopens a replay. */
class NonceCountsTest {

    private static final long VALIDITY = 300_000;
    private static final long NOW = 1_800_000_000_000L;

    @Test
    void aCountIsAcceptedOnceAndMustIncrease() {
        NonceCounts counts = new NonceCounts(10, VALIDITY);
        assertThat(counts.accept("a", NOW, 1, NOW)).isEqualTo(ACCEPTED);
        assertThat(counts.accept("a", NOW, 1, NOW)).isEqualTo(REPLAYED);
        assertThat(counts.accept("a", NOW, 3, NOW)).isEqualTo(ACCEPTED);
        assertThat(counts.accept("a", NOW, 2, NOW)).isEqualTo(REPLAYED);
        // another nonce has counts of its own
        assertThat(counts.accept("b", NOW, 1, NOW)).isEqualTo(ACCEPTED);
    }

    @Test
    void aFullStoreRefusesTheNoncesItMayHaveForgotten() {
        NonceCounts counts = new NonceCounts(2, VALIDITY);
        assertThat(counts.accept("a", NOW, 1, NOW)).isEqualTo(ACCEPTED);
        assertThat(counts.accept("b", NOW + 1, 1, NOW + 1)).isEqualTo(ACCEPTED);
        assertThat(counts.accept("c", NOW + 2, 1, NOW + 2)).isEqualTo(ACCEPTED);
        assertThat(counts.size()).isEqualTo(2);
        // "a" was forgotten while valid: replaying it is not possible, and neither is a nonce as old
        assertThat(counts.accept("a", NOW, 1, NOW + 3)).isEqualTo(FORGOTTEN);
        assertThat(counts.accept("a", NOW, 2, NOW + 3)).isEqualTo(FORGOTTEN);
        assertThat(counts.accept("a2", NOW, 1, NOW + 3)).isEqualTo(FORGOTTEN);
        // the ones still held, and newer ones, go on as before
        assertThat(counts.accept("b", NOW + 1, 1, NOW + 3)).isEqualTo(REPLAYED);
        assertThat(counts.accept("b", NOW + 1, 2, NOW + 3)).isEqualTo(ACCEPTED);
        assertThat(counts.accept("d", NOW + 3, 1, NOW + 3)).isEqualTo(ACCEPTED);
    }

    @Test
    void expiredEntriesMakeRoomWithoutRefusingAnything() {
        NonceCounts counts = new NonceCounts(2, VALIDITY);
        counts.accept("a", NOW, 1, NOW);
        counts.accept("b", NOW, 1, NOW);
        long later = NOW + VALIDITY + 1;
        assertThat(counts.accept("c", later, 1, later)).isEqualTo(ACCEPTED);
        assertThat(counts.size()).isEqualTo(1);
        assertThat(counts.accept("d", later, 1, later)).isEqualTo(ACCEPTED);
    }
}
