package org.telprov.phonesim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telprov.phonesim.http.Credentials;
import org.telprov.phonesim.report.Report;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class Maxwell11PhoneTest {

    private static final Mac MAC = Mac.parse("7c2f80c0ffee");
    private static final String PROV = "/prov/7C2F80C0FFEE";
    private static final String DEVICE_FILE = PROV + "/7C2F80C0FFEE.xml";

    @TempDir
    Path state;
    private FakePlatform platform;

    @BeforeEach
    void start() throws Exception {
        platform = FakePlatform.start();
        platform.dialect = "maxwell-1.1";
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void theGeneralFilesRedirectStepLeadsToTheDeviceFile() {
        Report report = boot(null);

        assertThat(report.ok()).as(report.text()).isTrue();
        assertThat(paths()).containsExactly("/device/7c2f80c0ffee", PROV + "/", DEVICE_FILE);
        assertThat(report.uvc()).isEqualTo(platform.uvc);
        assertThat(report.params()).containsEntry("SIP.Account.0.AccountName", "1012")
                .containsEntry("SIP.Account.0.DisplayName", "1012_3")
                .containsEntry("System.Provision.SettingsVersion", platform.uvc);
        assertThat(report.text()).contains("1 settings applied, redirect step to http://127.0.0.1:")
                .contains("UVC " + platform.uvc + " (was 0)");
    }

    @Test
    void aSecondBootReportsTheUvcUnchanged() {
        boot(null);

        Report second = boot(null);

        assertThat(second.ok()).isTrue();
        assertThat(second.text()).contains("UVC " + platform.uvc + " unchanged");
    }

    @Test
    void credentialsSetByTheCredentialsStageAnswerTheDeviceFilesDigestChallenge() {
        platform.params = credentials("Gigaset", "Password");
        platform.protect(DEVICE_FILE::equals, new DigestGuard("Gigaset", "Password", List.of("SHA-256", "MD5")));

        Report report = boot(null);

        assertThat(report.ok()).as(report.text()).isTrue();
        List<FakePlatform.Seen> device = seen(DEVICE_FILE);
        assertThat(device).extracting(FakePlatform.Seen::status).containsExactly(401, 200);
        assertThat(device.get(0).authorization()).isNull();
        assertThat(device.get(1).authorization()).contains("algorithm=SHA-256", "nc=00000001",
                "uri=\"" + DEVICE_FILE + "\"");
    }

    @Test
    void aPhoneHoldingCredentialsGetsTheNewOnesUnderItsOldOnesAndUsesThemForTheDeviceFile() {
        platform.params = credentials("first", "first-pass");
        assertThat(boot(null).ok()).isTrue();
        platform.params = credentials("second", "second-pass");
        platform.protect(DEVICE_FILE::equals, new DigestGuard("second", "second-pass", List.of("SHA-256")));
        platform.alsoProtect((PROV + "/credentials.xml")::equals,
                new DigestGuard("first", "first-pass", List.of("SHA-256")));

        Report report = boot(null);

        assertThat(report.ok()).as(report.text()).isTrue();
        assertThat(seen(PROV + "/credentials.xml")).extracting(FakePlatform.Seen::status).containsSequence(401, 200);
        assertThat(seen(DEVICE_FILE).get(seen(DEVICE_FILE).size() - 1).authorization())
                .contains("username=\"second\"");
        assertThat(report.params()).containsEntry("System.Security.HTTPAuthPassword", "second-pass");
    }

    @Test
    void md5IsUsedWhenTheServerOffersNothingElse() {
        platform.params = credentials("Gigaset", "Password");
        platform.protect(DEVICE_FILE::equals, new DigestGuard("Gigaset", "Password", List.of("MD5")));

        Report report = boot(null);

        assertThat(report.ok()).as(report.text()).isTrue();
        assertThat(seen(DEVICE_FILE).get(1).authorization()).contains("algorithm=MD5");
    }

    @Test
    void laterRequestsReuseTheNonceWithARisingCount() {
        platform.params = credentials("Gigaset", "Password");
        chainToSecondFile();
        platform.protect(path -> path.startsWith(PROV + "/") && !path.endsWith("/")
                && !path.endsWith("/credentials.xml"),
                new DigestGuard("Gigaset", "Password", List.of("SHA-256")));

        Report report = boot(null);

        assertThat(report.ok()).as(report.text()).isTrue();
        List<FakePlatform.Seen> second = seen(PROV + "/second.xml");
        assertThat(second).extracting(FakePlatform.Seen::status).containsExactly(200);
        assertThat(second.get(0).authorization()).contains("nc=00000002")
                .contains(nonce(seen(DEVICE_FILE).get(1).authorization()));
        assertThat(report.params()).containsEntry("second", "yes");
    }

    @Test
    void aStaleNonceIsAnsweredOnceWithTheNewOne() {
        platform.params = credentials("Gigaset", "Password");
        chainToSecondFile();
        DigestGuard guard = new DigestGuard("Gigaset", "Password", List.of("SHA-256"));
        guard.usesPerNonce(1);
        platform.protect(path -> path.startsWith(PROV + "/") && !path.endsWith("/")
                && !path.endsWith("/credentials.xml"), guard);

        Report report = boot(null);

        assertThat(report.ok()).as(report.text()).isTrue();
        List<FakePlatform.Seen> second = seen(PROV + "/second.xml");
        assertThat(second).extracting(FakePlatform.Seen::status).containsExactly(401, 200);
        assertThat(second.get(1).authorization()).contains("nc=00000001")
                .doesNotContain(nonce(second.get(0).authorization()));
        assertThat(report.text()).contains("stale nonce: answering the new one (SHA-256, realm telprov-devices)");
    }

    @Test
    void configuredCredentialsAnswerAChallengeOnTheFirstFile() {
        platform.protect(path -> true, new DigestGuard("acme", "s3cret", List.of("SHA-256")));

        Report report = boot(new Credentials("acme", "s3cret"));

        assertThat(report.ok()).as(report.text()).isTrue();
    }

    @Test
    void refusedCredentialsFailThePhoneAfterOneAnswer() {
        platform.protect(DEVICE_FILE::equals, new DigestGuard("acme", "s3cret", List.of("SHA-256")));

        Report report = boot(new Credentials("acme", "wrong"));

        assertThat(report.ok()).isFalse();
        assertThat(report.reason()).isEqualTo("{mac}.xml: HTTP 401");
        assertThat(seen(DEVICE_FILE)).extracting(FakePlatform.Seen::status).containsExactly(401, 401);
        assertThat(report.text()).contains("credentials refused");
    }

    @Test
    void aChallengeWithoutCredentialsFailsThePhone() {
        platform.protect(DEVICE_FILE::equals, new DigestGuard("acme", "s3cret", List.of("SHA-256")));

        Report report = boot(null);

        assertThat(report.reason()).isEqualTo("{mac}.xml: HTTP 401");
        assertThat(report.text()).contains("Digest challenge, but the phone has no credentials");
    }

    @Test
    void redirectStepsThatComeBackToAnEarlierFileAreALoop() {
        platform.override(DEVICE_FILE, FakePlatform.xml("<provisioning version=\"1.1\">"
                + "<step type=\"Redirect\" url=\"provisioning.xml\"/></provisioning>"));

        Report report = boot(null);

        assertThat(report.reason()).isEqualTo("redirect steps loop");
        assertThat(paths()).containsExactly("/device/7c2f80c0ffee", PROV + "/", DEVICE_FILE,
                PROV + "/provisioning.xml");
    }

    @Test
    void aChainLongerThanTheLimitFails() {
        platform.override(DEVICE_FILE, step("f1.xml"));
        for (int i = 1; i <= 5; i++) {
            platform.override(PROV + "/f" + i + ".xml", step("f" + (i + 1) + ".xml"));
        }

        Report report = boot(null);

        assertThat(report.reason()).isEqualTo("more than 5 chained files");
        assertThat(report.requests()).isEqualTo(1 + 5);
    }

    @Test
    void aMaxwell10FileIsRefused() {
        platform.dialect = "maxwell-1.0";

        assertThat(boot(null).reason()).isEqualTo("provisioning.xml: version 1.0, not 1.1");
    }

    private void chainToSecondFile() {
        platform.override(DEVICE_FILE, FakePlatform.xml("<provisioning version=\"1.1\" productID=\"mx3b\">"
                + "<param name=\"System.Provision.SettingsVersion\" value=\"" + platform.uvc + "\"/>"
                + "<step type=\"Redirect\" url=\"second.xml\"/></provisioning>"));
        platform.override(PROV + "/second.xml", FakePlatform.xml("<provisioning version=\"1.1\">"
                + "<param name=\"second\" value=\"yes\"/></provisioning>"));
    }

    private static FakePlatform.Answer step(String url) {
        return FakePlatform.xml("<provisioning version=\"1.1\"><step type=\"Redirect\" url=\"" + url
                + "\"/></provisioning>");
    }

    private static Map<String, String> credentials(String user, String password) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("System.Security.HTTPAuthUsername", user);
        params.put("System.Security.HTTPAuthPassword", password);
        return params;
    }

    private Report boot(Credentials auth) {
        return PhoneSimulator.run(Family.MAXWELL_1_1, PhoneOptions.builder().mac(MAC)
                .redirect(URI.create(platform.base())).stateDir(state).auth(auth).build());
    }

    private List<String> paths() {
        return platform.seen().stream().map(FakePlatform.Seen::uri).toList();
    }

    private List<FakePlatform.Seen> seen(String path) {
        return platform.seen().stream().filter(s -> s.uri().equals(path)).toList();
    }

    private static String nonce(String authorization) {
        Matcher matcher = Pattern.compile("[ ,]nonce=\"[^\"]*\"").matcher(authorization);
        assertThat(matcher.find()).isTrue();
        return matcher.group().substring(1);
    }
}
