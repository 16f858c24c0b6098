package org.telprov.provisioning.release;

import org.telprov.provisioning.profile.ProfileContent;

import java.util.List;

/**
 * What a publish warns about that other parts of the service know (device authentication does), asked by
 * {@link ReleaseService} without the release package depending on them.
 */
public interface PublishWarnings {

    /** The warnings of publishing this content for the tenant; empty when there are none. */
    List<ReleaseView.Warning> of(String tenantId, ProfileContent content);
}
