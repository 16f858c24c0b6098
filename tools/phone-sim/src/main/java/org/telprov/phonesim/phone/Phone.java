package org.telprov.phonesim.phone;

import org.telprov.phonesim.PhoneFailure;
import org.telprov.phonesim.PhoneOptions;
import org.telprov.phonesim.state.PhoneState;

import java.util.Optional;

/** One phone family's boot: which files it asks for, in which order, and what it makes of them. */
public interface Phone {

    /**
     * Boots once: every request through the run's HTTP session, every decision into its log, every setting kept in
     * its state only once the phone would keep it.
     *
     * @throws PhoneFailure when the phone gives up
     */
    void boot(PhoneRun run) throws PhoneFailure;

    /**
     * The User-Agent of this family when none is configured, shaped like the real phones' (with the MAC and, where
     * the family's does, the firmware version it runs).
     */
    String userAgent(PhoneOptions options, PhoneState state);

    /** The firmware version the phone runs, where it is known. */
    default Optional<String> firmware(PhoneOptions options, PhoneState state) {
        return Firmware.running(state, options, null);
    }

    /** The UVC the phone holds: its {@code System.Provision.SettingsVersion}, where the family has one. */
    default Optional<String> uvc(PhoneState state) {
        return state.param(PhoneRun.SETTINGS_VERSION);
    }
}
