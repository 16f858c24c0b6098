package org.telprov.provisioning.tftp;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.SocketAddress;

import java.util.Map;
import java.util.function.Consumer;

/**
 * One read transfer, on a socket of its own (its TID, RFC 1350) and on that socket's event loop, so its state needs no
 * locks. Sends a window of blocks (RFC 7440; one block without the option) and the next window once the client
 * acknowledges a block of it: an acknowledgement of a block inside the window sends the window again from the block
 * after it. Only a timeout sends anything again, never a repeated acknowledgement, so a duplicated ACK (the Sorcerer's
 * Apprentice problem, RFC 1123 4.2.3.1) can neither double nor corrupt the stream. Gives up after the retries, which
 * frees everything of a client that vanished.
 */
final class TftpTransfer {

    /** How a transfer ended; the {@code outcome} tag of {@code telprov_provisioning_tftp_transfers_total}. */
    enum Outcome {
        COMPLETED, TIMED_OUT, ABORTED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Vertx vertx;
    private final DatagramSocket socket;
    private final SocketAddress peer;
    private final byte[] bytes;
    private final int blockSize;
    private final int windowSize;
    private final long timeoutMillis;
    private final int retries;
    private final Map<String, String> granted;
    private final Runnable retransmitted;
    private final Consumer<Outcome> done;
    /** The last block, absolute (block numbers on the wire roll over at 65536); short, possibly empty. */
    private final long lastBlock;
    /** The highest block acknowledged, absolute. */
    private long acked;
    /** The highest block sent, absolute. */
    private long sent;
    private boolean awaitingOptionAck;
    private int attempts;
    private long timer = -1;
    private boolean finished;

    /**
     * @param granted the options of the OACK, empty when none is sent and the first block goes out at once
     * @param done    called once, on the transfer's event loop, after its socket was closed
     */
    TftpTransfer(Vertx vertx, DatagramSocket socket, SocketAddress peer, byte[] bytes, int blockSize, int windowSize,
                 long timeoutMillis, int retries, Map<String, String> granted, Runnable retransmitted,
                 Consumer<Outcome> done) {
        this.vertx = vertx;
        this.socket = socket;
        this.peer = peer;
        this.bytes = bytes;
        this.blockSize = blockSize;
        this.windowSize = windowSize;
        this.timeoutMillis = timeoutMillis;
        this.retries = retries;
        this.granted = granted;
        this.retransmitted = retransmitted;
        this.done = done;
        this.lastBlock = bytes.length / blockSize + 1;
    }

    void start() {
        socket.handler(this::packet);
        if (granted.isEmpty()) {
            sendWindow();
        } else {
            awaitingOptionAck = true;
            send(TftpPackets.oack(granted));
            arm();
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
        if (acked == lastBlock) {
            finish(Outcome.COMPLETED);
        } else {
            sendWindow();
        }
    }

    /** The blocks after the last acknowledged one, as many as the window holds. */
    private void sendWindow() {
        sent = Math.min(acked + windowSize, lastBlock);
        for (long block = acked + 1; block <= sent; block++) {
            long offset = (block - 1) * blockSize;
            int length = (int) Math.min(blockSize, bytes.length - offset);
            send(TftpPackets.data((int) block, bytes, (int) offset, length));
        }
        arm();
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

    /** Ends the transfer at most once: its timer cancelled, its socket closed, then {@code done}. */
    void finish(Outcome outcome) {
        if (finished) {
            return;
        }
        finished = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        socket.close().onComplete(closed -> done.accept(outcome));
    }
}
