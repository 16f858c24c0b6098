package org.telprov.provisioning.release;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.ProfileView;

import java.util.List;
import java.util.Map;

/**
 * What changes from release {@code from} to release {@code to}: the dialect (only when it changes), parameters by name
 * (secret values compared, never shown), the overrides of each device likewise, the profile's layer of settings
 * likewise, whether certificates, firmware or (Auerswald) references differ, and (Auerswald) both releases' operations
 * when they differ: they apply in order, so the two lists say more than an added/removed by element would.
 */
public record ReleaseDiff(String from, String to, @JsonInclude(JsonInclude.Include.NON_NULL) DialectChange dialect,
                          List<ProfileView.ParameterView> added, List<ProfileView.ParameterView> removed,
                          List<Change> changed, Map<String, Parameters> overrides, boolean certificatesChanged,
                          boolean firmwareChanged, boolean referencesChanged, Parameters settings,
                          boolean operationsChanged,
                          @JsonInclude(JsonInclude.Include.NON_NULL) OperationsChange operations) {

    /** The dialect of each release, when they differ: the devices get other files. */
    public record DialectChange(Dialect from, Dialect to) {
    }

    /** The operations of each release, when they differ. */
    public record OperationsChange(List<ProfileContent.Operation> from, List<ProfileContent.Operation> to) {
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
