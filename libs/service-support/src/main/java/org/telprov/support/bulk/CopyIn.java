package org.telprov.support.bulk;

import org.postgresql.PGConnection;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Inserts a batch of rows with PostgreSQL's {@code COPY … FROM STDIN} (text format) through the JDBC driver's copy API.
 * For rows that only need inserting (no conflict handling, nothing returned) it is the cheapest way in: an import's
 * audit entries and outbox rows went in 20–50% faster than as one {@code insert … select from unnest(arrays)} per
 * chunk, mostly because long JSON values no longer travel as array literals that must be quoted and parsed again
 * (docs/performance.md, issue 19). The rows travel in blocks as they are written out, so PostgreSQL inserts one block
 * while the next is encoded (JSON values included) rather than after the whole batch.
 */
public final class CopyIn {

    private static final int BLOCK = 64 * 1024;

    /** One column: its name and each row's value (a string, number, boolean, UUID, instant or {@code null}). */
    public record Column<R>(String name, Function<R, Object> value) {
    }

    private CopyIn() {
    }

    /** Inserts the rows into the table in one COPY, inside the connection's transaction; returns the rows written. */
    public static <R> long into(Connection connection, String table, Collection<R> rows, List<Column<R>> columns)
            throws SQLException {
        String sql = "copy " + table + " (" + columns.stream().map(Column::name).collect(Collectors.joining(", "))
                + ") from stdin";
        org.postgresql.copy.CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            StringBuilder text = new StringBuilder(BLOCK + BLOCK / 4);
            for (R row : rows) {
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        text.append('\t');
                    }
                    appendValue(text, columns.get(i).value().apply(row));
                }
                text.append('\n');
                if (text.length() >= BLOCK) {
                    send(copy, text);
                }
            }
            send(copy, text);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void send(org.postgresql.copy.CopyIn copy, StringBuilder text) throws SQLException {
        byte[] block = text.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(block, 0, block.length);
        text.setLength(0);
    }

    /** A value in COPY's text format: {@code \N} for null; backslash, tab, newline and carriage return escaped. */
    static void appendValue(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
            return;
        }
        String plain;
        if (value instanceof Boolean b) {
            plain = b ? "t" : "f";
        } else if (value instanceof Instant instant) {
            plain = instant.atOffset(ZoneOffset.UTC).toString();
        } else {
            plain = value.toString();
        }
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }
}
