package org.telprov.provisioning.release;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileView;

import java.util.List;
import java.util.Map;

/**
 * What changes from release {@code from} to release {@code to}: the dialect (only when it changes), parameters by name
 * (secret values compared, never shown), the overrides of each device likewise, the profile's layer of settings
 * likewise, and whether certificates, firmware or (Auerswald) references differ.
 */
public record ReleaseDiff(String from, String to, @JsonInclude(JsonInclude.Include.NON_NULL) DialectChange dialect,
                          List<ProfileView.ParameterView> added, List<ProfileView.ParameterView> removed,
                          List<Change> changed, Map<String, Parameters> overrides, boolean certificatesChanged,
                          boolean firmwareChanged, boolean referencesChanged, Parameters settings) {

    /** The dialect of each release, when they differ: the devices get other files. */
    public record DialectChange(Dialect from, Dialect to) {
    }

    /** A parameter present in both with different values; secret values are {@code null}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(String name, String from, String to, boolean secret) {
    }

    /** The changes of one device's overrides, or of the profile's settings. */
    public record Parameters(List<ProfileView.ParameterView> added, List<ProfileView.ParameterView> removed,
                             List<Change> changed) {

        boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }
    }
}
