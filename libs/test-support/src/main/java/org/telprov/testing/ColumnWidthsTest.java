package org.telprov.testing;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.RecordComponent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Holds what requests may send to what the service's columns can store, so a value that passes validation can never
 * fail its insert with a 500 (or roll back a whole bulk import): every limit a service declares for a column must fit
 * the column's width in the migrated schema, and every text column must be declared, as filled from requests or as
 * filled only by the service itself. A service's test extends it with its {@code @QuarkusTest} and test resources.
 */
public abstract class ColumnWidthsTest {

    @Inject
    DataSource dataSource;

    /** "table.column" → the longest value (in characters) a request, event or device can put there. */
    protected abstract Map<String, Integer> requestLimits();

    /**
     * "table.column" of the text columns no request fills directly: keys, ids and stamps the service makes, token
     * subjects, serialised content in {@code text} columns, the outbox and processed-event tables.
     */
    protected abstract Set<String> notFromRequests();

    @Test
    void everyRequestLimitFitsItsColumn() throws SQLException {
        Map<String, Integer> widths = widths();
        List<String> problems = new ArrayList<>();
        requestLimits().forEach((column, limit) -> {
            Integer width = widths.get(column);
            if (!widths.containsKey(column)) {
                problems.add(column + " is not a text column of the schema");
            } else if (width != null && limit > width) {
                problems.add(column + " is " + width + " wide, but requests may send "
                        + (limit == Integer.MAX_VALUE ? "any length" : limit + " characters"));
            }
        });
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    @Test
    void everyTextColumnIsDeclared() throws SQLException {
        Set<String> undeclared = new TreeSet<>(widths().keySet());
        undeclared.removeAll(requestLimits().keySet());
        undeclared.removeAll(notFromRequests());
        if (!undeclared.isEmpty()) {
            fail("text columns neither in requestLimits() nor in notFromRequests(): " + undeclared);
        }
    }

    /**
     * "table.column" → width of every text column of the current schema, of each element for an array ({@code null}
     * for unbounded text).
     */
    private Map<String, Integer> widths() throws SQLException {
        Map<String, Integer> widths = new TreeMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             // an array's element width (varchar(255)[]) is in pg_attribute's type modifier (width + 4) only
             ResultSet columns = statement.executeQuery("select table_name, column_name, case when data_type = 'ARRAY' "
                     + "then (select nullif(a.atttypmod, -1) - 4 from pg_attribute a where a.attname = column_name "
                     + "and a.attrelid = (quote_ident(table_schema) || '.' || quote_ident(table_name))::regclass) "
                     + "else character_maximum_length end "
                     + "from information_schema.columns where table_schema = current_schema() "
                     + "and data_type in ('character varying', 'character', 'text', 'ARRAY') "
                     + "and table_name <> 'flyway_schema_history'")) {
            while (columns.next()) {
                int width = columns.getInt(3);
                widths.put(columns.getString(1) + "." + columns.getString(2), columns.wasNull() ? null : width);
            }
        }
        return widths;
    }

    /**
     * The longest value a record component accepts: the smallest of its {@code @Size(max)} and the longest match of
     * each {@code @Pattern}, directly or through a composed constraint; {@link Integer#MAX_VALUE} when unbounded.
     */
    public static int limit(Class<? extends Record> type, String component) {
        for (RecordComponent recordComponent : type.getRecordComponents()) {
            if (recordComponent.getName().equals(component)) {
                return Math.min(limitOf(recordComponent.getAccessor()), limitOf(recordComponent));
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no component " + component);
    }

    private static int limitOf(AnnotatedElement element) {
        int limit = Integer.MAX_VALUE;
        for (Annotation annotation : element.getAnnotations()) {
            limit = Math.min(limit, limitOf(annotation, 2));
        }
        return limit;
    }

    private static int limitOf(Annotation annotation, int depth) {
        if (annotation instanceof Size size) {
            return size.max();
        }
        if (annotation instanceof Pattern pattern) {
            return patternLimit(pattern.regexp());
        }
        int limit = Integer.MAX_VALUE;
        if (depth > 0) {
            for (Annotation meta : annotation.annotationType().getAnnotations()) {
                limit = Math.min(limit, limitOf(meta, depth - 1));
            }
        }
        return limit;
    }

    /**
     * The length of the longest string a regular expression matches, for the shapes the platform's rules use (classes,
     * literals, groups, alternation, quantifiers); {@link Integer#MAX_VALUE} when unbounded.
     */
    public static int patternLimit(String regex) {
        int[] position = {0};
        int limit = alternation(regex, position);
        if (position[0] != regex.length()) {
            throw new IllegalArgumentException("unbalanced ')' in " + regex);
        }
        return limit;
    }

    private static int alternation(String regex, int[] position) {
        int longest = sequence(regex, position);
        while (position[0] < regex.length() && regex.charAt(position[0]) == '|') {
            position[0]++;
            longest = Math.max(longest, sequence(regex, position));
        }
        return longest;
    }

    private static int sequence(String regex, int[] position) {
        long length = 0;
        while (position[0] < regex.length() && regex.charAt(position[0]) != '|' && regex.charAt(position[0]) != ')') {
            int atom = atom(regex, position);
            long times = quantifier(regex, position);
            length = atom == Integer.MAX_VALUE || times == Integer.MAX_VALUE ? Integer.MAX_VALUE
                    : Math.min(Integer.MAX_VALUE, length + (long) atom * times);
        }
        return (int) length;
    }

    private static int atom(String regex, int[] position) {
        char c = regex.charAt(position[0]++);
        switch (c) {
            case '(' -> {
                if (regex.startsWith("?:", position[0])) {
                    position[0] += 2;
                }
                int inner = alternation(regex, position);
                position[0]++; // ')'
                return inner;
            }
            case '[' -> {
                while (regex.charAt(position[0]) != ']' || regex.charAt(position[0] - 1) == '[') {
                    if (regex.charAt(position[0]) == '\\') {
                        position[0]++;
                    }
                    position[0]++;
                }
                position[0]++; // ']'
                return 1;
            }
            case '\\' -> {
                position[0]++;
                return 1;
            }
            case '^', '$' -> {
                return 0;
            }
            default -> {
                return 1;
            }
        }
    }

    private static long quantifier(String regex, int[] position) {
        if (position[0] >= regex.length()) {
            return 1;
        }
        char c = regex.charAt(position[0]);
        if (c == '?') {
            position[0]++;
            return 1;
        }
        if (c == '*' || c == '+') {
            position[0]++;
            return Integer.MAX_VALUE;
        }
        if (c == '{') {
            int end = regex.indexOf('}', position[0]);
            String[] bounds = regex.substring(position[0] + 1, end).split(",", -1);
            position[0] = end + 1;
            String max = bounds[bounds.length - 1].trim();
            return max.isEmpty() ? Integer.MAX_VALUE : Long.parseLong(max);
        }
        return 1;
    }
}
