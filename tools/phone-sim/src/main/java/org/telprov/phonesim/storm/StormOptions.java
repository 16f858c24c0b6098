package org.telprov.phonesim.storm;

import org.telprov.phonesim.Mac;
import org.telprov.phonesim.state.StateStore;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

/**
 * A boot storm: how many phones, how many booting at once, their MACs (consecutive from a first one, or a list),
 * where they keep their state (nowhere by default: a fleet of new phones) and where the progress bar goes (nowhere
 * by default).
 */
public record StormOptions(int devices, int concurrency, Mac first, List<Mac> macs, StateStore store,
                           PrintStream progress) {

    /** A storm is driven by this many threads at most; each holds at most one request. */
    public static final int MAX_CONCURRENCY = 10_000;

    public StormOptions {
        if (devices < 1) {
            throw new IllegalArgumentException("a storm has at least one device");
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency is between 1 and " + MAX_CONCURRENCY);
        }
        if ((first == null) == (macs == null)) {
            throw new IllegalArgumentException("either a first MAC or a list of MACs");
        }
        if (macs != null && macs.size() < devices) {
            throw new IllegalArgumentException("the list has " + macs.size() + " MACs for " + devices + " devices");
        }
        macs = macs == null ? null : List.copyOf(macs);
        Objects.requireNonNull(store, "store");
    }

    /** {@code devices} phones with consecutive MACs from {@code first}. */
    public static StormOptions consecutive(Mac first, int devices, int concurrency) {
        return new StormOptions(devices, concurrency, first, null, StateStore.none(), null);
    }

    /** The phones of the list, in its order. */
    public static StormOptions of(List<Mac> macs, int concurrency) {
        return new StormOptions(macs.size(), concurrency, null, macs, StateStore.none(), null);
    }

    public StormOptions withStore(StateStore other) {
        return new StormOptions(devices, concurrency, first, macs, other, progress);
    }

    public StormOptions withProgress(PrintStream out) {
        return new StormOptions(devices, concurrency, first, macs, store, out);
    }

    /** The i-th phone's MAC. */
    public Mac mac(int index) {
        return macs != null ? macs.get(index) : new Mac(first.value() + index);
    }
}
