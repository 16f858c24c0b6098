package org.telprov.phonesim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telprov.phonesim.report.Report;
import org.telprov.phonesim.report.SettingsOutcome;
import org.telprov.phonesim.state.MemoryStateStore;
import org.telprov.phonesim.storm.BootStorm;
import org.telprov.phonesim.storm.StormOptions;
import org.telprov.phonesim.storm.StormSummary;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether a boot downloaded settings or found the phone's own current, decided per family as the real phones decide:
 * Maxwell 1.0 by the nvm UVC, Maxwell 1.1 by {@code System.Provision.SettingsVersion}, Plug-n-Dial by the
 * {@code .md5}, Auerswald by ETag and {@code If-None-Match}.
 */
class SettingsDownloadTest {

    private static final Mac MAC = Mac.parse("7c:2f:80:c0:ff:ee");
    private static final String NEW_UVC = "2026-03-02_08:30:00";

    @TempDir
    Path state;
    private FakePlatform platform;

    @BeforeEach
    void start() throws Exception {
        platform = FakePlatform.start();
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void aMaxwell10PhoneDownloadsWhenTheNvmUvcChangesAndOnlyThen() {
        platform.dialect = "maxwell-1.0";
        assertThat(boot(Family.MAXWELL_1_0).settings()).isEqualTo(SettingsOutcome.DOWNLOADED);
        assertThat(boot(Family.MAXWELL_1_0).settings()).isEqualTo(SettingsOutcome.UNCHANGED);

        // other bytes under the same UVC: the phone does not look (the version is what it goes by)
        platform.params = Map.of("SIP.Account.0.AccountName", "2001");
        Report sameUvc = boot(Family.MAXWELL_1_0);
        assertThat(sameUvc.settings()).isEqualTo(SettingsOutcome.UNCHANGED);
        assertThat(sameUvc.params()).containsEntry("SIP.Account.0.AccountName", "1012");

        platform.uvc = NEW_UVC;
        Report changed = boot(Family.MAXWELL_1_0);
        assertThat(changed.settings()).isEqualTo(SettingsOutcome.DOWNLOADED);
        assertThat(changed.downloadedSettings()).isTrue();
        assertThat(changed.params()).containsEntry("SIP.Account.0.AccountName", "2001");
        assertThat(changed.text()).contains("settings: downloaded");
        assertThat(changed.json()).contains("\"settings\":\"downloaded\"");
    }

    @Test
    void aMaxwell11PhoneLoadsItsChainEveryBootButTakesItAsNewOnlyForAnotherSettingsVersion() {
        platform.dialect = "maxwell-1.1";
        assertThat(boot(Family.MAXWELL_1_1).settings()).isEqualTo(SettingsOutcome.DOWNLOADED);

        platform.forget();
        Report again = boot(Family.MAXWELL_1_1);
        assertThat(again.settings()).isEqualTo(SettingsOutcome.UNCHANGED);
        assertThat(again.text()).contains("settings: unchanged");
        assertThat(platform.seen()).extracting(FakePlatform.Seen::uri).contains("/prov/7C2F80C0FFEE/7C2F80C0FFEE.xml");

        platform.uvc = NEW_UVC;
        platform.deviceParams = Map.of("SIP.Account.0.DisplayName", "new");
        Report changed = boot(Family.MAXWELL_1_1);
        assertThat(changed.settings()).isEqualTo(SettingsOutcome.DOWNLOADED);
        assertThat(changed.params()).containsEntry("SIP.Account.0.DisplayName", "new");
    }

    @Test
    void aPlugNDialPhoneDownloadsWhenTheMd5ChangesAndOnlyThen() {
        platform.dialect = "plug-n-dial";
        platform.template = "/prov/{mac}";
        assertThat(boot(Family.PLUG_N_DIAL).settings()).isEqualTo(SettingsOutcome.DOWNLOADED);
        assertThat(boot(Family.PLUG_N_DIAL).settings()).isEqualTo(SettingsOutcome.UNCHANGED);

        platform.params = Map.of("SIP.Account.0.AccountName", "2001");
        Report changed = boot(Family.PLUG_N_DIAL);
        assertThat(changed.settings()).isEqualTo(SettingsOutcome.DOWNLOADED);
        assertThat(changed.params()).containsEntry("SIP.Account.0.AccountName", "2001");
    }

    @Test
    void anAuerswaldPhoneAsksForItsSettingsFileWithTheEtagItHoldsAndA304MeansCurrent() {
        platform.dialect = "auerswald";
        Report first = boot(Family.AUERSWALD);
        assertThat(first.settings()).isEqualTo(SettingsOutcome.DOWNLOADED);
        assertThat(platform.seen()).allSatisfy(seen -> assertThat(seen.ifNoneMatch()).isNull());

        platform.forget();
        Report second = boot(Family.AUERSWALD);
        assertThat(second.settings()).as(second.text()).isEqualTo(SettingsOutcome.UNCHANGED);
        FakePlatform.Seen settings = platform.seen().stream().filter(s -> s.uri().endsWith("/settings.xml"))
                .findFirst().orElseThrow();
        assertThat(settings.ifNoneMatch()).isEqualTo("\"" + FakePlatform.md5(settingsXml()) + "\"");
        assertThat(settings.status()).isEqualTo(304);
        assertThat(second.files("settings")).isEmpty();
        assertThat(second.params()).containsEntry("SIP.Account.0.AccountName", "1012");
        // the reference file is read in full every boot: it names the files to ask for
        assertThat(platform.seen()).filteredOn(s -> s.uri().equals("/prov/7C2F80C0FFEE/"))
                .singleElement().satisfies(s -> assertThat(s.status()).isEqualTo(200));

        platform.params = Map.of("SIP.Account.0.AccountName", "2001");
        Report changed = boot(Family.AUERSWALD);
        assertThat(changed.settings()).isEqualTo(SettingsOutcome.DOWNLOADED);
        assertThat(changed.params()).containsEntry("SIP.Account.0.AccountName", "2001");
        assertThat(boot(Family.AUERSWALD).settings()).isEqualTo(SettingsOutcome.UNCHANGED);
    }

    @Test
    void anAuerswaldPhoneGivenTheSameEtagAgainWithoutA304KeepsItsSettingsAsCurrent() {
        platform.dialect = "auerswald";
        platform.notModified = false;
        boot(Family.AUERSWALD);

        Report second = boot(Family.AUERSWALD);

        assertThat(second.settings()).isEqualTo(SettingsOutcome.UNCHANGED);
        assertThat(second.text()).contains("ETag as stored");
    }

    @Test
    void anAuerswaldPhoneIsDownloadingWhenOneOfItsSettingsFilesChanged() {
        platform.dialect = "auerswald";
        platform.references = List.of("extra.xml");
        platform.override("/prov/7C2F80C0FFEE/extra.xml", FakePlatform.xml(
                "<settings><parameter name=\"extra\" value=\"1\"/></settings>"));
        boot(Family.AUERSWALD);
        platform.override("/prov/7C2F80C0FFEE/extra.xml", FakePlatform.xml(
                "<settings><parameter name=\"extra\" value=\"2\"/></settings>"));

        Report second = boot(Family.AUERSWALD);

        assertThat(second.settings()).isEqualTo(SettingsOutcome.DOWNLOADED);
        assertThat(second.params()).containsEntry("extra", "2").containsEntry("SIP.Account.0.AccountName", "1012");
    }

    @Test
    void anAuerswaldBootThatFailsHalfWayRemembersNoEtagSoTheNextAsksForEveryFileAgain() {
        platform.dialect = "auerswald";
        platform.references = List.of("missing.xml");
        assertThat(boot(Family.AUERSWALD).ok()).isFalse();
        platform.references = List.of();
        platform.forget();

        Report next = boot(Family.AUERSWALD);

        assertThat(next.settings()).isEqualTo(SettingsOutcome.DOWNLOADED);
        assertThat(platform.seen()).allSatisfy(seen -> assertThat(seen.ifNoneMatch()).isNull());
    }

    @Test
    void aBootThatFailsBeforeItsSettingsDecidedNothing() {
        platform.dialect = "maxwell-1.0";
        platform.known = mac -> false;

        Report report = boot(Family.MAXWELL_1_0);

        assertThat(report.settings()).isEqualTo(SettingsOutcome.NONE);
        assertThat(report.text()).doesNotContain("settings:");
    }

    @Test
    void aStormCountsThePhonesThatDownloadedAndThoseThatFoundTheirSettingsUnchanged() throws Exception {
        platform.dialect = "plug-n-dial";
        platform.template = "/prov/{mac}";
        MemoryStateStore phones = new MemoryStateStore();
        PhoneOptions template = PhoneOptions.builder().mac(MAC).redirect(URI.create(platform.base())).build();
        StormOptions options = StormOptions.consecutive(MAC, 20, 5).withStore(phones);

        StormSummary first = BootStorm.run(Family.PLUG_N_DIAL, template, options);
        StormSummary second = BootStorm.run(Family.PLUG_N_DIAL, template, options);

        assertThat(first.settings(SettingsOutcome.DOWNLOADED)).isEqualTo(20);
        assertThat(second.settings(SettingsOutcome.DOWNLOADED)).isZero();
        assertThat(second.settings(SettingsOutcome.UNCHANGED)).isEqualTo(20);
        assertThat(second.text()).contains("settings downloaded 0, unchanged 20");
        assertThat(second.json()).contains("\"settingsDownloaded\":0", "\"settingsUnchanged\":20");
    }

    private Report boot(Family family) {
        return PhoneSimulator.run(family, PhoneOptions.builder().mac(MAC).redirect(URI.create(platform.base()))
                .stateDir(state).build());
    }

    private byte[] settingsXml() {
        StringBuilder body = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<settings>\n");
        platform.params.forEach((name, value) -> body.append("<parameter name=\"").append(name)
                .append("\" value=\"").append(value).append("\"/>\n"));
        return body.append("</settings>\n").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
