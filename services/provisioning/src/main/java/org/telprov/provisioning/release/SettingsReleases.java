package org.telprov.provisioning.release;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.setting.CurrentReleases;

import java.util.Optional;

/** A device's current release for the settings API's effective view, from {@link DeviceReleases} (memory). */
@ApplicationScoped
public class SettingsReleases implements CurrentReleases {

    private final DeviceReleases releases;

    public SettingsReleases(DeviceReleases releases) {
        this.releases = releases;
    }

    @Override
    public Optional<Current> of(String mac) {
        return releases.resolve(mac, null).map(r -> new Current(r.content(), r.device().version()));
    }
}
