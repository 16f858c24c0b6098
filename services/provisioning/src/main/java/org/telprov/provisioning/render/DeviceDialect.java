package org.telprov.provisioning.render;

import org.telprov.provisioning.profile.DialectRules;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One dialect's home, implemented once in its package under {@code org.telprov.provisioning.dialect}: its save-time
 * rules ({@link DialectRules}), its file names ({@link #names()}), what its check-ins confirm ({@link #checkins()})
 * and its URLs ({@link #file}), whose renderers it
 * owns.
 */
public interface DeviceDialect extends DialectRules {

    /** The dialect's file names, for the device-file guard and the tenants' device-auth setting. */
    FileNames names();

    /** What the dialect's check-ins show about a release or firmware image a rollout brings. */
    CheckinFiles checkins();

    /**
     * The file a device of this dialect gets at the path, decided from the path alone (before the device's release is
     * known); empty when the dialect has no file there.
     *
     * @param mac  the MAC as the URL has it, valid or not
     * @param path the decoded segments below {@code /prov/<mac>/}; empty for the directory URL
     * @param now  the request's instant, for files that name expiring links
     */
    Optional<DeviceFile> file(String mac, List<String> path, Instant now);

    /**
     * A parameter's value as the dialect's files write it (escaped as its renderers escape it), for composing a
     * device's values into a file rendered once for many devices; {@code null} when the dialect cannot write it.
     */
    String valueText(String value);
}
