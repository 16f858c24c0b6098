package org.telprov.provisioning.tftp;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One read transfer, on a socket of its own (its TID, RFC 1350) and on that socket's event loop, so its state needs no
 * locks. Sends a window of blocks (RFC 7440; one block without the option) and the next window once the client
 * acknowledges a block of it: an acknowledgement of a block inside the window sends the window again from the block
 * after it. Only a timeout sends anything again, never a repeated acknowledgement, so a duplicated ACK (the Sorcerer's
 * Apprentice problem, RFC 1123 4.2.3.1) can neither double nor corrupt the stream. Gives up after the retries, which
 * frees everything of a client that vanished.
 *
 * <p>The bytes are a rendered file held whole, or a stream (the firmware image from the firmware service) of which it
 * holds only what is sent and not yet acknowledged plus a little read-ahead: the stream is paused beyond that.
 */
final class TftpTransfer {

    /** How a transfer ended; the {@code outcome} tag of {@code telprov_provisioning_tftp_requests_total}. */
    enum Outcome {
        COMPLETED, TIMED_OUT, ABORTED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Read ahead of the window, in bytes, before a stream is paused. */
    private static final int READ_AHEAD = 64 * 1024;

    private final Vertx vertx;
    private final DatagramSocket socket;
    private final SocketAddress peer;
    private final int blockSize;
    private final int windowSize;
    private final long timeoutMillis;
    private final int retries;
    private final Map<String, String> granted;
    private final Runnable retransmitted;
    private final Consumer<Outcome> done;
    /** The bytes from {@link #held} on, not yet acknowledged or not yet sent. */
    private final ArrayDeque<Buffer> chunks = new ArrayDeque<>();
    /** The file offset of the first held byte. */
    private long held;
    /** The file offset after the last held byte. */
    private long received;
    /** Whether every byte of the file was received. */
    private boolean complete;
    private ReadStream<Buffer> stream;
    private boolean paused;
    /** The highest block acknowledged, absolute (block numbers on the wire roll over at 65536). */
    private long acked;
    /** The highest block sent, absolute. */
    private long sent;
    private boolean started;
    private boolean awaitingOptionAck;
    private int attempts;
    private long timer = -1;
    private boolean finished;

    /**
     * @param granted the options of the OACK, empty when none is sent and the first block goes out at once
     * @param done    called once, on the transfer's event loop, after its socket was closed
     */
    TftpTransfer(Vertx vertx, DatagramSocket socket, SocketAddress peer, int blockSize, int windowSize,
                 long timeoutMillis, int retries, Map<String, String> granted, Runnable retransmitted,
                 Consumer<Outcome> done) {
        this.vertx = vertx;
        this.socket = socket;
        this.peer = peer;
        this.blockSize = blockSize;
        this.windowSize = windowSize;
        this.timeoutMillis = timeoutMillis;
        this.retries = retries;
        this.granted = granted;
        this.retransmitted = retransmitted;
        this.done = done;
    }

    /** Sends the file held whole. */
    void start(byte[] bytes) {
        chunks.add(Buffer.buffer(bytes));
        received = bytes.length;
        complete = true;
        start();
    }

    /** Sends the stream's bytes as they come; a failing stream ends the transfer with an error. */
    void start(ReadStream<Buffer> bytes) {
        stream = bytes;
        bytes.handler(this::append);
        bytes.endHandler(v -> {
            complete = true;
            sendAvailable();
        });
        bytes.exceptionHandler(e -> {
            send(TftpPackets.error(TftpPackets.NOT_DEFINED, "Read error"));
            finish(Outcome.ABORTED);
        });
        start();
        bytes.resume();
    }

    private void start() {
        started = true;
        socket.handler(this::packet);
        if (granted.isEmpty()) {
            sendWindow();
        } else {
            awaitingOptionAck = true;
            send(TftpPackets.oack(granted));
            arm();
        }
    }

    private void append(Buffer chunk) {
        if (finished) {
            return;
        }
        chunks.add(chunk);
        received += chunk.length();
        if (received - held > (long) windowSize * blockSize + READ_AHEAD) {
            paused = true;
            stream.pause();
        }
        if (started && !awaitingOptionAck) {
            sendAvailable();
        }
    }

    private void packet(DatagramPacket packet) {
        if (finished) {
            return;
        }
        if (!packet.sender().equals(peer)) {
            // another host or port: told so, and the transfer goes on (RFC 1350 section 4)
            socket.send(TftpPackets.error(TftpPackets.UNKNOWN_TRANSFER_ID, "Unknown transfer ID"),
                    packet.sender().port(), packet.sender().host());
            return;
        }
        Buffer data = packet.data();
        switch (TftpPackets.opcode(data)) {
            case TftpPackets.ACK -> acknowledged(TftpPackets.block(data));
            case TftpPackets.ERROR -> finish(Outcome.ABORTED);
            default -> {
                send(TftpPackets.error(TftpPackets.ILLEGAL_OPERATION, "Illegal TFTP operation"));
                finish(Outcome.ABORTED);
            }
        }
    }

    private void acknowledged(int block) {
        if (block < 0) {
            return;
        }
        if (awaitingOptionAck) {
            if (block == 0) {
                awaitingOptionAck = false;
                attempts = 0;
                sendWindow();
            }
            return;
        }
        long ahead = (block - (acked & 0xffff)) & 0xffff;
        if (ahead == 0 || acked + ahead > sent) {
            // a repeated or stale acknowledgement: answering it is what would double the stream
            return;
        }
        acked += ahead;
        attempts = 0;
        if (complete && acked == lastBlock()) {
            finish(Outcome.COMPLETED);
            return;
        }
        release(acked * blockSize);
        sendWindow();
    }

    /** The last block (short, possibly empty), once the whole file was received. */
    private long lastBlock() {
        return received / blockSize + 1;
    }

    /** Whether the block's bytes are all held (a full block, or the last one). */
    private boolean available(long block) {
        return complete ? block <= lastBlock() : block * blockSize <= received;
    }

    /** The blocks after the last acknowledged one, as many as the window holds and are received. */
    private void sendWindow() {
        sent = acked;
        sendAvailable();
        arm();
    }

    /** The blocks of the window not sent yet that have been received since. */
    private void sendAvailable() {
        if (finished || awaitingOptionAck || !started) {
            return;
        }
        long from = sent;
        while (sent < acked + windowSize && available(sent + 1)) {
            sent++;
            long offset = (sent - 1) * blockSize;
            send(data(sent, offset, (int) Math.min(blockSize, received - offset)));
        }
        if (sent > from && timer < 0) {
            arm();
        }
    }

    /** A DATA packet of the held bytes from {@code offset}, copied across the chunks they lie in. */
    private Buffer data(long block, long offset, int length) {
        Buffer packet = Buffer.buffer(4 + length).appendUnsignedShort(TftpPackets.DATA)
                .appendUnsignedShort((int) (block & 0xffff));
        long chunkStart = held;
        int missing = length;
        for (Buffer chunk : chunks) {
            long chunkEnd = chunkStart + chunk.length();
            if (missing > 0 && chunkEnd > offset) {
                int from = (int) Math.max(0, offset - chunkStart);
                int to = (int) Math.min(chunk.length(), from + missing);
                packet.appendBuffer(chunk, from, to - from);
                missing -= to - from;
                offset += to - from;
            }
            chunkStart = chunkEnd;
            if (missing == 0) {
                break;
            }
        }
        return packet;
    }

    /** Forgets the chunks wholly before {@code offset}, and resumes a paused stream that is below its read-ahead. */
    private void release(long offset) {
        while (!chunks.isEmpty() && held + chunks.peekFirst().length() <= offset) {
            held += chunks.pollFirst().length();
        }
        if (paused && received - held <= (long) windowSize * blockSize + READ_AHEAD) {
            paused = false;
            stream.resume();
        }
    }

    private void arm() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        timer = vertx.setTimer(timeoutMillis, id -> timedOut());
    }

    private void timedOut() {
        timer = -1;
        if (finished) {
            return;
        }
        if (++attempts > retries) {
            send(TftpPackets.error(TftpPackets.NOT_DEFINED, "Timed out"));
            finish(Outcome.TIMED_OUT);
            return;
        }
        retransmitted.run();
        if (awaitingOptionAck) {
            send(TftpPackets.oack(granted));
            arm();
        } else {
            sendWindow();
        }
    }

    private void send(Buffer packet) {
        socket.send(packet, peer.port(), peer.host());
    }

    /** Ends the transfer at most once: its timer cancelled, its stream let go, its socket closed, then {@code done}. */
    void finish(Outcome outcome) {
        if (finished) {
            return;
        }
        finished = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        chunks.clear();
        socket.close().onComplete(closed -> done.accept(outcome));
    }
}
