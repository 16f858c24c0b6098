package org.telprov.provisioning.rollout;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.Test;
import org.telprov.provisioning.profile.Dialect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run is kept between inputs only once the transaction that wrote it committed, and taken up only at the version it
 * was kept at: a run changed by a transaction that rolled back, or a rollout moved since by someone else, is read anew.
 */
class RolloutRunsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private final Transactions transactions = new Transactions();
    private final RolloutRuns runs = new RolloutRuns(null, transactions, 2);

    @Test
    void aRunIsKeptAtTheVersionWrittenOnceItsTransactionCommitted() {
        UUID id = UUID.randomUUID();
        RolloutRun run = running(id);

        runs.keepAfterCommit(id, 2, run);
        assertThat(runs.size()).isZero();
        transactions.complete(Status.STATUS_COMMITTED);

        assertThat(runs.take(id, 2)).containsSame(run);
    }

    @Test
    void aRunWhoseTransactionRolledBackIsNotKept() {
        UUID id = UUID.randomUUID();

        runs.keepAfterCommit(id, 2, running(id));
        transactions.complete(Status.STATUS_ROLLEDBACK);

        assertThat(runs.take(id, 2)).isEmpty();
    }

    @Test
    void aRunKeptAtAnOlderVersionIsNotTakenUpAndIsForgotten() {
        UUID id = UUID.randomUUID();
        runs.keep(id, 2, running(id));

        // another replica or a person wrote version 3 since
        assertThat(runs.take(id, 3)).isEmpty();
        assertThat(runs.take(id, 2)).isEmpty();
    }

    @Test
    void aTakenRunIsNoLongerKeptUntilItsInputCommits() {
        UUID id = UUID.randomUUID();
        RolloutRun run = running(id);
        runs.keep(id, 2, run);

        assertThat(runs.take(id, 2)).containsSame(run);
        // the input working on it failed: nothing kept, the next input reads the rows
        assertThat(runs.take(id, 2)).isEmpty();
    }

    @Test
    void theRunOfARolloutThatEndedIsNotKept() {
        UUID id = UUID.randomUUID();
        RolloutRun run = running(id);
        run.cancel();

        runs.keepAfterCommit(id, 3, run);
        transactions.complete(Status.STATUS_COMMITTED);

        assertThat(runs.size()).isZero();
    }

    @Test
    void beyondTheLimitTheRunUsedLeastRecentlyGoes() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        runs.keep(first, 1, running(first));
        runs.keep(second, 1, running(second));
        RolloutRun again = runs.take(first, 1).orElseThrow();
        runs.keep(first, 2, again);

        runs.keep(third, 1, running(third));

        assertThat(runs.size()).isEqualTo(2);
        assertThat(runs.take(second, 1)).isEmpty();
        assertThat(runs.take(first, 2)).containsSame(again);
        assertThat(runs.take(third, 1)).isPresent();
    }

    private static RolloutRun running(UUID id) {
        Rollout rollout = new Rollout(id, "acme", "alice", RolloutTarget.release("acme", "office",
                "2026-12-07_09:00:00"), List.of(Group.share("a", 1), Group.share("b", 1)),
                new Conditions(90, Conditions.SuccessAction.NEXT_GROUP, 20), Duration.ofMinutes(30), null, false, null,
                Rollout.DEFAULT_DIGEST_REFUSAL_LIMIT);
        List<TargetDevice> devices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            devices.add(new TargetDevice(String.format("7c2f80%06x", i), Dialect.MAXWELL_10, Set.of(), false, null));
        }
        RolloutRun run = RolloutRun.plan(rollout, devices, key -> Optional.empty());
        run.start(T0);
        return run;
    }

    /** One transaction at a time: the synchronizations registered since the last completion. */
    private static final class Transactions implements TransactionSynchronizationRegistry {

        private final List<Synchronization> registered = new ArrayList<>();

        void complete(int status) {
            registered.forEach(Synchronization::beforeCompletion);
            registered.forEach(s -> s.afterCompletion(status));
            registered.clear();
        }

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
            registered.add(sync);
        }

        @Override
        public Object getTransactionKey() {
            return this;
        }

        @Override
        public void putResource(Object key, Object value) {
        }

        @Override
        public Object getResource(Object key) {
            return null;
        }

        @Override
        public int getTransactionStatus() {
            return Status.STATUS_ACTIVE;
        }

        @Override
        public void setRollbackOnly() {
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }
    }
}
