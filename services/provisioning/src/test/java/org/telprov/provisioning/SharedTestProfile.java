package org.telprov.provisioning;

import io.quarkus.test.junit.QuarkusTestProfile;
import org.telprov.provisioning.tftp.FirmwareStandIn;

import java.util.Map;

/**
 * One profile for the test classes that need settings the other tests must not see, so Quarkus starts the service
 * once for all of them instead of once per class. Each setting is for one class and harmless to the others:
 * <ul>
 *   <li>{@code DeviceFileProbingTest}: ten probing answers at once, then one every 100 s (nothing refills while the
 *   tests run), and callers act as several addresses through X-Forwarded-For from the loopback. The others call as
 *   the loopback and fetch files of devices they registered, which spends no budget.</li>
 *   <li>{@code CheckinPublishingTest}: a check-in window of an hour and room for one pending device, so a boot's
 *   check-in goes when another device comes, whatever the test's own clock.</li>
 *   <li>{@code TftpFirmwareTest}: the firmware service's links lead to {@link FirmwareStandIn}.</li>
 * </ul>
 * {@code TftpLimitsTest} keeps a profile of its own: its TFTP budget of three requests per address would starve the
 * others, which all call from the loopback.
 */
public class SharedTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "telprov.provisioning.probing.rate", "0.01",
                "telprov.provisioning.probing.burst", "10",
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true",
                "quarkus.http.proxy.trusted-proxies", "127.0.0.1",
                "telprov.provisioning.checkins.window", "PT1H",
                "telprov.provisioning.checkins.pending-devices", "1",
                "telprov.provisioning.firmware.base-url", FirmwareStandIn.baseUrl());
    }
}
