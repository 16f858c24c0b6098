package org.telprov.provisioning.setting;

import org.telprov.provisioning.profile.Setting;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One layer's settings as memory holds them: a single byte array per layer, so that a million devices with their own
 * SIP accounts cost their values and a few bytes more. The array holds the change time (epoch seconds), the owning
 * tenant's index and per setting its name's index, a secret flag and its value in UTF-8 (a secret's sealed text);
 * names and tenants are interned once for the process.
 */
public final class Layer {

    private static final Interned NAMES = new Interned();
    private static final Interned TENANTS = new Interned();

    private final byte[] data;

    private Layer(byte[] data) {
        this.data = data;
    }

    /** Process-wide index of strings that recur across layers (setting names, tenants). */
    private static final class Interned {
        private final Map<String, Integer> index = new ConcurrentHashMap<>();
        private volatile String[] values = new String[64];

        synchronized int indexOf(String value) {
            Integer known = index.get(value);
            if (known != null) {
                return known;
            }
            int next = index.size();
            if (next == values.length) {
                String[] grown = java.util.Arrays.copyOf(values, next * 2);
                grown[next] = value;
                values = grown;
            } else {
                values[next] = value;
            }
            index.put(value, next);
            return next;
        }

        String get(int i) {
            return values[i];
        }
    }

    /** A layer of {@code tenantId} changed at {@code changedAt} (epoch seconds) holding {@code settings}. */
    public static Layer of(String tenantId, long changedAt, List<Setting> settings) {
        Writer out = new Writer(16 + settings.size() * 24);
        out.varint(changedAt);
        out.varint(TENANTS.indexOf(tenantId));
        out.varint(settings.size());
        for (Setting setting : settings) {
            out.varint(NAMES.indexOf(setting.name()));
            out.flag(setting.secret());
            byte[] value = setting.value().getBytes(StandardCharsets.UTF_8);
            out.varint(value.length);
            out.append(value);
        }
        return new Layer(java.util.Arrays.copyOf(out.bytes, out.length));
    }

    /** When its values last changed, epoch seconds. */
    public long changedAt() {
        return new Reader(data).varint();
    }

    /** The tenant the layer belongs to. */
    public String tenantId() {
        Reader in = new Reader(data);
        in.varint();
        return TENANTS.get((int) in.varint());
    }

    /** Whether it holds no setting (an emptied layer). */
    public boolean isEmpty() {
        Reader in = new Reader(data);
        in.varint();
        in.varint();
        return in.varint() == 0;
    }

    /** The setting with the name, or {@code null}. */
    public Setting get(String name) {
        Reader in = settings();
        int count = (int) in.varint();
        for (int i = 0; i < count; i++) {
            String found = NAMES.get((int) in.varint());
            boolean secret = in.data[in.at++] == 1;
            int length = (int) in.varint();
            if (found.equals(name)) {
                return new Setting(found, new String(in.data, in.at, length, StandardCharsets.UTF_8), secret);
            }
            in.at += length;
        }
        return null;
    }

    /** Every setting, in the order written. */
    public List<Setting> all() {
        Reader in = settings();
        int count = (int) in.varint();
        List<Setting> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = NAMES.get((int) in.varint());
            boolean secret = in.data[in.at++] == 1;
            int length = (int) in.varint();
            all.add(new Setting(name, new String(in.data, in.at, length, StandardCharsets.UTF_8), secret));
            in.at += length;
        }
        return all;
    }

    private Reader settings() {
        Reader in = new Reader(data);
        in.varint();
        in.varint();
        return in;
    }

    private static final class Writer {
        byte[] bytes;
        int length;

        Writer(int capacity) {
            bytes = new byte[capacity];
        }

        void varint(long value) {
            ensure(10);
            long v = value;
            while ((v & ~0x7FL) != 0) {
                bytes[length++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[length++] = (byte) v;
        }

        void flag(boolean set) {
            ensure(1);
            bytes[length++] = (byte) (set ? 1 : 0);
        }

        void append(byte[] value) {
            ensure(value.length);
            System.arraycopy(value, 0, bytes, length, value.length);
            length += value.length;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    private static final class Reader {
        final byte[] data;
        int at;

        Reader(byte[] data) {
            this.data = data;
        }

        long varint() {
            long value = 0;
            int shift = 0;
            byte b;
            do {
                b = data[at++];
                value |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return value;
        }
    }
}
