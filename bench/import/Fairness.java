import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a partner's single registration takes until the redirect service answers it, for bench/import/run.sh: run
 * as a single-file program (JDK 17, no dependencies; curl from bash cannot time milliseconds).
 * <pre>
 *   java Fairness.java INVENTORY REDIRECT TOKEN_URL CLIENT_ID CLIENT_SECRET FIRST_MAC COUNT STOP_FILE INTERVAL_MS DETAILS
 *        [LATER_FILE]
 * </pre>
 * Registers devices FIRST_MAC, FIRST_MAC + 1, ... one every INTERVAL_MS (on a fixed schedule, whether or not the earlier
 * ones were answered) with {@code PUT INVENTORY/api/v1/devices/<mac>}, COUNT of them, or with COUNT 0 until STOP_FILE
 * exists. For each, the clock starts before the PUT is sent and stops when {@code GET REDIRECT/device/<mac>} is answered
 * with 302; the lookup is asked again from the PUT's answer on, every 10 ms at first and then every 2% of the time
 * waited so far (at most every 100 ms): a figure is late by at most the larger of the two, and the bench's own load
 * on the redirect service stays small while many registrations wait. Prints "registering" when the first one goes
 * out, "answered MAC MS" for each one answered (so the benchmark can tell their events from the import's), then, after
 * the last one was answered (or 120 s after it was sent), one line:
 * {@code result COUNT P50 P99 MAX OVER_500MS OVER_2S UNANSWERED FAILED API_P50 API_P99} (milliseconds; FAILED: PUTs not
 * answered 200/201; API: the PUT's own answer), and with LATER_FILE the same line starting {@code result-later} for
 * the registrations sent once that file existed (the benchmark creates it when the import's request is answered).
 * DETAILS gets one line per device: mac, PUT status, PUT ms, 302 ms, 1 if sent once LATER_FILE existed else 0.
 */
public class Fairness {

    static final Duration DRAIN = Duration.ofSeconds(120);
    static final String BODY = "{\"vendor\":\"gigaset-maxwell\",\"model\":\"mx3b\",\"serial\":\"FAIR%s\",\"profile\":\"bench\"}";

    /** One registration, filled in by the HTTP client's threads. */
    static final class Registration {
        final String mac;
        final boolean later;
        final long sent = System.nanoTime();
        volatile int putStatus;
        volatile long putNanos = -1;
        volatile long answeredNanos = -1;

        Registration(String mac, boolean later) {
            this.mac = mac;
            this.later = later;
        }
    }

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final Set<Registration> pending = ConcurrentHashMap.newKeySet();
    final List<Registration> all = Collections.synchronizedList(new ArrayList<>());
    final String inventory;
    final String redirect;
    final String tokenUrl;
    final String clientId;
    final String clientSecret;
    volatile String token;

    Fairness(String inventory, String redirect, String tokenUrl, String clientId, String clientSecret) {
        this.inventory = inventory;
        this.redirect = redirect;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 10 && args.length != 11) {
            System.err.println("usage: Fairness INVENTORY REDIRECT TOKEN_URL CLIENT_ID CLIENT_SECRET FIRST_MAC COUNT"
                    + " STOP_FILE INTERVAL_MS DETAILS [LATER_FILE]");
            System.exit(2);
        }
        Fairness fairness = new Fairness(args[0], args[1], args[2], args[3], args[4]);
        int exit = fairness.run(Long.parseLong(args[5], 16), Integer.parseInt(args[6]), Path.of(args[7]),
                Long.parseLong(args[8]), Path.of(args[9]), args.length > 10 ? Path.of(args[10]) : null);
        System.exit(exit);
    }

    int run(long firstMac, int count, Path stopFile, long intervalMillis, Path details, Path laterFile)
            throws Exception {
        token = fetchToken();
        // Tokens live 5 minutes; a registration never waits for a new one.
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                token = fetchToken();
            } catch (Exception e) {
                System.err.println("token refresh failed: " + e);
            }
        }, 60, 60, TimeUnit.SECONDS);
        AtomicInteger started = new AtomicInteger();
        System.out.println("registering");
        System.out.flush();
        ScheduledFuture<?> registering = scheduler.scheduleAtFixedRate(() -> {
            int i = started.get();
            if (count > 0 && i >= count) {
                return;
            }
            started.incrementAndGet();
            register(String.format("%012x", firstMac + i), laterFile != null && Files.exists(laterFile));
        }, 0, intervalMillis, TimeUnit.MILLISECONDS);
        while (count > 0 ? started.get() < count : !Files.exists(stopFile)) {
            Thread.sleep(10);
        }
        registering.cancel(false);
        long drainUntil = System.nanoTime() + DRAIN.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < drainUntil) {
            Thread.sleep(10);
        }
        scheduler.shutdownNow();
        return summarise(details, laterFile != null);
    }

    void register(String mac, boolean later) {
        Registration registration = new Registration(mac, later);
        all.add(registration);
        pending.add(registration);
        HttpRequest put = HttpRequest.newBuilder(URI.create(inventory + "/api/v1/devices/" + mac))
                .timeout(DRAIN).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(String.format(BODY, mac))).build();
        client.sendAsync(put, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            registration.putNanos = System.nanoTime() - registration.sent;
            registration.putStatus = failure == null ? response.statusCode() : -1;
            if (failure != null || (response.statusCode() != 200 && response.statusCode() != 201)) {
                pending.remove(registration);
                System.err.println("PUT " + mac + ": " + (failure != null ? failure : "HTTP " + response.statusCode()));
                return;
            }
            poll(registration);
        });
    }

    void poll(Registration registration) {
        HttpRequest get = HttpRequest.newBuilder(URI.create(redirect + "/device/" + registration.mac))
                .timeout(Duration.ofSeconds(30)).GET().build();
        client.sendAsync(get, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            long waited = System.nanoTime() - registration.sent;
            if (failure == null && response.statusCode() == 302) {
                registration.answeredNanos = waited;
                pending.remove(registration);
                System.out.printf(Locale.ROOT, "answered %s %.1f%n", registration.mac, waited / 1e6);
                return;
            }
            if (waited > DRAIN.toNanos()) {
                return;
            }
            long delayMicros = Math.min(100_000, Math.max(10_000, waited / 1000 / 50));
            try {
                scheduler.schedule(() -> poll(registration), delayMicros, TimeUnit.MICROSECONDS);
            } catch (RuntimeException shutDown) {
                // the run is over; this registration stays unanswered
            }
        });
    }

    int summarise(Path details, boolean withLater) throws IOException {
        List<Registration> registrations;
        synchronized (all) {
            registrations = new ArrayList<>(all);
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(details))) {
            for (Registration r : registrations) {
                out.printf(Locale.ROOT, "%s %d %.1f %.1f %d%n", r.mac, r.putStatus, r.putNanos / 1e6,
                        r.answeredNanos < 0 ? -1 : r.answeredNanos / 1e6, r.later ? 1 : 0);
            }
        }
        int answered = summarise("result", registrations);
        if (withLater) {
            summarise("result-later", registrations.stream().filter(r -> r.later).toList());
        }
        return answered == 0 ? 1 : 0;
    }

    /** Prints the result line of these registrations and returns how many were answered. */
    static int summarise(String label, List<Registration> registrations) {
        List<Double> answered = new ArrayList<>();
        List<Double> api = new ArrayList<>();
        int failed = 0;
        int unanswered = 0;
        for (Registration r : registrations) {
            if (r.putStatus != 200 && r.putStatus != 201) {
                failed++;
                continue;
            }
            api.add(r.putNanos / 1e6);
            if (r.answeredNanos < 0) {
                unanswered++;
            } else {
                answered.add(r.answeredNanos / 1e6);
            }
        }
        Collections.sort(answered);
        Collections.sort(api);
        long over500 = answered.stream().filter(ms -> ms > 500).count();
        long over2s = answered.stream().filter(ms -> ms > 2000).count();
        System.out.printf(Locale.ROOT, "%s %d %.1f %.1f %.1f %d %d %d %d %.1f %.1f%n", label, answered.size(),
                percentile(answered, 50), percentile(answered, 99),
                answered.isEmpty() ? 0 : answered.get(answered.size() - 1), over500, over2s, unanswered, failed,
                percentile(api, 50), percentile(api, 99));
        return answered.size();
    }

    /** Nearest rank: the smallest value that at least p% of the values do not exceed. */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    String fetchToken() throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IOException("token: HTTP " + response.statusCode() + " " + response.body());
        }
        return token.group(1);
    }
}
