package org.telprov.support.inbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes a batch of rows in one statement, a PostgreSQL array per column: {@code insert … select * from
 * unnest(?::bigint[], ?::varchar[], …) on conflict … returning <key>}. The projections use it to apply a polled batch of
 * events with one round trip instead of one statement per row.
 */
public final class ArrayUpsert {

    /** One column: the element type of its array ({@code varchar}, {@code bigint}, …) and each row's value. */
    public record Column<R>(String elementType, Function<R, Object> value) {
    }

    private ArrayUpsert() {
    }

    /**
     * Binds the columns' arrays to the statement's parameters in order and runs it.
     *
     * @param keyType the type of the one column the statement returns
     * @return the keys the statement returned (the rows it wrote)
     */
    public static <R, K> Set<K> execute(Connection connection, String sql, Collection<R> rows, List<Column<R>> columns,
                                        Class<K> keyType) throws SQLException {
        return execute(connection, sql, rows, columns, List.of(), keyType);
    }

    /**
     * Binds the columns' arrays to the statement's first parameters in order, then the values shared by every row
     * (a tenant, a time) to the parameters after them, and runs it.
     *
     * @param shared the values of the parameters after the arrays, in order
     * @return the keys the statement returned (the rows it wrote)
     */
    public static <R, K> Set<K> execute(Connection connection, String sql, Collection<R> rows, List<Column<R>> columns,
                                        List<Object> shared, Class<K> keyType) throws SQLException {
        List<Array> arrays = new ArrayList<>(columns.size());
        try {
            for (Column<R> column : columns) {
                arrays.add(connection.createArrayOf(column.elementType(), rows.stream().map(column.value()).toArray()));
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < arrays.size(); i++) {
                    statement.setArray(i + 1, arrays.get(i));
                }
                for (int i = 0; i < shared.size(); i++) {
                    statement.setObject(arrays.size() + i + 1, shared.get(i));
                }
                Set<K> keys = new HashSet<>();
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        keys.add(result.getObject(1, keyType));
                    }
                }
                return keys;
            }
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
    }
}
