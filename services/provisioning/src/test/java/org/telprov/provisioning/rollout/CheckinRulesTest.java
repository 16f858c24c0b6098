package org.telprov.provisioning.rollout;

import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.rollout.CheckinRules.Evidence;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a check-in proves about a change, per dialect, from the check-ins the services publish today. */
class CheckinRulesTest {

    private static final String MAC = "7c2f80c0ffee";
    private static final String UVC = "2026-12-07_09:00:00";
    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");
    private static final String ARTIFACT = "0b6f3c38-1d2e-4f5a-8b7c-9d0e1f2a3b4c";

    @Test
    void maxwell10ConfirmsWithItsStep3SettingsAndFetchingStep1AloneIsPartial() {
        assertThat(release(Dialect.MAXWELL_10, UVC, "provisioning.xml", "nvm/updates.xml", "nvm/settings.xml"))
                .isEqualTo(Evidence.CONFIRMED);
        assertThat(release(Dialect.MAXWELL_10, UVC, "provisioning.xml", "nvm/updates.xml"))
                .isEqualTo(Evidence.PARTIAL);
    }

    @Test
    void maxwell11ConfirmsWithItsMacFile() {
        assertThat(release(Dialect.MAXWELL_11, UVC, "provisioning.xml", "device.xml")).isEqualTo(Evidence.CONFIRMED);
        assertThat(release(Dialect.MAXWELL_11, UVC, "provisioning.xml", "credentials.xml"))
                .isEqualTo(Evidence.PARTIAL);
    }

    @Test
    void auerswaldConfirmsWithTheReleasesSettingsFile() {
        assertThat(release(Dialect.AUERSWALD, UVC, "references.xml", "settings.xml", "operations.xml"))
                .isEqualTo(Evidence.CONFIRMED);
        assertThat(release(Dialect.AUERSWALD, UVC, "references.xml")).isEqualTo(Evidence.PARTIAL);
    }

    @Test
    void plugNDialConfirmsWithTheTxtAfterItsMd5() {
        assertThat(release(Dialect.PLUG_N_DIAL, UVC, "config.md5", "config.txt")).isEqualTo(Evidence.CONFIRMED);
        assertThat(release(Dialect.PLUG_N_DIAL, UVC, "config.md5")).isEqualTo(Evidence.PARTIAL);
    }

    @Test
    void aMaxwell10ReleaseGivingOnlyCredentialsConfirmsWithItsCredentialsFile() {
        DeviceCheckin credentials = provisioned(UVC, null, "provisioning.xml", "nvm/updates.xml",
                "nvm/credentials.xml");
        assertThat(CheckinRules.release(Dialect.MAXWELL_10, UVC, true, credentials)).isEqualTo(Evidence.CONFIRMED);
        // a release with settings still waits for them: the credentials come first in the same boot
        assertThat(CheckinRules.release(Dialect.MAXWELL_10, UVC, false, credentials)).isEqualTo(Evidence.PARTIAL);
        // dialects that carry credentials in their settings file confirm with it either way
        assertThat(CheckinRules.release(Dialect.MAXWELL_11, UVC, true,
                provisioned(UVC, null, "provisioning.xml", "credentials.xml"))).isEqualTo(Evidence.PARTIAL);
    }

    @Test
    void aFileOfNoReleaseStepProvesNoRelease() {
        assertThat(release(Dialect.MAXWELL_10, UVC, "custom/root-ca.pem")).isEqualTo(Evidence.PARTIAL);
        assertThat(release(Dialect.PLUG_N_DIAL, UVC, "currentversion.txt")).isEqualTo(Evidence.NONE);
        assertThat(release(Dialect.AUERSWALD, UVC, "nvm/settings.xml")).isEqualTo(Evidence.NONE);
    }

    @Test
    void anOlderReleasesFilesProveNothingAndADevicesOwnNewerVersionConfirms() {
        assertThat(release(Dialect.MAXWELL_10, "2026-11-01_09:00:00", "nvm/settings.xml")).isEqualTo(Evidence.NONE);
        // the device's settings changed after the release: its own version is newer than the release's UVC
        assertThat(release(Dialect.MAXWELL_10, "2026-12-07_09:30:00", "nvm/settings.xml"))
                .isEqualTo(Evidence.CONFIRMED);
    }

    @Test
    void aCheckinOfAnotherServiceProvesNoRelease() {
        DeviceCheckin redirected = DeviceCheckin.redirected(MAC, "acme", "10.0.0.1", null, AT);
        assertThat(CheckinRules.release(Dialect.MAXWELL_10, UVC, redirected)).isEqualTo(Evidence.NONE);
    }

    @Test
    void gigasetFirmwareIsConfirmedByTheDownloadAndThenItsVersionInTheUserAgent() {
        DeviceCheckin download = DeviceCheckin.downloaded(MAC, "acme", ARTIFACT, "2.23.0", "10.0.0.1",
                "Gigaset Maxwell 3/2.22.4;7C2F80C0FFEE", AT);
        assertThat(CheckinRules.firmware(Dialect.MAXWELL_10, ARTIFACT, "2.23.0", false, download))
                .isEqualTo(Evidence.DOWNLOADED);
        DeviceCheckin announcing = provisioned(UVC, "Gigaset Maxwell 3/2.23.0;7C2F80C0FFEE",
                "provisioning.xml");
        assertThat(CheckinRules.firmware(Dialect.MAXWELL_10, ARTIFACT, "2.23.0", true, announcing))
                .isEqualTo(Evidence.CONFIRMED);
        // the version announced without a download seen first, or the old version after it, confirms nothing
        assertThat(CheckinRules.firmware(Dialect.MAXWELL_10, ARTIFACT, "2.23.0", false, announcing))
                .isEqualTo(Evidence.NONE);
        DeviceCheckin old = provisioned(UVC, "Gigaset Maxwell 3/2.22.4;7C2F80C0FFEE",
                "provisioning.xml");
        assertThat(CheckinRules.firmware(Dialect.MAXWELL_10, ARTIFACT, "2.23.0", true, old))
                .isEqualTo(Evidence.NONE);
    }

    @Test
    void theNewFirmwareVersionMayBeAnnouncedToTheRedirectService() {
        DeviceCheckin redirected = DeviceCheckin.redirected(MAC, "acme", "10.0.0.1",
                "Gigaset Maxwell 3/2.23.0;7C2F80C0FFEE", AT);
        assertThat(CheckinRules.firmware(Dialect.MAXWELL_10, ARTIFACT, "v2.23.0", true, redirected))
                .isEqualTo(Evidence.CONFIRMED);
    }

    @Test
    void theFileNamingTheImageIsPartialProgressOfAFirmwareChange() {
        DeviceCheckin updates = provisioned(UVC, "Gigaset Maxwell 3/2.22.4;7C2F80C0FFEE",
                "provisioning.xml", "firmware/updates.xml");
        assertThat(CheckinRules.firmware(Dialect.MAXWELL_10, ARTIFACT, "2.23.0", false, updates))
                .isEqualTo(Evidence.PARTIAL);
        DeviceCheckin current = provisioned(UVC, null, "config.md5", "currentversion.txt");
        assertThat(CheckinRules.firmware(Dialect.PLUG_N_DIAL, ARTIFACT, "2.23.0", false, current))
                .isEqualTo(Evidence.PARTIAL);
    }

    @Test
    void plugNDialCannotSayItsVersionSoItsCompleteDownloadConfirms() {
        DeviceCheckin download = DeviceCheckin.downloaded(MAC, "acme", ARTIFACT, "2.23.0", "10.0.0.1",
                "PlugNDial-Sim/1.0 7c2f80c0ffee", AT);
        assertThat(CheckinRules.firmware(Dialect.PLUG_N_DIAL, ARTIFACT, "2.23.0", false, download))
                .isEqualTo(Evidence.CONFIRMED);
        DeviceCheckin another = DeviceCheckin.downloaded(MAC, "acme", "another", "2.23.0", "10.0.0.1", null, AT);
        assertThat(CheckinRules.firmware(Dialect.PLUG_N_DIAL, ARTIFACT, "2.23.0", false, another))
                .isEqualTo(Evidence.NONE);
    }

    @Test
    void theGigasetUserAgentNamesTheFirmwareVersionAndOthersDoNot() {
        assertThat(CheckinRules.announcedFirmware("Gigaset Maxwell 3/2.22.4;7C2F80C0FFEE")).contains("2.22.4");
        assertThat(CheckinRules.announcedFirmware("PlugNDial-Sim/1.0 7c2f80c0ffee")).isEmpty();
        assertThat(CheckinRules.announcedFirmware(null)).isEmpty();
        assertThat(CheckinRules.receivesFirmware(Dialect.MAXWELL_11)).isFalse();
        assertThat(CheckinRules.receivesFirmware(Dialect.AUERSWALD)).isFalse();
        assertThat(CheckinRules.receivesFirmware(Dialect.PLUG_N_DIAL)).isTrue();
        assertThat(CheckinRules.announcesFirmware(Dialect.PLUG_N_DIAL)).isFalse();
    }

    @Test
    void aFirmwareFileOfAnotherDialectIsNoProgress() {
        DeviceCheckin current = provisioned(UVC, "Gigaset Maxwell 3/2.22.4;7C2F80C0FFEE", "currentversion.txt");
        assertThat(CheckinRules.firmware(Dialect.MAXWELL_10, ARTIFACT, "2.23.0", false, current))
                .isEqualTo(Evidence.NONE);
    }

    private static Evidence release(Dialect dialect, String uvc, String... files) {
        return CheckinRules.release(dialect, UVC, provisioned(uvc, null, files));
    }

    private static DeviceCheckin provisioned(String uvc, String userAgent, String... files) {
        return DeviceCheckin.provisioned(MAC, "acme", files[files.length - 1], List.of(files), uvc, "10.0.0.1",
                userAgent, AT, DeviceCheckin.HTTP);
    }
}
