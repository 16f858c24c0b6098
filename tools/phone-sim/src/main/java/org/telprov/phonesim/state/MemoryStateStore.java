package org.telprov.phonesim.state;

import org.telprov.phonesim.Mac;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Phone states in memory, for tests and for storms that boot the same fleet twice in one process. */
public final class MemoryStateStore implements StateStore {

    private final Map<Long, Map<String, String>> states = new ConcurrentHashMap<>();

    @Override
    public PhoneState load(Mac mac) {
        return new PhoneState(states.getOrDefault(mac.value(), Map.of()));
    }

    @Override
    public void save(Mac mac, PhoneState state) {
        states.put(mac.value(), state.values());
    }
}
