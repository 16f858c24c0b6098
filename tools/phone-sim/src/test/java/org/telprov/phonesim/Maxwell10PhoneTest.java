package org.telprov.phonesim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telprov.phonesim.report.FetchedFile;
import org.telprov.phonesim.report.Report;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class Maxwell10PhoneTest {

    private static final Mac MAC = Mac.parse("7c:2f:80:c0:ff:ee");
    private static final String PROV = "/prov/7C2F80C0FFEE";

    @TempDir
    Path state;
    private FakePlatform platform;

    @BeforeEach
    void start() throws Exception {
        platform = FakePlatform.start();
        platform.dialect = "maxwell-1.0";
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void aNewPhoneAsksTheRedirectServiceAndFetchesEveryStep() {
        Report report = boot();

        assertThat(report.ok()).as(report.text()).isTrue();
        assertThat(paths()).containsExactly(
                "/device/7c2f80c0ffee",
                PROV + "/",
                PROV + "/firmware/updates.xml",
                "/firmware/download/fw-42?mac=7c2f80c0ffee&expires=1999999999&sig=abc",
                PROV + "/nvm/updates.xml",
                PROV + "/nvm/" + platform.uvc + "/settings.xml",
                PROV + "/custom/updates.xml",
                PROV + "/custom/" + platform.uvc + "/telprov-ca.pem");
        assertThat(report.files().stream().map(FetchedFile::kind)).containsExactly(
                "provisioning", "updates", "firmware", "updates", "settings", "updates", "certificate");
        assertThat(report.files("firmware").get(0).bytes()).isEqualTo(platform.firmware.length);
        assertThat(report.uvc()).isEqualTo(platform.uvc);
        assertThat(report.params()).containsEntry("SIP.Account.0.AccountName", "1012")
                .containsEntry("System.Provision.SettingsVersion", platform.uvc);
        assertThat(report.steps().get(0).status()).isEqualTo(302);
        assertThat(report.text()).endsWith("result: ok\n")
                .contains("certificate O=telprov,CN=telprov test CA, valid until 2126-");
        assertThat(platform.seen().get(0).userAgent()).isEqualTo("Gigaset Maxwell 3/2.22.4;7C2F80C0FFEE");
    }

    @Test
    void aSecondBootWithoutANewReleaseFetchesOnlyTheStepOneAndTwoFiles() {
        boot();
        platform.forget();

        Report second = boot();

        assertThat(second.ok()).as(second.text()).isTrue();
        assertThat(paths()).containsExactly("/device/7c2f80c0ffee", PROV + "/", PROV + "/firmware/updates.xml",
                PROV + "/nvm/updates.xml", PROV + "/custom/updates.xml");
        assertThat(second.files().stream().map(FetchedFile::kind))
                .containsExactly("provisioning", "updates", "updates", "updates");
        assertThat(second.text()).contains("as stored: settings current, nothing to fetch");
        assertThat(second.uvc()).isEqualTo(platform.uvc);
    }

    @Test
    void aNewReleaseIsFetchedOnTheNextBoot() {
        boot();
        platform.uvc = "2026-03-02_08:00:00";
        platform.params = Map.of("SIP.Account.0.AccountName", "2024");

        Report second = boot();

        assertThat(second.ok()).as(second.text()).isTrue();
        assertThat(second.files().stream().map(FetchedFile::kind)).contains("settings", "certificate", "firmware");
        assertThat(second.uvc()).isEqualTo("2026-03-02_08:00:00");
        assertThat(second.params()).containsEntry("SIP.Account.0.AccountName", "2024");
    }

    @Test
    void aStepThreeUrlNamingAnotherUvcThanStepTwoIsRefused() {
        boot();
        String old = platform.uvc;
        platform.uvc = "2026-03-02_08:00:00";
        platform.override(PROV + "/nvm/updates.xml", FakePlatform.xml("<nvm version=\"1.0\" productID=\"mx3b\" "
                + "macAddress=\"7c:2f:80:c0:ff:ee\"><file version=\"2026-03-02_08:00:00\" url=\""
                + platform.base() + PROV + "/nvm/" + old + "/settings.xml\"/></nvm>"));
        platform.forget();

        Report report = boot();

        assertThat(report.ok()).isFalse();
        assertThat(report.reason()).isEqualTo("nvm: UVC changed between step 2 and step 3");
        assertThat(paths()).noneMatch(p -> p.contains("/settings.xml"));
        assertThat(report.text()).endsWith("result: failed nvm: UVC changed between step 2 and step 3\n");
        assertThat(report.params()).containsEntry("System.Provision.SettingsVersion", old);
    }

    @Test
    void settingsNamingAnotherUvcThanStepTwoAreRefused() {
        platform.params = Map.of("System.Provision.SettingsVersion", "2025-12-31_23:59:59");

        Report report = boot();

        assertThat(report.ok()).isFalse();
        assertThat(report.reason()).isEqualTo("nvm: UVC changed between step 2 and step 3");
        assertThat(report.params()).doesNotContainKey("System.Provision.SettingsVersion");
    }

    @Test
    void aRefusedReleaseIsFetchedAgainOnTheNextBoot() {
        platform.override(PROV + "/nvm/" + platform.uvc + "/settings.xml", FakePlatform.Answer.status(500));
        assertThat(boot().reason()).isEqualTo("nvm/settings.xml: HTTP 500");
        platform.override(PROV + "/nvm/" + platform.uvc + "/settings.xml",
                FakePlatform.xml("<settings><param name=\"a\" value=\"b\"/></settings>"));

        Report second = boot();

        assertThat(second.ok()).as(second.text()).isTrue();
        assertThat(second.params()).containsEntry("a", "b");
    }

    @Test
    void aDirectoryUrlThatIsNotFoundIsRetriedOnceWithProvisioningXml() {
        platform.template = "/prov/{MAC}";
        platform.override(PROV, FakePlatform.Answer.status(404));

        Report report = boot();

        assertThat(report.ok()).as(report.text()).isTrue();
        assertThat(paths()).startsWith("/device/7c2f80c0ffee", PROV, PROV + "/provisioning.xml");
        assertThat(report.steps().get(1).decision()).isEqualTo("not found: trying provisioning.xml once");
    }

    @Test
    void anUnknownMacFailsAtTheRedirectService() {
        platform.known = mac -> false;

        Report report = boot();

        assertThat(report.ok()).isFalse();
        assertThat(report.reason()).isEqualTo("redirect: unknown device (HTTP 404)");
        assertThat(report.requests()).isEqualTo(1);
    }

    @Test
    void aCertificateThatDoesNotParseFailsThePhone() {
        platform.certificate = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";

        Report report = boot();

        assertThat(report.ok()).isFalse();
        assertThat(report.reason()).isEqualTo("custom/telprov-ca.pem: not a certificate");
    }

    @Test
    void aFirmwareImageOfAnotherSizeThanAnnouncedFailsThePhone() {
        platform.override(PROV + "/firmware/updates.xml", FakePlatform.xml("<firmware version=\"1.0\"><file version=\""
                + platform.uvc + "\" type=\"latest\" size=\"12\" url=\"/firmware/download/fw-42\"/></firmware>"));

        Report report = boot();

        assertThat(report.reason()).isEqualTo("firmware image: size mismatch");
        assertThat(paths()).contains("/firmware/download/fw-42");
    }

    @Test
    void nvmUpdatesForAnotherDeviceAreRefused() {
        platform.override(PROV + "/nvm/updates.xml", FakePlatform.xml(
                "<nvm version=\"1.0\" macAddress=\"90:1b:0e:56:c7:bc\"><file version=\"x\" url=\"s.xml\"/></nvm>"));

        assertThat(boot().reason()).isEqualTo("nvm/updates.xml: macAddress is not this phone's");
    }

    /** The vendor's two-stage example: a first settings file sets the Digest credentials protecting the second. */
    @Test
    void credentialsFromTheFirstSettingsFileAnswerTheSecondFilesDigestChallenge() {
        String uvc = platform.uvc;
        platform.override(PROV + "/nvm/updates.xml", FakePlatform.xml("<nvm version=\"1.0\" productID=\"mx3b\">"
                + "<file version=\"" + uvc + "\" url=\"" + uvc + "/credentials.xml\"/>"
                + "<file version=\"" + uvc + "\" url=\"" + uvc + "/settings.xml\"/></nvm>"));
        platform.override(PROV + "/nvm/" + uvc + "/credentials.xml", FakePlatform.xml("<settings version=\"1.0\">"
                + "<param name=\"System.Security.HTTPAuthUsername\" value=\"Gigaset\"/>"
                + "<param name=\"System.Security.HTTPAuthPassword\" value=\"Password\"/></settings>"));
        platform.protect(path -> path.endsWith("/settings.xml"),
                new DigestGuard("Gigaset", "Password", List.of("SHA-256", "MD5")));

        Report report = boot();

        assertThat(report.ok()).as(report.text()).isTrue();
        List<FakePlatform.Seen> settings = platform.seen().stream()
                .filter(s -> s.uri().endsWith("/settings.xml")).toList();
        assertThat(settings).extracting(FakePlatform.Seen::status).containsExactly(401, 200);
        assertThat(settings.get(1).authorization()).contains("username=\"Gigaset\"", "algorithm=SHA-256",
                "nc=00000001", "qop=auth");
        assertThat(report.params()).containsEntry("System.Security.HTTPAuthUsername", "Gigaset")
                .containsEntry("SIP.Account.0.AccountName", "1012");
    }

    private Report boot() {
        return PhoneSimulator.run(Family.MAXWELL_1_0, PhoneOptions.builder().mac(MAC)
                .redirect(URI.create(platform.base())).stateDir(state).build());
    }

    private List<String> paths() {
        return platform.seen().stream().map(FakePlatform.Seen::uri).toList();
    }
}
