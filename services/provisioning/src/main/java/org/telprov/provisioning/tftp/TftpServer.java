package org.telprov.provisioning.tftp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.telprov.events.DeviceCheckin;
import org.telprov.provisioning.file.DeviceAnswer;
import org.telprov.provisioning.file.DeviceFiles;
import org.telprov.support.probing.ProbeBudget;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Serves the device files over TFTP (RFC 1350 read requests with the options of RFC 2347: blksize RFC 2348, timeout
 * and tsize RFC 2349, windowsize RFC 7440) on {@code telprov.provisioning.tftp.port}, the same bytes as HTTP at the
 * same path ({@link TftpFiles}); docs/device-files.md#tftp. Write requests and every other request are refused with an
 * error packet; a file the device does not get is error 1 and nothing more, as HTTP's empty 404.
 *
 * <p>On Vert.x' datagram sockets rather than a {@code DatagramChannel} with threads of its own: the event loop already
 * runs the HTTP device path, timers are its cheap one-shot timers, and a transfer's socket and state belong to one
 * event loop, so nothing is shared between threads but the transfer count. The file is resolved on a worker thread, as
 * HTTP's lookups that need the database are. The firmware image, a redirect to its signed link over HTTP, is fetched
 * from that link with Vert.x' HTTP client and streamed block by block ({@link TftpTransfer}), never held whole. A source address gets {@code requests.rate} requests a second (beyond
 * them they are dropped unanswered), and at most {@code max-transfers} run at once.
 */
@ApplicationScoped
public class TftpServer {

    private static final int MIN_BLOCK_SIZE = 8;
    private static final int DEFAULT_BLOCK_SIZE = 512;
    private static final int MAX_TIMEOUT_SECONDS = 255;

    private final TftpConfig config;
    private final TftpFiles files;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final ProbeBudget requests;
    private final AtomicInteger active = new AtomicInteger();
    /** The clients (address and port) with a transfer, so that a repeated request starts no second one. */
    private final Set<SocketAddress> clients = ConcurrentHashMap.newKeySet();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter retransmissions;
    /** For the firmware image's signed link: streamed, never held whole. */
    private final HttpClient links;
    private volatile DatagramSocket socket;

    public TftpServer(TftpConfig config, TftpFiles files, Vertx vertx, MeterRegistry registry) {
        this.config = config;
        this.files = files;
        this.vertx = vertx;
        this.registry = registry;
        this.requests = new ProbeBudget(config.requests(), "provisioning.tftp", registry);
        this.links = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setIdleTimeout(30)
                .setMaxPoolSize(config.maxTransfers()));
        this.retransmissions = Counter.builder("telprov.provisioning.tftp.retransmissions")
                .description("TFTP blocks and option acknowledgements sent again after a timeout").register(registry);
        Gauge.builder("telprov.provisioning.tftp.transfers.active", active, AtomicInteger::get)
                .description("TFTP transfers in progress").register(registry);
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        if (!config.enabled()) {
            return;
        }
        DatagramSocket listening = vertx.createDatagramSocket(new DatagramSocketOptions());
        listening.handler(this::request);
        socket = listening.listen(config.port(), config.host()).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        Log.infof("TFTP listening on %s:%d", config.host(), port());
    }

    void onStop(@Observes ShutdownEvent event) {
        DatagramSocket listening = socket;
        if (listening != null) {
            listening.close();
        }
    }

    /** The port requests are taken on, once started (the one chosen when configured as 0); -1 when off. */
    public int port() {
        DatagramSocket listening = socket;
        return listening == null ? -1 : listening.localAddress().port();
    }

    private void request(DatagramPacket packet) {
        SocketAddress client = packet.sender();
        if (!requests.spend(client.host())) {
            count("dropped");
            return;
        }
        TftpPackets.Request request = TftpPackets.request(packet.data());
        if (request == null) {
            refuse(client, TftpPackets.ILLEGAL_OPERATION, "Illegal TFTP operation", "malformed");
            return;
        }
        if (request.opcode() == TftpPackets.WRQ) {
            refuse(client, TftpPackets.ACCESS_VIOLATION, "Access violation", "write_refused");
            return;
        }
        if (!request.mode().equals("octet") && !request.mode().equals("netascii")) {
            refuse(client, TftpPackets.ILLEGAL_OPERATION, "Illegal TFTP operation", "malformed");
            return;
        }
        TftpFiles.Located located = files.locate(request.fileName(), Instant.now());
        if (located == null) {
            refuse(client, TftpPackets.FILE_NOT_FOUND, "File not found", "not_found");
            return;
        }
        if (!clients.add(client)) {
            // the client sent its request again before our first answer reached it: that transfer answers it
            count("repeated");
            return;
        }
        if (active.incrementAndGet() > config.maxTransfers()) {
            release(client);
            refuse(client, TftpPackets.NOT_DEFINED, "Server busy", "busy");
            return;
        }
        vertx.<DeviceFiles.Delivery>executeBlocking(() -> {
            ManagedContext requestContext = Arc.container().requestContext();
            requestContext.activate();
            try {
                return files.deliver(located, client.host());
            } finally {
                requestContext.terminate();
            }
        }, false).onComplete(delivered -> {
            if (delivered.failed()) {
                Log.warnf(delivered.cause(), "TFTP request for %s failed", request.fileName());
                release(client);
                refuse(client, TftpPackets.NOT_DEFINED, "Internal error", "failed");
                return;
            }
            DeviceAnswer answer = delivered.result().answer();
            if (answer.status() == 429) {
                release(client);
                refuse(client, TftpPackets.NOT_DEFINED, "Too many requests", "limited");
            } else if (answer.status() == 302 && answer.location() != null) {
                stream(client, request, answer.location(), delivered.result());
            } else if (answer.status() != 200 || answer.body() == null) {
                release(client);
                refuse(client, TftpPackets.FILE_NOT_FOUND, "File not found", "not_found");
            } else {
                byte[] bytes = request.mode().equals("netascii") ? TftpPackets.netascii(answer.body())
                        : answer.body();
                transfer(client, request, bytes.length, delivered.result(), null,
                        transfer -> transfer.start(bytes));
            }
        });
    }

    /**
     * The file HTTP redirects to (the firmware image at its signed link), fetched from there and streamed: its bytes as
     * they are, whatever the mode (an image has no lines), its size from the answer's Content-Length. A link that does
     * not answer 200 is error 1, as a file the device does not get.
     */
    private void stream(SocketAddress client, TftpPackets.Request request, String location,
                        DeviceFiles.Delivery delivery) {
        links.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(location))
                .compose(HttpClientRequest::send).onComplete(answered -> {
                    if (answered.failed() || answered.result().statusCode() != 200) {
                        if (answered.succeeded()) {
                            answered.result().request().reset();
                        } else {
                            Log.infof("The link of a TFTP request for %s failed: %s", request.fileName(),
                                    answered.cause().toString());
                        }
                        release(client);
                        refuse(client, TftpPackets.FILE_NOT_FOUND, "File not found", "not_found");
                        return;
                    }
                    HttpClientResponse response = answered.result();
                    response.pause();
                    String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
                    long size = length == null || length.isEmpty() || length.length() > 18
                            || !length.chars().allMatch(Character::isDigit) ? -1 : Long.parseLong(length);
                    transfer(client, request, size, delivery, () -> response.request().reset(),
                            transfer -> transfer.start(response));
                });
    }

    /**
     * @param size   the file's size for the tsize option, -1 when unknown (the option is then left out)
     * @param cancel what lets go of the file's source when the transfer does not complete, or null
     */
    private void transfer(SocketAddress client, TftpPackets.Request request, long size, DeviceFiles.Delivery delivery,
                          Runnable cancel, Consumer<TftpTransfer> start) {
        int blockSize = DEFAULT_BLOCK_SIZE;
        int windowSize = 1;
        long timeout = config.timeout().toMillis();
        Map<String, String> granted = new LinkedHashMap<>();
        TftpPackets.Option blksize = request.options().get("blksize");
        Integer asked = blksize == null ? null : number(blksize.value());
        if (asked != null && asked >= MIN_BLOCK_SIZE) {
            blockSize = Math.min(asked, config.maxBlockSize());
            granted.put(blksize.name(), String.valueOf(blockSize));
        }
        TftpPackets.Option seconds = request.options().get("timeout");
        Integer askedTimeout = seconds == null ? null : number(seconds.value());
        if (askedTimeout != null && askedTimeout >= 1 && askedTimeout <= MAX_TIMEOUT_SECONDS) {
            timeout = askedTimeout * 1000L;
            granted.put(seconds.name(), String.valueOf(askedTimeout));
        }
        TftpPackets.Option tsize = request.options().get("tsize");
        if (tsize != null && number(tsize.value()) != null && size >= 0) {
            granted.put(tsize.name(), String.valueOf(size));
        }
        TftpPackets.Option window = request.options().get("windowsize");
        Integer askedWindow = window == null ? null : number(window.value());
        if (askedWindow != null && askedWindow >= 1) {
            windowSize = Math.min(askedWindow, config.maxWindowSize());
            granted.put(window.name(), String.valueOf(windowSize));
        }
        int chosenBlock = blockSize;
        int chosenWindow = windowSize;
        long chosenTimeout = timeout;
        // a socket of its own, the transfer's TID, on this event loop
        vertx.createDatagramSocket(new DatagramSocketOptions()).listen(0, config.host()).onComplete(bound -> {
            if (bound.failed()) {
                Log.warnf(bound.cause(), "No socket for a TFTP transfer");
                if (cancel != null) {
                    cancel.run();
                }
                release(client);
                count("failed");
                return;
            }
            start.accept(new TftpTransfer(vertx, bound.result(), client, chosenBlock, chosenWindow, chosenTimeout,
                    config.retries(), granted, retransmissions::increment, outcome -> {
                        release(client);
                        count(outcome.tag());
                        if (outcome == TftpTransfer.Outcome.COMPLETED) {
                            delivery.checkIn().accept(DeviceCheckin.TFTP);
                        } else if (cancel != null) {
                            cancel.run();
                        }
                    }));
        });
    }

    private void release(SocketAddress client) {
        clients.remove(client);
        active.decrementAndGet();
    }

    /**
     * Answers with an error packet from a port of its own, as every answer to a request comes from the transfer's TID
     * (clients such as Commons Net's reject an answer from the request port).
     */
    private void refuse(SocketAddress client, int code, String message, String outcome) {
        count(outcome);
        vertx.createDatagramSocket(new DatagramSocketOptions()).listen(0, config.host()).onSuccess(once ->
                once.send(TftpPackets.error(code, message), client.port(), client.host())
                        .onComplete(sent -> once.close()));
    }

    /** A non-negative option value, or null when it is none (such an option is left out of the OACK). */
    private static Integer number(String value) {
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(value);
    }

    /** Requests by how they ended: a closed set of tags. */
    private void count(String outcome) {
        counters.computeIfAbsent(outcome, tag -> Counter.builder("telprov.provisioning.tftp.requests")
                .tag("outcome", tag.toLowerCase(Locale.ROOT)).description("TFTP requests, by how they ended")
                .register(registry)).increment();
    }
}
