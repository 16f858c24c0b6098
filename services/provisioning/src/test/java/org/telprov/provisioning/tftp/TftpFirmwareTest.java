package org.telprov.provisioning.tftp;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.artifact;
import static org.telprov.provisioning.Provisioning.awaitDeviceVersion;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.send;

/**
 * The firmware image over TFTP: fetched from its signed link (a stand-in for the firmware service, serving a 20 MB
 * image) and streamed, byte for byte, at the default block size and at 1428 with a window.
 */
@QuarkusTest
@TestProfile(TftpFirmwareTest.LocalFirmware.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class TftpFirmwareTest {

    private static final String ADMIN = TestTokens.partnerAdmin("tftp-fw");
    private static final String MAC = "000b820c6601";
    private static final String MISSING_MAC = "000b820c6602";
    private static final String ARTIFACT = "33333333-4444-5555-6666-777777777777";
    private static final String MISSING_ARTIFACT = "33333333-4444-5555-6666-888888888888";
    private static final byte[] IMAGE = new byte[20 * 1024 * 1024];
    private static final HttpServer FIRMWARE = firmwareService();
    private static boolean ready;

    /** The firmware service's links lead to the stand-in. */
    public static class LocalFirmware implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("telprov.provisioning.firmware.base-url",
                    "http://127.0.0.1:" + FIRMWARE.getAddress().getPort());
        }
    }

    @Inject
    TftpServer server;

    /** Serves the image at its download path (any query) with a Content-Length, in pieces; 404 for anything else. */
    private static HttpServer firmwareService() {
        new Random(42).nextBytes(IMAGE);
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/firmware/download/", exchange -> {
                if (!exchange.getRequestURI().getPath().equals("/firmware/download/" + ARTIFACT)) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                exchange.sendResponseHeaders(200, IMAGE.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int offset = 0; offset < IMAGE.length; offset += 65536) {
                        out.write(IMAGE, offset, Math.min(65536, IMAGE.length - offset));
                    }
                }
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
