package org.telprov.support.transaction;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Runs code when the caller's transaction completes: the one way the services act on what a commit made true. */
public final class AfterCompletion {

    private AfterCompletion() {
    }

    /**
     * Runs {@code onCommit} once the caller's transaction has committed, {@code onRollback} if it did not; outside an
     * active transaction {@code onCommit} runs at once.
     */
    public static void run(TransactionSynchronizationRegistry transactions, Runnable onCommit, Runnable onRollback) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            onCommit.run();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                (status == Status.STATUS_COMMITTED ? onCommit : onRollback).run();
            }
        });
    }

    /**
     * Like {@link #run}, without a rollback action, and once per transaction and key: further calls with the same key
     * in the same transaction add nothing.
     */
    public static void onceOnCommit(TransactionSynchronizationRegistry transactions, Object key, Runnable onCommit) {
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            if (transactions.getResource(key) != null) {
                return;
            }
            transactions.putResource(key, Boolean.TRUE);
        }
        run(transactions, onCommit, () -> {
        });
    }
}
