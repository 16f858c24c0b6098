package org.telprov.provisioning.checkin;

import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.support.checkin.CheckinSender;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The merging runs on a clock the test moves: {@code nanoTime} is what the sender thread would pass. */
class CheckinMergerTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final DeviceRelease DEVICE = device("901b0e000001", "2026-01-01_00:00:00");

    private final List<DeviceCheckin> sent = new ArrayList<>();
    private final CheckinSender.Out out = (kind, checkin) -> {
        assertThat(kind).isEqualTo(DeviceCheckin.FETCHED);
        sent.add(checkin);
    };
    private final CheckinMerger merger = new CheckinMerger(Duration.ofSeconds(10), 3);

    @Test
    void theFourFilesOfAMaxwellBootAreOneCheckinNamingThemInOrderOnceEachWithTheUvc() {
        List<String> boot = List.of("provisioning.xml", "nvm/updates.xml", "nvm/credentials.xml", "nvm/updates.xml",
                "nvm/settings.xml");
        for (int i = 0; i < boot.size(); i++) {
            merger.take(fetch(DEVICE, boot.get(i), "Maxwell 3B/2.58"), i * SECOND, out);
            merger.due(i * SECOND, out);
        }
        assertThat(sent).isEmpty();

        merger.due(10 * SECOND, out);

        assertThat(sent).hasSize(1);
        DeviceCheckin checkin = sent.get(0);
        assertThat(checkin.files())
                .containsExactly("provisioning.xml", "nvm/updates.xml", "nvm/credentials.xml", "nvm/settings.xml");
        assertThat(checkin.file()).isEqualTo("nvm/settings.xml");
        assertThat(checkin.uvc()).isEqualTo("2026-01-01_00:00:00");
        assertThat(checkin.mac()).isEqualTo("901b0e000001");
        assertThat(checkin.tenantId()).isEqualTo("acme");
        assertThat(checkin.service()).isEqualTo("provisioning");
        assertThat(checkin.userAgent()).isEqualTo("Maxwell 3B/2.58");
    }

    @Test
    void aFileOfAnotherUvcSendsTheBootSoFarAndStartsTheNext() {
        merger.take(fetch(DEVICE, "nvm/updates.xml", null), 0, out);
        merger.take(fetch(device("901b0e000001", "2026-02-02_00:00:00"), "nvm/settings.xml", null), SECOND, out);

        assertThat(sent).singleElement().satisfies(checkin -> {
            assertThat(checkin.files()).containsExactly("nvm/updates.xml");
            assertThat(checkin.uvc()).isEqualTo("2026-01-01_00:00:00");
        });
        merger.drain(out);
        assertThat(sent.get(1).files()).containsExactly("nvm/settings.xml");
        assertThat(sent.get(1).uvc()).isEqualTo("2026-02-02_00:00:00");
    }

    @Test
    void aFileOverAnotherProtocolSendsTheBootSoFarAndStartsTheNextNamingIt() {
        merger.take(fetch(DEVICE, "config.md5", null), 0, out);
        merger.take(new CheckinBuffer.Fetch(DEVICE, "config.txt", "192.0.2.1", null, DeviceCheckin.TFTP,
                Instant.now()), SECOND, out);

        assertThat(sent).singleElement().satisfies(checkin -> {
            assertThat(checkin.files()).containsExactly("config.md5");
            assertThat(checkin.protocol()).isEqualTo("http");
        });
        merger.drain(out);
        assertThat(sent.get(1).files()).containsExactly("config.txt");
        assertThat(sent.get(1).protocol()).isEqualTo("tftp");
    }

    @Test
    void aFetchAfterTheWindowStartsANewCheckinEvenBeforeTheWindowWasSeenToEnd() {
        merger.take(fetch(DEVICE, "nvm/updates.xml", null), 0, out);
        merger.take(fetch(DEVICE, "nvm/settings.xml", null), 10 * SECOND, out);

        assertThat(sent).singleElement().satisfies(c -> assertThat(c.files()).containsExactly("nvm/updates.xml"));
        merger.due(19 * SECOND, out);
        assertThat(sent).hasSize(1);
        merger.due(20 * SECOND, out);
        assertThat(sent).extracting(DeviceCheckin::files).last().isEqualTo(List.of("nvm/settings.xml"));
    }

    @Test
    void whenThePendingDevicesAreFullTheOldestIsSentEarly() {
        for (int i = 1; i <= 4; i++) {
            merger.take(fetch(device("901b0e00000" + i, "u"), "nvm/updates.xml", null), i, out);
        }

        assertThat(sent).extracting(DeviceCheckin::mac).containsExactly("901b0e000001");
        merger.drain(out);
        assertThat(sent).extracting(DeviceCheckin::mac)
                .containsExactly("901b0e000001", "901b0e000002", "901b0e000003", "901b0e000004");
    }

    @Test
    void aDeviceThatFetchesMoreFilesThanACheckinNamesGoesOnInTheNextOne() {
        for (int i = 0; i <= DeviceCheckin.FILES_MAX; i++) {
            merger.take(fetch(DEVICE, "f" + i, null), i, out);
        }

        assertThat(sent).singleElement().satisfies(c -> assertThat(c.files()).hasSize(DeviceCheckin.FILES_MAX));
        merger.drain(out);
        assertThat(sent.get(1).files()).containsExactly("f" + DeviceCheckin.FILES_MAX);
    }

    private static CheckinBuffer.Fetch fetch(DeviceRelease device, String file, String userAgent) {
        return new CheckinBuffer.Fetch(device, file, "192.0.2.1", userAgent, DeviceCheckin.HTTP, Instant.now());
    }

    private static DeviceRelease device(String mac, String uvc) {
        return new DeviceRelease(mac, "acme", "gigaset-maxwell", "mx3b", UUID.randomUUID(), uvc);
    }
}
