package org.telprov.phonesim.report;

import java.util.Map;

/** Just enough JSON writing for the reports: objects, arrays, strings, numbers, booleans, null. */
public final class Json {

    private final StringBuilder out = new StringBuilder(256);
    private boolean first = true;

    public Json beginObject() {
        separate();
        out.append('{');
        first = true;
        return this;
    }

    public Json endObject() {
        out.append('}');
        first = false;
        return this;
    }

    public Json beginArray() {
        separate();
        out.append('[');
        first = true;
        return this;
    }

    public Json endArray() {
        out.append(']');
        first = false;
        return this;
    }

    /** A member name; the value follows. */
    public Json name(String name) {
        separate();
        string(name);
        out.append(':');
        first = true;
        return this;
    }

    public Json value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    public Json value(long value) {
        separate();
        out.append(value);
        return this;
    }

    public Json value(double value) {
        separate();
        out.append(Double.isFinite(value) ? Double.toString(value) : "null");
        return this;
    }

    public Json value(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    public Json member(String name, String value) {
        return name(name).value(value);
    }

    public Json member(String name, long value) {
        return name(name).value(value);
    }

    public Json member(String name, double value) {
        return name(name).value(value);
    }

    public Json member(String name, boolean value) {
        return name(name).value(value);
    }

    public Json member(String name, Map<String, ?> values) {
        name(name).beginObject();
        values.forEach((key, value) -> {
            name(key);
            if (value instanceof Number number) {
                value(number.longValue());
            } else {
                value(value == null ? null : value.toString());
            }
        });
        return endObject();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (!first) {
            out.append(',');
        }
        first = false;
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
