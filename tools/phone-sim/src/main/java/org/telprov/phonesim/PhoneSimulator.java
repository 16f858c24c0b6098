package org.telprov.phonesim;

import org.telprov.phonesim.http.JdkTransport;
import org.telprov.phonesim.http.Transport;
import org.telprov.phonesim.phone.AuerswaldPhone;
import org.telprov.phonesim.phone.Maxwell10Phone;
import org.telprov.phonesim.phone.Maxwell11Phone;
import org.telprov.phonesim.phone.Phone;
import org.telprov.phonesim.phone.PhoneRun;
import org.telprov.phonesim.phone.PlugNDialPhone;
import org.telprov.phonesim.report.Report;
import org.telprov.phonesim.report.RunLog;
import org.telprov.phonesim.state.FileStateStore;
import org.telprov.phonesim.state.PhoneState;
import org.telprov.phonesim.state.StateStore;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Boots simulated phones against a provisioning platform: {@code PhoneSimulator.run(family, options)} for one phone
 * from a test or the command line, an instance for phones booting one after another over one transport and sharing
 * a state store.
 */
public final class PhoneSimulator {

    private final Transport transport;
    private final StateStore store;

    public PhoneSimulator(HttpClient client, StateStore store) {
        this(new JdkTransport(client), store);
    }

    public PhoneSimulator(Transport transport, StateStore store) {
        this.transport = transport;
        this.store = store;
    }

    /**
     * One phone, one boot. It remembers its state in {@code options.stateDir()} if set; without it, it boots as a
     * factory-new phone and forgets everything afterwards.
     */
    public static Report run(Family family, PhoneOptions options) {
        StateStore store = options.stateDir().<StateStore>map(FileStateStore::new).orElseGet(StateStore::none);
        return new PhoneSimulator(Clients.SHARED, store).boot(family, options);
    }

    /** Boots the phone once; its state is loaded before and saved after, failed or not (it keeps what it kept). */
    public Report boot(Family family, PhoneOptions options) {
        Phone phone = phone(family);
        PhoneState state = store.load(options.mac());
        RunLog log = new RunLog();
        PhoneRun run = new PhoneRun(transport, options, state, log, phone.userAgent(options, state));
        long start = System.nanoTime();
        String reason = null;
        String detail = null;
        try {
            phone.boot(run);
        } catch (PhoneFailure failure) {
            reason = failure.reason();
            detail = failure.getMessage();
        } catch (RuntimeException e) {
            // a bug or an input the simulator did not foresee: one phone fails, a storm goes on
            reason = "simulator error (" + e.getClass().getSimpleName() + ")";
            detail = String.valueOf(e.getMessage());
        }
        long nanos = System.nanoTime() - start;
        store.save(options.mac(), state);
        return new Report(family.id(), options.mac().toString(), reason == null, reason, detail,
                phone.uvc(state).orElse(null), phone.firmware(options, state).orElse(null), log.settings(),
                log.steps(), log.files(), state.params(), nanos);
    }

    private static Phone phone(Family family) {
        return switch (family) {
            case MAXWELL_1_0 -> new Maxwell10Phone();
            case MAXWELL_1_1 -> new Maxwell11Phone();
            case AUERSWALD -> new AuerswaldPhone();
            case PLUG_N_DIAL -> new PlugNDialPhone();
        };
    }

    /**
     * An HTTP client that talks like a phone: HTTP/1.1 (phones do not upgrade to h2c), redirects handed back so each
     * hop is a step, a fixed number of daemon threads for its own work whatever the number of phones.
     */
    public static HttpClient httpClient(ExecutorService executor, Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .executor(executor)
                .build();
    }

    /** A fixed pool of daemon threads for an HTTP client's own work. */
    public static ExecutorService httpExecutor(int threads) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "phone-sim-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The client of {@link #run}, made once per process. */
    private static final class Clients {
        static final HttpClient SHARED = httpClient(
                httpExecutor(Math.max(2, Runtime.getRuntime().availableProcessors())), Duration.ofSeconds(10));
    }
}
