package org.telprov.provisioning.memory;

/**
 * What a replica holds in memory of a small, versioned table, kept up to date by the {@link MemoryPoller}: every
 * replica polls, so a write through another replica is seen within the poll interval, corrected by versions.
 */
public interface PolledMemory {

    /** Which table it holds, for logs. */
    String name();

    /**
     * Brings the memory up to the table's committed state: reads the rows' versions (cheaply when nothing changed),
     * reloads what changed and drops what disappeared. Called by one thread at a time.
     */
    void refresh();

    /** Where a poll round reads it: lower first. */
    default int order() {
        return 0;
    }
}
