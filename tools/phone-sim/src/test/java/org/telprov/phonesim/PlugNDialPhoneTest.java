package org.telprov.phonesim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telprov.phonesim.report.Report;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlugNDialPhoneTest {

    private static final Mac MAC = Mac.parse("000b820c2371");
    private static final String FILE = "/prov/000b820c2371/000b/820c/000b820c2371";
    private static final String FIRMWARE = "/prov/000b820c2371/firmware/leadtek/BVA8051/";

    @TempDir
    Path state;
    private FakePlatform platform;

    @BeforeEach
    void start() throws Exception {
        platform = FakePlatform.start();
        platform.dialect = "plug-n-dial";
        platform.template = "/prov/{mac}";
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void aNewPhoneFetchesItsConfigurationAndFirmwareImage() {
        Report report = boot(true);

        assertThat(report.ok()).as(report.text()).isTrue();
        assertThat(paths()).containsExactly("/device/000b820c2371", FILE + ".md5", FILE + ".txt",
                FIRMWARE + "currentversion.txt", FIRMWARE + platform.image,
                "/firmware/download/fw-42?mac=000b820c2371");
        assertThat(report.params()).containsEntry("SIP.Account.0.AccountName", "1012");
        assertThat(report.files("firmware").get(0).bytes()).isEqualTo(platform.firmware.length);
        assertThat(report.steps().get(4).status()).isEqualTo(302);
        assertThat(report.uvc()).isNull();
    }

    @Test
    void aSecondBootFetchesOnlyTheMd5AndTheCurrentVersion() {
        boot(true);
        platform.forget();

        Report second = boot(true);

        assertThat(second.ok()).as(second.text()).isTrue();
        assertThat(paths()).containsExactly("/device/000b820c2371", FILE + ".md5", FIRMWARE + "currentversion.txt");
        assertThat(second.text()).contains("MD5 as stored: configuration current, .txt not fetched",
                "image " + platform.image + " as installed: firmware current");
    }

    @Test
    void aChangedConfigurationAndImageAreFetchedOnTheNextBoot() {
        boot(true);
        platform.params = Map.of("SIP.Account.0.AccountName", "2024");
        platform.image = "image-2.23.0.bin";
        platform.forget();

        Report second = boot(true);

        assertThat(second.ok()).as(second.text()).isTrue();
        assertThat(paths()).contains(FILE + ".txt", FIRMWARE + "image-2.23.0.bin");
        assertThat(second.params()).containsEntry("SIP.Account.0.AccountName", "2024");
    }

    @Test
    void aTxtWhoseMd5IsNotTheMd5FilesIsRefused() {
        platform.override(FILE + ".md5", FakePlatform.Answer.of("text/plain", "0".repeat(32) + "\n"));

        Report report = boot(true);

        assertThat(report.ok()).isFalse();
        assertThat(report.reason()).isEqualTo("config.md5 does not match config.txt");
        assertThat(report.params()).isEmpty();
        assertThat(paths()).doesNotContain(FIRMWARE + "currentversion.txt");
    }

    @Test
    void aMd5FileWithoutAnMd5IsRefused() {
        platform.override(FILE + ".md5", FakePlatform.Answer.of("text/plain", "hello"));

        assertThat(boot(true).reason()).isEqualTo("config.md5: not an MD5");
    }

    @Test
    void withoutPublishedFirmwareTheBootContinues() {
        platform.image = null;

        Report report = boot(true);

        assertThat(report.ok()).as(report.text()).isTrue();
        assertThat(report.text()).contains("no firmware published: boot continues");
    }

    @Test
    void withoutOemAndModelTheFirmwareCheckIsSkipped() {
        Report report = boot(false);

        assertThat(report.ok()).isTrue();
        assertThat(paths()).containsExactly("/device/000b820c2371", FILE + ".md5", FILE + ".txt");
    }

    private Report boot(boolean firmware) {
        PhoneOptions.Builder options = PhoneOptions.builder().mac(MAC).redirect(URI.create(platform.base()))
                .stateDir(state);
        if (firmware) {
            options.oem("leadtek").model("BVA8051");
        }
        return PhoneSimulator.run(Family.PLUG_N_DIAL, options.build());
    }

    private List<String> paths() {
        return platform.seen().stream().map(FakePlatform.Seen::uri).toList();
    }
}
