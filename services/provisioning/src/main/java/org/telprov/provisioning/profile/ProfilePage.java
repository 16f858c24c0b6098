package org.telprov.provisioning.profile;

import java.util.List;

/** One page of profiles, in name order (then tenant, for the operator). */
public record ProfilePage(List<ProfileView> items, int page, int size, long total) {
}
