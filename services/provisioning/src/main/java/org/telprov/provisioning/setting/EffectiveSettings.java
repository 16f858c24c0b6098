package org.telprov.provisioning.setting;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.profile.Setting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A device's settings through their layers, from memory: its own, then its labels' groups (in the order the device
 * lists its labels, the first group with the name wins), then its release's profile layer, then its tenant's
 * defaults. The first layer that has a name gives its value.
 */
@ApplicationScoped
public class EffectiveSettings {

    /** Which layer a value came from. */
    public enum Kind { DEVICE, LABEL, PROFILE, TENANT }

    /**
     * A layer as the effective view names it.
     *
     * @param label the group's label for {@link Kind#LABEL}, else {@code null}
     */
    public record Origin(Kind kind, String label) {

        /** {@code device}, {@code label:<label>}, {@code profile} or {@code tenant}. */
        public String describe() {
            String kindName = kind.name().toLowerCase(java.util.Locale.ROOT);
            return label == null ? kindName : kindName + ":" + label;
        }
    }

    /** A setting with the layer it came from; a secret's value is sealed. */
    public record Value(Setting setting, Origin origin) {
    }

    private static final Origin DEVICE = new Origin(Kind.DEVICE, null);
    private static final Origin PROFILE = new Origin(Kind.PROFILE, null);
    private static final Origin TENANT = new Origin(Kind.TENANT, null);

    private final SettingsMemory memory;

    public EffectiveSettings(SettingsMemory memory) {
        this.memory = memory;
    }

    /**
     * The layers that apply to a device of {@code tenantId} with the labels, on a release whose profile layer is
     * {@code profile} ({@code ProfileContent.settings()}).
     *
     * @param mac the MAC's 48 bits
     */
    public DeviceSettings of(String tenantId, long mac, List<String> labels, List<Setting> profile) {
        Layer[] groups = new Layer[labels.size()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = memory.group(tenantId, labels.get(i));
        }
        return new DeviceSettings(memory.device(tenantId, mac), labels, groups, profile,
                memory.group(tenantId, ""));
    }

    /** One device's layers, as {@link #of} found them. */
    public static final class DeviceSettings {
        private final Layer device;
        private final List<String> labels;
        private final Layer[] groups;
        private final List<Setting> profile;
        private final Layer tenant;

        DeviceSettings(Layer device, List<String> labels, Layer[] groups, List<Setting> profile, Layer tenant) {
            this.device = device;
            this.labels = labels;
            this.groups = groups;
            this.profile = profile;
            this.tenant = tenant;
        }

        /** The setting with the name from the first layer that has it, or {@code null}. */
        public Value find(String name) {
            Setting found = device == null ? null : device.get(name);
            if (found != null) {
                return new Value(found, DEVICE);
            }
            for (int i = 0; i < groups.length; i++) {
                found = groups[i] == null ? null : groups[i].get(name);
                if (found != null) {
                    return new Value(found, new Origin(Kind.LABEL, labels.get(i)));
                }
            }
            for (Setting setting : profile) {
                if (setting.name().equals(name)) {
                    return new Value(setting, PROFILE);
                }
            }
            found = tenant == null ? null : tenant.get(name);
            return found == null ? null : new Value(found, TENANT);
        }

        /**
         * When a layer of the device's other than the profile's last changed (epoch seconds; 0 for none): the
         * profile's layer changes only with a release, which carries its own UVC.
         */
        public long changedAt() {
            long latest = device == null ? 0 : device.changedAt();
            for (Layer group : groups) {
                if (group != null) {
                    latest = Math.max(latest, group.changedAt());
                }
            }
            return tenant == null ? latest : Math.max(latest, tenant.changedAt());
        }

        /** Every name the device has a value for, each from the layer that gives it, in name order. */
        public List<Value> all() {
            Map<String, Value> values = new TreeMap<>();
            if (tenant != null) {
                tenant.all().forEach(s -> values.put(s.name(), new Value(s, TENANT)));
            }
            profile.forEach(s -> values.put(s.name(), new Value(s, PROFILE)));
            for (int i = groups.length - 1; i >= 0; i--) {
                if (groups[i] != null) {
                    Origin origin = new Origin(Kind.LABEL, labels.get(i));
                    groups[i].all().forEach(s -> values.put(s.name(), new Value(s, origin)));
                }
            }
            if (device != null) {
                device.all().forEach(s -> values.put(s.name(), new Value(s, DEVICE)));
            }
            return new ArrayList<>(values.values());
        }
    }
}
