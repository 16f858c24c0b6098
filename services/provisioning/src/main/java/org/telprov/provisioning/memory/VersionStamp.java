package org.telprov.provisioning.memory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A table's rows counted and their versions summed up, so a poll that finds nothing changed reads one row: a row
 * written with a higher version raises the maximum or the sum, a new row the count, a deleted one lowers the count.
 */
public record VersionStamp(long count, long max, long sum) {

    /** No table has this stamp: the first poll always reads the rows. */
    public static final VersionStamp NONE = new VersionStamp(-1, -1, -1);

    /**
     * @param table   a table name (a constant of the caller, never input)
     * @param version its version column
     */
    public static VersionStamp of(Connection connection, String table, String version) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select count(*), coalesce(max(%2$s), 0), "
                .formatted(table, version) + "coalesce(sum(%2$s), 0) from %1$s".formatted(table, version));
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return new VersionStamp(rows.getLong(1), rows.getLong(2), rows.getLong(3));
        }
    }
}
