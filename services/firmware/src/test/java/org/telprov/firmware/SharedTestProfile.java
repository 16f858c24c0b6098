package org.telprov.firmware;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * One profile for the test classes that need settings the other tests must not see, so Quarkus starts the service
 * once for both instead of once per class. Each setting is for one class and harmless to the other:
 * <ul>
 *   <li>{@code OversizeUploadTest}: images up to 1 MiB. The other uploads a few kilobytes.</li>
 *   <li>{@code DownloadProbingTest}: three refused download links at once, then one every 100 s, so nothing refills
 *   while the test runs. The other downloads nothing.</li>
 * </ul>
 * {@code InsufficientStorageTest} keeps a profile of its own: its reserve of 1024 PiB refuses every upload.
 */
public class SharedTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "telprov.firmware.max-artifact-size", "1M",
                "telprov.firmware.probing.rate", "0.01",
                "telprov.firmware.probing.burst", "3");
    }
}
