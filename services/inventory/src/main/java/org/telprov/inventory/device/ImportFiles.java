package org.telprov.inventory.device;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.telprov.support.problem.ProblemException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads bulk-import files into rows, streaming: CSV with a header naming the columns ({@code mac,vendor,model} and
 * optionally {@code serial,profile,labels}, labels separated by {@code ;}), or a JSON array of device objects. A row
 * that cannot be read becomes an unreadable row; a file that is not CSV or JSON at all is a 400.
 */
final class ImportFiles {

    static final int MAX_ROWS = 100_000;

    private static final Set<String> REQUIRED = Set.of("mac", "vendor", "model");
    private static final Set<String> COLUMNS = Set.of("mac", "vendor", "model", "serial", "profile", "labels");
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.TRIM_SPACES).build();

    private ImportFiles() {
    }

    static List<ImportRow> csv(InputStream body) {
        try (MappingIterator<Map<String, String>> lines = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(body)) {
            checkHeader(((CsvSchema) lines.getParserSchema()).getColumnNames());
            List<ImportRow> rows = new ArrayList<>();
            while (lines.hasNextValue()) {
                Map<String, String> line = lines.nextValue();
                limit(rows.size() + 1);
                rows.add(ImportRow.of(rows.size() + 1, new DeviceRequest(line.get("mac"), blankToNull(line.get("vendor")),
                        blankToNull(line.get("model")), blankToNull(line.get("serial")), blankToNull(line.get("profile")),
                        labels(line.get("labels")))));
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw ProblemException.badRequest("malformed_csv", "the file is not valid CSV: " + firstLine(e), "body");
        }
    }

    static List<ImportRow> json(InputStream body, ObjectMapper mapper) {
        try (JsonParser parser = mapper.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw ProblemException.badRequest("malformed_body", "expected a JSON array of devices", "body");
            }
            List<ImportRow> rows = new ArrayList<>();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                int row = rows.size() + 1;
                limit(row);
                JsonNode node = mapper.readTree(parser);
                try {
                    rows.add(ImportRow.of(row, mapper.treeToValue(node, DeviceRequest.class)));
                } catch (UnrecognizedPropertyException e) {
                    rows.add(ImportRow.unreadable(row, "unknown field '" + e.getPropertyName() + "'"));
                } catch (IOException e) {
                    rows.add(ImportRow.unreadable(row, "not a device: " + firstLine(e)));
                }
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw ProblemException.badRequest("malformed_body", "every element must be a device object", "body");
            }
            return rows;
        } catch (IOException e) {
            throw ProblemException.badRequest("malformed_body", "the body is not valid JSON: " + firstLine(e), "body");
        }
    }

    private static void checkHeader(List<String> columns) {
        List<String> unknown = columns.stream().filter(c -> !COLUMNS.contains(c)).toList();
        if (!unknown.isEmpty() || !columns.containsAll(REQUIRED)) {
            throw ProblemException.badRequest("invalid_csv_header", "the header must name mac, vendor and model, "
                    + "and may name serial, profile and labels; unknown: " + unknown, "header");
        }
    }

    private static void limit(int rows) {
        if (rows > MAX_ROWS) {
            throw new ProblemException(413, "too_many_rows", "Too many rows",
                    "an import holds at most " + MAX_ROWS + " devices; split the file");
        }
    }

    private static List<String> labels(String text) {
        return text == null || text.isBlank() ? null
                : Arrays.stream(text.split(";")).map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
