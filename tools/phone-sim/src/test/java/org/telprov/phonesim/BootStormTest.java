package org.telprov.phonesim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.phonesim.report.Report;
import org.telprov.phonesim.state.MemoryStateStore;
import org.telprov.phonesim.storm.BootStorm;
import org.telprov.phonesim.storm.StormOptions;
import org.telprov.phonesim.storm.StormSummary;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class BootStormTest {

    private static final Mac FIRST = Mac.parse("7c:2f:80:00:10:00");
    private static final int DEVICES = 200;

    private FakePlatform platform;

    @BeforeEach
    void start() throws Exception {
        platform = FakePlatform.start();
        platform.dialect = "maxwell-1.0";
        platform.known = mac -> mac.value() % 10 != 0;
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void twoHundredPhonesBootWithTwentyAtATimeAndTheSummaryCountsThem() throws Exception {
        int perPhone = PhoneSimulator.run(Family.MAXWELL_1_0, template().withMac(Mac.parse("7c2f80ffff01")))
                .requests();
        platform.forget();
        long unknown = LongStream.range(0, DEVICES).filter(i -> (FIRST.value() + i) % 10 == 0).count();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        StormSummary summary = BootStorm.run(Family.MAXWELL_1_0, template(),
                StormOptions.consecutive(FIRST, DEVICES, 20).withProgress(new PrintStream(progress, true)));

        assertThat(unknown).isEqualTo(20);
        assertThat(summary.devices()).isEqualTo(DEVICES);
        assertThat(summary.succeeded()).isEqualTo(DEVICES - unknown);
        assertThat(summary.failed()).isEqualTo(unknown);
        assertThat(summary.failures()).containsExactly(Map.entry("redirect: unknown device (HTTP 404)", 20));
        assertThat(summary.requests()).isEqualTo((DEVICES - unknown) * perPhone + unknown)
                .isEqualTo(platform.seen().size());
        assertThat(summary.requestLatency().count()).isEqualTo(summary.requests());
        assertThat(summary.phoneLatency().count()).isEqualTo(DEVICES);
        assertThat(summary.requestLatency().p50()).isPositive()
                .isLessThanOrEqualTo(summary.requestLatency().p90());
        assertThat(summary.requestLatency().p99()).isLessThanOrEqualTo(summary.requestLatency().max());
        assertThat(platform.seen().stream().map(FakePlatform.Seen::uri).filter(u -> u.startsWith("/device/"))
                .distinct()).hasSize(DEVICES);
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("200/200", "failed 20");
        assertThat(summary.text()).contains("succeeded 180, failed 20", "      20  redirect: unknown device (HTTP 404)");
        assertThat(summary.json()).contains("\"succeeded\":180", "\"failures\":{\"redirect: unknown device (HTTP 404)\":20}");
    }

    @Test
    void aWarmFleetFetchesOnlyTheStepOneAndTwoFiles() throws Exception {
        platform.known = mac -> true;
        MemoryStateStore store = new MemoryStateStore();
        StormOptions options = StormOptions.consecutive(Mac.parse("7c:2f:80:00:20:01"), 9, 3).withStore(store);
        BootStorm.run(Family.MAXWELL_1_0, template(), options);
        platform.forget();

        StormSummary warm = BootStorm.run(Family.MAXWELL_1_0, template(), options);

        assertThat(warm.failed()).isZero();
        // the redirect, provisioning.xml and the three updates.xml
        assertThat(warm.requests()).isEqualTo(9 * 5);
        assertThat(platform.seen()).hasSize(9 * 5);
    }

    private PhoneOptions template() {
        return PhoneOptions.builder().mac(FIRST).redirect(URI.create(platform.base())).build();
    }

    @Test
    void aPhoneReportFromTheStormTemplateIsForItsOwnMac() {
        Report report = PhoneSimulator.run(Family.MAXWELL_1_0, template().withMac(Mac.parse("7c2f80001001")));

        assertThat(report.mac()).isEqualTo("7c:2f:80:00:10:01");
        assertThat(report.ok()).as(report.text()).isTrue();
    }
}
