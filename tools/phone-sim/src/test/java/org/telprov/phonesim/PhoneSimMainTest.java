package org.telprov.phonesim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneSimMainTest {

    @TempDir
    Path dir;
    private FakePlatform platform;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

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
    void onePhonePrintsAStepPerLineAndTheResult() {
        int status = run("--family", "maxwell-1.0", "--mac", "7c2f80c0ffee", "--redirect", platform.base(),
                "--state", dir.toString());

        assertThat(status).isZero();
        String[] lines = out().split("\n");
        assertThat(lines[0]).isEqualTo("maxwell-1.0 7c:2f:80:c0:ff:ee");
        assertThat(lines[1]).startsWith("GET  " + platform.base() + "/device/7c2f80c0ffee  302  0 B  ");
        assertThat(lines[lines.length - 1]).isEqualTo("result: ok");
        assertThat(dir.resolve("7c2f80c0ffee.properties")).exists();
    }

    @Test
    void jsonReportsTheStepsFilesAndUvc() {
        int status = run("--family=maxwell-1.0", "--mac=7c2f80c0ffee", "--url", platform.base() + "/prov/%MACD/",
                "--json");

        assertThat(status).isZero();
        assertThat(out()).startsWith("{\"family\":\"maxwell-1.0\",\"mac\":\"7c:2f:80:c0:ff:ee\",\"result\":\"ok\","
                        + "\"reason\":null,\"detail\":null,\"uvc\":\"" + platform.uvc + "\","
                        + "\"settings\":\"downloaded\",\"requests\":7,")
                .contains("{\"kind\":\"settings\",\"url\":\"" + platform.base() + "/prov/7C2F80C0FFEE/nvm/"
                        + platform.uvc + "/settings.xml\",\"bytes\":")
                .contains("\"params\":{\"SIP.Account.0.AccountName\":\"1012\",");
    }

    @Test
    void aFailedPhoneExitsWithOne() {
        platform.known = mac -> false;

        int status = run("--family", "plug-n-dial", "--mac", "000b820c2371", "--redirect", platform.base());

        assertThat(status).isEqualTo(1);
        assertThat(out()).endsWith("result: failed redirect: unknown device (HTTP 404)\n");
    }

    @Test
    void aStormFromAFileOfMacsPrintsItsSummary() throws Exception {
        Path macs = Files.writeString(dir.resolve("macs.txt"), "# fleet\n7c2f80000001\n7c:2f:80:00:00:02\n"
                + "7c-2f-80-00-00-03\n7c2f80000004\n");

        int status = run("--family", "maxwell-1.0", "--macs", macs.toString(), "--devices", "3", "--concurrency",
                "2", "--redirect", platform.base(), "--quiet", "--json");

        assertThat(status).isZero();
        assertThat(out()).contains("\"devices\":3", "\"succeeded\":3", "\"failed\":0");
        assertThat(err()).isEmpty();
    }

    @Test
    void aStormOfConsecutiveMacsDrawsItsProgressOnStandardError() {
        int status = run("--family", "maxwell-1.1", "--mac-from", "7c2f80000010", "--devices", "4", "--redirect",
                platform.base());

        assertThat(status).isEqualTo(1); // the platform speaks 1.0
        assertThat(out()).contains("succeeded 0, failed 4", "4  provisioning.xml: version 1.0, not 1.1");
        assertThat(err()).contains("4/4");
    }

    @Test
    void aWarmUpBootsOtherPhonesFirstAndTheSummaryCountsOnlyTheMeasuredOnes() {
        int status = run("--family", "maxwell-1.0", "--mac-from", "7c2f80000010", "--devices", "2", "--warmup", "3",
                "--warmup-from", "7c2f80000100", "--concurrency", "2", "--redirect", platform.base(), "--json",
                "--quiet");

        assertThat(status).isZero();
        assertThat(out()).contains("\"devices\":2", "\"succeeded\":2", "\"phoneLatencyMicros\":{\"count\":2,");
        assertThat(err()).contains("warm-up: 3 phones from 7c:2f:80:00:01:00", "0 failed (not counted)");
        assertThat(platform.seen().stream().map(FakePlatform.Seen::uri).filter(u -> u.startsWith("/device/")))
                .containsExactlyInAnyOrder("/device/7c2f80000100", "/device/7c2f80000101", "/device/7c2f80000102",
                        "/device/7c2f80000010", "/device/7c2f80000011");
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(run("--family", "maxwell-1.0", "--mac")).isEqualTo(2);
        assertThat(err()).contains("--mac needs a value", "usage: phone-sim");
        assertThat(run("--family", "maxwell-1.0", "--frobnicate", "x")).isEqualTo(2);
        assertThat(run("--family", "maxwell-2.0", "--mac", "7c2f80c0ffee", "--url", "http://x/")).isEqualTo(2);
        assertThat(run("--family", "maxwell-1.0", "--mac", "7c2f80c0ffee")).isEqualTo(2);
        assertThat(run("--family", "maxwell-1.0", "--mac", "not-a-mac", "--url", "http://x/")).isEqualTo(2);
        assertThat(err()).contains("unknown family 'maxwell-2.0'", "needs the redirect service",
                "not a MAC address: 'not-a-mac'");
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out()).startsWith("usage: phone-sim --family");
    }

    private int run(String... args) {
        return PhoneSimMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
