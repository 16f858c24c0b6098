package org.telprov.provisioning.setting;

import java.util.List;

/** One page of a tenant's label groups that hold settings, in label order. */
public record LabelGroupPage(List<SettingsView> items, int page, int size, long total) {
}
