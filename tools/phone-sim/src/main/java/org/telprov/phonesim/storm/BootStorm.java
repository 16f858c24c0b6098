package org.telprov.phonesim.storm;

import org.telprov.phonesim.Family;
import org.telprov.phonesim.PhoneOptions;
import org.telprov.phonesim.PhoneSimulator;
import org.telprov.phonesim.http.JdkTransport;
import org.telprov.phonesim.http.KeepAliveTransport;
import org.telprov.phonesim.http.Transport;
import org.telprov.phonesim.report.Report;
import org.telprov.phonesim.report.SettingsOutcome;
import org.telprov.phonesim.report.Step;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many phones of one family booting at once: {@code concurrency} threads each boot one phone after another until
 * {@code devices} have booted. Each thread owns a {@link KeepAliveTransport} (blocking HTTP/1.1, a kept-alive
 * connection per origin; TLS through one shared JDK client), so threads and sockets are bounded by the concurrency, not
 * by the number of phones, and the simulator's CPU goes to the phones rather than to an asynchronous client's
 * hand-offs. A phone's report is folded into the counts as soon as it is done, so 100,000 phones fit in one process.
 */
public final class BootStorm {

    /** Each storm thread only runs a phone's sequential requests: a small stack is plenty. */
    private static final long STACK_BYTES = 256 * 1024;
    private static final int BAR_WIDTH = 30;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Family family;
    private final PhoneOptions template;
    private final StormOptions options;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<SettingsOutcome, AtomicInteger> settings = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> firmware = new ConcurrentHashMap<>();

    private BootStorm(Family family, PhoneOptions template, StormOptions options) {
        this.family = family;
        this.template = template;
        this.options = options;
    }

    /**
     * Boots the storm's phones; each gets the template's options with its own MAC.
     *
     * @throws InterruptedException when interrupted while waiting for the phones
     */
    public static StormSummary run(Family family, PhoneOptions template, StormOptions options)
            throws InterruptedException {
        return new BootStorm(family, template, options).run();
    }

    private StormSummary run() throws InterruptedException {
        ExecutorService executor = PhoneSimulator.httpExecutor(Math.max(2, Runtime.getRuntime().availableProcessors()));
        try {
            return run(new JdkTransport(PhoneSimulator.httpClient(executor, CONNECT_TIMEOUT)));
        } finally {
            executor.shutdownNow();
        }
    }

    private StormSummary run(Transport tls) throws InterruptedException {
        int threads = Math.min(options.concurrency(), options.devices());
        List<Worker> workers = new ArrayList<>(threads);
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Worker worker = new Worker(new KeepAliveTransport(tls, CONNECT_TIMEOUT));
            Thread thread = new Thread(null, worker, "phone-" + (i + 1), STACK_BYTES);
            thread.setDaemon(true);
            worker.thread = thread;
            workers.add(worker);
            thread.start();
        }
        Thread progress = options.progress() == null ? null : progress(options.progress(), start);
        try {
            for (Worker worker : workers) {
                worker.thread.join();
            }
        } finally {
            if (progress != null) {
                progress.interrupt();
                progress.join();
            }
        }
        long nanos = System.nanoTime() - start;
        Map<String, Integer> byReason = new LinkedHashMap<>();
        failures.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, AtomicInteger> e) -> -e.getValue().get())
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> byReason.put(e.getKey(), e.getValue().get()));
        Map<SettingsOutcome, Integer> bySettings = new EnumMap<>(SettingsOutcome.class);
        settings.forEach((outcome, count) -> bySettings.put(outcome, count.get()));
        Map<String, Integer> byFirmware = new TreeMap<>();
        firmware.forEach((version, count) -> byFirmware.put(version, count.get()));
        return new StormSummary(family.id(), options.devices(), options.concurrency(),
                done.get() - failed.get(), failed.get(), byReason, bySettings, byFirmware, requests.get(),
                Latencies.percentiles(workers.stream().map(w -> w.requests).toList()),
                Latencies.percentiles(workers.stream().map(w -> w.phones).toList()), nanos);
    }

    /** One storm thread: boots phones until none are left, keeping its own latencies. */
    private final class Worker implements Runnable {
        private final KeepAliveTransport transport;
        private final PhoneSimulator simulator;
        private final Latencies requests = new Latencies();
        private final Latencies phones = new Latencies();
        private Thread thread;

        private Worker(KeepAliveTransport transport) {
            this.transport = transport;
            this.simulator = new PhoneSimulator(transport, options.store());
        }

        @Override
        public void run() {
            try (transport) {
                boot();
            }
        }

        private void boot() {
            for (int index = next.getAndIncrement(); index < options.devices(); index = next.getAndIncrement()) {
                Report report = simulator.boot(family, template.withMac(options.mac(index)));
                phones.add(report.nanos());
                int made = 0;
                for (Step step : report.steps()) {
                    if (step.isRequest()) {
                        requests.add(step.nanos());
                        made++;
                    }
                }
                BootStorm.this.requests.addAndGet(made);
                settings.computeIfAbsent(report.settings(), o -> new AtomicInteger()).incrementAndGet();
                if (report.firmware() != null) {
                    firmware.computeIfAbsent(report.firmware(), v -> new AtomicInteger()).incrementAndGet();
                }
                if (!report.ok()) {
                    failed.incrementAndGet();
                    failures.computeIfAbsent(report.reason(), r -> new AtomicInteger()).incrementAndGet();
                }
                done.incrementAndGet();
            }
        }
    }

    /** Redraws {@code [#####-----] done/total  rate/s  failed n} on one line every 200 ms, and once at the end. */
    private Thread progress(PrintStream out, long start) {
        Thread thread = new Thread(() -> {
            boolean running = true;
            while (running) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    running = false;
                }
                out.print("\r" + bar(System.nanoTime() - start));
                out.flush();
            }
            out.println();
        }, "phone-sim-progress");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private String bar(long nanos) {
        int total = options.devices();
        int finished = done.get();
        int filled = (int) ((long) finished * BAR_WIDTH / total);
        double seconds = Math.max(nanos / 1e9, 1e-3);
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] "
                + finished + "/" + total + String.format("  %.0f phones/s", finished / seconds)
                + "  failed " + failed.get() + "   ";
    }
}
