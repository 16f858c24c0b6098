package org.telprov.phonesim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telprov.phonesim.phone.Firmware;
import org.telprov.phonesim.report.Report;
import org.telprov.phonesim.state.MemoryStateStore;
import org.telprov.phonesim.storm.BootStorm;
import org.telprov.phonesim.storm.StormOptions;
import org.telprov.phonesim.storm.StormSummary;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A phone announces the firmware it runs, installs the image it is offered (its version read from the image's first
 * line) and announces the new version from its next boot, unless it refuses the image.
 */
class FirmwareInstallTest {

    private static final Mac MAXWELL = Mac.parse("7c2f80c0ffee");
    private static final Mac PLUG_N_DIAL = Mac.parse("000b820c2371");
    private static final String DOWNLOAD = "/firmware/download/fw-42";

    @TempDir
    Path state;
    private FakePlatform platform;

    @BeforeEach
    void start() throws Exception {
        platform = FakePlatform.start();
        platform.dialect = "maxwell-1.0";
        platform.firmware = image("2.23.0");
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void aGigasetAnnouncesTheVersionItInstalledFromItsNextBoot() {
        Report first = maxwell(PhoneOptions.builder());

        assertThat(first.ok()).as(first.text()).isTrue();
        assertThat(userAgents()).allMatch("Gigaset Maxwell 3/2.22.4;7C2F80C0FFEE"::equals);
        assertThat(first.firmware()).isEqualTo("2.23.0");
        assertThat(first.text()).contains("image installed: running firmware 2.23.0 from the next boot",
                "firmware: 2.23.0");
        platform.forget();

        Report second = maxwell(PhoneOptions.builder());

        assertThat(second.ok()).as(second.text()).isTrue();
        assertThat(userAgents()).isNotEmpty().allMatch("Gigaset Maxwell 3/2.23.0;7C2F80C0FFEE"::equals);
        assertThat(downloads()).isZero();
    }

    @Test
    void aGigasetRefusingTheImageDownloadsItOnEveryBootAndKeepsAnnouncingItsOldVersion() {
        Report first = maxwell(PhoneOptions.builder().refuseFirmware("2\\.23\\..*"));
        platform.forget();
        Report second = maxwell(PhoneOptions.builder().refuseFirmware("2\\.23\\..*"));

        assertThat(first.ok()).as(first.text()).isTrue();
        assertThat(first.text()).contains("image 2.23.0 refused (--refuse-firmware): still running 2.22.4");
        assertThat(second.firmware()).isEqualTo("2.22.4");
        assertThat(userAgents()).isNotEmpty().allMatch("Gigaset Maxwell 3/2.22.4;7C2F80C0FFEE"::equals);
        assertThat(downloads()).isEqualTo(1);
    }

    @Test
    void aRefusalOfOtherVersionsInstallsTheImage() {
        Report report = maxwell(PhoneOptions.builder().refuseFirmware("3\\..*"));

        assertThat(report.firmware()).isEqualTo("2.23.0");
    }

    @Test
    void theConfiguredVersionIsAnnouncedUntilAnImageIsInstalled() {
        platform.firmware = "an image naming no version".getBytes(StandardCharsets.UTF_8);

        Report report = maxwell(PhoneOptions.builder().firmware("2.20.1"));
        platform.forget();
        maxwell(PhoneOptions.builder().firmware("2.20.1"));

        assertThat(report.text()).contains("image installed; it names no version");
        assertThat(userAgents()).isNotEmpty().allMatch("Gigaset Maxwell 3/2.20.1;7C2F80C0FFEE"::equals);
        // installed all the same: the next boot finds its firmware current
        assertThat(downloads()).isZero();
    }

    @Test
    void phonesOfOneRunKeepTheirFirmwareInMemoryEachItsOwn() {
        PhoneSimulator simulator = new PhoneSimulator(PhoneSimulator.httpClient(PhoneSimulator.httpExecutor(2),
                Duration.ofSeconds(5)), new MemoryStateStore());
        PhoneOptions phone = PhoneOptions.builder().mac(MAXWELL).redirect(URI.create(platform.base())).build();
        PhoneOptions other = phone.withMac(Mac.parse("7c2f80c0ff01"));

        simulator.boot(Family.MAXWELL_1_0, phone);
        platform.forget();
        simulator.boot(Family.MAXWELL_1_0, phone);
        simulator.boot(Family.MAXWELL_1_0, other);

        assertThat(userAgents()).contains("Gigaset Maxwell 3/2.23.0;7C2F80C0FFEE",
                "Gigaset Maxwell 3/2.22.4;7C2F80C0FF01").doesNotContain("Gigaset Maxwell 3/2.22.4;7C2F80C0FFEE");
    }

    @Test
    void aPlugNDialPhoneInstallsTheImageOnceAndARefusingOneFetchesItAgain() {
        platform.dialect = "plug-n-dial";
        platform.template = "/prov/{mac}";

        Report installed = plugNDial(PLUG_N_DIAL, PhoneOptions.builder());
        platform.forget();
        plugNDial(PLUG_N_DIAL, PhoneOptions.builder());

        assertThat(installed.firmware()).isEqualTo("2.23.0");
        assertThat(downloads()).isZero();

        Mac refusing = Mac.parse("000b820c2372");
        plugNDial(refusing, PhoneOptions.builder().refuseFirmware(".*"));
        platform.forget();
        Report again = plugNDial(refusing, PhoneOptions.builder().refuseFirmware(".*"));

        assertThat(downloads()).isEqualTo(1);
        assertThat(again.firmware()).isNull();
    }

    @Test
    void aStormCountsPhonesByTheFirmwareTheyRunAfterTheirBoot() throws InterruptedException {
        PhoneOptions template = PhoneOptions.builder().mac(MAXWELL).redirect(URI.create(platform.base())).build();

        StormSummary installing = BootStorm.run(Family.MAXWELL_1_0, template,
                StormOptions.consecutive(Mac.parse("7c2f80001000"), 6, 3).withStore(new MemoryStateStore()));
        StormSummary refusing = BootStorm.run(Family.MAXWELL_1_0, template.toBuilder().refuseFirmware(".*").build(),
                StormOptions.consecutive(Mac.parse("7c2f80002000"), 4, 2).withStore(new MemoryStateStore()));

        assertThat(installing.firmware()).containsExactly(Map.entry("2.23.0", 6));
        assertThat(refusing.firmware()).containsExactly(Map.entry("2.22.4", 4));
        assertThat(refusing.text()).contains("firmware 2.22.4: 4");
        assertThat(refusing.json()).contains("\"firmware\":{\"2.22.4\":4}");
    }

    @Test
    void theVersionIsTheImagesFirstLine() {
        assertThat(Firmware.version(image("2.23.0"))).contains("2.23.0");
        assertThat(Firmware.version("phone-sim-firmware v3.1\r\nrest".getBytes(StandardCharsets.UTF_8)))
                .contains("v3.1");
        assertThat(Firmware.version("phone-sim-firmware".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(Firmware.version("rest\nphone-sim-firmware 2.0\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(Firmware.version(null)).isEmpty();
    }

    @Test
    void anInvalidRefusalPatternIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PhoneSimMain.run(new String[]{"--family", "maxwell-1.0", "--mac", "7c2f80c0ffee", "--redirect",
                platform.base(), "--refuse-firmware", "2.23.("}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--refuse-firmware: not a regular expression");
    }

    /** An image as the simulator reads its version, large enough that the version is only in its head. */
    private static byte[] image(String version) {
        return (Firmware.MARKER + version + "\n" + "image bytes".repeat(2000)).getBytes(StandardCharsets.UTF_8);
    }

    private Report maxwell(PhoneOptions.Builder options) {
        return PhoneSimulator.run(Family.MAXWELL_1_0, options.mac(MAXWELL).redirect(URI.create(platform.base()))
                .stateDir(state).build());
    }

    private Report plugNDial(Mac mac, PhoneOptions.Builder options) {
        return PhoneSimulator.run(Family.PLUG_N_DIAL, options.mac(mac).redirect(URI.create(platform.base()))
                .stateDir(state).oem("leadtek").model("BVA8051").build());
    }

    private List<String> userAgents() {
        return platform.seen().stream().map(FakePlatform.Seen::userAgent).toList();
    }

    private long downloads() {
        return platform.seen().stream().filter(s -> s.uri().startsWith(DOWNLOAD)).count();
    }
}
