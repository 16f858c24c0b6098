package org.telprov.provisioning.tftp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;

/**
 * What keeps one host from exhausting the TFTP service: at most {@code max-transfers} at once (the next request is
 * refused "busy"), and a request budget per source address beyond which requests go unanswered.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
@TestProfile(TftpLimitsTest.OneTransferThreeRequests.class)
class TftpLimitsTest {

    /** One transfer at a time; three requests per address, then (almost) nothing more. */
    public static class OneTransferThreeRequests implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("telprov.provisioning.tftp.max-transfers", "1",
                    "telprov.provisioning.tftp.requests.rate", "0.001",
                    "telprov.provisioning.tftp.requests.burst", "3");
        }
    }

    private static final String ADMIN = TestTokens.partnerAdmin("tftp-limits");
    private static final String MAC = "000b820c5601";
    private static final String FILE = "000b/820c/" + MAC + ".txt";

    @Inject
    TftpServer server;

    @Inject
    MeterRegistry registry;

    @Test
    void aTransferBeyondTheCapIsRefusedBusyAndASourceBeyondItsBudgetIsNotAnswered() throws IOException {
        as(ADMIN).body(Map.of("mode", "off", "tftpDialects", List.of("plug-n-dial"))).put("/api/v1/device-auth")
                .then().statusCode(200);
        Map<String, Object> pnd = profile("limits-pnd", Map.of("sip_user", "1012"));
        pnd.put("dialect", "plug-n-dial");
        created(ADMIN, pnd);
        published(ADMIN, "limits-pnd");
        device(MAC, "tftp-limits", "limits-pnd");

        try (DatagramSocket first = socket(); DatagramSocket second = socket(); DatagramSocket third = socket();
             DatagramSocket fourth = socket()) {
            // the first request of the source: a transfer starts, and stays open (its DATA is never acknowledged)
            assertThat(opcode(requestAndReceive(first))).isEqualTo(3);
            // the second: the one transfer allowed is running
            byte[] busy = requestAndReceive(second);
            assertThat(opcode(busy)).isEqualTo(5);
            assertThat(new String(busy, 4, busy.length - 5)).isEqualTo("Server busy");
            // the third is answered still (busy again): the budget of three is now spent
            assertThat(opcode(requestAndReceive(third))).isEqualTo(5);
            // the fourth is dropped unanswered, whatever it asks for
            double dropped = counter("dropped");
            send(fourth);
            assertThat(receive(fourth, Duration.ofSeconds(1))).isNull();
            assertThat(counter("dropped")).isEqualTo(dropped + 1);
        }
        // the open transfer gives up after its retries and frees its place
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.get("telprov.provisioning.tftp.transfers.active")
                .gauge().value() == 0);
    }

    private DatagramSocket socket() throws IOException {
        return new DatagramSocket();
    }

    private byte[] requestAndReceive(DatagramSocket socket) throws IOException {
        send(socket);
        byte[] answer = receive(socket, Duration.ofSeconds(10));
        assertThat(answer).as("an answer").isNotNull();
        return answer;
    }

    private void send(DatagramSocket socket) throws IOException {
        byte[] request = ("\0\u0001" + FILE + "\0octet\0").getBytes();
        socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), server.port()));
    }

    private static byte[] receive(DatagramSocket socket, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return java.util.Arrays.copyOf(packet.getData(), packet.getLength());
    }

    private static int opcode(byte[] packet) {
        return ((packet[0] & 0xff) << 8) | (packet[1] & 0xff);
    }

    private double counter(String outcome) {
        Counter counter = registry.find("telprov.provisioning.tftp.requests").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
