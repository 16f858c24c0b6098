package org.telprov.provisioning.rollout;

import java.util.Map;

/** One group's progress: its status and its devices by state. */
public record GroupProgress(int index, String name, GroupStatus status, Map<DeviceState, Integer> devices) {

    public GroupProgress {
        devices = Map.copyOf(devices);
    }

    public int count(DeviceState state) {
        return devices.getOrDefault(state, 0);
    }
}
