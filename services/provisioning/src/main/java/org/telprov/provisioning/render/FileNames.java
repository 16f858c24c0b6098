package org.telprov.provisioning.render;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A dialect's file names as check-ins, the device-file guard and the tenants' device-auth setting know them
 * (docs/device-files.md, "File names").
 *
 * @param defaultPublic  served without Digest unless a tenant says otherwise: fetched before a device can hold
 *                       credentials, carrying neither secrets nor them
 * @param mayBePublic    what a tenant may list as public (certificates aside, which the setting names by pattern)
 * @param credentials    files that hand a device its Digest credentials: public only before it ever authenticated
 * @param parameters     files that carry parameters, secrets among them: never public under Digest
 * @param handing        files whose service hands the device the release's credentials (recorded by the guard)
 */
public record FileNames(List<String> defaultPublic, Set<String> mayBePublic, Set<String> credentials,
                        Set<String> parameters, Set<String> handing) {

    public FileNames {
        defaultPublic = List.copyOf(defaultPublic);
        mayBePublic = Set.copyOf(mayBePublic);
        credentials = Set.copyOf(credentials);
        parameters = Set.copyOf(parameters);
        handing = Set.copyOf(handing);
    }

    /** Every dialect's names together, lists in the order given without repeats. */
    public static FileNames union(List<FileNames> all) {
        Set<String> defaultPublic = new LinkedHashSet<>();
        Set<String> mayBePublic = new LinkedHashSet<>();
        Set<String> credentials = new LinkedHashSet<>();
        Set<String> parameters = new LinkedHashSet<>();
        Set<String> handing = new LinkedHashSet<>();
        for (FileNames names : all) {
            defaultPublic.addAll(names.defaultPublic);
            mayBePublic.addAll(names.mayBePublic);
            credentials.addAll(names.credentials);
            parameters.addAll(names.parameters);
            handing.addAll(names.handing);
        }
        return new FileNames(List.copyOf(defaultPublic), mayBePublic, credentials, parameters, handing);
    }
}
