import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Drives a started release rollout through its groups with confirming check-ins sent straight to Kafka's
 * {@code device-checkins}, for bench/rollouts/run.sh; a single-file program on the platform launcher's classpath
 * (kafka-clients, Jackson):
 * <pre>
 *   java -cp <tools/platform classes and classpath> GroupTransitions.java PROVISIONING_URL TOKEN_URL CLIENT_ID SECRET \
 *     BOOTSTRAP TENANT ROLLOUT_ID UVC
 * </pre>
 * For each group: reads its offered devices through the API ({@code /devices?state=offered}, pages of 500), sends the
 * confirmations (provisioning's check-in of a Maxwell 1.0 boot that fetched step 3 of the UVC, the JSON CheckinJson
 * writes) of all but one at once and waits until the rollout counts them confirmed (the drain of a burst), then sends the
 * last one and times from just before its send until {@code GET /api/v1/rollouts/ID} shows the next group's devices all
 * offered (the last group: the rollout finished), asking every 20 ms. Prints per group
 * {@code group INDEX DEVICES BURST_SEND_S DRAIN_S TRANSITION_S group-NEXT|finished}, then {@code get-during P50_MS P99_MS COUNT} of every
 * progress read it made while check-ins were applied, and {@code list P50_MS P99_MS COUNT} of the page reads.
 */
public class GroupTransitions {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static String provisioning, tokenUrl, clientId, secret, tenant, rollout, uvc;
    static String token;
    static long tokenAt;
    static final List<Double> during = new ArrayList<>();
    static final List<Double> pages = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: GroupTransitions PROVISIONING_URL TOKEN_URL CLIENT_ID SECRET BOOTSTRAP TENANT"
                    + " ROLLOUT_ID UVC");
            System.exit(2);
        }
        provisioning = args[0];
        tokenUrl = args[1];
        clientId = args[2];
        secret = args[3];
        tenant = args[5];
        rollout = args[6];
        uvc = args[7];
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[4]);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            int groups = progress().get("groups").size();
            for (int g = 0; g < groups; g++) {
                JsonNode now = progress();
                if (now.get("currentGroup").asInt() != g) {
                    throw new IllegalStateException("expected group " + g + " to run: " + now);
                }
                List<String> macs = offered();
                if (macs.isEmpty()) {
                    throw new IllegalStateException("group " + g + " runs without offered devices: " + now);
                }
                int before = now.get("groups").get(g).get("devices").path("confirmed").asInt();
                long start = System.nanoTime();
                for (String mac : macs.subList(0, macs.size() - 1)) {
                    producer.send(record(mac));
                }
                producer.flush();
                double sent = seconds(start);
                int burst = before + macs.size() - 1;
                final int group = g;
                await(p -> p.get("groups").get(group).get("devices").path("confirmed").asInt() >= burst, 1800);
                double drained = seconds(start);

                // the next group with devices has them all offered, or (none left: the dynamic last group is empty)
                // the rollout finished
                final int next = g + 1;
                Predicate<JsonNode> advanced = p -> "finished".equals(p.get("status").asText())
                        || p.get("currentGroup").asInt() == next
                        && p.get("groups").get(next).get("devices").path("scheduled").asInt() == 0
                        && p.get("groups").get(next).get("devices").path("offered").asInt() > 0;
                long last = System.nanoTime();
                producer.send(record(macs.get(macs.size() - 1))).get();
                JsonNode after = await(advanced, 600);
                double transition = seconds(last);
                String status = after.get("status").asText();
                System.out.printf(Locale.ROOT, "group %d %d %.2f %.2f %.3f %s%n", g, macs.size(), sent, drained,
                        transition, "finished".equals(status) ? "finished" : "group-" + next);
                if ("finished".equals(status)) {
                    break;
                }
                if (!"running".equals(status)) {
                    throw new IllegalStateException("the rollout stopped running: " + after);
                }
            }
        }
        System.out.printf(Locale.ROOT, "get-during %.1f %.1f %d%n", percentile(during, 50), percentile(during, 99),
                during.size());
        System.out.printf(Locale.ROOT, "list %.1f %.1f %d%n", percentile(pages, 50), percentile(pages, 99),
                pages.size());
    }

    /** Provisioning's check-in of a Maxwell 1.0 boot that fetched step 3 of the UVC, as CheckinJson writes it. */
    static ProducerRecord<String, String> record(String mac) {
        String at = Instant.now().toString();
        String files = "[\"provisioning.xml\",\"nvm/updates.xml\",\"nvm/settings.xml\"]";
        String json = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"device.fetched\",\"schemaVersion\":1,"
                + "\"aggregateType\":\"device\",\"aggregateId\":\"" + mac + "\",\"tenantId\":\"" + tenant + "\","
                + "\"occurredAt\":\"" + at + "\",\"payload\":{\"mac\":\"" + mac + "\",\"tenantId\":\"" + tenant
                + "\",\"service\":\"provisioning\",\"file\":\"nvm/settings.xml\",\"files\":" + files + ",\"uvc\":\""
                + uvc + "\",\"firmwareVersion\":null,\"sourceIp\":\"10.0.0.7\",\"userAgent\":\"Gigaset Maxwell "
                + "3/2.22.4;" + mac.toUpperCase(Locale.ROOT) + "\",\"at\":\"" + at + "\",\"protocol\":\"http\"}}";
        return new ProducerRecord<>("device-checkins", mac, json);
    }

    /** Every MAC the rollout has offered and that has not checked in yet: the running group's. */
    static List<String> offered() throws Exception {
        List<String> macs = new ArrayList<>();
        for (int page = 0; ; page++) {
            long start = System.nanoTime();
            JsonNode body = get("/api/v1/rollouts/" + rollout + "/devices?state=offered&size=500&page=" + page);
            pages.add(seconds(start) * 1000);
            body.get("items").forEach(item -> macs.add(item.get("mac").asText()));
            if ((long) (page + 1) * 500 >= body.get("total").asLong()) {
                return macs;
            }
        }
    }

    static JsonNode progress() throws Exception {
        return get("/api/v1/rollouts/" + rollout);
    }

    /** Asks for the rollout's progress every 20 ms until it satisfies the condition; each read's time is kept. */
    static JsonNode await(Predicate<JsonNode> condition, int limitSeconds) throws Exception {
        long start = System.nanoTime();
        while (true) {
            long asked = System.nanoTime();
            JsonNode body = progress();
            during.add(seconds(asked) * 1000);
            if (condition.test(body)) {
                return body;
            }
            if (seconds(start) > limitSeconds) {
                throw new IllegalStateException("not there after " + limitSeconds + " s: " + body);
            }
            Thread.sleep(20);
        }
    }

    static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(provisioning + path))
                .header("Authorization", "Bearer " + token()).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** A client-credentials token, taken anew every minute (they live five). */
    static String token() throws Exception {
        if (token == null || System.nanoTime() - tokenAt > 60_000_000_000L) {
            String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                    + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            token = JSON.readTree(response.body()).get("access_token").asText();
            tokenAt = System.nanoTime();
        }
        return token;
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
