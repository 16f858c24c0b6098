package org.telprov.phonesim.state;

import org.telprov.phonesim.Mac;

/** Where phones keep their {@link PhoneState} between runs. */
public interface StateStore {

    /** The phone's state; a new phone's is empty. */
    PhoneState load(Mac mac);

    void save(Mac mac, PhoneState state);

    /** Phones that remember nothing: every run is a factory-new phone's first boot. */
    static StateStore none() {
        return new StateStore() {
            @Override
            public PhoneState load(Mac mac) {
                return new PhoneState();
            }

            @Override
            public void save(Mac mac, PhoneState state) {
                // nothing to remember
            }
        };
    }
}
