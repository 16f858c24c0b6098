import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * How many events a second each consumer of inventory's device events applies while it has a backlog, for
 * bench/import/run.sh: run as a single-file program (JDK 17, no dependencies).
 * <pre>
 *   java ConsumerRate.java STOP_FILE NAME=BASE_URL|METRIC|LABEL|LABEL... [NAME=...]
 * </pre>
 * Every 250 ms until STOP_FILE exists, reads each service's BASE_URL/q/metrics (each service on a thread of its own, so
 * one that does not answer, paused say, delays no other's samples) and sums METRIC over the series that
 * carry every LABEL (e.g. {@code outcome="applied"}). A service is busy in a 250-ms interval in which its counter grew
 * by more than 500 a second (ten times the single registrations the benchmark sends meanwhile); its backlog is drained
 * from the start of its first busy interval to the end of its last one, and its rate is the events applied in that
 * window over its length. The peak is the most it applied in any second (over samples at least 1 s apart). Prints
 * "sampling" after the first samples, then per service one line
 * {@code rate NAME EVENTS SECONDS EVENTS_PER_S PEAK_PER_S} (EVENTS 0 when it was never busy).
 */
public class ConsumerRate {

    // not more often: the scrapes take CPU the consumers they measure need on a two-core machine
    static final long INTERVAL_MILLIS = 250;
    static final double BUSY_PER_SECOND = 500;

    record Source(String name, URI metrics, String metric, List<String> labels) {
        static Source parse(String arg) {
            String[] nameAndRest = arg.split("=", 2);
            String[] parts = nameAndRest[1].split("\\|");
            return new Source(nameAndRest[0], URI.create(parts[0] + "/q/metrics"), parts[1],
                    Arrays.asList(parts).subList(2, parts.length));
        }
    }

    record Sample(long nanos, double value) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ConsumerRate STOP_FILE NAME=BASE_URL|METRIC|LABEL... [NAME=...]");
            System.exit(2);
        }
        Path stopFile = Path.of(args[0]);
        List<Source> sources = Arrays.stream(args).skip(1).map(Source::parse).toList();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // A sampler per service, so a service that does not answer (paused, say) delays no other's samples.
        List<List<Sample>> samples = new ArrayList<>();
        List<Thread> samplers = new ArrayList<>();
        CountDownLatch firstAttempts = new CountDownLatch(sources.size());
        for (Source source : sources) {
            List<Sample> own = new ArrayList<>();
            samples.add(own);
            Thread sampler = new Thread(() -> sample(client, source, own, stopFile, firstAttempts));
            sampler.start();
            samplers.add(sampler);
        }
        firstAttempts.await();
        System.out.println("sampling");
        System.out.flush();
        for (Thread sampler : samplers) {
            sampler.join();
        }
        for (int i = 0; i < sources.size(); i++) {
            System.out.println(summarise(sources.get(i).name(), samples.get(i)));
        }
    }

    static void sample(HttpClient client, Source source, List<Sample> samples, Path stopFile,
                       CountDownLatch firstAttempts) {
        long next = System.nanoTime();
        while (!Files.exists(stopFile)) {
            Double value = read(client, source);
            if (value != null) {
                samples.add(new Sample(System.nanoTime(), value));
            }
            firstAttempts.countDown();
            next += INTERVAL_MILLIS * 1_000_000;
            long sleep = (next - System.nanoTime()) / 1_000_000;
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();
            }
        }
        firstAttempts.countDown();
    }

    /** The counter's sum over the matching series; 0 before it exists, null when the service did not answer. */
    static Double read(HttpClient client, Source source) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(source.metrics())
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            double sum = 0;
            for (String line : response.body().split("\n")) {
                if (!line.startsWith(source.metric() + "{") && !line.startsWith(source.metric() + " ")) {
                    continue;
                }
                if (source.labels().stream().allMatch(line::contains)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (Exception e) {
            return null;
        }
    }

    static String summarise(String name, List<Sample> samples) {
        int firstBusy = -1;
        int lastBusy = -1;
        double peak = 0;
        for (int i = 1; i < samples.size(); i++) {
            Sample before = samples.get(i - 1);
            Sample now = samples.get(i);
            if ((now.value() - before.value()) / ((now.nanos() - before.nanos()) / 1e9) > BUSY_PER_SECOND) {
                if (firstBusy < 0) {
                    firstBusy = i - 1;
                }
                lastBusy = i;
            }
            // the latest sample at least a second before this one
            for (int j = i - 1; j >= 0; j--) {
                double seconds = (now.nanos() - samples.get(j).nanos()) / 1e9;
                if (seconds >= 1) {
                    peak = Math.max(peak, (now.value() - samples.get(j).value()) / seconds);
                    break;
                }
            }
        }
        if (firstBusy < 0) {
            return "rate " + name + " 0 0 0 " + Math.round(peak);
        }
        Sample start = samples.get(firstBusy);
        Sample end = samples.get(lastBusy);
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        double events = end.value() - start.value();
        return String.format(Locale.ROOT, "rate %s %.0f %.2f %.0f %.0f", name, events, seconds, events / seconds, peak);
    }
}
