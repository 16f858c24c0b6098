package org.telprov.provisioning.tftp;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.TopicProbe;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.secret;

/**
 * The device files over TFTP, fetched by Commons Net's client and by {@link RawTftpClient}, byte for byte what HTTP
 * serves at the same path.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class TftpServerTest {

    private static final String ADMIN = TestTokens.partnerAdmin("tftp-acme");
    private static final String CLOSED_ADMIN = TestTokens.partnerAdmin("tftp-closed");
    private static final String PND_MAC = "000b820c5501";
    private static final String BIG_MAC = "000b820c5502";
    private static final String M11_MAC = "901b0e565503";
    private static final String AW_MAC = "000952005504";
    private static final String CLOSED_MAC = "000b820c5505";
    private static boolean ready;

    @Inject
    TftpServer server;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void profilesAndDevices() {
        if (ready) {
            return;
        }
        tftpFor(ADMIN, List.of("plug-n-dial", "maxwell-1.1", "auerswald"));
        tftpFor(CLOSED_ADMIN, List.of("maxwell-1.1"));
        Map<String, Object> pnd = profile("tftp-pnd", Map.of());
        pnd.put("dialect", "plug-n-dial");
        pnd.put("parameters", List.of(Map.of("name", "sip_user", "value", "1012"),
                secret("sip_password", "pa55<&>"), Map.of("name", "sip_proxy", "value", "sip.example.com")));
        created(ADMIN, pnd);
        published(ADMIN, "tftp-pnd");
        created(CLOSED_ADMIN, pnd);
        published(CLOSED_ADMIN, "tftp-pnd");

        // tens of kilobytes: many blocks at any block size, and a last block that is not full
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 600; i++) {
            many.put("line_" + i, "value " + i + " " + "x".repeat(i % 97));
        }
        Map<String, Object> big = profile("tftp-big", many);
        big.put("dialect", "plug-n-dial");
        created(ADMIN, big);
        published(ADMIN, "tftp-big");

        Map<String, Object> m11 = profile("tftp-m11", Map.of());
        m11.put("dialect", "maxwell-1.1");
        m11.put("parameters", List.of(Map.of("name", "SIP.Account.0.AuthName", "value", "1012"),
                Map.of("name", "System.Security.HTTPAuthUsername", "value", "prov-user"),
                secret("System.Security.HTTPAuthPassword", "pa55<&>")));
        created(ADMIN, m11);
        published(ADMIN, "tftp-m11");

        Map<String, Object> aw = profile("tftp-aw", Map.of("sip.account.user", "1012", "phone.language", "de"));
        aw.put("dialect", "auerswald");
        aw.put("references", List.of("first_file.xml"));
        aw.put("operations", List.of(Map.of("op", "add", "path", "/phone", "xml", "<ringtone>3</ringtone>")));
        created(ADMIN, aw);
        published(ADMIN, "tftp-aw");

        device(PND_MAC, "tftp-acme", "tftp-pnd");
        device(BIG_MAC, "tftp-acme", "tftp-big");
        device(M11_MAC, "tftp-acme", "tftp-m11");
        device(AW_MAC, "tftp-acme", "tftp-aw");
        device(CLOSED_MAC, "tftp-closed", "tftp-pnd");
        ready = true;
    }

    private static void tftpFor(String admin, List<String> dialects) {
        as(admin).body(Map.of("mode", "off", "tftpDialects", dialects)).put("/api/v1/device-auth")
                .then().statusCode(200);
    }

    @Test
    void everyFileIsTheBytesHttpServesAtTheSamePath() throws IOException {
        Map<String, String> tftpToHttp = new LinkedHashMap<>();
        tftpToHttp.put("000b/820c/" + PND_MAC + ".txt", "/prov/" + PND_MAC + "/000b/820c/" + PND_MAC + ".txt");
        tftpToHttp.put("/000b/820c/" + PND_MAC + ".md5", "/prov/" + PND_MAC + "/000b/820c/" + PND_MAC + ".md5");
        tftpToHttp.put("/prov/" + PND_MAC + "/000b/820c/" + PND_MAC + ".txt",
                "/prov/" + PND_MAC + "/000b/820c/" + PND_MAC + ".txt");
        tftpToHttp.put("000b/820c/" + BIG_MAC + ".txt", "/prov/" + BIG_MAC + "/000b/820c/" + BIG_MAC + ".txt");
        tftpToHttp.put(M11_MAC + "/provisioning.xml", "/prov/" + M11_MAC + "/provisioning.xml");
        tftpToHttp.put(M11_MAC + "/credentials.xml", "/prov/" + M11_MAC + "/credentials.xml");
        tftpToHttp.put(M11_MAC + "/901B0E565503.xml", "/prov/" + M11_MAC + "/901B0E565503.xml");
        tftpToHttp.put(AW_MAC + "/references.xml", "/prov/" + AW_MAC + "/references.xml");
        tftpToHttp.put("/prov/" + AW_MAC + "/settings.xml", "/prov/" + AW_MAC + "/settings.xml");
        tftpToHttp.put(AW_MAC + "/operations.xml", "/prov/" + AW_MAC + "/operations.xml");
        for (Map.Entry<String, String> path : tftpToHttp.entrySet()) {
            var http = RestAssured.given().get(path.getValue());
            assertThat(http.statusCode()).as(path.getValue()).isEqualTo(200);
            assertThat(commonsNet(path.getKey())).as(path.getKey()).isEqualTo(http.asByteArray());
        }
    }

    @Test
    void blocksOf1428AndWindowsCarryTheSameBytesAndTheSizeIsAnnounced() throws IOException {
        byte[] http = bigFileOverHttp();
        assertThat(http.length).isGreaterThan(20 * 1428);
        for (int window : new int[]{1, 4, 16}) {
            RawTftpClient.Read read = new RawTftpClient(server.port()).read("000b/820c/" + BIG_MAC + ".txt",
                    Map.of("blksize", "1428", "tsize", "0", "windowsize", String.valueOf(window)));
            assertThat(read.bytes()).as("window %d", window).isEqualTo(http);
            assertThat(read.acknowledged()).containsEntry("blksize", "1428")
                    .containsEntry("tsize", String.valueOf(http.length))
                    .containsEntry("windowsize", String.valueOf(window));
        }
    }

    @Test
    void aClientThatLosesEveryThirdDataPacketStillGetsTheExactBytes() throws IOException {
        byte[] http = bigFileOverHttp();
        for (Map<String, String> options : List.of(Map.<String, String>of(), Map.of("blksize", "1428"),
                Map.of("blksize", "1428", "windowsize", "4"))) {
            RawTftpClient.Read read = new RawTftpClient(server.port()).droppingEvery(3)
                    .read("000b/820c/" + BIG_MAC + ".txt", options);
            assertThat(read.bytes()).as(options.toString()).isEqualTo(http);
        }
    }

    @Test
    void duplicatedAcknowledgementsNeitherDoubleNorCorruptTheTransfer() throws IOException {
        byte[] http = bigFileOverHttp();
        for (Map<String, String> options : List.of(Map.<String, String>of(), Map.of("windowsize", "4"))) {
            double retransmittedBefore = retransmissions();
            RawTftpClient.Read read = new RawTftpClient(server.port()).acknowledgingTwice()
                    .read("000b/820c/" + BIG_MAC + ".txt", options);
            assertThat(read.bytes()).as(options.toString()).isEqualTo(http);
            int blocks = http.length / 512 + 1;
            // each block once, plus only what a timeout sent again (a busy machine may delay an ACK that long)
            int windowSize = Integer.parseInt(options.getOrDefault("windowsize", "1"));
            assertThat(read.dataPackets()).as(options.toString()).isBetween(blocks,
                    blocks + (int) (retransmissions() - retransmittedBefore) * windowSize);
        }
    }

    @Test
    void aCompletedTransferIsACheckInOverTftp() throws IOException {
        commonsNet("000b/820c/" + PND_MAC + ".md5");

        DeviceCheckin checkin = EventCodec.payload(EventCodec.fromJson(TopicProbe.await(
                KafkaResource.bootstrapServers(), Topics.DEVICE_CHECKINS, r -> PND_MAC.equals(r.key())
                        && overTftp(r.value(), "config.md5"), Duration.ofSeconds(30)).value()),
                DeviceCheckin.class);
        assertThat(checkin.protocol()).isEqualTo("tftp");
        assertThat(checkin.tenantId()).isEqualTo("tftp-acme");
        assertThat(checkin.sourceIp()).isEqualTo("127.0.0.1");
    }

    private static boolean overTftp(String event, String file) {
        DeviceCheckin checkin = EventCodec.payload(EventCodec.fromJson(event), DeviceCheckin.class);
        return DeviceCheckin.TFTP.equals(checkin.protocol()) && checkin.files().contains(file);
    }

    @Test
    void aWriteRequestIsRefusedWithAnAccessViolation() throws IOException {
        TFTPClient client = new TFTPClient();
        client.open();
        try {
            assertThatThrownBy(() -> client.sendFile(PND_MAC + "/provisioning.xml", TFTP.BINARY_MODE,
                    new ByteArrayInputStream("x".getBytes()), InetAddress.getLoopbackAddress(), server.port()))
                    .isInstanceOf(IOException.class).hasMessageContaining("Error code 2");
        } finally {
            client.close();
        }
        assertThat(new RawTftpClient(server.port()).write("000b/820c/" + PND_MAC + ".txt").errorCode()).isEqualTo(2);
    }

    @Test
    void whatHttpAnswersWithTheEmpty404IsError1AndNothingMore() throws IOException {
        for (String name : new String[]{
                "000b/820c/000b820c5599.txt",           // unknown MAC
                "000b/820c/" + CLOSED_MAC + ".txt",     // a tenant that serves Maxwell 1.1 only over TFTP
                PND_MAC + "/provisioning.xml",          // another dialect's file
                "000B/820C/" + PND_MAC + ".txt",        // not the device's own lower-case path
                PND_MAC + "/../" + PND_MAC + "/000b/820c/" + PND_MAC + ".txt",
                "/etc/passwd", "prov", PND_MAC + "/"}) {
            RawTftpClient.Read read = new RawTftpClient(server.port()).read(name, Map.of("tsize", "0"));
            assertThat(read.errorCode()).as(name).isEqualTo(1);
            assertThat(read.errorMessage()).as(name).isEqualTo("File not found");
            assertThat(read.acknowledged()).as(name).isEmpty();
        }
        RestAssured.given().get("/prov/" + CLOSED_MAC + "/000b/820c/" + CLOSED_MAC + ".txt").then().statusCode(200);
        assertThatThrownBy(() -> commonsNet("000b/820c/000b820c5599.txt")).isInstanceOf(IOException.class)
                .hasMessageContaining("Error code 1");
    }

    @Test
    void aClientThatVanishesFreesItsTransferAfterTheRetries() throws IOException {
        double timedOut = transfers("timed_out");
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] request = ("\0\u0001" + "000b/820c/" + BIG_MAC + ".txt\0octet\0").getBytes();
            socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), server.port()));
            socket.receive(new DatagramPacket(new byte[1024], 1024));
            // never acknowledged
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> transfers("timed_out") == timedOut + 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.get("telprov.provisioning.tftp.transfers.active")
                .gauge().value() == 0);
    }

    private byte[] bigFileOverHttp() {
        return RestAssured.given().get("/prov/" + BIG_MAC + "/000b/820c/" + BIG_MAC + ".txt").then().statusCode(200)
                .extract().asByteArray();
    }

    private byte[] commonsNet(String name) throws IOException {
        TFTPClient client = new TFTPClient();
        client.setMaxTimeouts(3);
        client.open();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            client.receiveFile(name, TFTP.BINARY_MODE, out, InetAddress.getLoopbackAddress(), server.port());
            return out.toByteArray();
        } finally {
            client.close();
        }
    }

    private double retransmissions() {
        return registry.get("telprov.provisioning.tftp.retransmissions").counter().count();
    }

    private double transfers(String outcome) {
        var counter = registry.find("telprov.provisioning.tftp.requests").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
