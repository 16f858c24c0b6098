package org.telprov.e2e;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.telprov.platform.Platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two inventory replicas; the one whose outbox relay is draining a bulk import is killed with SIGKILL half-way
 * through (issue 19). The other replica's relay takes the outbox over, and the redirect service ends up answering
 * every imported device, each registration applied exactly once: the rows the killed relay sent but had not yet
 * deleted are sent again and the redirect service counts them as duplicates, not as applied.
 */
class OutboxRelayFailoverIT {

    private static final int DEVICES = 20_000;
    private static final String FLEET = "7c2f83";
    private static final List<String> APPLIED_REGISTRATIONS = List.of("telprov_redirect_events_total{",
            "outcome=\"applied\"", "type=\"device.registered\"");
    private static final List<String> SENT = List.of("telprov_outbox_sent_total");

    private static Platform platform;
    private static Keycloak keycloak;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startPlatformWithTwoInventoryReplicas() {
        platform = Platform.start(E2ePlatform.options("", List.of("inventory", "redirect"))
                // small batches, so that the drain of the import lasts long enough to be interrupted
                .serviceEnvironment(Map.of("TELPROV_OUTBOX_BATCH_SIZE", "20"))
                .build());
        keycloak = new Keycloak(platform.tokenUrl());
        inventory(platform.serviceUrl("inventory"), keycloak.token("telprov-operator", "operator-secret"))
                .body(Map.of("id", "acme", "name", "Acme Telecom",
                        "provisioningUrlTemplate", "https://prov.acme.example/<MACADR>/"))
                .post("/api/v1/tenants")
                .then().statusCode(201);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void anImportDrainedByAReplicaThatIsKilledHalfWayArrivesExactlyOnceInEffect() throws Exception {
        String first = platform.serviceUrl("inventory");
        String second = platform.startReplica("inventory");
        String redirect = platform.serviceUrl("redirect");
        double appliedBefore = metric(redirect, APPLIED_REGISTRATIONS).orElse(0.0);
        Map<String, Double> sentBefore = Map.of(first, sent(first), second, sent(second));

        inventory(first, keycloak.token("partner-acme", "acme-secret"))
                .contentType("text/csv")
                .body(fleetCsv())
                .post("/api/v1/devices/import")
                .then().statusCode(200);

        // The replica whose relay has started on the import, caught while the outbox still holds most of it.
        String[] draining = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (String replica : List.of(first, second)) {
                if (sent(replica) > sentBefore.get(replica)) {
                    draining[0] = replica;
                    return true;
                }
            }
            return false;
        });
        String drainer = draining[0];
        String survivor = drainer.equals(first) ? second : first;
        platform.kill(drainer);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                metric(redirect, APPLIED_REGISTRATIONS).orElse(0.0) >= appliedBefore + DEVICES);
        // the survivor relayed the rest of the import
        assertThat(sent(survivor)).isGreaterThan(sentBefore.get(survivor));
        // a short wait for redeliveries still on their way, which must not count as applied
        Thread.sleep(2_000);
        assertThat(metric(redirect, APPLIED_REGISTRATIONS).orElse(0.0)).isEqualTo(appliedBefore + DEVICES);
        for (int i = 0; i < DEVICES; i++) {
            String mac = FLEET + String.format("%06x", i);
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(redirect + "/device/" + mac)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as(mac).isEqualTo(302);
        }
    }

    private static String fleetCsv() {
        StringBuilder csv = new StringBuilder("mac,vendor,model,serial\n");
        for (int i = 0; i < DEVICES; i++) {
            csv.append(FLEET).append(String.format("%06x", i)).append(",gigaset-maxwell,mx3b,SN").append(i)
                    .append('\n');
        }
        return csv.toString();
    }

    private static double sent(String inventory) throws IOException, InterruptedException {
        return metric(inventory, SENT).orElse(0.0);
    }

    /**
     * The value of one Prometheus sample of a service: the line that starts with the first part (the name) and
     * contains the others (labels as the endpoint prints them).
     */
    private static Optional<Double> metric(String service, List<String> sample) throws IOException,
            InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(service + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines()
                .filter(line -> line.startsWith(sample.get(0)) && sample.stream().allMatch(line::contains))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst();
    }

    private static RequestSpecification inventory(String replica, String token) {
        return RestAssured.given().baseUri(replica).auth().oauth2(token).contentType(ContentType.JSON);
    }
}
