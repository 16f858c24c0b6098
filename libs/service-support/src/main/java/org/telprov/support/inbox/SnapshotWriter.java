package org.telprov.support.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.telprov.events.EventEnvelope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Applies a polled batch of state-carrying events (snapshots with a version, such as inventory's device and tenant
 * events) to a read model kept twice: in the service's table, shared by its replicas, and in this replica's memory.
 *
 * <p>A snapshot is written only over an older version, so a redelivery, or an event another replica applied first,
 * writes nothing: that is what makes such a projection idempotent without a processed-event record. The memory is
 * loaded from the table and only ever holds committed state, so a version it already holds is in the table too, and
 * replaying a compacted topic at start-up costs no database work. Changes reach the memory only once their
 * transaction has committed, also those another replica wrote first, which this replica's memory needs all the same.
 *
 * @param <C> a read and checked event
 * @param <K> the read model's key (a MAC, a tenant id); rows are written in ascending key order, so that concurrent
 *            writers lock them in the same order
 */
public final class SnapshotWriter<C, K extends Comparable<K>> {

    /** What each change came to, for the projection's metrics. */
    public enum Outcome {
        /** Written. */
        APPLIED,
        /** The same event twice (in the batch, or already held). */
        DUPLICATE,
        /** Not newer than what is held, or than another change of the same key. */
        STALE;

        /** As metrics tag it. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * How one read model is written.
     *
     * @param event    the change's event
     * @param key      the change's key
     * @param version  the change's snapshot version
     * @param held     the version this replica's memory holds for a key, lower than any snapshot's when none
     * @param upsert   in the caller's transaction, one statement writing the rows (ascending keys) each only over an
     *                 older version; returns the keys it wrote
     * @param remember puts a committed change in memory (which keeps what it holds over an older version)
     * @param counted  each change with its outcome, in the order given
     */
    public record Model<C, K>(Function<C, EventEnvelope> event, Function<C, K> key, ToLongFunction<C> version,
                              ToLongFunction<K> held, Function<Collection<C>, Set<K>> upsert, Consumer<C> remember,
                              BiConsumer<C, Outcome> counted) {
    }

    private final Model<C, K> model;

    public SnapshotWriter(Model<C, K> model) {
        this.model = model;
    }

    /**
     * Applies the changes, in the order given, in one new transaction, then puts the newest of each key in memory. Of
     * several snapshots of one key, the newest wins.
     */
    public void apply(List<C> changes) {
        Outcome[] outcomes = new Outcome[changes.size()];
        List<C> unknown = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            C change = changes.get(i);
            long held = model.held().applyAsLong(model.key().apply(change));
            long version = model.version().applyAsLong(change);
            if (held >= version) {
                outcomes[i] = held == version ? Outcome.DUPLICATE : Outcome.STALE;
            } else {
                unknown.add(change);
            }
        }
        if (!unknown.isEmpty()) {
            Map<C, Outcome> written = QuarkusTransaction.requiringNew().call(() -> write(unknown));
            for (int i = 0; i < changes.size(); i++) {
                if (outcomes[i] == null) {
                    outcomes[i] = written.get(changes.get(i));
                }
            }
            newest(unknown).values().forEach(model.remember());
        }
        for (int i = 0; i < changes.size(); i++) {
            model.counted().accept(changes.get(i), outcomes[i]);
        }
    }

    /** Upserts, per key, the newest of the changes; each change's outcome. */
    private Map<C, Outcome> write(List<C> changes) {
        Map<K, C> newest = newest(changes);
        Set<K> written = model.upsert().apply(newest.values());
        Map<C, Outcome> outcomes = new IdentityHashMap<>();
        for (C change : changes) {
            K key = model.key().apply(change);
            C chosen = newest.get(key);
            if (chosen == change) {
                outcomes.put(change, written.contains(key) ? Outcome.APPLIED : Outcome.STALE);
            } else {
                boolean same = model.event().apply(chosen).id().equals(model.event().apply(change).id());
                outcomes.put(change, same ? Outcome.DUPLICATE : Outcome.STALE);
            }
        }
        return outcomes;
    }

    /** Per key, the change with the highest version (the first of equal ones), in ascending key order. */
    private Map<K, C> newest(List<C> changes) {
        Map<K, C> newest = new TreeMap<>();
        for (C change : changes) {
            newest.merge(model.key().apply(change), change, (held, next) ->
                    model.version().applyAsLong(next) > model.version().applyAsLong(held) ? next : held);
        }
        return newest;
    }
}
