package org.telprov.provisioning.tftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TFTP reading client written for the tests, for what Commons Net's client cannot do: options (blksize, tsize,
 * windowsize, timeout), a client that drops DATA packets as a lossy network would, and one that sends every ACK
 * twice. Follows RFC 7440's receiver: it acknowledges the last block of a window, or the last block it has in order as
 * soon as one arrives out of order.
 */
final class RawTftpClient {

    /** What a read brought: the file, the options the server acknowledged, and every DATA packet's block number. */
    record Read(byte[] bytes, Map<String, String> acknowledged, int dataPackets, int errorCode, String errorMessage) {
    }

    private final int port;
    private int dropEvery;
    private boolean ackTwice;
    private int soTimeoutMillis = 5_000;

    RawTftpClient(int port) {
        this.port = port;
    }

    /** Drops every n-th DATA packet it receives, as if the network lost it. */
    RawTftpClient droppingEvery(int n) {
        this.dropEvery = n;
        return this;
    }

    /** Sends every acknowledgement twice, as a network that duplicates packets would. */
    RawTftpClient acknowledgingTwice() {
        this.ackTwice = true;
        return this;
    }

    Read read(String fileName, Map<String, String> options) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(soTimeoutMillis);
            InetAddress server = InetAddress.getLoopbackAddress();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(0);
            request.write(TftpPackets.RRQ);
            field(request, fileName);
            field(request, "octet");
            options.forEach((name, value) -> {
                field(request, name);
                field(request, value);
            });
            send(socket, request.toByteArray(), server, port);

            int blockSize = 512;
            int window = 1;
            Map<String, String> acknowledged = new LinkedHashMap<>();
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            int expected = 1;
            int inWindow = 0;
            int received = 0;
            int dataPackets = 0;
            int transferPort = -1;
            byte[] buffer = new byte[65536 + 4];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    throw new IOException("no answer within " + soTimeoutMillis + " ms", e);
                }
                if (transferPort < 0) {
                    transferPort = packet.getPort();
                }
                ByteBuffer in = ByteBuffer.wrap(packet.getData(), 0, packet.getLength());
                int opcode = in.getShort() & 0xffff;
                if (opcode == TftpPackets.ERROR) {
                    int code = in.getShort() & 0xffff;
                    String message = new String(packet.getData(), 4, packet.getLength() - 5, StandardCharsets.US_ASCII);
                    return new Read(null, acknowledged, dataPackets, code, message);
                }
                if (opcode == TftpPackets.OACK) {
                    String[] fields = new String(packet.getData(), 2, packet.getLength() - 2,
                            StandardCharsets.US_ASCII).split("\0");
                    for (int i = 0; i + 1 < fields.length; i += 2) {
                        acknowledged.put(fields[i], fields[i + 1]);
                    }
                    blockSize = Integer.parseInt(acknowledged.getOrDefault("blksize", "512"));
                    window = Integer.parseInt(acknowledged.getOrDefault("windowsize", "1"));
                    ack(socket, 0, server, transferPort);
                    continue;
                }
                int block = in.getShort() & 0xffff;
                dataPackets++;
                received++;
                if (dropEvery > 0 && received % dropEvery == 0) {
                    continue;
                }
                int length = packet.getLength() - 4;
                if (block == (expected & 0xffff)) {
                    file.write(packet.getData(), 4, length);
                    inWindow++;
                    boolean last = length < blockSize;
                    if (last || inWindow == window) {
                        ack(socket, block, server, transferPort);
                        inWindow = 0;
                    }
                    if (last) {
                        return new Read(file.toByteArray(), acknowledged, dataPackets, -1, null);
                    }
                    expected++;
                } else {
                    // a gap (or a block again): the last block in order, so the server sends on from there
                    ack(socket, expected - 1, server, transferPort);
                    inWindow = 0;
                }
            }
        }
    }

    /** Sends a write request and answers the server's reply. */
    Read write(String fileName) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(soTimeoutMillis);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(0);
            request.write(TftpPackets.WRQ);
            field(request, fileName);
            field(request, "octet");
            send(socket, request.toByteArray(), InetAddress.getLoopbackAddress(), port);
            byte[] buffer = new byte[1024];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            ByteBuffer in = ByteBuffer.wrap(buffer, 0, packet.getLength());
            int opcode = in.getShort() & 0xffff;
            int code = opcode == TftpPackets.ERROR ? in.getShort() & 0xffff : -1;
            return new Read(null, Map.of(), 0, code, null);
        }
    }

    private void ack(DatagramSocket socket, int block, InetAddress server, int transferPort) throws IOException {
        byte[] ack = {0, TftpPackets.ACK, (byte) (block >> 8), (byte) block};
        send(socket, ack, server, transferPort);
        if (ackTwice) {
            send(socket, ack, server, transferPort);
        }
    }

    private static void send(DatagramSocket socket, byte[] bytes, InetAddress server, int port) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, server, port));
    }

    private static void field(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
    }
}
