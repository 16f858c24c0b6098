package org.telprov.provisioning.setting;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import org.telprov.provisioning.profile.Setting;
import org.telprov.support.problem.ProblemException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a CSV file of device settings: a header {@code mac,<name>,<name>,…} (a column {@code <name>:secret} holds a
 * secret setting), then a row per device. Streaming, and checked before anything is written: a bad header or more
 * than {@link #MAX_ROWS} rows is a 400 for the whole file.
 */
final class SettingsCsv {

    static final int MAX_ROWS = 100_000;
    static final String SECRET_SUFFIX = ":secret";

    // Spaces around unquoted cells are trimmed (spreadsheet exports); a quoted cell keeps its spaces.
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY, CsvParser.Feature.TRIM_SPACES, CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    /** A column of the file: the setting it sets and whether that setting is secret. */
    record Column(String name, boolean secret) {
    }

    /**
     * The file: its setting columns in header order, and its rows (each the cells as written, the MAC first).
     */
    record File(List<Column> columns, List<String[]> rows) {
    }

    private SettingsCsv() {
    }

    static File read(InputStream body) {
        try (MappingIterator<String[]> lines = CSV.readerFor(String[].class).readValues(body)) {
            if (!lines.hasNextValue()) {
                throw badHeader("the file is empty; its first line is the header mac,<name>,<name>,…");
            }
            List<Column> columns = header(lines.nextValue());
            List<String[]> rows = new ArrayList<>();
            while (lines.hasNextValue()) {
                String[] row = lines.nextValue();
                if (rows.size() == MAX_ROWS) {
                    throw ProblemException.badRequest("too_many_rows", "an import holds at most " + MAX_ROWS
                            + " devices; split the file", "body");
                }
                rows.add(row);
            }
            return new File(columns, rows);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw ProblemException.badRequest("malformed_csv", "the file is not valid CSV: " + firstLine(e), "body");
        }
    }

    private static List<Column> header(String[] cells) {
        if (cells.length > 0 && cells[0].startsWith("\uFEFF")) {
            cells[0] = cells[0].substring(1); // the byte order mark spreadsheet programs write
        }
        if (cells.length < 2 || !"mac".equals(cells[0])) {
            throw badHeader("the header is mac,<name>,<name>,…: 'mac' first, then at least one setting");
        }
        if (cells.length - 1 > Setting.MAX_PER_LAYER) {
            throw badHeader("at most " + Setting.MAX_PER_LAYER + " settings per file");
        }
        List<Column> columns = new ArrayList<>(cells.length - 1);
        Set<String> names = new HashSet<>();
        for (int i = 1; i < cells.length; i++) {
            String cell = cells[i];
            boolean secret = cell.endsWith(SECRET_SUFFIX);
            String name = secret ? cell.substring(0, cell.length() - SECRET_SUFFIX.length()) : cell;
            if (!name.matches(Setting.NAME)) {
                throw badHeader("column " + (i + 1) + " '" + cell + "' is not a setting name (" + Setting.NAME_RULE
                        + "), optionally followed by " + SECRET_SUFFIX);
            }
            if (!names.add(name)) {
                throw badHeader("the setting " + name + " is named by two columns");
            }
            columns.add(new Column(name, secret));
        }
        return columns;
    }

    private static ProblemException badHeader(String detail) {
        return ProblemException.badRequest("invalid_csv_header", detail, "header");
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
