package org.telprov.provisioning.tftp;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.provisioning.SharedTestProfile;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.artifact;
import static org.telprov.provisioning.Provisioning.awaitDeviceVersion;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.send;

/**
 * The firmware image over TFTP: fetched from its signed link ({@link FirmwareStandIn}, serving a 20 MB image) and
 * streamed, byte for byte, at the default block size and at 1428 with a window.
 */
@QuarkusTest
@TestProfile(SharedTestProfile.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class TftpFirmwareTest {

    private static final String ADMIN = TestTokens.partnerAdmin("tftp-fw");
    private static final String MAC = "000b820c6601";
    private static final String MISSING_MAC = "000b820c6602";
    private static final String MISSING_ARTIFACT = "33333333-4444-5555-6666-888888888888";
    private static final String ARTIFACT = FirmwareStandIn.ARTIFACT;
    private static final byte[] IMAGE = FirmwareStandIn.IMAGE;
    private static boolean ready;

    @Inject
    TftpServer server;

    @BeforeEach
    void profileAndDevices() {
        if (ready) {
            return;
        }
        as(ADMIN).body(Map.of("mode", "off", "tftpDialects", List.of("plug-n-dial"))).put("/api/v1/device-auth")
                .then().statusCode(200);
        for (String[] firmware : new String[][]{{"tftp-fw", ARTIFACT}, {"tftp-fw-missing", MISSING_ARTIFACT}}) {
            artifact(firmware[1], "tftp-fw");
            Map<String, Object> pnd = profile(firmware[0], Map.of("sip_user", "1012"));
            pnd.put("dialect", "plug-n-dial");
            pnd.put("firmware", Map.of("artifactId", firmware[1]));
            created(ADMIN, pnd);
            published(ADMIN, firmware[0]);
        }
        device(MAC, "tftp-fw");
        device(MISSING_MAC, "tftp-fw-missing");
        ready = true;
    }

    /** A Plug-n-Dial phone of the tenant, as inventory registers it. */
    private static void device(String mac, String profile) {
        send(DeviceSnapshot.REGISTERED.envelope(new DeviceSnapshot(mac, "tftp-fw", "leadtek", "BVA8051", null, profile,
                List.of(), 1), Instant.now()));
        awaitDeviceVersion(mac, 1);
    }

    @Test
    void theImageIsStreamedFromItsSignedLinkByteForByteAtBlocksOf1428AndOf512() throws IOException {
        String name = MAC + "/firmware/leadtek/BVA8051/" + ARTIFACT + ".bin";
        RawTftpClient.Read read = new RawTftpClient(server.port()).read(name,
                Map.of("blksize", "1428", "windowsize", "16", "tsize", "0"));
        assertThat(read.errorMessage()).isNull();
        assertThat(read.acknowledged()).containsEntry("tsize", String.valueOf(IMAGE.length));
        assertThat(read.bytes()).isEqualTo(IMAGE);

        TFTPClient client = new TFTPClient();
        client.setMaxTimeouts(3);
        client.open();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(IMAGE.length);
            client.receiveFile(name, TFTP.BINARY_MODE, out, InetAddress.getLoopbackAddress(), server.port());
            assertThat(out.toByteArray()).isEqualTo(IMAGE);
        } finally {
            client.close();
        }
    }

    @Test
    void blockNumbersRollOverPast65535() throws IOException {
        // 81,920 blocks of 256 bytes
        RawTftpClient.Read read = new RawTftpClient(server.port()).read(
                MAC + "/firmware/leadtek/BVA8051/" + ARTIFACT + ".bin", Map.of("blksize", "256", "windowsize", "16"));
        assertThat(read.dataPackets()).isGreaterThan(65536);
        assertThat(read.bytes()).isEqualTo(IMAGE);
    }

    @Test
    void currentVersionNamesTheImageOverTftpAsOverHttp() throws IOException {
        RawTftpClient.Read read = new RawTftpClient(server.port())
                .read(MAC + "/firmware/leadtek/BVA8051/currentversion.txt", Map.of());
        assertThat(new String(read.bytes())).isEqualTo("Image_file=\"" + ARTIFACT + ".bin\"\n");
    }

    @Test
    void anImageItsLinkDoesNotServeIsError1() throws IOException {
        RawTftpClient.Read read = new RawTftpClient(server.port())
                .read(MISSING_MAC + "/firmware/leadtek/BVA8051/" + MISSING_ARTIFACT + ".bin", Map.of());
        assertThat(read.errorCode()).isEqualTo(1);
        assertThat(read.errorMessage()).isEqualTo("File not found");
    }
}
