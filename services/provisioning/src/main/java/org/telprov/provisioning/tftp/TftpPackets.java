package org.telprov.provisioning.tftp;

import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The TFTP packets (RFC 1350, with RFC 2347's options) as bytes, both ways. */
final class TftpPackets {

    static final int RRQ = 1;
    static final int WRQ = 2;
    static final int DATA = 3;
    static final int ACK = 4;
    static final int ERROR = 5;
    static final int OACK = 6;

    static final int NOT_DEFINED = 0;
    static final int FILE_NOT_FOUND = 1;
    static final int ACCESS_VIOLATION = 2;
    static final int ILLEGAL_OPERATION = 4;
    static final int UNKNOWN_TRANSFER_ID = 5;

    /** RFC 1350 sets no limit; no file name of ours comes near it, and a longer one is not a request of a device. */
    static final int MAX_FILE_NAME = 255;

    private TftpPackets() {
    }

    /**
     * A read or write request: the file name, the mode in lower case, and the options by lower-case name in the order
     * given (the first of repeated ones), with their names as the client spelled them.
     */
    record Request(int opcode, String fileName, String mode, Map<String, Option> options) {
    }

    record Option(String name, String value) {
    }

    static int opcode(Buffer packet) {
        return packet.length() < 2 ? -1 : packet.getUnsignedShort(0);
    }

    /** The block an ACK acknowledges, or -1 when the packet is too short to be one. */
    static int block(Buffer packet) {
        return packet.length() < 4 ? -1 : packet.getUnsignedShort(2);
    }

    /** A request, or null when the packet is not a well-formed one (fields NUL-terminated, names printable ASCII). */
    static Request request(Buffer packet) {
        int opcode = opcode(packet);
        if (opcode != RRQ && opcode != WRQ) {
            return null;
        }
        byte[] bytes = packet.getBytes();
        java.util.List<String> fields = new java.util.ArrayList<>();
        int start = 2;
        for (int i = 2; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                fields.add(new String(bytes, start, i - start, StandardCharsets.US_ASCII));
                start = i + 1;
            } else if (bytes[i] < 0x20 || bytes[i] > 0x7e) {
                return null;
            }
        }
        // an unterminated trailing field, or an option without its value
        if (start != bytes.length || fields.size() < 2 || fields.size() % 2 != 0) {
            return null;
        }
        String fileName = fields.get(0);
        if (fileName.isEmpty() || fileName.length() > MAX_FILE_NAME) {
            return null;
        }
        Map<String, Option> options = new LinkedHashMap<>();
        for (int i = 2; i < fields.size(); i += 2) {
            options.putIfAbsent(fields.get(i).toLowerCase(Locale.ROOT), new Option(fields.get(i), fields.get(i + 1)));
        }
        return new Request(opcode, fileName, fields.get(1).toLowerCase(Locale.ROOT), options);
    }

    static Buffer data(int block, byte[] bytes, int offset, int length) {
        return Buffer.buffer(4 + length).appendUnsignedShort(DATA).appendUnsignedShort(block & 0xffff)
                .appendBytes(bytes, offset, length);
    }

    static Buffer ack(int block) {
        return Buffer.buffer(4).appendUnsignedShort(ACK).appendUnsignedShort(block & 0xffff);
    }

    static Buffer error(int code, String message) {
        return Buffer.buffer().appendUnsignedShort(ERROR).appendUnsignedShort(code)
                .appendString(message, StandardCharsets.US_ASCII.name()).appendByte((byte) 0);
    }

    static Buffer oack(Map<String, String> options) {
        Buffer buffer = Buffer.buffer().appendUnsignedShort(OACK);
        options.forEach((name, value) -> buffer.appendString(name, StandardCharsets.US_ASCII.name())
                .appendByte((byte) 0).appendString(value, StandardCharsets.US_ASCII.name()).appendByte((byte) 0));
        return buffer;
    }

    /** The bytes as netascii sends them: every line end CR LF, a bare CR as CR NUL (RFC 764). */
    static byte[] netascii(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + bytes.length / 16 + 16);
        for (byte b : bytes) {
            if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else if (b == '\r') {
                out.write('\r');
                out.write(0);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
